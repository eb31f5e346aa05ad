package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

func writeQR(t *testing.T, dir, name, text string) string {
	t.Helper()
	m, err := qrcode.NewQRCodeWriter().Encode(text, gozxing.BarcodeFormat_QR_CODE, 200, 200, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, m); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDecodeCommand(t *testing.T) {
	dir := t.TempDir()
	code := writeQR(t, dir, "label.png", "anterkoper:item/42")
	blank := filepath.Join(dir, "blank.png")
	if err := os.WriteFile(blank, blankPNG(t), 0o644); err != nil {
		t.Fatal(err)
	}
	junk := filepath.Join(dir, "junk.png")
	if err := os.WriteFile(junk, []byte("not an image"), 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("codes and nothing", func(t *testing.T) {
		out, _, err := call(t, runDecode, code, blank)
		if err != nil {
			t.Fatal(err)
		}
		lines := decodeLines(t, out)
		if len(lines) != 2 {
			t.Fatalf("got %d lines, want 2:\n%s", len(lines), out)
		}
		want := `{"file":"` + code + `","results":[{"format":"QR_CODE","text":"anterkoper:item/42","symbology":"]Q1"}]`
		if !strings.HasPrefix(strings.Split(out, "\n")[0], want) {
			t.Errorf("line 1 = %s, want prefix %s", strings.Split(out, "\n")[0], want)
		}
		if _, ok := lines[0]["ms"].(float64); !ok {
			t.Errorf("ms = %v, want a number", lines[0]["ms"])
		}
		if r, ok := lines[1]["results"].([]any); !ok || len(r) != 0 {
			t.Errorf("blank: results = %v, want []", lines[1]["results"])
		}
	})
	t.Run("unreadable file", func(t *testing.T) {
		missing := filepath.Join(dir, "missing.png")
		out, _, err := call(t, runDecode, junk, missing, code)
		if err == nil {
			t.Fatal("want an error for unreadable files")
		}
		lines := decodeLines(t, out)
		if len(lines) != 3 || lines[0]["error"] == nil || lines[1]["error"] == nil || lines[2]["error"] != nil {
			t.Errorf("got %s", out)
		}
		if lines[1]["file"] != missing {
			t.Errorf("file = %v, want %s as given", lines[1]["file"], missing)
		}
	})
	t.Run("no files", func(t *testing.T) {
		if _, _, err := call(t, runDecode); exitCode(err) != 2 {
			t.Errorf("got %v, want a usage error", err)
		}
	})
}

// blankPNG is a white 200×200 PNG: no code in it.
func blankPNG(t *testing.T) []byte {
	t.Helper()
	m := image.NewGray(image.Rect(0, 0, 200, 200))
	for i := range m.Pix {
		m.Pix[i] = 255
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func decodeLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		lines = append(lines, m)
	}
	return lines
}
