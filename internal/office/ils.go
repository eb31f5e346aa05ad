package office

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"anterkoper/circulation"
	"anterkoper/internal/store"
)

// Ledger targets.
const (
	TargetKoha  = "koc"
	TargetSLiMS = "slims"
)

// txn is one circulation transaction for a library system, in the order
// things happened (Seq, the log's order).
type txn struct {
	Seq      int64 // the event it comes from: the ledger's key
	Time     time.Time
	Kind     string // issue, return, cancel_issue (an exported lend was undone), cancel_return
	Item     string
	Location int64 // the location the loan is (or was) with
	Member   int64 // the member the loan is (or was) to; 0 for the location's bulk loan
	Visit    int64
}

// transactions walks the whole log and returns the lends and returns not
// yet exported to target, and the undos of ones that were.
func transactions(ctx context.Context, db *store.DB, done map[int64]bool) ([]txn, error) {
	var evs []circulation.Event
	if err := db.EachEvent(ctx, 0, func(e circulation.Event) error {
		if e.VisitID != 0 && (e.Type == circulation.EventScan || e.Type == circulation.EventVoid) {
			evs = append(evs, e)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	locOf := map[int64]int64{}
	location := func(visit int64) (int64, error) {
		if l, ok := locOf[visit]; ok {
			return l, nil
		}
		v, err := db.Visit(ctx, visit)
		if err != nil {
			return 0, err
		}
		locOf[visit] = v.LocationID
		return v.LocationID, nil
	}
	voidOf := map[int64]circulation.Event{}
	for _, e := range evs {
		if e.Type == circulation.EventVoid {
			voidOf[e.Target] = e
		}
	}
	var out []txn
	lentTo := map[string]int64{} // item → member of its newest live lend
	for _, e := range evs {
		if e.Type != circulation.EventScan || e.ItemCode == "" {
			continue
		}
		var kind string
		switch {
		case e.Mode == circulation.ModeLend && e.Outcome == circulation.Accepted:
			kind = "issue"
		case e.Mode == circulation.ModeReturn && (e.Outcome == circulation.Accepted || e.Outcome == circulation.OtherLocation):
			kind = "return"
		default:
			continue
		}
		loc, err := location(e.VisitID)
		if err != nil {
			return nil, err
		}
		if kind == "return" && e.Other != 0 {
			loc = e.Other // returned here, lent to another location
		}
		t := txn{Seq: e.Seq, Time: e.Time, Kind: kind, Item: e.ItemCode, Location: loc, Visit: e.VisitID}
		void, undone := voidOf[e.Seq]
		if kind == "issue" {
			t.Member = e.MemberID
			if !undone {
				lentTo[e.ItemCode] = e.MemberID
			}
		} else {
			t.Member = lentTo[e.ItemCode] // a return closes the loan whoever brings the book
		}
		switch {
		case !undone && !done[e.Seq]:
			out = append(out, t)
		case undone && done[e.Seq] && !done[void.Seq]:
			// Exported, then undone: the library system must hear the undo.
			t.Seq, t.Time, t.Kind = void.Seq, void.Time, "cancel_"+kind
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out, nil
}

// Export is a hand-off file and the log entries it covers.
type Export struct {
	Data  []byte
	Lines int
	Seqs  []int64
}

// ErrNoCard is wrapped when a location in the export has no identity in the
// target system.
type ErrNoCard struct {
	Target    string
	Locations []string
}

func (e *ErrNoCard) Error() string {
	what := "patron card number (card_number)"
	if e.Target == TargetSLiMS {
		what = "SLiMS member id (member_id)"
	}
	return fmt.Sprintf("office: set the %s of: %s (PUT /api/locations/{id} or the coordinator page)", what, strings.Join(e.Locations, ", "))
}

// identities returns the patron of each transaction in the target system:
// the member's card number (Koha) or SLiMS id, or for the location's bulk
// loan — and for a member since erased — the location's card number or
// member id. It fails with ErrNoCard for locations missing theirs.
func identities(ctx context.Context, db *store.DB, txns []txn, target string) (map[[2]int64]string, error) {
	ids := map[[2]int64]string{}
	locs := map[int64]string{}
	var missing []string
	for _, t := range txns {
		key := [2]int64{t.Location, t.Member}
		if _, ok := ids[key]; ok {
			continue
		}
		if t.Member != 0 {
			m, err := db.MemberRecord(ctx, t.Member)
			if err != nil {
				return nil, err
			}
			id := m.CardNumber
			if target == TargetSLiMS && m.SLiMSID != "" {
				id = m.SLiMSID
			}
			if id != "" {
				ids[key] = id
				continue
			}
		}
		id, ok := locs[t.Location]
		if !ok {
			l, err := db.Location(ctx, t.Location)
			if err != nil {
				return nil, err
			}
			id = l.CardNumber
			if target == TargetSLiMS {
				id = l.MemberID
			}
			locs[t.Location] = id
			if id == "" {
				missing = append(missing, fmt.Sprintf("%s (#%d)", l.Name, l.ID))
			}
		}
		ids[key] = id
	}
	if len(missing) > 0 {
		return nil, &ErrNoCard{Target: target, Locations: missing}
	}
	return ids, nil
}

// KOCTime formats a time the way Koha's offline circulation reads it:
// "2026-11-27 09:15:02 123", in the service's local time.
func KOCTime(t time.Time) string {
	t = t.In(WIB)
	return fmt.Sprintf("%s %03d", t.Format("2006-01-02 15:04:05"), t.Nanosecond()/1e6)
}

// BuildKOC makes a Koha offline circulation file (.koc) of every lend and
// return not exported yet, in the order they happened: a return comes
// before a later issue of the same item and an issue before its return.
// Nothing new gives a file with only its header. The caller writes the
// file and then records Seqs with store.MarkExported.
func BuildKOC(ctx context.Context, db *store.DB, version string) (Export, error) {
	done, err := db.Exported(ctx, TargetKoha)
	if err != nil {
		return Export{}, err
	}
	txns, err := transactions(ctx, db, done)
	if err != nil {
		return Export{}, err
	}
	cards, err := identities(ctx, db, txns, TargetKoha)
	if err != nil {
		return Export{}, err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "Version=1.0\tGenerator=anterkoper\tGeneratorVersion=%s\n", version)
	out := Export{}
	for _, t := range txns {
		switch t.Kind {
		case "issue", "cancel_return": // an undone return: the loan stands again
			fmt.Fprintf(&b, "%s\tissue\t%s\t%s\n", KOCTime(t.Time), cards[[2]int64{t.Location, t.Member}], t.Item)
		case "return", "cancel_issue": // an undone lend: the book is back
			fmt.Fprintf(&b, "%s\treturn\t%s\n", KOCTime(t.Time), t.Item)
		}
		out.Lines++
		out.Seqs = append(out.Seqs, t.Seq)
	}
	out.Data = b.Bytes()
	return out, nil
}

// slimsColumns is the SLiMS hand-off's header.
var slimsColumns = []string{"action", "item_code", "member_id", "loan_date", "due_date", "return_date", "scanned_at", "visit_id", "location"}

// BuildSLiMS makes the CSV the library's staff apply to SLiMS: one row per
// loan or return not handed off yet, with its original dates (SLiMS's own
// UI would stamp today's), keyed by item_code and member_id. A loan is due
// at the location's next scheduled visit, or after 30 days when none is
// planned. An undo of a row already handed off is a cancel_loan or
// cancel_return row.
func BuildSLiMS(ctx context.Context, db *store.DB) (Export, error) {
	done, err := db.Exported(ctx, TargetSLiMS)
	if err != nil {
		return Export{}, err
	}
	txns, err := transactions(ctx, db, done)
	if err != nil {
		return Export{}, err
	}
	members, err := identities(ctx, db, txns, TargetSLiMS)
	if err != nil {
		return Export{}, err
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(slimsColumns)
	out := Export{}
	names := map[int64]string{}
	for _, t := range txns {
		if _, ok := names[t.Location]; !ok {
			l, _ := db.Location(ctx, t.Location)
			names[t.Location] = l.Name
		}
		day := t.Time.In(WIB).Format(time.DateOnly)
		row := []string{"", t.Item, members[[2]int64{t.Location, t.Member}], "", "", "", t.Time.In(WIB).Format(time.RFC3339), strconv.FormatInt(t.Visit, 10), names[t.Location]}
		switch t.Kind {
		case "issue":
			due, err := DueDate(ctx, db, t.Location, day)
			if err != nil {
				return Export{}, err
			}
			row[0], row[3], row[4] = "loan", day, due
		case "return":
			row[0], row[5] = "return", day
		case "cancel_issue":
			row[0] = "cancel_loan"
		case "cancel_return":
			row[0] = "cancel_return"
		}
		w.Write(row)
		out.Lines++
		out.Seqs = append(out.Seqs, t.Seq)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return Export{}, err
	}
	out.Data = b.Bytes()
	return out, nil
}

// DueDate is when a loan made at the location on day (YYYY-MM-DD) is due:
// the date of the location's next visit, or 30 days later when none is
// planned.
func DueDate(ctx context.Context, db *store.DB, location int64, day string) (string, error) {
	d, _ := time.Parse(time.DateOnly, day)
	next, err := db.VisitsOfLocation(ctx, location, d.AddDate(0, 0, 1).Format(time.DateOnly), "9999-12-31")
	if err != nil {
		return "", err
	}
	if len(next) > 0 {
		return next[0].Date, nil
	}
	return d.AddDate(0, 0, 30).Format(time.DateOnly), nil
}
