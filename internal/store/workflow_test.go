package store

import (
	"context"
	"errors"
	"testing"

	"anterkoper/circulation"
)

func TestLocationStepsAuditAndHolidays(t *testing.T) {
	ctx := context.Background()
	db, err := OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	lat, lon := -7.05, 110.41
	id, err := db.CreateLocation(ctx, circulation.Location{Name: "SD N 3 Tembalang", Kind: "school", Level: "SD",
		Lat: &lat, Lon: &lon, TravelMinutes: 40, Phone: "0812"})
	if err != nil {
		t.Fatal(err)
	}
	loc, err := db.Location(ctx, id)
	if err != nil || loc.Status != circulation.StatusNew || loc.BooksPerVisit != 50 || loc.Lat == nil || *loc.Lat != lat {
		t.Fatalf("new location read back as %+v, %v", loc, err)
	}
	op := Actor{User: "budi", Role: "operator"}
	head := Actor{User: "sri", Role: "head"}
	if _, err := db.LocationStep(ctx, id, Step{Action: circulation.ActSurvey, Date: "2026-11-20"}, op); !errors.Is(err, circulation.ErrTransition) {
		t.Fatalf("survey of a new location: %v", err)
	}
	steps := []struct {
		st   Step
		a    Actor
		want string
	}{
		{Step{Action: circulation.ActRequest, LetterNumber: "421/15/2026", LetterDate: "2026-11-02"}, op, circulation.StatusRequested},
		{Step{Action: circulation.ActReject, Reason: "outside the province"}, head, circulation.StatusRejected},
		{Step{Action: circulation.ActRequest, LetterNumber: "421/16/2026", LetterDate: "2026-11-09"}, op, circulation.StatusRequested},
		{Step{Action: circulation.ActApprove}, head, circulation.StatusApproved},
		{Step{Action: circulation.ActSurvey, Date: "2026-11-20", Notes: "road fine"}, op, circulation.StatusActive},
	}
	for _, s := range steps {
		got, err := db.LocationStep(ctx, id, s.st, s.a)
		if err != nil || got != s.want {
			t.Fatalf("%s: %q, %v; want %q", s.st.Action, got, err, s.want)
		}
	}
	if loc, _ = db.Location(ctx, id); loc.Status != circulation.StatusActive {
		t.Fatalf("status %q after survey", loc.Status)
	}
	reqs, surveys, err := db.LocationHistory(ctx, id)
	if err != nil || len(reqs) != 2 || reqs[0].Decision != "rejected" || reqs[0].Reason != "outside the province" ||
		reqs[1].Decision != "approved" || reqs[1].DecidedBy != "sri" || len(surveys) != 1 {
		t.Fatalf("history %+v %+v %v", reqs, surveys, err)
	}
	trail, err := db.AuditTrail(ctx, "location", id, 100)
	if err != nil || len(trail) != 5 || trail[0].Action != "location.survey" || trail[1].User != "sri" {
		t.Fatalf("audit trail %+v, %v", trail, err)
	}
	if _, err := db.w.ExecContext(ctx, `DELETE FROM audit`); err == nil {
		t.Fatal("the audit trail could be deleted")
	}

	seed := []Holiday{{Date: "2026-12-25", Name: "Natal", Kind: "national"}, {Date: "2026-12-24", Name: "Cuti Natal", Kind: "collective_leave"}}
	if err := db.SeedHolidays(ctx, seed); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteHoliday(ctx, "2026-12-24", head); err != nil {
		t.Fatal(err)
	}
	if err := db.SeedHolidays(ctx, seed); err != nil { // a restart must not bring it back
		t.Fatal(err)
	}
	hs, err := db.Holidays(ctx, "2026-12-01", "2026-12-31")
	if err != nil || len(hs) != 1 || hs[0].Date != "2026-12-25" {
		t.Fatalf("holidays %+v, %v", hs, err)
	}
}

func TestVisitStepsChecklistPicks(t *testing.T) {
	ctx := context.Background()
	db, err := OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	loc, _ := db.CreateLocation(ctx, circulation.Location{Name: "Panti", Kind: "orphanage", Level: "umum"})
	if _, err := db.UpsertItems(ctx, []circulation.Item{{Code: "A1", Title: "Satu", CallNumber: "100"}, {Code: "A2", Title: "Dua", CallNumber: "200"}}); err != nil {
		t.Fatal(err)
	}
	ids, err := db.AddScheduledVisits(ctx, []circulation.Visit{{LocationID: loc, Date: "2026-12-07", Vehicle: 1}}, "2026-12", Actor{"c", "coordinator"})
	if err != nil || len(ids) != 1 {
		t.Fatal(ids, err)
	}
	v, err := db.Visit(ctx, ids[0])
	if err != nil || !v.Scheduled || v.Vehicle != 1 {
		t.Fatalf("visit %+v, %v", v, err)
	}
	a := Actor{"budi", "operator"}
	if err := db.AddStep(ctx, v.ID, circulation.StepArrived, a); !errors.Is(err, circulation.ErrStepOrder) {
		t.Fatalf("arrived first: %v", err)
	}
	if err := db.AddStep(ctx, v.ID, circulation.StepPrepared, a); err != nil {
		t.Fatal(err)
	}
	if err := db.AddStep(ctx, v.ID, circulation.StepPrepared, a); !errors.Is(err, circulation.ErrStepOrder) {
		t.Fatalf("prepared twice: %v", err)
	}
	steps, _ := db.Steps(ctx, v.ID)
	if steps[circulation.StepPrepared].By != "budi" || steps[circulation.StepPrepared].At.IsZero() {
		t.Fatalf("steps %+v", steps)
	}
	db.SetChecklist(ctx, v.ID, "forms", true, a)
	db.SetChecklist(ctx, v.ID, "camera", true, a)
	db.SetChecklist(ctx, v.ID, "camera", false, a)
	if cl, _ := db.Checklist(ctx, v.ID); len(cl) != 1 || cl["forms"].By != "budi" {
		t.Fatalf("checklist %+v", cl)
	}
	picks := []circulation.Pick{{Item: circulation.Item{Code: "A1"}}, {Item: circulation.Item{Code: "A2"}, Requested: true}}
	if err := db.SetPicks(ctx, v.ID, picks, a); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPicks(ctx, v.ID, picks, a); err != nil { // replaced, not doubled
		t.Fatal(err)
	}
	got, err := db.Picks(ctx, v.ID)
	if err != nil || len(got) != 2 || got[0].Title != "Satu" || !got[1].Requested {
		t.Fatalf("picks %+v, %v", got, err)
	}
	other, _ := db.PickedElsewhere(ctx, 0, "2026-12-01")
	if !other["A1"] || !other["A2"] {
		t.Fatalf("picked elsewhere %v", other)
	}
	if mine, _ := db.PickedElsewhere(ctx, v.ID, "2026-12-01"); len(mine) != 0 {
		t.Fatalf("a visit's own picks count as elsewhere: %v", mine)
	}
}
