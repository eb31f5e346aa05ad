package backup

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"anterkoper/circulation"
	"anterkoper/internal/store"
)

// fakeSource writes a small file where store.DB would write a copy of the
// database, with the same refusal to overwrite.
type fakeSource struct {
	mu    sync.Mutex
	block chan struct{} // when set, each backup waits for it to close
	fail  error
	made  []string
}

func (f *fakeSource) BackupTo(ctx context.Context, path string) error {
	f.mu.Lock()
	block, fail := f.block, f.fail
	f.mu.Unlock()
	if block != nil {
		select {
		case <-block:
		case <-ctx.Done():
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if fail != nil {
		return fail
	}
	out, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	out.WriteString("snapshot")
	if err := out.Close(); err != nil {
		return err
	}
	f.mu.Lock()
	f.made = append(f.made, filepath.Base(path))
	f.mu.Unlock()
	return nil
}

func (f *fakeSource) set(block chan struct{}, fail error) {
	f.mu.Lock()
	f.block, f.fail = block, fail
	f.mu.Unlock()
}

func (f *fakeSource) names() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.made)
}

// start runs a service in the current bubble and returns it with a function
// that cancels it and waits for Serve to return.
func start(t *testing.T, src Source, opts Options) (*Service, func() []Result, func()) {
	t.Helper()
	var mu sync.Mutex
	var results []Result
	opts.OnResult = func(r Result) {
		mu.Lock()
		results = append(results, r)
		mu.Unlock()
	}
	s, err := New(src, opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() { done <- s.Serve(ctx) }()
	got := func() []Result {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(results)
	}
	return s, got, func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve = %v", err)
		}
	}
}

func inFolder(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

func touch(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestDailyBackups(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := t.TempDir()
		src := &fakeSource{}
		s, _, stop := start(t, src, Options{Dir: dir})
		synctest.Wait()
		// The bubble's clock starts at 2000-01-01 00:00 UTC, 07:00 WIB.
		want := []string{"anterkoper-20000101-070000-daily.db"}
		if got := src.names(); !slices.Equal(got, want) {
			t.Fatalf("after start: %v, want %v", got, want)
		}
		st := s.Status()
		if st.LastError != "" || st.Running || st.LastFile != filepath.Join(dir, want[0]) || !st.Next.Equal(time.Now().Add(24*time.Hour)) {
			t.Fatalf("status %+v", st)
		}
		time.Sleep(24*time.Hour - time.Second)
		synctest.Wait()
		if n := len(src.names()); n != 1 {
			t.Fatalf("%d backups before 24 hours passed", n)
		}
		time.Sleep(time.Second)
		synctest.Wait()
		time.Sleep(24 * time.Hour)
		synctest.Wait()
		want = append(want, "anterkoper-20000102-070000-daily.db", "anterkoper-20000103-070000-daily.db")
		if got := src.names(); !slices.Equal(got, want) {
			t.Fatalf("after two days: %v, want %v", got, want)
		}
		stop()

		// Restarted the same day: the folder has today's backup, so the
		// next one is due a day after it, not now.
		time.Sleep(3 * time.Hour)
		src2 := &fakeSource{}
		s, _, stop = start(t, src2, Options{Dir: dir})
		defer stop()
		synctest.Wait()
		if got := src2.names(); len(got) != 0 {
			t.Fatalf("backed up again on the same day: %v", got)
		}
		if st := s.Status(); st.LastFile != filepath.Join(dir, want[2]) || !st.Next.Equal(time.Now().Add(21*time.Hour)) {
			t.Fatalf("status after restart %+v", st)
		}
		time.Sleep(21 * time.Hour)
		synctest.Wait()
		if got := src2.names(); !slices.Equal(got, []string{"anterkoper-20000104-070000-daily.db"}) {
			t.Fatalf("after restart: %v", got)
		}
	})
}

func TestRetentionKeepsTheNewest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := t.TempDir()
		// Files that are not backups by name are never touched.
		for _, n := range []string{"catatan.txt", "anterkoper.db", "anterkoper-lama.db"} {
			touch(t, filepath.Join(dir, n))
		}
		// The remains of a backup cut short by a power cut, long ago.
		stale := filepath.Join(dir, ".anterkoper-19991201-070000-daily.db.tmp-123")
		touch(t, stale)
		os.Chtimes(stale, time.Now().Add(-48*time.Hour), time.Now().Add(-48*time.Hour))

		src := &fakeSource{}
		s, results, stop := start(t, src, Options{Dir: dir, Keep: 3})
		defer stop()
		synctest.Wait()
		for range 5 {
			time.Sleep(time.Minute)
			s.Trigger("Visit end!")
			synctest.Wait()
		}
		want := []string{
			"anterkoper-20000101-070300-visit-end.db",
			"anterkoper-20000101-070400-visit-end.db",
			"anterkoper-20000101-070500-visit-end.db",
			"anterkoper-lama.db", "anterkoper.db", "catatan.txt",
		}
		if got := inFolder(t, dir); !slices.Equal(got, want) {
			t.Fatalf("folder holds %v, want %v", got, want)
		}
		if r := results(); len(r) != 6 || r[0].Removed != nil || !slices.Equal(r[5].Removed, []string{"anterkoper-20000101-070200-visit-end.db"}) {
			t.Fatalf("results %+v", r)
		}
	})
}

func TestFailureIsReportedAndRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		usb := filepath.Join(t.TempDir(), "USB")
		src := &fakeSource{}
		s, results, stop := start(t, src, Options{Dir: usb, Keep: 2})
		defer stop()
		synctest.Wait()
		st := s.Status()
		if !strings.Contains(st.LastError, "is not available") || !st.LastBackup.IsZero() || !st.Next.Equal(time.Now().Add(DefaultRetry)) {
			t.Fatalf("status with the drive missing: %+v", st)
		}
		if _, err := os.Stat(usb); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("the missing folder was created: %v", err)
		}
		// A trigger while the drive is still missing fails too, and keeps
		// its reason for the retry.
		s.Trigger("visit-end")
		synctest.Wait()
		if r := results(); len(r) != 2 || r[1].Err == nil {
			t.Fatalf("results %+v", r)
		}

		// The drive comes back: the retry succeeds without a trigger.
		if err := os.Mkdir(usb, 0o750); err != nil {
			t.Fatal(err)
		}
		time.Sleep(DefaultRetry)
		synctest.Wait()
		st = s.Status()
		if st.LastError != "" || !st.LastBackup.Equal(time.Now()) || filepath.Base(st.LastFile) != "anterkoper-20000101-071500-visit-end.db" {
			t.Fatalf("status after the drive came back: %+v", st)
		}
		s.Trigger("visit-end")
		synctest.Wait()

		// The copy itself fails (drive full): the old backups stay.
		src.set(nil, errors.New("store: unable to back up: no space left on device"))
		s.Trigger("visit-end")
		synctest.Wait()
		if got := inFolder(t, usb); len(got) != 2 {
			t.Fatalf("after a failed backup the folder holds %v", got)
		}
		if st := s.Status(); !strings.Contains(st.LastError, "no space left") || len(st.LastFile) == 0 {
			t.Fatalf("status %+v", st)
		}
	})
}

func TestTriggersCoalesce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir := t.TempDir()
		touch(t, filepath.Join(dir, "anterkoper-20000101-060000-daily.db")) // today's: no backup at start
		src := &fakeSource{}
		release := make(chan struct{})
		src.set(release, nil)
		s, _, stop := start(t, src, Options{Dir: dir})
		defer stop()
		synctest.Wait()
		s.Trigger("visit-end")
		synctest.Wait()
		if st := s.Status(); !st.Running {
			t.Fatalf("backup not running: %+v", st)
		}
		for _, r := range []string{"visit-end", "visit-end", "shutdown"} {
			s.Trigger(r)
		}
		close(release)
		synctest.Wait()
		want := []string{"anterkoper-20000101-070000-visit-end.db", "anterkoper-20000101-070000-shutdown.db"}
		if got := src.names(); !slices.Equal(got, want) {
			t.Fatalf("backups %v, want %v", got, want)
		}
		s.Trigger("visit-end")
		synctest.Wait()
		if got := src.names(); got[2] != "anterkoper-20000101-070000-visit-end-2.db" {
			t.Fatalf("a name taken in the same second was not made unique: %v", got)
		}
	})
}

func TestShutdownTriggerIsServed(t *testing.T) {
	for range 10 { // Serve sees the trigger and the cancellation in either order
		synctest.Test(t, func(t *testing.T) {
			dir := t.TempDir()
			touch(t, filepath.Join(dir, "anterkoper-20000101-060000-daily.db"))
			src := &fakeSource{}
			s, _, stop := start(t, src, Options{Dir: dir})
			synctest.Wait()
			s.Trigger("shutdown")
			stop()
			if got := src.names(); !slices.Equal(got, []string{"anterkoper-20000101-070000-shutdown.db"}) {
				t.Fatalf("backups at shutdown: %v", got)
			}
		})
	}
}

func TestCleanReason(t *testing.T) {
	for in, want := range map[string]string{
		"visit-end": "visit-end", "Visit end!": "visit-end", "  ": "backup", "../../etc": "etc",
		"kunjungan_SD N 1": "kunjungan-sd-n-1", strings.Repeat("a", 50): strings.Repeat("a", 32),
	} {
		if got := CleanReason(in); got != want {
			t.Errorf("CleanReason(%q) = %q, want %q", in, got, want)
		}
		if _, ok := parseName(FileName(time.Now(), in)); !ok {
			t.Errorf("FileName for %q does not parse back", in)
		}
	}
}

// TestWithTheRealStore runs the service over a real database (outside a
// bubble: SQLite's connection pool is not bubble-aware) and checks the copy.
func TestWithTheRealStore(t *testing.T) {
	ctx := context.Background()
	db, err := store.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	loc, _ := db.CreateLocation(ctx, circulation.Location{Name: "SD N 1 Ungaran", Kind: "school", Level: "SD"})
	visit, _ := db.CreateVisit(ctx, circulation.Visit{LocationID: loc, Date: "2026-11-27"})
	e := circulation.Event{VisitID: visit, Type: circulation.EventScan, Code: "B1", Mode: circulation.ModePack, Outcome: circulation.Unknown}
	if err := db.AppendEvent(ctx, &e); err != nil {
		t.Fatal(err)
	}
	done := make(chan Result, 4)
	s, err := New(db, Options{Dir: t.TempDir(), OnResult: func(r Result) { done <- r }})
	if err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithCancel(ctx)
	served := make(chan error)
	go func() { served <- s.Serve(sctx) }()
	r := <-done // the first backup of the day
	s.Trigger("shutdown")
	cancel()
	if err := <-served; err != nil {
		t.Fatal(err)
	}
	last := <-done
	if r.Err != nil || last.Err != nil || !strings.HasSuffix(last.File, "-shutdown.db") {
		t.Fatalf("results %+v, %+v", r, last)
	}
	b, err := store.OpenReadOnly(last.File)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	rep, err := b.Check(ctx)
	if err != nil || !rep.OK() || rep.Counts.Events != 1 {
		t.Fatalf("backup check: %+v, %v", rep, err)
	}
}

func TestBackupsMirrorThePhotos(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dir, data := t.TempDir(), t.TempDir()
		photos := filepath.Join(data, "photos")
		os.MkdirAll(photos, 0o750)
		touch(t, filepath.Join(photos, "visit-3-a.jpg"))
		_, results, stop := start(t, &fakeSource{}, Options{Dir: dir, Mirror: []string{photos, filepath.Join(data, "exports")}})
		synctest.Wait()
		stop()
		if r := results(); len(r) != 1 || r[0].Err != nil {
			t.Fatalf("results %+v", r)
		}
		if got := inFolder(t, filepath.Join(dir, "photos")); !slices.Equal(got, []string{"visit-3-a.jpg"}) {
			t.Fatalf("mirrored photos %v", got)
		}
		if _, err := os.Stat(filepath.Join(dir, "exports")); err == nil {
			t.Fatal("an empty (missing) folder was mirrored as a folder")
		}
	})
}
