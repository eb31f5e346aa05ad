package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"anterkoper/circulation"
	"anterkoper/internal/store"
)

// In LAN mode the coordinator page asks for a login before it shows
// anything, and a coordinator's session generates the schedule.
func TestCoordinatorPageInLANMode(t *testing.T) {
	dir := t.TempDir()
	seedSOP(t, dir, 5)
	db, err := store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	lat, lon := -7.05, 110.41
	db.CreateLocation(context.Background(), circulation.Location{Name: "SD Negeri 1 Bawen", Kind: "school", Level: "SD",
		Status: circulation.StatusActive, Lat: &lat, Lon: &lon, TravelMinutes: 40})
	db.Close()
	k := startKioskWith(t, dir, "127.0.0.1:0", true)
	ctx := browser(t)
	wait := 20 * time.Second
	if err := doWithin(ctx, 30*time.Second, chromedp.Navigate(k.url+"/coordinator#jadwal/2026-12"),
		chromedp.WaitVisible(chromedp.CSS("#login-dialog"))); err != nil {
		t.Fatal(err)
	}
	// Nothing of the office's data before the login.
	if code := call(t, "GET", k.url+"/api/locations", "", nil); code != 401 {
		t.Fatalf("locations without a session in LAN mode: %d", code)
	}
	if err := doWithin(ctx, wait,
		chromedp.SendKeys(chromedp.CSS("#login-user"), "koordinator"),
		chromedp.SendKeys(chromedp.CSS("#login-password"), "rahasia123"),
		chromedp.Click(chromedp.CSS("#login-submit")),
		chromedp.WaitNotVisible(chromedp.CSS("#login-dialog")),
		chromedp.WaitVisible(chromedp.CSS("#gen-submit")),
		chromedp.SetValue(chromedp.CSS("#month-input"), "12/2026"),
		chromedp.SetValue(chromedp.CSS("#gen-vehicles"), "1"),
		chromedp.SetValue(chromedp.CSS("#gen-perday"), "1"),
		chromedp.Click(chromedp.CSS("#gen-submit")),
	); err != nil {
		t.Fatal(err)
	}
	if err := waitText(ctx, "#gen-ok", "Jadwal Desember 2026 dibuat: 1 kunjungan baru.", wait); err != nil {
		t.Fatal(err)
	}
	if err := waitText(ctx, `.sv[data-location-id="1"] .sv-name a`, "SD Negeri 1 Bawen", wait); err != nil {
		t.Fatal(fmt.Errorf("the scheduled visit: %w", err))
	}
}
