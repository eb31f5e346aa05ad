// Package office assembles the papers and data files the library office
// needs from the scan log: the loan receipt, the re-check, the activity
// report and the hand-offs to Koha and SLiMS. The HTTP server and the
// `anterkoper export` commands share it; internal/papers draws the files.
package office

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"anterkoper/circulation"
	"anterkoper/internal/papers"
	"anterkoper/internal/store"
)

// The office, as printed on every paper.
const (
	Name    = "Dinas Kearsipan dan Perpustakaan Provinsi Jawa Tengah"
	Address = "Jl. Sriwijaya No. 29A, Semarang"
	Service = "Layanan Perpustakaan Keliling ANTER KOPER Buku"
)

// WIB is the service's time zone.
var WIB = time.FixedZone("WIB", 7*3600)

// ReceiptKey returns the kiosk's key for receipt codes, made and stored on
// first use.
func ReceiptKey(ctx context.Context, db *store.DB) ([]byte, error) {
	v, err := db.Setting(ctx, "receipt.key")
	if err != nil {
		return nil, err
	}
	if key, err := hex.DecodeString(v); err == nil && len(key) == 32 {
		return key, nil
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := db.SetSetting(ctx, "receipt.key", hex.EncodeToString(key)); err != nil {
		return nil, err
	}
	return key, nil
}

// visitTimes returns, for each item, the time of the visit's live (not
// undone) accepted scan in each mode.
func visitTimes(ctx context.Context, db *store.DB, visit int64) (map[circulation.Mode]map[string]time.Time, error) {
	evs, err := db.VisitEvents(ctx, visit, 0, 1<<62)
	if err != nil {
		return nil, err
	}
	voided := map[int64]bool{}
	for _, e := range evs {
		if e.Type == circulation.EventVoid {
			voided[e.Target] = true
		}
	}
	out := map[circulation.Mode]map[string]time.Time{}
	for _, e := range evs {
		if e.Type != circulation.EventScan || voided[e.Seq] || e.ItemCode == "" {
			continue
		}
		if e.Outcome != circulation.Accepted && e.Outcome != circulation.OtherLocation && e.Outcome != circulation.Extra {
			continue
		}
		if out[e.Mode] == nil {
			out[e.Mode] = map[string]time.Time{}
		}
		out[e.Mode][e.ItemCode] = e.Time
	}
	return out, nil
}

// lines turns item codes into printed lines with titles and times.
func lines(ctx context.Context, db *store.DB, codes []string, at map[string]time.Time) []papers.Line {
	out := make([]papers.Line, 0, len(codes))
	for _, c := range codes {
		l := papers.Line{Code: c, Time: at[c]}
		if it, err := db.Item(ctx, c); err == nil {
			l.Title, l.Level = it.Title, it.Level
		} else {
			l.Title = "(tidak ada di katalog)"
		}
		out = append(out, l)
	}
	return out
}

// VisitNumber is a visit's number as printed: AKB/2026/11/0012.
func VisitNumber(v circulation.Visit) string {
	y, m := "0000", "00"
	if len(v.Date) >= 7 {
		y, m = v.Date[:4], v.Date[5:7]
	}
	return fmt.Sprintf("AKB/%s/%s/%04d", y, m, v.ID)
}

// BuildReceipt gathers a sealed visit's loan receipt. It fails with
// circulation.ErrNotSealed until both parties have signed.
func BuildReceipt(ctx context.Context, db *store.DB, eng *circulation.Engine, visit int64, lang string) (papers.Receipt, error) {
	v, err := db.Visit(ctx, visit)
	if err != nil {
		return papers.Receipt{}, err
	}
	st, err := db.SealState(ctx, visit)
	if err != nil {
		return papers.Receipt{}, err
	}
	if !st.Sealed() {
		return papers.Receipt{}, circulation.ErrNotSealed
	}
	loc, err := db.Location(ctx, v.LocationID)
	if err != nil {
		return papers.Receipt{}, err
	}
	l, err := eng.Lists(ctx, visit)
	if err != nil {
		return papers.Receipt{}, err
	}
	times, err := visitTimes(ctx, db, visit)
	if err != nil {
		return papers.Receipt{}, err
	}
	key, err := ReceiptKey(ctx, db)
	if err != nil {
		return papers.Receipt{}, err
	}
	if lang != "en" {
		lang = "id"
	}
	sig := func(p string) papers.Signature {
		s := st.Signed[p]
		return papers.Signature{Name: s.Name, PNG: s.PNG, At: s.At}
	}
	return papers.Receipt{
		Office: Name, OfficeAddress: Address, Service: Service,
		Number: VisitNumber(v), VisitID: v.ID, Date: v.Date,
		Location: loc.Name, Address: loc.Address, Contact: loc.Contact, Phone: loc.Phone,
		Lent:        lines(ctx, db, l.Lent, times[circulation.ModeLend]),
		Returned:    lines(ctx, db, l.Returned, times[circulation.ModeReturn]),
		Outstanding: lines(ctx, db, l.Outstanding, nil),
		School:      sig(store.PartySchool), Officer: sig(store.PartyOfficer),
		QRText: receiptCode(key, visit, st.Round), Sealed: st.SealedAt, Lang: lang,
	}, nil
}

// ErrNoVisits is returned for a day or month without visits.
var ErrNoVisits = errors.New("office: no visits in that period")
