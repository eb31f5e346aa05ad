package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"anterkoper/internal/office"
	"anterkoper/internal/papers"
)

// maxPhoto bounds an uploaded photo (a phone's full-size JPEG).
const maxPhoto = 20 << 20

// postPhoto stores a documentation photo of the visit: the body is the
// image (JPEG or PNG), ?caption= and ?taken= (RFC 3339, the file's time on
// the phone; now when absent).
func (s *Server) postPhoto(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visit(w, r)
	if !ok {
		return
	}
	a, ok := s.need(w, r, rolesOperator)
	if !ok {
		return
	}
	if s.opts.DataDir == "" {
		writeError(w, http.StatusConflict, "this kiosk has no data folder to keep photos in")
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxPhoto))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("a photo may be at most %d MiB", maxPhoto>>20))
		return
	}
	q := r.URL.Query()
	caption := strings.TrimSpace(q.Get("caption"))
	if len(caption) > 300 {
		caption = caption[:300]
	}
	var taken time.Time
	if t := q.Get("taken"); t != "" {
		if taken, err = time.Parse(time.RFC3339, t); err != nil {
			writeError(w, http.StatusBadRequest, "taken must be an RFC 3339 time, e.g. 2026-11-27T09:15:00+07:00")
			return
		}
	}
	p, err := office.SavePhoto(r.Context(), s.db, s.opts.DataDir, v.ID, data, caption, taken, a)
	if errors.Is(err, office.ErrNotImage) {
		writeError(w, http.StatusUnsupportedMediaType, "the photo must be a JPEG or PNG image")
		return
	}
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, p)
}

func (s *Server) listPhotos(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visit(w, r)
	if !ok {
		return
	}
	ps, err := s.db.Photos(r.Context(), v.ID)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, ps)
}

func (s *Server) getPhoto(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	p, err := s.db.Photo(r.Context(), id)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	data, err := office.LoadPhoto(s.opts.DataDir, p)
	if err != nil {
		writeError(w, http.StatusNotFound, "the photo's file is missing from the data folder")
		return
	}
	w.Header().Set("Content-Type", "image/jpeg")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// download sends a generated file.
func download(w http.ResponseWriter, ctype, name string, data []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// exportReconciliation serves the re-check of a day (?date=YYYY-MM-DD) or
// of one visit (?visit=ID) as csv or xlsx (?format=).
func (s *Server) exportReconciliation(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var rec papers.Reconciliation
	var err error
	var name string
	if id, perr := strconv.ParseInt(q.Get("visit"), 10, 64); perr == nil && id > 0 {
		rec, err = office.BuildVisitReconciliation(r.Context(), s.db, s.eng, id, q.Get("lang"))
		name = fmt.Sprintf("pengecekan-kunjungan-%d", id)
	} else {
		if _, perr := time.Parse(time.DateOnly, q.Get("date")); perr != nil {
			writeError(w, http.StatusBadRequest, "give ?date=YYYY-MM-DD or ?visit=ID")
			return
		}
		rec, err = office.BuildReconciliation(r.Context(), s.db, s.eng, q.Get("date"), q.Get("lang"))
		name = "pengecekan-" + q.Get("date")
	}
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	var buf bytes.Buffer
	switch q.Get("format") {
	case "csv":
		err = papers.ReconciliationCSV(&buf, rec)
		if err == nil {
			download(w, "text/csv; charset=utf-8", name+".csv", buf.Bytes())
		}
	case "xlsx":
		err = papers.ReconciliationXLSX(&buf, rec)
		if err == nil {
			download(w, xlsxType, name+".xlsx", buf.Bytes())
		}
	default:
		writeError(w, http.StatusBadRequest, "format must be csv or xlsx")
		return
	}
	if err != nil {
		s.writeEngineError(w, err)
	}
}

// exportReport serves the activity report of a month (?month=YYYY-MM) or
// of a visit (?visit=ID) as pdf or xlsx.
func (s *Server) exportReport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var rep papers.Report
	var err error
	var name string
	if id, perr := strconv.ParseInt(q.Get("visit"), 10, 64); perr == nil && id > 0 {
		rep, err = office.BuildVisitReport(r.Context(), s.db, s.eng, s.opts.DataDir, id, q.Get("lang"))
		name = fmt.Sprintf("laporan-kunjungan-%d", id)
	} else {
		if _, perr := time.Parse("2006-01", q.Get("month")); perr != nil {
			writeError(w, http.StatusBadRequest, "give ?month=YYYY-MM or ?visit=ID")
			return
		}
		rep, err = office.BuildMonthReport(r.Context(), s.db, s.eng, s.opts.DataDir, q.Get("month"), q.Get("lang"))
		name = "laporan-" + q.Get("month")
	}
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	var buf bytes.Buffer
	switch q.Get("format") {
	case "pdf":
		if err = papers.ReportPDF(&buf, rep); err == nil {
			download(w, "application/pdf", name+".pdf", buf.Bytes())
		}
	case "xlsx":
		if err = papers.ReportXLSX(&buf, rep); err == nil {
			download(w, xlsxType, name+".xlsx", buf.Bytes())
		}
	default:
		writeError(w, http.StatusBadRequest, "format must be pdf or xlsx")
		return
	}
	if err != nil {
		s.writeEngineError(w, err)
	}
}

// exportILS makes the next hand-off file for Koha (.koc) or SLiMS (CSV):
// only what was not exported before. A copy is kept in the data folder's
// exports/ before the ledger records the lines, so a download lost on the
// way is still on the laptop.
func (s *Server) exportILS(target string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a, ok := s.need(w, r, rolesOperator)
		if !ok {
			return
		}
		ex, name, err := s.buildILS(r, target)
		var noCard *office.ErrNoCard
		if errors.As(err, &noCard) {
			writeError(w, http.StatusConflict, strings.TrimPrefix(err.Error(), "office: "))
			return
		}
		if err != nil {
			s.writeEngineError(w, err)
			return
		}
		if s.opts.DataDir != "" {
			dir := filepath.Join(s.opts.DataDir, "exports")
			if err := os.MkdirAll(dir, 0o750); err == nil {
				err = os.WriteFile(filepath.Join(dir, name), ex.Data, 0o640)
			}
			if err != nil {
				s.writeEngineError(w, fmt.Errorf("unable to keep a copy of the export: %w", err))
				return
			}
		}
		if ex.Lines > 0 {
			if err := s.db.MarkExported(r.Context(), target, ex.Seqs, a, name); err != nil {
				s.writeEngineError(w, err)
				return
			}
		}
		s.log.Info("Hand-off exported", "target", target, "lines", ex.Lines, "file", name)
		ctype := "text/plain; charset=utf-8"
		if target == office.TargetSLiMS {
			ctype = "text/csv; charset=utf-8"
		}
		w.Header().Set("X-Export-Lines", strconv.Itoa(ex.Lines))
		download(w, ctype, name, ex.Data)
	}
}

func (s *Server) buildILS(r *http.Request, target string) (office.Export, string, error) {
	stamp := time.Now().In(WIB).Format("20060102-150405")
	if target == office.TargetKoha {
		ex, err := office.BuildKOC(r.Context(), s.db, s.opts.Version)
		return ex, "anterkoper-" + stamp + ".koc", err
	}
	ex, err := office.BuildSLiMS(r.Context(), s.db)
	return ex, "slims-sirkulasi-" + stamp + ".csv", err
}
