package e2e

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"anterkoper/circulation"
	"anterkoper/internal/auth"
	"anterkoper/internal/store"
)

// seedSOP stores what the SOP walkthrough starts from: a head of division
// "kabid" and a coordinator "koordinator" (password "rahasia123") and n
// catalog items of level SD with call numbers; no locations, no visits.
func seedSOP(t *testing.T, dir string, n int) {
	t.Helper()
	db, err := store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	hash, err := auth.HashPassword("rahasia123")
	if err != nil {
		t.Fatal(err)
	}
	for name, role := range map[string]auth.Role{"kabid": auth.RoleHead, "koordinator": auth.RoleCoordinator} {
		if err := db.CreateUser(ctx, auth.User{Name: name, Role: role, Hash: hash}); err != nil {
			t.Fatal(err)
		}
	}
	var items []circulation.Item
	for i := 1; i <= n; i++ {
		items = append(items, circulation.Item{Code: fmt.Sprintf("B%05d", i), Title: fmt.Sprintf("Cerita Rakyat Jawa Tengah %d", i),
			Level: "SD", CallNumber: fmt.Sprintf("398.2 CER %02d", i)})
	}
	if _, err := db.UpsertItems(ctx, items); err != nil {
		t.Fatal(err)
	}
}

// letterPNG writes a small PNG (the "scan" of a letter, a survey photo).
func letterPNG(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 120, 90))
	for y := range 90 {
		for x := range 120 {
			c := color.RGBA{R: 240, G: 240, B: 230, A: 255}
			if y%12 < 2 && x > 10 && x < 110 {
				c = color.RGBA{R: 40, G: 40, B: 60, A: 255}
			}
			img.Set(x, y, c)
		}
	}
	path := filepath.Join(t.TempDir(), "surat-permohonan.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// waitJS polls a JavaScript expression until it is true.
func waitJS(ctx context.Context, expr, what string, within time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	var err error
	for {
		var ok bool
		ok, err = chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %v", what, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// textNow returns sel's text (trimmed), or "" when there is no such node.
func textNow(ctx context.Context, sel string) string {
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(
		`(() => { const n = document.querySelector(%q); return n ? n.textContent.trim() : ''; })()`, sel)))
	if err != nil {
		return ""
	}
	return s
}

// shot scrolls to the top of the page and takes a screenshot.
func shot(t *testing.T, ctx context.Context, name string, w, h int64) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(window.scrollTo(0, 0), true)`)); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, name, w, h)
}

// The SOP from a request letter to a vehicle ready to leave, through the
// coordinator page only, in Bahasa Indonesia: add a location, record its
// request letter, approve it (the page asks for the head of division's
// login), survey it, generate December's schedule, make the visit's
// dropping list, tick the checklist, pack the books on the operator page,
// and see "Siap berangkat".
func TestSOPWalkthroughInBrowser(t *testing.T) {
	dir := t.TempDir()
	seedSOP(t, dir, 30)
	k := startKiosk(t, dir, "127.0.0.1:0")
	ctx := browser(t)
	scan := letterPNG(t)
	const name = "SD Negeri 5 Salatiga"
	const wait = 20 * time.Second
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	status := func(want string) {
		t.Helper()
		must(waitText(ctx, "#loc-head .status-badge", want, wait))
	}

	// 1. A new location, with a pasted Google Maps link.
	must(doWithin(ctx, wait,
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(k.url+"/coordinator"),
		chromedp.WaitVisible(chromedp.CSS("#loc-add")),
	))
	must(waitText(ctx, "#tab-lokasi", "Lokasi", wait))
	must(waitText(ctx, "#who-name", "Laptop ini", wait))
	must(doWithin(ctx, wait,
		chromedp.Click(chromedp.CSS("#loc-add")),
		chromedp.WaitVisible(chromedp.CSS("#lf-name")),
		chromedp.SendKeys(chromedp.CSS("#lf-name"), name),
		chromedp.SetValue(chromedp.CSS("#lf-kind"), "school"),
		chromedp.SetValue(chromedp.CSS("#lf-level"), "SD"),
		chromedp.SendKeys(chromedp.CSS("#lf-address"), "Jl. Diponegoro 12, Salatiga"),
		chromedp.SendKeys(chromedp.CSS("#lf-contact"), "Ibu Sri Wahyuni"),
		chromedp.SendKeys(chromedp.CSS("#lf-maps"), "https://www.google.com/maps/@-7.3305,110.5084,17z"),
		chromedp.SetValue(chromedp.CSS("#lf-travel"), "60"),
		chromedp.SetValue(chromedp.CSS("#lf-books"), "5"),
		chromedp.Click(chromedp.CSS("#loc-form-submit")),
	))
	must(waitText(ctx, "#loc-title", name, wait))
	status("Baru")
	must(waitText(ctx, "#loc-point", "-7.3305, 110.5084", wait))
	must(waitText(ctx, "#step-ok", "Lokasi ditambahkan. Langkah berikutnya: catat surat permohonan.", wait))
	must(waitAttr(ctx, `.sop-step[data-step="request"]`, "data-state", "current", wait))
	hash, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash`))
	must(err)
	locID, err := strconv.ParseInt(strings.TrimPrefix(hash, "#lokasi/"), 10, 64)
	if err != nil {
		t.Fatalf("after adding, the address is %q", hash)
	}

	// 2. The request letter, with its scan.
	must(doWithin(ctx, wait,
		chromedp.WaitVisible(chromedp.CSS("#req-number")),
		chromedp.SendKeys(chromedp.CSS("#req-number"), "421.3/045/SD5/XI/2026"),
		chromedp.SendKeys(chromedp.CSS("#req-date"), "02/11/2026"),
		chromedp.SetUploadFiles(chromedp.CSS("#req-file"), []string{scan}),
	))
	must(waitText(ctx, "#req-file-name", "surat-permohonan.png", wait))
	must(doWithin(ctx, wait, chromedp.Click(chromedp.CSS("#req-submit"))))
	status("Diajukan")
	must(waitAttr(ctx, `.sop-step[data-step="approve"]`, "data-state", "current", wait))
	must(waitJS(ctx, `!!document.querySelector('#loc-history a.hist-file[href^="/api/files/"]')`, "the letter's link", wait))
	must(waitText(ctx, "#dec-letter", "Surat No. 421.3/045/SD5/XI/2026 tanggal 02/11/2026.", wait))
	shot(t, ctx, "sop-1-lokasi", 1280, 800)
	shot(t, ctx, "sop-1-lokasi-390x844", 390, 844)
	must(doWithin(ctx, wait, chromedp.EmulateViewport(1280, 800)))

	// 3. Approval: only the head of division may; the page asks for that login.
	must(doWithin(ctx, wait,
		chromedp.Click(chromedp.CSS("#approve")),
		chromedp.WaitVisible(chromedp.CSS("#login-dialog")),
	))
	must(waitText(ctx, "#login-title-text", "Langkah ini perlu login Kepala Bidang", wait))
	must(doWithin(ctx, wait,
		chromedp.SendKeys(chromedp.CSS("#login-user"), "kabid"),
		chromedp.SendKeys(chromedp.CSS("#login-password"), "rahasia123"),
	))
	shot(t, ctx, "sop-2-persetujuan", 1280, 800)
	must(doWithin(ctx, wait, chromedp.Click(chromedp.CSS("#login-submit"))))
	status("Disetujui") // the approval ran again by itself after the login
	must(waitText(ctx, "#who-name", "kabid", wait))
	must(waitText(ctx, "#who-role", "(Kepala Bidang)", wait))
	if !strings.HasPrefix(textNow(ctx, `.hist-decision[data-decision="approved"]`), "Disetujui oleh kabid, ") {
		t.Errorf("history: %q", textNow(ctx, ".hist-decision"))
	}

	// 4. The survey, with a photo: the location becomes active.
	must(doWithin(ctx, wait,
		chromedp.WaitVisible(chromedp.CSS("#sur-notes")),
		chromedp.SendKeys(chromedp.CSS("#sur-notes"), "Perpustakaan sekolah di lantai 1; halaman luas untuk parkir."),
		chromedp.SendKeys(chromedp.CSS("#sur-access"), "Mobil bisa masuk sampai halaman sekolah"),
		chromedp.SetUploadFiles(chromedp.CSS("#sur-photos"), []string{scan}),
		chromedp.Click(chromedp.CSS("#sur-submit")),
	))
	status("Aktif")
	must(waitAttr(ctx, `.sop-step[data-step="active"]`, "data-state", "done", wait))
	must(waitJS(ctx, `(() => { const i = document.querySelector('#loc-history img.thumb'); return !!i && i.complete && i.naturalWidth === 120; })()`,
		"the survey photo's thumbnail", wait))

	// 5. December's schedule, one vehicle; the session (head of division)
	// may take the coordinator's step.
	must(doWithin(ctx, wait,
		chromedp.Click(chromedp.CSS("#tab-jadwal")),
		chromedp.WaitVisible(chromedp.CSS("#month-input")),
		chromedp.SetValue(chromedp.CSS("#month-input"), "12/2026"),
		chromedp.SetValue(chromedp.CSS("#gen-vehicles"), "1"),
		chromedp.SetValue(chromedp.CSS("#gen-perday"), "1"),
		chromedp.Click(chromedp.CSS("#gen-submit")),
	))
	must(waitText(ctx, "#gen-ok", "Jadwal Desember 2026 dibuat: 1 kunjungan baru.", wait))
	row := fmt.Sprintf(`.sv[data-location-id="%d"]`, locID)
	must(waitText(ctx, row+" .sv-name a", name, wait))
	day, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q).closest('.day').dataset.date`, row)))
	must(err)
	date, err := time.Parse(time.DateOnly, day)
	if err != nil || date.Format("2006-01") != "2026-12" || date.Weekday() == time.Saturday || date.Weekday() == time.Sunday ||
		day == "2026-12-24" || day == "2026-12-25" {
		t.Fatalf("scheduled on %q (%v), want a working day of December 2026", day, date.Weekday())
	}
	if got := textNow(ctx, fmt.Sprintf(`.day[data-date="%s"] .day-head span`, day)); !regexp.MustCompile(`^\p{L}+, \d{2}/12/2026$`).MatchString(got) {
		t.Errorf("day heading %q", got)
	}
	idText, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q).dataset.visitId`, row)))
	must(err)
	visit, err := strconv.ParseInt(idText, 10, 64)
	must(err)
	// A move onto a Saturday is refused, next to the row.
	must(doWithin(ctx, wait, chromedp.Click(chromedp.CSS(row+" .sv-move"))))
	must(doWithin(ctx, wait,
		chromedp.WaitVisible(chromedp.CSS(row+" .move-form .date-input")),
		chromedp.SetValue(chromedp.CSS(row+" .move-form .date-input"), "05/12/2026"),
		chromedp.Click(chromedp.CSS(row+` .move-form button[type="submit"]`)),
	))
	must(waitJS(ctx, fmt.Sprintf(`!!document.querySelector(%q)`, row+" .row-msg.form-error"), "the refused move", wait))
	must(waitText(ctx, row+" .row-msg.form-error", "Tanggal itu bukan hari kerja.", wait)) // the server's code, in Bahasa Indonesia
	must(doWithin(ctx, wait, chromedp.Click(chromedp.CSS(row+" .sv-move"))))
	must(waitJS(ctx, fmt.Sprintf(`!document.querySelector(%q)`, row+" .move-form"), "the move form to close", wait))
	shot(t, ctx, "sop-3-jadwal", 1280, 800)

	// 6. Preparation: the dropping list and the checklist.
	must(doWithin(ctx, wait,
		chromedp.Click(chromedp.CSS(row+" .sv-prep")),
		chromedp.WaitVisible(chromedp.CSS("#drop-submit")),
	))
	must(waitText(ctx, "#prep-title", name, wait))
	must(waitJS(ctx, `document.querySelector('#drop-count').value === '5'`, "the count from the location (5)", wait))
	must(doWithin(ctx, wait, chromedp.Click(chromedp.CSS("#drop-submit"))))
	must(waitJS(ctx, `document.querySelectorAll('#pick-body tr').length === 5`, "five books on the list", wait))
	must(waitText(ctx, "#progress-of", "0 dari 5 dikemas", wait))
	must(waitText(ctx, "#progress-togo", "5 lagi", wait))
	for _, key := range []string{"forms", "loan_book", "baskets", "camera", "receipts"} {
		sel := fmt.Sprintf(`.check[data-key="%s"]`, key)
		must(doWithin(ctx, wait, chromedp.Click(chromedp.CSS(sel))))
		must(waitAttr(ctx, sel, "data-done", "true", wait))
	}
	if !strings.HasPrefix(textNow(ctx, `.check[data-key="camera"] .check-who`), "kabid, ") {
		t.Errorf("who ticked: %q", textNow(ctx, `.check[data-key="camera"] .check-who`))
	}
	must(waitAttr(ctx, "#prep-ready", "data-ready", "false", wait))
	codes, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#pick-body tr')].map((r) => r.dataset.code)`))
	must(err)
	if len(codes) != 5 {
		t.Fatalf("codes on the list: %v", codes)
	}

	// 7. Pack on the operator page, in a second tab, as the officers do.
	op, cancel := chromedp.NewContext(ctx)
	defer cancel()
	must(chromedp.Do(op))
	must(doWithin(op, wait,
		chromedp.Navigate(fmt.Sprintf("%s/?visit=%d", k.url, visit)),
		chromedp.WaitVisible(chromedp.CSS("#scan-input")),
	))
	must(waitAttr(op, "#conn-state", "data-state", "connected", wait))
	if mode, _ := chromedp.Run(op, chromedp.Evaluate[string](`document.body.dataset.mode || ''`)); mode != "pack" {
		must(doWithin(op, wait, chromedp.Click(chromedp.CSS(`[data-mode-button="pack"]`))))
		must(waitAttr(op, "body", "data-mode", "pack", wait))
	}
	for i, code := range codes {
		typeScan(t, op, code)
		must(waitText(op, `[data-tally="packed"]`, strconv.Itoa(i+1), wait))
	}

	// 8. Back on the coordinator's tab: every book packed, ready to leave.
	must(waitText(ctx, "#progress-of", "5 dari 5 dikemas", wait))
	must(waitText(ctx, "#progress-togo", "Semua buku sudah dikemas", wait))
	must(waitAttr(ctx, "#prep-ready", "data-ready", "true", wait))
	if got := textNow(ctx, "#ready-text"); !regexp.MustCompile(`^Siap berangkat — \d{2}/\d{2}/\d{4} \d{2}:\d{2} WIB$`).MatchString(got) {
		t.Errorf("banner %q", got)
	}
	must(waitAttr(ctx, `.tl-step[data-step="prepared"]`, "data-state", "done", wait))
	must(waitText(ctx, "#step-next", "Catat: berangkat sekarang", wait))
	shot(t, ctx, "sop-4-persiapan", 1280, 800)
	shot(t, ctx, "sop-4-persiapan-390x844", 390, 844)

	// The same page in English.
	must(doWithin(ctx, wait, chromedp.Click(chromedp.CSS("#lang-switch"))))
	must(waitText(ctx, "#progress-of", "5 of 5 packed", wait))
	if got := textNow(ctx, "#ready-text"); !strings.HasPrefix(got, "Ready to leave — ") {
		t.Errorf("banner in English: %q", got)
	}
	must(doWithin(ctx, wait, chromedp.Click(chromedp.CSS("#lang-switch"))))
	must(waitText(ctx, "#progress-of", "5 dari 5 dikemas", wait))

	// 9. Who did what: the head of division may read the audit trail.
	must(doWithin(ctx, wait, chromedp.Click(chromedp.CSS("#tab-riwayat"))))
	must(waitText(ctx, `#audit-body tr[data-action="location.approve"] .audit-what`, "Permohonan disetujui", wait))
	must(waitText(ctx, `#audit-body tr[data-action="location.approve"] .audit-user`, "kabid", wait))
	must(waitText(ctx, `#audit-body tr[data-action="visit.prepared"] .audit-what`, "Siap berangkat", wait))

	var prep struct {
		Ready  bool `json:"ready"`
		Listed int  `json:"listed"`
		Packed int  `json:"packed"`
		Steps  map[string]*struct {
			At time.Time `json:"at"`
		} `json:"steps"`
	}
	if c := call(t, "GET", fmt.Sprintf("%s/api/visits/%d/preparation", k.url, visit), "", &prep); c != 200 {
		t.Fatalf("preparation: %d", c)
	}
	if !prep.Ready || prep.Listed != 5 || prep.Packed != 5 || prep.Steps["prepared"] == nil || prep.Steps["prepared"].At.IsZero() {
		t.Fatalf("preparation over the API: %+v", prep)
	}
}
