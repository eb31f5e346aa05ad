package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"anterkoper/device"
	"anterkoper/device/camera"
	"anterkoper/device/decode"
	"anterkoper/device/uhf"
	"anterkoper/internal/auth"
	"anterkoper/internal/backup"

	"anterkoper/internal/server"
	"anterkoper/internal/store"
	kioskui "anterkoper/kiosk-ui"
)

type serveOptions struct {
	addr         string
	data         string
	demo         bool
	basketPrefix string
	devices      []device.Spec
	lan          bool
	tls          bool
	publicURL    string
	backupDir    string
	backupKeep   int

	memberFields    string
	cardInstitution string
	memberLimits    string
}

func runServe(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var o serveOptions
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on")
	data := dataFlag(fs)
	fs.BoolVar(&o.demo, "demo", false, "seed an empty database with demo items, locations and a visit for today, and serve /demo/barcodes")
	fs.StringVar(&o.basketPrefix, "basket-prefix", "KRJ-", "prefix that marks a basket label")
	fs.BoolVar(&o.lan, "lan", false, "LAN mode: let the school's phones connect; operators log in (needed for a non-loopback --addr)")
	fs.BoolVar(&o.tls, "tls", false, "with --lan: serve HTTPS with a self-signed certificate made on first use (phones need HTTPS for their camera)")
	fs.StringVar(&o.publicURL, "public-url", "", "with --lan: the address phones use to reach the kiosk, e.g. http://192.168.43.10:8080 (default: found from the network interfaces)")
	fs.StringVar(&o.backupDir, "backup-dir", "", "folder (e.g. a USB drive) for automatic backups: daily and when a visit ends")
	fs.IntVar(&o.backupKeep, "backup-keep", 10, "how many automatic backups to keep")
	fs.StringVar(&o.memberFields, "member-fields", "name,address,phone,institution,photo",
		"personal data kept of members registered on the road (name,address,phone,institution,photo,id_number)")
	fs.StringVar(&o.cardInstitution, "card-institution", "3300", "the 4-digit institution code in new member card numbers")
	fs.StringVar(&o.memberLimits, "member-limits", "", "books a member may borrow at once, per member type, e.g. umum=3,pelajar=2 (default 3)")
	devs := deviceFlags(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("serve takes no arguments, got %q", pos)}
	}
	o.data = *data
	if o.devices, err = devs.specs(); err != nil {
		return err
	}
	if !o.lan && !server.IsLoopback(o.addr) {
		return usageError{fmt.Sprintf("--addr %s is reachable from the network: add --lan to turn on logins and viewer links, or use a loopback address such as 127.0.0.1:8080", o.addr)}
	}
	if o.tls && !o.lan {
		return usageError{"--tls needs --lan"}
	}
	if _, err := parseMemberFields(o.memberFields); err != nil {
		return usageError{err.Error()}
	}
	if _, err := parseMemberLimits(o.memberLimits); err != nil {
		return usageError{err.Error()}
	}
	if len(o.cardInstitution) != 4 || strings.Trim(o.cardInstitution, "0123456789") != "" {
		return usageError{fmt.Sprintf("--card-institution must be 4 digits, got %q", o.cardInstitution)}
	}
	return serve(ctx, o)
}

func serve(ctx context.Context, o serveOptions) error {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	slog.SetDefault(log)

	db, err := store.OpenDir(o.data)
	if err != nil {
		return err
	}
	defer db.Close()
	log.Info("Database opened", "path", db.Path())
	if o.demo {
		if err := seedDemo(ctx, db, o.lan); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	var lan *server.LAN
	// Accounts exist without LAN mode too: a coordinator or the head of
	// division signs in on the laptop for the steps only they may take.
	authSvc := auth.New(db, auth.Options{})
	if o.lan {
		if lan, ln, err = setUpLAN(o, authSvc, ln); err != nil {
			ln.Close()
			return err
		}
		if users, err := db.Users(ctx); err == nil && len(users) == 0 {
			log.Warn("LAN mode has no users yet: add one with `anterkoper user add NAME`")
		}
	}
	var backups *backup.Service
	if o.backupDir != "" {
		backups, err = backup.New(db, backup.Options{Dir: o.backupDir, Keep: o.backupKeep, Mirror: dataFolders(o.data), OnResult: func(r backup.Result) {
			if r.Err != nil {
				log.Error("Backup failed", "reason", r.Reason, "err", r.Err)
				return
			}
			log.Info("Backup written", "reason", r.Reason, "file", r.File, "removed", len(r.Removed))
		}})
		if err != nil {
			ln.Close()
			return err
		}
	}
	srv, err := server.New(ctx, db, server.Options{
		BasketPrefix: o.basketPrefix,
		UI:           kioskui.Handler(),
		Demo:         o.demo,
		Logger:       log,
		LAN:          lan,
		Auth:         authSvc,
		DataDir:      o.data,
		Version:      version,
		MemberFields: must(parseMemberFields(o.memberFields)),
		MemberLimits: must(parseMemberLimits(o.memberLimits)),

		CardInstitution: o.cardInstitution,
		FrameDecoder:    decode.Camera{Decoder: &decode.Decoder{Fast: true}},
		OnActiveChange: func(old, _ int64) {
			if backups != nil && old != 0 {
				backups.Trigger("visit-end")
			}
		},
	})
	if err != nil {
		ln.Close()
		return err
	}
	drivers := append(uhf.Drivers(), camera.Drivers(decode.Camera{Decoder: &decode.Decoder{Fast: true}})...)
	mgr, err := device.NewManager(o.devices, func(sc device.Scan) { srv.DeviceScan(ctx, sc) }, drivers...)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String() + "/"
	if o.tls {
		url = "https://" + ln.Addr().String() + "/"
	}
	fmt.Fprintf(os.Stderr, "anterkoper: data folder %s\nanterkoper: kiosk at %s\n", o.data, url)
	log.Info("Listening", "addr", ln.Addr().String(), "devices", len(o.devices))

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		if err := mgr.Serve(ctx); err != nil {
			log.Error("Device manager failed", "err", err)
			cancel() // scanners are not read: stop rather than pretend
		}
	}()
	go func() {
		defer wg.Done()
		reportDevices(mgr, srv, log)
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := authSvc.Serve(ctx); err != nil {
			log.Warn("Session clean-up failed", "err", err)
		}
	}()
	bctx, stopBackups := context.WithCancel(context.Background())
	backupsDone := make(chan struct{})
	if backups != nil {
		go func() {
			defer close(backupsDone)
			backups.Serve(bctx)
		}()
	} else {
		close(backupsDone)
	}
	srv.SetDevices(mgr.Status())
	err = srv.Serve(ctx, ln)
	cancel()
	wg.Wait()
	if backups != nil {
		backups.Trigger("shutdown") // carried out before Serve returns
	}
	stopBackups()
	<-backupsDone
	log.Info("Stopped")
	return err
}

// reportDevices passes the devices' states to the server (and the log)
// until the manager stops. A state change goes out at once; counters (an
// RFID reader raises them thousands of times a second) at most every
// devicesEvery.
func reportDevices(mgr *device.Manager, srv *server.Server, log *slog.Logger) {
	const devicesEvery = 250 * time.Millisecond
	last := map[string]device.State{}
	tick := time.NewTicker(devicesEvery)
	defer tick.Stop()
	pending := false
	send := func() {
		list := mgr.Status()
		for _, d := range list {
			if last[d.Name] != d.State {
				log.Info("Device state", "device", d.Name, "path", d.Path, "state", d.State, "reason", d.Error)
				last[d.Name] = d.State
			}
		}
		srv.SetDevices(list)
		pending = false
	}
	changes := mgr.Changes()
	for {
		select {
		case _, ok := <-changes:
			if !ok {
				return
			}
			stateChanged := false
			for _, d := range mgr.Status() {
				stateChanged = stateChanged || last[d.Name] != d.State
			}
			if stateChanged {
				send()
			} else {
				pending = true
			}
		case <-tick.C:
			if pending {
				send()
			}
		}
	}
}

// parseMemberFields reads --member-fields: the personal data the office
// keeps of members (the name always).
func parseMemberFields(s string) ([]string, error) {
	known := map[string]bool{"name": true, "address": true, "phone": true, "institution": true, "photo": true, "id_number": true}
	out := []string{"name"}
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" || f == "name" {
			continue
		}
		if !known[f] {
			return nil, fmt.Errorf("--member-fields: unknown field %q (name, address, phone, institution, photo, id_number)", f)
		}
		out = append(out, f)
	}
	return out, nil
}

// parseMemberLimits reads --member-limits: TYPE=N pairs.
func parseMemberLimits(s string) (map[string]int, error) {
	out := map[string]int{}
	for _, kv := range strings.Split(s, ",") {
		kv = strings.TrimSpace(kv)
		if kv == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if !ok || err != nil || n < 1 || n > 100 || strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("--member-limits: %q is not TYPE=N (N 1–100)", kv)
		}
		out[strings.ToLower(strings.TrimSpace(k))] = n
	}
	return out, nil
}

// must returns v, having checked err earlier (flags are parsed twice).
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
