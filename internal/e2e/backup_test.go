package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// waitFiles waits until dir holds a backup whose name contains part.
func waitBackup(t *testing.T, dir, part string) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		names, _ := filepath.Glob(filepath.Join(dir, "anterkoper-*.db"))
		for _, n := range names {
			if strings.Contains(filepath.Base(n), part) {
				return n
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no backup with %q in %s", part, dir)
	return ""
}

// Backups while scanning goes on: the automatic one at start and at the end
// of a visit, and `anterkoper backup --out` during a burst; each restores
// into a data folder that `anterkoper check` finds sound.
func TestBackupsWhileScanning(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	usb := t.TempDir()
	visit := seedKiosk(t, dir, 400)
	d := startDaemon(t, bin, dir, "--backup-dir", usb, "--backup-keep", "5")
	waitBackup(t, usb, "") // the daily one, at start

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1; i <= 300; i++ {
			httpPost(fmt.Sprintf("%s/api/visits/%d/scans", d.url, visit), fmt.Sprintf(`{"code":"B%05d"}`, i))
		}
	}()
	manual := t.TempDir()
	out, err := exec.Command(bin, "backup", "--out", manual, "--data", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("backup while scanning: %v\n%s", err, out)
	}
	wg.Wait()

	// The visit ends (the operator opens another): an automatic backup.
	call(t, "PUT", d.url+"/api/active", fmt.Sprintf(`{"visit_id":%d}`, visit), nil)
	call(t, "PUT", d.url+"/api/active", `{"visit_id":null}`, nil)
	ended := waitBackup(t, usb, "visit-end")

	files, _ := filepath.Glob(filepath.Join(manual, "*.db"))
	if len(files) != 1 {
		t.Fatalf("manual backup files: %v", files)
	}
	for _, f := range []string{files[0], ended} {
		restored := t.TempDir()
		if out, err := exec.Command(bin, "restore", f, "--data", restored).CombinedOutput(); err != nil {
			t.Fatalf("restore %s: %v\n%s", f, err, out)
		}
		if out, err := exec.Command(bin, "check", "--data", restored).CombinedOutput(); err != nil {
			t.Fatalf("check of restored %s: %v\n%s", f, err, out)
		}
	}
	// The visit-end backup holds every scan made before it.
	restored := t.TempDir()
	exec.Command(bin, "restore", ended, "--data", restored).Run()
	v := exportVisit(t, bin, restored, visit)
	if len(v.Scans) != 300 {
		t.Fatalf("visit-end backup holds %d scans, want 300", len(v.Scans))
	}
	if _, err := os.Stat(filepath.Join(dir, "anterkoper.db")); err != nil {
		t.Fatal(err)
	}
}
