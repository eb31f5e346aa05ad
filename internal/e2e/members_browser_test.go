package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"anterkoper/circulation"
	"anterkoper/internal/store"
)

// The members issue's acceptance check: at a community stop a member is
// registered on the operator page, two books are lent to them, and the
// school-screen viewer's counts change without the member's name (or card
// number) ever appearing on it.
func TestMemberBorrowsAtACommunityStopInBrowser(t *testing.T) {
	dir := t.TempDir()
	db, err := store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db.UpsertItems(ctx, []circulation.Item{{Code: "B00001", Title: "Kancil dan Buaya"}, {Code: "B00002", Title: "Timun Mas"}})
	stop, _ := db.CreateLocation(ctx, circulation.Location{Name: "Taman Baca Desa Kemiri", Kind: "community", Level: "umum"})
	visit, _ := db.CreateVisit(ctx, circulation.Visit{LocationID: stop, Date: "2026-11-27"})
	db.Close()
	k := startKiosk(t, dir, "127.0.0.1:0")
	base := fmt.Sprintf("%s/api/visits/%d", k.url, visit)
	call(t, "PUT", base+"/mode", `{"mode":"pack"}`, nil)
	for _, c := range []string{"B00001", "B00002"} {
		call(t, "POST", base+"/scans", fmt.Sprintf(`{"code":%q}`, c), nil)
	}

	op := browser(t)
	viewer, cancel := chromedp.NewContext(op)
	defer cancel()
	if err := chromedp.Do(viewer); err != nil {
		t.Fatal(err)
	}
	if err := doWithin(viewer, 30*time.Second, chromedp.Navigate(fmt.Sprintf("%s/viewer?visit=%d", k.url, visit)),
		chromedp.WaitVisible(chromedp.CSS(`.big-num[data-tally="lent"]`))); err != nil {
		t.Fatal(err)
	}
	if err := doWithin(op, 30*time.Second, chromedp.Navigate(fmt.Sprintf("%s/?visit=%d", k.url, visit)),
		chromedp.WaitVisible(chromedp.CSS("#scan-input"))); err != nil {
		t.Fatal(err)
	}
	if err := waitAttr(op, "#conn-state", "data-state", "connected", 20*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := doWithin(op, 20*time.Second, chromedp.Click(chromedp.CSS(`[data-mode-button="lend"]`)),
		chromedp.WaitVisible(chromedp.CSS("#member-register")), chromedp.Click(chromedp.CSS("#member-register")),
		chromedp.WaitVisible(chromedp.CSS("#mem-name")),
		chromedp.SendKeys(chromedp.CSS("#mem-name"), "Siti Aminah"),
		chromedp.SendKeys(chromedp.CSS("#mem-address"), "Desa Kemiri RT 02"),
		chromedp.SendKeys(chromedp.CSS("#mem-phone"), "081234567890"),
		chromedp.Click(chromedp.CSS("#mem-save")),
		chromedp.WaitVisible(chromedp.CSS("#member-card"))); err != nil {
		t.Fatal(err)
	}
	if err := waitText(op, "#member-card-name", "Siti Aminah", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	card, err := chromedp.Run(op, chromedp.Text(chromedp.CSS("#member-card-number")))
	if err != nil || !circulation.CheckCard(card).Valid {
		t.Fatalf("card number on the card %q: %v", card, err)
	}
	screenshot(t, op, "member-card", 1024, 700)
	if err := doWithin(op, 20*time.Second, chromedp.Click(chromedp.CSS("#mem-lend"))); err != nil {
		t.Fatal(err)
	}
	if err := waitText(op, "#member-now", "Meminjam untuk: Siti Aminah", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := doWithin(op, 20*time.Second, chromedp.Click(chromedp.CSS("#scan-input"))); err != nil {
		t.Fatal(err)
	}
	typeScan(t, op, "B00001")
	typeScan(t, op, "B00002")
	if err := waitText(op, "#member-count", "2 dari 3 buku", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := waitText(viewer, `.big-num[data-tally="lent"]`, "2", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(viewer, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"Siti", "Aminah", card, "Kemiri RT", "081234567890"} {
		if strings.Contains(text, secret) {
			t.Fatalf("the viewer shows %q", secret)
		}
	}
	screenshot(t, op, "member-lending", 1366, 768)
	var loans struct {
		Members []struct{ Loans []struct{ Code string } }
	}
	call(t, "GET", fmt.Sprintf("%s/api/locations/%d/member-loans", k.url, stop), "", &loans)
	if len(loans.Members) != 1 || len(loans.Members[0].Loans) != 2 {
		t.Fatalf("the stop's member loans: %+v", loans)
	}
}
