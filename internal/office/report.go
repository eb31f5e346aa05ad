package office

import (
	"context"
	"fmt"
	"sort"
	"time"

	"anterkoper/circulation"
	"anterkoper/internal/papers"
	"anterkoper/internal/store"
)

// reportVisit gathers one visit's part of an activity report.
func reportVisit(ctx context.Context, db *store.DB, eng *circulation.Engine, dataDir string, v circulation.Visit, withPhotos bool) (papers.ReportVisit, error) {
	loc, err := db.Location(ctx, v.LocationID)
	if err != nil {
		return papers.ReportVisit{}, err
	}
	l, err := eng.Lists(ctx, v.ID)
	if err != nil {
		return papers.ReportVisit{}, err
	}
	rv := papers.ReportVisit{VisitID: v.ID, Date: v.Date, Location: loc.Name, Kind: loc.Kind, Level: loc.Level,
		Lent: len(l.Lent), Returned: len(l.Returned), Missing: len(l.Missing), Extra: len(l.Extra),
		LentByLevel: map[string]int{}, ReturnedByLevel: map[string]int{}}
	title := map[string]string{}
	for _, list := range [][]string{l.Lent, l.Returned, l.Missing, l.Extra} {
		for _, c := range list {
			if _, ok := title[c]; ok {
				continue
			}
			if it, err := db.Item(ctx, c); err == nil {
				title[c] = it.Title
				if contains(l.Lent, c) {
					rv.LentByLevel[it.Level]++
				}
				if contains(l.Returned, c) {
					rv.ReturnedByLevel[it.Level]++
				}
			} else {
				title[c] = "(tidak ada di katalog)"
				if contains(l.Lent, c) {
					rv.LentByLevel[""]++
				}
				if contains(l.Returned, c) {
					rv.ReturnedByLevel[""]++
				}
			}
		}
	}
	for _, c := range l.Missing {
		rv.Discrepancies = append(rv.Discrepancies, fmt.Sprintf("%s %s: hilang (tidak terhitung ulang di mobil)", c, title[c]))
	}
	for _, c := range l.Extra {
		rv.Discrepancies = append(rv.Discrepancies, fmt.Sprintf("%s %s: lebih (terhitung di mobil, tidak diharapkan)", c, title[c]))
	}
	steps, err := db.Steps(ctx, v.ID)
	if err != nil {
		return papers.ReportVisit{}, err
	}
	for _, s := range circulation.Steps() {
		rv.Steps = append(rv.Steps, papers.ReportStep{Name: s, At: steps[s].At})
	}
	if withPhotos {
		ps, err := db.Photos(ctx, v.ID)
		if err != nil {
			return papers.ReportVisit{}, err
		}
		for _, p := range ps {
			data, err := LoadPhoto(dataDir, p)
			if err != nil {
				return papers.ReportVisit{}, fmt.Errorf("office: photo %d of visit %d: %w", p.ID, v.ID, err)
			}
			rv.Photos = append(rv.Photos, papers.ReportPhoto{JPEG: data, Taken: p.Taken, Caption: p.Caption})
		}
	}
	return rv, nil
}

func contains(list []string, s string) bool {
	i := sort.SearchStrings(list, s)
	return i < len(list) && list[i] == s
}

// BuildMonthReport gathers the activity report of a month (YYYY-MM): every
// visit of the month, and the six months up to it for the trend chart.
func BuildMonthReport(ctx context.Context, db *store.DB, eng *circulation.Engine, dataDir, month, lang string) (papers.Report, error) {
	start, err := time.Parse("2006-01", month)
	if err != nil {
		return papers.Report{}, fmt.Errorf("office: month %q: want YYYY-MM", month)
	}
	if lang != "en" {
		lang = "id"
	}
	r := papers.Report{Office: Name, Title: "Laporan Kegiatan ANTER KOPER Buku", Period: month, Generated: time.Now(), Lang: lang}
	if lang == "en" {
		r.Title = "ANTER KOPER Buku Activity Report"
	}
	vs, err := db.VisitsInMonth(ctx, month)
	if err != nil {
		return papers.Report{}, err
	}
	for _, v := range vs {
		rv, err := reportVisit(ctx, db, eng, dataDir, v, true)
		if err != nil {
			return papers.Report{}, err
		}
		r.Visits = append(r.Visits, rv)
	}
	for i := 5; i >= 0; i-- {
		m := start.AddDate(0, -i, 0).Format("2006-01")
		mvs, err := db.VisitsInMonth(ctx, m)
		if err != nil {
			return papers.Report{}, err
		}
		mc := papers.MonthCount{Month: m}
		for _, v := range mvs {
			l, err := eng.Lists(ctx, v.ID)
			if err != nil {
				return papers.Report{}, err
			}
			mc.Lent += len(l.Lent)
			mc.Returned += len(l.Returned)
		}
		r.Months = append(r.Months, mc)
	}
	return r, nil
}

// BuildVisitReport gathers one visit's activity report.
func BuildVisitReport(ctx context.Context, db *store.DB, eng *circulation.Engine, dataDir string, visit int64, lang string) (papers.Report, error) {
	v, err := db.Visit(ctx, visit)
	if err != nil {
		return papers.Report{}, err
	}
	if lang != "en" {
		lang = "id"
	}
	rv, err := reportVisit(ctx, db, eng, dataDir, v, true)
	if err != nil {
		return papers.Report{}, err
	}
	title := "Laporan Kegiatan " + VisitNumber(v)
	if lang == "en" {
		title = "Activity Report " + VisitNumber(v)
	}
	return papers.Report{Office: Name, Title: title, Generated: time.Now(), Lang: lang, Visits: []papers.ReportVisit{rv}}, nil
}
