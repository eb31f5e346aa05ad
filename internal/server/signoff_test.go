package server

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func takenAt(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }

// signaturePNG draws a scribble (ink > 0) or an empty pad.
func signaturePNG(t *testing.T, ink bool) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 300, 120))
	for y := range 120 {
		for x := range 300 {
			img.Set(x, y, color.White)
		}
	}
	if ink {
		for x := 20; x < 280; x++ {
			y := 60 + int(30*float64((x%40)-20)/20)
			for d := -2; d <= 2; d++ {
				img.Set(x, y+d, color.Black)
			}
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes())
}

func TestSignOffSealsAndReopens(t *testing.T) {
	ts := startServer(t, t.TempDir(), Options{BasketPrefix: "KRJ-"})
	visit := ts.seed()
	ts.do("PUT", fmt.Sprintf("/api/visits/%d/mode", visit), `{"mode":"pack"}`, nil)
	ts.scan(visit, "B00001")
	ts.scan(visit, "B00002")
	ts.do("PUT", fmt.Sprintf("/api/visits/%d/mode", visit), `{"mode":"lend"}`, nil)
	ts.scan(visit, "B00001")
	last := ts.scan(visit, "B00002")

	base := fmt.Sprintf("/api/visits/%d", visit)
	sign := func(party, name, sig, seen string) (int, string) {
		body := fmt.Sprintf(`{"party":%q,"name":%q,"signature":%q%s}`, party, name, sig, seen)
		var out json.RawMessage
		code := ts.do("POST", base+"/signoff", body, &out)
		return code, string(out)
	}
	if code, body := sign("school", "Ibu Sri", signaturePNG(t, false), ""); code != 400 || !strings.Contains(body, "empty") {
		t.Fatalf("a blank signature: %d %s", code, body)
	}
	if code, _ := sign("principal", "X", signaturePNG(t, true), ""); code != 400 {
		t.Fatalf("unknown party: %d", code)
	}
	if code, body := sign("school", "Ibu Sri", signaturePNG(t, true), `,"seen":{"lent":1,"returned":0,"outstanding":0}`); code != 409 {
		t.Fatalf("signing numbers that are not the visit's: %d %s", code, body)
	}
	if code, body := ts.do("GET", base+"/receipt.pdf", "", nil), ""; code != 409 {
		t.Fatalf("receipt before the sign-off: %d %s", code, body)
	}
	if code, body := sign("school", "Ibu Sri Wahyuni", signaturePNG(t, true), `,"seen":{"lent":2,"returned":0,"outstanding":0}`); code != 200 {
		t.Fatalf("school signs: %d %s", code, body)
	}
	if code, _ := sign("school", "Ibu Sri Wahyuni", signaturePNG(t, true), ""); code != 409 {
		t.Fatalf("the school signs twice: %d", code)
	}
	// Still open between the signatures.
	ts.scan(visit, "B00003")
	var st struct {
		Sealed  bool
		Receipt string
		Signed  map[string]struct{ Name string }
	}
	if code, body := sign("officer", "Budi Santoso", signaturePNG(t, true), ""); code != 200 {
		t.Fatalf("officer signs: %d %s", code, body)
	}
	ts.do("GET", base+"/signoff", "", &st)
	if !st.Sealed || !strings.HasPrefix(st.Receipt, "AKR1-") || st.Signed["school"].Name != "Ibu Sri Wahyuni" {
		t.Fatalf("after both signed: %+v", st)
	}
	// Sealed: nothing changes the counts.
	for _, req := range []struct{ method, path, body string }{
		{"POST", base + "/scans", `{"code":"B00004"}`},
		{"PUT", base + "/mode", `{"mode":"return"}`},
		{"DELETE", fmt.Sprintf("%s/scans/%d", base, last.Seq), ""},
	} {
		var e errorBody
		if code := ts.do(req.method, req.path, req.body, &e); code != 409 || !strings.Contains(e.Error, "sealed") || e.Code != "sealed" {
			t.Errorf("%s %s on a sealed visit: %d %q", req.method, req.path, code, e.Error)
		}
	}
	if code := ts.do("GET", base+"/receipt.pdf", "", nil); code != 200 {
		t.Errorf("receipt after the sign-off: %d", code)
	}
	// The receipt's code, scanned next month, opens what the school must return.
	var scanned struct {
		Receipt struct {
			VisitID     int64 `json:"visit_id"`
			Outstanding []struct{ Code string }
		}
	}
	other := ts.seed() // another visit of another location, where the code is scanned
	if code := ts.do("POST", fmt.Sprintf("/api/visits/%d/scans", other), fmt.Sprintf(`{"code":%q}`, strings.ToLower(st.Receipt)), &scanned); code != 200 ||
		scanned.Receipt.VisitID != visit || len(scanned.Receipt.Outstanding) != 2 {
		t.Fatalf("scanning the receipt code: %d %+v", code, scanned)
	}
	forged := st.Receipt[:len(st.Receipt)-1] + "Q"
	if forged == st.Receipt {
		forged = st.Receipt[:len(st.Receipt)-1] + "R"
	}
	if code := ts.do("GET", "/api/receipts/"+forged, "", nil); code != 404 {
		t.Errorf("a forged receipt code: %d", code)
	}
	var opened struct {
		VisitID int64 `json:"visit_id"`
	}
	if code := ts.do("POST", "/api/receipts/"+st.Receipt+"/open", "", &opened); code != 200 || opened.VisitID == 0 || opened.VisitID == visit {
		t.Fatalf("open the return screen: %d %+v", code, opened)
	}
	var v struct{ Mode string }
	if ts.do("GET", fmt.Sprintf("/api/visits/%d", opened.VisitID), "", &v); v.Mode != "return" {
		t.Errorf("the return screen's visit is in mode %q", v.Mode)
	}
	// Reopening needs a reason, is logged, and unseals.
	if code := ts.do("POST", base+"/reopen", `{"reason":""}`, nil); code != 400 {
		t.Errorf("reopen without a reason: %d", code)
	}
	if code := ts.do("POST", base+"/reopen", `{"reason":"satu buku salah pindai"}`, nil); code != 200 {
		t.Fatalf("reopen: %d", code)
	}
	if code := ts.do("POST", base+"/reopen", `{"reason":"again"}`, nil); code != 409 {
		t.Errorf("reopen an open visit: %d", code)
	}
	old := st.Receipt
	st.Signed, st.Receipt = nil, ""
	ts.do("GET", base+"/signoff", "", &st)
	if st.Sealed || len(st.Signed) != 0 || st.Receipt != "" {
		t.Errorf("after reopening: %+v", st)
	}
	ts.scan(visit, "B00004") // counts can change again
	// The old code no longer names the current round.
	var rv struct{ Current bool }
	if ts.do("GET", "/api/receipts/"+strings.ToLower(old), "", &rv); rv.Current {
		t.Errorf("a receipt of a reopened round still reads as current")
	}
}

func TestViewerLinkSignsForTheSchoolOnly(t *testing.T) {
	ts, v1, v2 := lanServer(t)
	op := newClient(t, ts.url)
	if op.login("sri", "rahasia123") != 200 {
		t.Fatal("login")
	}
	h := map[string]string{"X-CSRF-Token": op.csrf}
	op.do("PUT", fmt.Sprintf("/api/visits/%d/mode", v1), `{"mode":"pack"}`, h)
	op.do("POST", fmt.Sprintf("/api/visits/%d/scans", v1), `{"code":"B00001"}`, h)
	_, body := op.do("POST", fmt.Sprintf("/api/visits/%d/viewer-tokens", v1), "", h)
	var vt struct{ Token string }
	json.Unmarshal([]byte(body), &vt)
	phone := newClient(t, ts.url)
	sign := func(c *client, visit int64, party, query string, hdr map[string]string) int {
		code, _ := c.do("POST", fmt.Sprintf("/api/visits/%d/signoff%s", visit, query),
			fmt.Sprintf(`{"party":%q,"name":"Ibu Sri","signature":%q}`, party, signaturePNG(t, true)), hdr)
		return code
	}
	tok := "?token=" + vt.Token
	if code := sign(phone, v1, "officer", tok, nil); code != 403 {
		t.Errorf("a viewer link signing for the library: %d", code)
	}
	if code := sign(phone, v2, "school", tok, nil); code != 403 {
		t.Errorf("a viewer link signing another visit: %d", code)
	}
	if code, _ := phone.do("POST", fmt.Sprintf("/api/visits/%d/scans%s", v1, tok), `{"code":"B00002"}`, nil); code != 401 {
		t.Errorf("a viewer link scanning: %d", code)
	}
	if code := sign(phone, v1, "school", tok, nil); code != 200 {
		t.Fatalf("the school signs on its phone: %d", code)
	}
	if code, _ := phone.do("GET", fmt.Sprintf("/api/visits/%d/summary%s", v1, tok), "", nil); code != 200 {
		t.Errorf("the phone reads the summary: %d", code)
	}
	if code := sign(op, v1, "officer", "", h); code != 200 {
		t.Fatalf("the officer signs: %d", code)
	}
	if code, _ := phone.do("GET", fmt.Sprintf("/api/visits/%d/receipt.pdf%s", v1, tok), "", nil); code != 200 {
		t.Errorf("the phone downloads the receipt: %d", code)
	}
	if code, _ := phone.do("POST", fmt.Sprintf("/api/visits/%d/reopen%s", v1, tok), `{"reason":"x"}`, nil); code != 401 {
		t.Errorf("a viewer link reopening: %d", code)
	}
}

func TestPhotosAreShrunkAndKept(t *testing.T) {
	dir := t.TempDir()
	ts := startServer(t, dir, Options{DataDir: dir})
	visit := ts.seed()
	img := image.NewRGBA(image.Rect(0, 0, 3200, 1800))
	for y := range 1800 {
		for x := range 3200 {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	resp, err := http.Post(fmt.Sprintf("%s/api/visits/%d/photos?caption=Serah%%20terima&taken=2026-11-27T09:15:00%%2B07:00", ts.url, visit), "image/png", &b)
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		ID            int64
		Width, Height int
		Caption       string
		Taken         string `json:"taken_at"`
	}
	json.NewDecoder(resp.Body).Decode(&p)
	resp.Body.Close()
	if resp.StatusCode != 201 || p.Width != 1600 || p.Height != 900 || p.Caption != "Serah terima" || !takenAt(p.Taken).Equal(time.Date(2026, 11, 27, 2, 15, 0, 0, time.UTC)) {
		t.Fatalf("upload: %d %+v", resp.StatusCode, p)
	}
	resp, err = http.Get(fmt.Sprintf("%s/api/photos/%d", ts.url, p.ID))
	if err != nil {
		t.Fatal(err)
	}
	got, err := jpeg.Decode(resp.Body)
	resp.Body.Close()
	if err != nil || got.Bounds().Dx() != 1600 {
		t.Fatalf("stored photo: %v %v", err, got)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "photos"))
	if len(entries) != 1 {
		t.Fatalf("photos folder: %v", entries)
	}
	resp, _ = http.Post(fmt.Sprintf("%s/api/visits/%d/photos", ts.url, visit), "image/png", strings.NewReader("not an image"))
	if resp.StatusCode != 415 {
		t.Errorf("a non-image: %d", resp.StatusCode)
	}
	resp.Body.Close()
}

func FuzzDecodeSignature(f *testing.F) {
	f.Add(signaturePNG(&testing.T{}, true))
	f.Add("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
	f.Add("data:image/jpeg;base64,/9j/")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 1<<20 {
			return
		}
		png, err := decodeSignature(s)
		if err == nil && (len(png) == 0 || len(png) > maxSignature) {
			t.Fatalf("accepted a signature of %d bytes", len(png))
		}
		if _, err := decodeDataImage(s); err != nil && err.Error() == "" {
			t.Fatal("an error without words")
		}
	})
}
