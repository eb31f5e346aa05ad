package backup

import (
	"os"
	"path/filepath"
	"testing"
)

func TestMirrorCopiesNewFilesOnly(t *testing.T) {
	src, dst := t.TempDir(), filepath.Join(t.TempDir(), "photos")
	write := func(dir, name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	write(src, "visit-1-a.jpg", "aaaa")
	write(src, "visit-1-b.jpg", "bb")
	write(src, ".tmp-123", "half")
	n, err := Mirror(src, dst)
	if err != nil || n != 2 {
		t.Fatalf("first mirror: %d, %v", n, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dst, "visit-1-a.jpg")); string(b) != "aaaa" {
		t.Fatalf("copy holds %q", b)
	}
	if _, err := os.Stat(filepath.Join(dst, ".tmp-123")); err == nil {
		t.Fatal("a temporary file was mirrored")
	}
	write(src, "visit-2-a.jpg", "cc")
	os.Remove(filepath.Join(src, "visit-1-b.jpg")) // gone from the laptop: the backup keeps it
	if n, err := Mirror(src, dst); err != nil || n != 1 {
		t.Fatalf("second mirror: %d, %v", n, err)
	}
	if _, err := os.Stat(filepath.Join(dst, "visit-1-b.jpg")); err != nil {
		t.Fatal("a file deleted at the source was deleted in the backup")
	}
	if n, err := Mirror(filepath.Join(src, "none"), dst); err != nil || n != 0 {
		t.Fatalf("a missing source: %d, %v", n, err)
	}
}
