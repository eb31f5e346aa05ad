package circulation_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"anterkoper/circulation"
	"anterkoper/internal/store"
)

func addMember(t *testing.T, db *store.DB, card, typ string) int64 {
	t.Helper()
	m, err := db.CreateMember(context.Background(), store.MemberRecord{Name: "Warga " + card, Type: typ},
		func(int64) (string, error) { return card, nil }, store.Actor{User: "t"})
	if err != nil {
		t.Fatal(err)
	}
	return m.ID
}

func TestMembersBorrowAtACommunityStop(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	stop, _ := f.db.CreateLocation(ctx, circulation.Location{Name: "Taman Baca Desa Kemiri", Kind: "community", Level: "umum"})
	v := f.visit(stop, "2026-11-27")
	ana := addMember(t, f.db, "23300000000017", "umum")
	budi := addMember(t, f.db, "23300000000025", "umum")
	for _, c := range []string{"B00001", "B00002", "B00003", "B00004", "B00005", "B00006", "B00007"} {
		f.scan(v, c, circulation.Accepted)
	}
	f.mode(v, circulation.ModeLend)

	// A book before any card: the stop's bulk loan.
	if r := f.scan(v, "B00001", circulation.Accepted); r.Event.MemberID != 0 {
		t.Fatalf("a lend before any card went to member %d", r.Event.MemberID)
	}
	// Alternating members: each book goes to the last card scanned.
	if r := f.scan(v, "23300000000017", circulation.MemberCard); r.Event.MemberID != ana || r.Item != nil {
		t.Fatalf("Ana's card: %+v", r.Event)
	}
	f.scan(v, "B00002", circulation.Accepted)
	f.scan(v, "23300000000025", circulation.MemberCard)
	r := f.scan(v, "B00003", circulation.Accepted)
	if r.Event.MemberID != budi {
		t.Fatalf("B00003 went to %d, want Budi %d", r.Event.MemberID, budi)
	}
	f.scan(v, "23300000000017", circulation.MemberCard)
	f.scan(v, "B00004", circulation.Accepted)
	if got := f.eng.MemberItems(ana); len(got) != 2 || got[0] != "B00002" || got[1] != "B00004" {
		t.Fatalf("Ana has %v", got)
	}
	if got := f.eng.MemberItems(budi); len(got) != 1 || got[0] != "B00003" {
		t.Fatalf("Budi has %v", got)
	}
	// The limit (3 by default): Ana's third book is fine, the fourth refused.
	f.scan(v, "B00005", circulation.Accepted)
	if r := f.scan(v, "B00006", circulation.LimitReached); r.Event.MemberID != ana {
		t.Fatalf("limit event names member %d", r.Event.MemberID)
	}
	// The location counts every book lent, whoever borrowed it.
	if tl := f.eng.Tally(t, v); tl.Lent != 5 || tl.Rejected != 1 {
		t.Fatalf("tally: lent %d rejected %d", tl.Lent, tl.Rejected)
	}
	// The operator ends the checkout (a mode event): the next book is the stop's.
	f.mode(v, circulation.ModeLend)
	if r := f.scan(v, "B00006", circulation.Accepted); r.Event.MemberID != 0 {
		t.Fatalf("after the checkout ended, B00006 went to member %d", r.Event.MemberID)
	}
	// Returns close the loan whoever brings the book (Budi brings Ana's).
	f.mode(v, circulation.ModeReturn)
	f.scan(v, "23300000000025", circulation.Unknown) // a card means nothing in return mode
	f.scan(v, "B00002", circulation.Accepted)
	if got := f.eng.MemberItems(ana); len(got) != 2 {
		t.Fatalf("after the return Ana has %v", got)
	}
	// The state rebuilds from the log: the same loans after a restart.
	eng2, err := circulation.NewEngine(ctx, f.db, circulation.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := eng2.MemberItems(ana); len(got) != 2 || got[0] != "B00004" {
		t.Fatalf("replayed: Ana has %v", got)
	}
}

func TestMemberCheckoutLapsesWhenIdle(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.UpsertItems(ctx, []circulation.Item{{Code: "B00001", Title: "Satu"}, {Code: "B00002", Title: "Dua"}})
	loc, _ := db.CreateLocation(ctx, circulation.Location{Name: "Pos Baca", Kind: "community", Level: "umum"})
	v, _ := db.CreateVisit(ctx, circulation.Visit{LocationID: loc, Date: "2026-11-27"})
	ana := addMember(t, db, "23300000000017", "pelajar")
	eng, err := circulation.NewEngine(ctx, db, circulation.Options{MemberIdle: 150 * time.Millisecond, MemberLimits: map[string]int{"pelajar": 1}})
	if err != nil {
		t.Fatal(err)
	}
	scan := func(code string) circulation.Result {
		r, err := eng.Scan(ctx, v, code, "t")
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	scan("B00001")
	scan("B00002")
	eng.SetMode(ctx, v, circulation.ModeLend, "t")
	scan("23300000000017")
	if eng.CurrentMember(v) != ana {
		t.Fatal("no checkout after the card")
	}
	time.Sleep(300 * time.Millisecond)
	if eng.CurrentMember(v) != 0 {
		t.Fatal("the checkout did not lapse")
	}
	if r := scan("B00001"); r.Event.MemberID != 0 || r.Event.Outcome != circulation.Accepted {
		t.Fatalf("after the idle time: %+v", r.Event)
	}
	// Type limits: a pupil may have one book.
	scan("23300000000017")
	if r := scan("B00002"); r.Event.Outcome != circulation.Accepted || r.Event.MemberID != ana {
		t.Fatalf("first book: %+v", r.Event)
	}
	if got := eng.MemberItems(ana); len(got) != 1 {
		t.Fatalf("Ana has %v", got)
	}
	// Erasing the member keeps the loans and counts, and the card stops working.
	if err := db.EraseMember(ctx, ana, store.Actor{User: "t"}); err != nil {
		t.Fatal(err)
	}
	if r := scan("23300000000017"); r.Event.Outcome != circulation.Unknown {
		t.Fatalf("an erased member's card: %s", r.Event.Outcome)
	}
	if got := eng.MemberItems(ana); len(got) != 1 {
		t.Fatalf("after erasure the loan is gone: %v", got)
	}
	if tl, _ := eng.Snapshot(ctx, v); tl.Tally.Lent != 2 {
		t.Fatalf("after erasure lent = %d", tl.Tally.Lent)
	}
	rec, _ := db.MemberRecord(ctx, ana)
	if rec.Name != store.ErasedName || rec.CardNumber != "" || !rec.Erased {
		t.Fatalf("erased record %+v", rec)
	}
}
