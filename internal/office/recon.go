package office

import (
	"context"
	"fmt"
	"time"

	"anterkoper/circulation"
	"anterkoper/internal/papers"
	"anterkoper/internal/store"
)

// visitRecon is one visit's re-check: every list behind its numbers.
func visitRecon(ctx context.Context, db *store.DB, eng *circulation.Engine, v circulation.Visit) (papers.VisitRecon, error) {
	loc, err := db.Location(ctx, v.LocationID)
	if err != nil {
		return papers.VisitRecon{}, err
	}
	l, err := eng.Lists(ctx, v.ID)
	if err != nil {
		return papers.VisitRecon{}, err
	}
	times, err := visitTimes(ctx, db, v.ID)
	if err != nil {
		return papers.VisitRecon{}, err
	}
	ls := func(codes []string, m circulation.Mode) []papers.Line { return lines(ctx, db, codes, times[m]) }
	return papers.VisitRecon{VisitID: v.ID, Date: v.Date, Location: loc.Name,
		Packed: ls(l.Packed, circulation.ModePack), Lent: ls(l.Lent, circulation.ModeLend),
		Returned: ls(l.Returned, circulation.ModeReturn), Recounted: ls(l.Recounted, circulation.ModeRecount),
		Expected: ls(l.Expected, ""), Missing: ls(l.Missing, ""), Extra: ls(l.Extra, circulation.ModeRecount)}, nil
}

// BuildReconciliation gathers the end-of-day re-check of the visits dated
// date (YYYY-MM-DD). A day without visits is an empty re-check, not an
// error.
func BuildReconciliation(ctx context.Context, db *store.DB, eng *circulation.Engine, date, lang string) (papers.Reconciliation, error) {
	day, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return papers.Reconciliation{}, fmt.Errorf("office: date %q: want YYYY-MM-DD", date)
	}
	vs, err := db.Visits(ctx, date)
	if err != nil {
		return papers.Reconciliation{}, err
	}
	title := "Pengecekan kembali " + day.Format("02/01/2006")
	if lang == "en" {
		title = "End-of-day re-check " + day.Format("02/01/2006")
	} else {
		lang = "id"
	}
	rec := papers.Reconciliation{Title: title, Date: date, Generated: time.Now(), Lang: lang, Visits: []papers.VisitRecon{}}
	for _, v := range vs { // one date: by id, the order they were made
		vr, err := visitRecon(ctx, db, eng, v)
		if err != nil {
			return papers.Reconciliation{}, err
		}
		rec.Visits = append(rec.Visits, vr)
	}
	return rec, nil
}

// BuildVisitReconciliation is one visit's re-check.
func BuildVisitReconciliation(ctx context.Context, db *store.DB, eng *circulation.Engine, visit int64, lang string) (papers.Reconciliation, error) {
	v, err := db.Visit(ctx, visit)
	if err != nil {
		return papers.Reconciliation{}, err
	}
	vr, err := visitRecon(ctx, db, eng, v)
	if err != nil {
		return papers.Reconciliation{}, err
	}
	title := fmt.Sprintf("Pengecekan kembali kunjungan %s", VisitNumber(v))
	if lang == "en" {
		title = fmt.Sprintf("Re-check of visit %s", VisitNumber(v))
	} else {
		lang = "id"
	}
	return papers.Reconciliation{Title: title, Generated: time.Now(), Lang: lang, Visits: []papers.VisitRecon{vr}}, nil
}
