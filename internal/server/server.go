package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"anterkoper/circulation"
	"anterkoper/device/camera"
	"anterkoper/internal/auth"
	"anterkoper/internal/office"
	"anterkoper/internal/planner"
	"anterkoper/internal/store"
)

// Options configure a Server.
type Options struct {
	// BasketPrefix marks basket labels, e.g. "KRJ-".
	BasketPrefix string
	// UI serves the kiosk pages; it is mounted at "/".
	UI http.Handler
	// Demo serves the printable page of demo barcodes at /demo/barcodes.
	Demo bool
	// FrameDecoder reads codes in the camera frames operator pages send
	// over their WebSocket; nil refuses frames.
	FrameDecoder camera.Decoder
	// LAN, when set, turns on LAN mode (logins, CSRF, viewer tokens).
	LAN *LAN
	// Auth checks the accounts that role actions (approval, schedules)
	// need. Without LAN mode, a request with no login acts as the local
	// operator; nil (and no LAN) refuses every role action but operator's.
	Auth *auth.Service
	// OnActiveChange is called after the active visit changes (ids, 0 for
	// none); serve uses it to back up the visit that ended.
	OnActiveChange func(old, new int64)
	// DataDir is the data folder: documentation photos and copies of
	// hand-off files are kept in it. Empty refuses photo uploads.
	DataDir string
	// Version is the binary's version, written into hand-off files.
	Version string
	// MemberFields is the personal data kept of a member (DefaultMemberFields
	// when empty); CardInstitution the 4-digit institution code of new
	// member cards (default 3300); MemberLimits the loan limit per member
	// type (the engine's, for display).
	MemberFields    []string
	CardInstitution string
	MemberLimits    map[string]int
	// RingSize is how many recent events per visit are kept in memory for
	// clients catching up (default 1024).
	RingSize int
	Logger   *slog.Logger
}

// Server is the kiosk's HTTP and WebSocket server.
type Server struct {
	db   *store.DB
	eng  *circulation.Engine
	hub  *hub
	opts Options
	log  *slog.Logger
	mux  *http.ServeMux

	handler http.Handler // mux behind the security headers and, in LAN mode, the guard

	ctx    context.Context // cancelled when Serve returns: ends WebSocket clients
	cancel context.CancelFunc
	conns  sync.WaitGroup

	active  activeVisit
	devices deviceList
	health  storageHealth
	rfid    *rfidState

	tokenConns tokenConns // WebSocket clients by the viewer link that opened them

	packed chan int64 // visits whose packing changed (see watchPacking)

	keyMu sync.Mutex
	key   []byte // receipt codes' key, read once
}

// New replays the log from db and returns a server ready to Serve.
func New(ctx context.Context, db *store.DB, opts Options) (*Server, error) {
	if opts.RingSize <= 0 {
		opts.RingSize = 1024
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	s := &Server{db: db, opts: opts, log: opts.Logger, mux: http.NewServeMux(), rfid: newRFIDState(),
		packed: make(chan int64, 64)}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	last, err := db.MaxSeq(ctx)
	if err != nil {
		return nil, err
	}
	s.hub = newHub(last, opts.RingSize)
	s.eng, err = circulation.NewEngine(ctx, db, circulation.Options{
		BasketPrefix: opts.BasketPrefix,
		OnEvent:      s.onEvent,
		MemberLimits: opts.MemberLimits,
	})
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	if err := s.loadActive(ctx); err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	if err := planner.SeedHolidays(ctx, db); err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	sealed, err := db.SealedVisits(ctx)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	s.eng.SetSealed(sealed)
	s.routes()
	s.handler = s.mux
	if opts.LAN != nil {
		if opts.LAN.Auth == nil {
			return nil, errors.New("server: LAN mode needs an auth service")
		}
		if s.opts.Auth == nil {
			s.opts.Auth = opts.LAN.Auth
		}
		s.handler = s.guard(s.handler)
	} else if s.opts.Auth != nil {
		s.handler = s.identify(s.handler)
	}
	s.handler = auth.SecurityHeaders(s.handler)
	return s, nil
}

// Engine is the server's circulation engine (device scans go through it).
func (s *Server) Engine() *circulation.Engine { return s.eng }

// onEvent runs under the engine's lock, in seq order, after each commit.
func (s *Server) onEvent(r circulation.Result) {
	s.noteWrite(nil)
	if r.Event.Mode == circulation.ModePack && r.Event.VisitID != 0 && r.Event.Type != circulation.EventMode {
		select {
		case s.packed <- r.Event.VisitID:
		default: // a check is already due
		}
	}
	if r.Event.VisitID == 0 {
		// A device scan with no active visit: every operator is warned. It
		// belongs to no visit, so it carries no seq a client could take for
		// its own.
		m := newEventMsg(r)
		s.hub.broadcast(mustJSON(noVisitMsg{Type: "no_visit", Time: m.Time, Code: m.Code, Item: m.Item, Source: m.Source}))
		return
	}
	s.hub.publish(r.Event.VisitID, r.Event.Seq, mustJSON(newEventMsg(r)))
}

// ServeHTTP makes the server an http.Handler (tests use it directly).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Serve answers requests on ln until ctx is cancelled, then shuts down
// gracefully: requests in flight get up to five seconds to finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return s.ctx },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	s.conns.Add(2)
	go func() {
		defer s.conns.Done()
		s.watchField(s.ctx)
	}()
	go func() {
		defer s.conns.Done()
		s.watchPacking(s.ctx)
	}()
	select {
	case err := <-errc:
		s.cancel()
		s.conns.Wait()
		return err
	case <-ctx.Done():
	}
	sctx, done := context.WithTimeout(context.Background(), 5*time.Second)
	defer done()
	err := hs.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		// Requests had their five seconds. What is left are connections a
		// browser opened ahead of time and never used (Shutdown waits for
		// those); close them.
		s.log.Warn("Shutdown: closing connections still open after 5s")
		err = hs.Close()
	}
	s.cancel() // WebSocket connections are hijacked: end them ourselves
	s.conns.Wait()
	if err2 := <-errc; !errors.Is(err2, http.ErrServerClosed) && err == nil {
		err = err2
	}
	return err
}

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	m.HandleFunc("GET /api/items/{code}", s.getItem)
	m.HandleFunc("GET /api/locations", s.listLocations)
	m.HandleFunc("POST /api/locations", s.createLocation)
	m.HandleFunc("GET /api/locations/{id}", s.getLocation)
	m.HandleFunc("PUT /api/locations/{id}", s.putLocation)
	m.HandleFunc("POST /api/locations/{id}/request", s.locationStep(circulation.ActRequest))
	m.HandleFunc("POST /api/locations/{id}/approve", s.locationStep(circulation.ActApprove))
	m.HandleFunc("POST /api/locations/{id}/reject", s.locationStep(circulation.ActReject))
	m.HandleFunc("POST /api/locations/{id}/survey", s.locationStep(circulation.ActSurvey))
	m.HandleFunc("POST /api/files", s.postFile)
	m.HandleFunc("GET /api/files/{id}", s.getFile)
	m.HandleFunc("GET /api/audit", s.getAudit)
	m.HandleFunc("POST /api/schedule/generate", s.generateSchedule)
	m.HandleFunc("GET /api/schedule/fleet", s.getFleet)
	m.HandleFunc("GET /api/schedule/{month}/export", s.exportSchedule)
	m.HandleFunc("PUT /api/visits/{id}/schedule", s.moveVisit)
	m.HandleFunc("GET /api/holidays", s.listHolidays)
	m.HandleFunc("PUT /api/holidays/{date}", s.putHoliday)
	m.HandleFunc("DELETE /api/holidays/{date}", s.deleteHoliday)
	m.HandleFunc("POST /api/visits/{id}/dropping-list", s.makeDroppingList)
	m.HandleFunc("GET /api/visits/{id}/preparation", s.getPreparation)
	m.HandleFunc("PUT /api/visits/{id}/checklist/{key}", s.putChecklist)
	m.HandleFunc("POST /api/visits/{id}/steps", s.postStep)
	m.HandleFunc("GET /api/visits/{id}/summary", s.getSummary)
	m.HandleFunc("GET /api/visits/{id}/signoff", s.getSignoff)
	m.HandleFunc("POST /api/visits/{id}/signoff", s.postSignoff)
	m.HandleFunc("POST /api/visits/{id}/reopen", s.postReopen)
	m.HandleFunc("GET /api/visits/{id}/receipt.pdf", s.getReceipt)
	m.HandleFunc("GET /api/receipts/{code}", s.getReceiptCode)
	m.HandleFunc("POST /api/receipts/{code}/open", s.openReceipt)
	m.HandleFunc("POST /api/visits/{id}/photos", s.postPhoto)
	m.HandleFunc("GET /api/visits/{id}/photos", s.listPhotos)
	m.HandleFunc("GET /api/photos/{id}", s.getPhoto)
	m.HandleFunc("GET /api/exports/reconciliation", s.exportReconciliation)
	m.HandleFunc("GET /api/exports/report", s.exportReport)
	m.HandleFunc("POST /api/exports/koc", s.exportILS(office.TargetKoha))
	m.HandleFunc("POST /api/exports/slims", s.exportILS(office.TargetSLiMS))
	m.HandleFunc("POST /api/members", s.postMember)
	m.HandleFunc("GET /api/members", s.listMembers)
	m.HandleFunc("GET /api/members/fields", s.getMemberFields)
	m.HandleFunc("GET /api/members/{id}", s.getMember)
	m.HandleFunc("DELETE /api/members/{id}", s.deleteMember)
	m.HandleFunc("GET /api/members/{id}/card", s.getMemberCard)
	m.HandleFunc("POST /api/visits/{id}/member/end", s.endMemberCheckout)
	m.HandleFunc("GET /api/locations/{id}/member-loans", s.locationMemberLoans)
	m.HandleFunc("GET /api/visits", s.listVisits)
	m.HandleFunc("POST /api/visits", s.createVisit)
	m.HandleFunc("GET /api/visits/{id}", s.getVisit)
	m.HandleFunc("PUT /api/visits/{id}/mode", s.setMode)
	m.HandleFunc("POST /api/visits/{id}/scans", s.postScan)
	m.HandleFunc("DELETE /api/visits/{id}/scans/{seq}", s.voidScan)
	m.HandleFunc("GET /api/visits/{id}/tally", s.getTally)
	m.HandleFunc("GET /api/visits/{id}/lists", s.getLists)
	m.HandleFunc("GET /api/visits/{id}/ws", s.serveWS)
	m.HandleFunc("GET /api/active", s.getActive)
	m.HandleFunc("PUT /api/active", s.putActive)
	m.HandleFunc("GET /api/devices", s.getDevices)
	m.HandleFunc("GET /api/rfid/field", s.getField)
	m.HandleFunc("POST /api/rfid/bind", s.armBind)
	m.HandleFunc("DELETE /api/rfid/bind", s.cancelBind)
	m.HandleFunc("POST /api/tags", s.postTag)
	m.HandleFunc("GET /api/session", s.getSession)
	m.HandleFunc("POST /api/login", s.login)
	m.HandleFunc("POST /api/logout", s.logout)
	m.HandleFunc("POST /api/visits/{id}/viewer-tokens", s.createViewerToken)
	m.HandleFunc("DELETE /api/visits/{id}/viewer-tokens/{token}", s.revokeViewerToken)
	if s.opts.Demo {
		m.HandleFunc("GET /demo/barcodes", s.demoBarcodes)
		m.HandleFunc("GET /demo/barcode/{code}", s.demoBarcode)
	}
	m.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such API route")
	})
	if s.opts.UI != nil {
		m.Handle("/", s.opts.UI)
	}
}
