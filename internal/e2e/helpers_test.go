package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"anterkoper/circulation"
	"anterkoper/device/decode"
	"anterkoper/internal/auth"
	"anterkoper/internal/server"
	"anterkoper/internal/store"
	"anterkoper/internal/testenv"
	kioskui "anterkoper/kiosk-ui"
)

// kiosk is an in-process server with the UI on a loopback port.
type kiosk struct {
	t    testing.TB
	dir  string
	addr string
	url  string
	stop func()
}

func startKiosk(t testing.TB, dir, addr string) *kiosk {
	t.Helper()
	return startKioskWith(t, dir, addr, false)
}

// startKioskWith starts the kiosk, in LAN mode when lan is set.
func startKioskWith(t testing.TB, dir, addr string, lan bool) *kiosk {
	t.Helper()
	db, err := store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	opts := server.Options{BasketPrefix: "KRJ-", UI: kioskui.Handler(), Demo: true,
		FrameDecoder: decode.Camera{Decoder: &decode.Decoder{Fast: true}}, Auth: auth.New(db, auth.Options{})}
	if lan {
		opts.LAN = &server.LAN{Auth: opts.Auth}
	}
	srv, err := server.New(context.Background(), db, opts)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	k := &kiosk{t: t, dir: dir, addr: ln.Addr().String(), url: "http://" + ln.Addr().String()}
	stopped := false
	k.stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
		db.Close()
	}
	t.Cleanup(k.stop)
	return k
}

// call sends a JSON request to base+path and decodes the answer into out.
func call(t testing.TB, method, url, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: %d %s", method, url, resp.StatusCode, data)
		}
	}
	return resp.StatusCode
}

// seedKiosk adds n items (B00001…), a school and a visit for it; it
// returns the visit id.
func seedKiosk(t testing.TB, dir string, n int) int64 {
	t.Helper()
	db, err := store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	var items []circulation.Item
	for i := 1; i <= n; i++ {
		items = append(items, circulation.Item{Code: fmt.Sprintf("B%05d", i), Title: fmt.Sprintf("Hikayat Nusantara Jilid %d", i), Level: "SD"})
	}
	if _, err := db.UpsertItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	loc, err := db.CreateLocation(ctx, circulation.Location{Name: "SD Negeri 2 Ungaran", Kind: "school", Level: "SD", Address: "Ungaran, Kab. Semarang"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := db.CreateVisit(ctx, circulation.Visit{LocationID: loc, Date: "2026-11-27"})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// needChromium returns the browser's path, or skips (outside CI) or fails
// (CI=true) when it is not installed.
func needChromium(t testing.TB) string {
	t.Helper()
	return testenv.Tool(t, "chromium", "chromium", "chromium-browser", "google-chrome")
}

// buildBinary builds cmd/anterkoper into a temporary folder.
func buildBinary(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "anterkoper")
	cmd := exec.Command("go", "build", "-o", bin, "anterkoper/cmd/anterkoper")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

var httpClient = &http.Client{Timeout: 30 * time.Second}

// addUser stores an operator with a password in the data folder.
func addUser(t testing.TB, dir, name, password string) {
	t.Helper()
	db, err := store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateUser(context.Background(), auth.User{Name: name, Role: auth.RoleOperator, Hash: hash}); err != nil {
		t.Fatal(err)
	}
}
