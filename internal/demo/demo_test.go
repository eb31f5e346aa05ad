package demo

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"anterkoper/circulation"
	"anterkoper/internal/catalog"
)

func TestItems(t *testing.T) {
	items := Items()
	if len(items) < 320 {
		t.Fatalf("%d items; want at least 320", len(items))
	}
	codeRE := regexp.MustCompile(`^B[0-9]{5}$`)
	callRE := regexp.MustCompile(`^[0-9]{3}(\.[0-9]+)?( [0-9]+)? [A-Z]{3}$`)
	codes := make(map[string]bool)
	perLevel := make(map[string]int)
	withISBN := 0
	byTitle := make(map[string]circulation.Item)
	for _, it := range items {
		if !codeRE.MatchString(it.Code) {
			t.Errorf("code %q is not SLiMS style B00001", it.Code)
		}
		if codes[it.Code] {
			t.Errorf("code %q used twice", it.Code)
		}
		codes[it.Code] = true
		if strings.TrimSpace(it.Title) != it.Title || it.Title == "" || strings.Contains(it.Title, "  ") || !utf8.ValidString(it.Title) {
			t.Errorf("%s: bad title %q", it.Code, it.Title)
		}
		if it.Author == "" {
			t.Errorf("%s: no author", it.Code)
		}
		if !callRE.MatchString(it.CallNumber) {
			t.Errorf("%s: call number %q is not DDC-like", it.Code, it.CallNumber)
		}
		if lvl, ok := circulation.NormalizeLevel(it.Level); !ok || lvl != it.Level || lvl == "" {
			t.Errorf("%s: level %q", it.Code, it.Level)
		}
		perLevel[it.Level]++
		if it.ISBN != "" {
			withISBN++
			if !validISBN13(it.ISBN) {
				t.Errorf("%s: invalid ISBN-13 %q", it.Code, it.ISBN)
			}
		}
		// Copies of one title are catalogued alike.
		if prev, ok := byTitle[it.Title]; ok && (prev.Author != it.Author || prev.ISBN != it.ISBN || prev.CallNumber != it.CallNumber || prev.Level != it.Level) {
			t.Errorf("copies of %q differ: %+v and %+v", it.Title, prev, it)
		}
		byTitle[it.Title] = it
	}
	for _, lvl := range []string{circulation.LevelSD, circulation.LevelSMP, circulation.LevelSMA, circulation.LevelUmum} {
		if perLevel[lvl] < 60 {
			t.Errorf("level %s has %d items; want at least 60", lvl, perLevel[lvl])
		}
	}
	if withISBN < 20 {
		t.Errorf("%d items with an ISBN; want at least 20", withISBN)
	}
	if len(byTitle) < 200 {
		t.Errorf("%d distinct titles; want at least 200", len(byTitle))
	}
	for _, want := range []string{"Si Kancil dan Buaya", "Malin Kundang", "Timun Mas", "Bawang Merah Bawang Putih",
		"Matematika untuk SD Kelas 4", "IPA Terpadu SMP Kelas VIII", "Sejarah Indonesia SMA Kelas X"} {
		if _, ok := byTitle[want]; !ok {
			t.Errorf("no item titled %q", want)
		}
	}
	if !slices.Equal(items, Items()) {
		t.Error("Items is not deterministic")
	}
}

func validISBN13(s string) bool {
	if len(s) != 13 || !(strings.HasPrefix(s, "978") || strings.HasPrefix(s, "979")) {
		return false
	}
	sum := 0
	for i, c := range s {
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return sum%10 == 0
}

func TestValidISBN13(t *testing.T) {
	// 978-602-8519-93-9 is a real Indonesian ISBN; the others are damaged.
	for s, want := range map[string]bool{
		"9786028519939": true,
		"9786028519938": false,
		"978602851993":  false,
		"1234567890128": false,
	} {
		if got := validISBN13(s); got != want {
			t.Errorf("validISBN13(%q) = %v; want %v", s, got, want)
		}
	}
}

// TestItemsImport checks that the demo catalog is valid import input: written
// as a plain CSV, catalog.Parse takes every item back unchanged.
func TestItemsImport(t *testing.T) {
	items := Items()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"item_code", "title", "author", "isbn", "level", "call_number"})
	for _, it := range items {
		w.Write([]string{it.Code, it.Title, it.Author, it.ISBN, it.Level, it.CallNumber})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	got, bad, err := catalog.Parse(&buf)
	if err != nil || len(bad) != 0 {
		t.Fatalf("catalog.Parse: %v, bad rows %v", err, bad)
	}
	if !slices.Equal(got, items) {
		t.Error("items changed on the way through catalog.Parse")
	}
}

func TestLocations(t *testing.T) {
	locs := Locations()
	if len(locs) != 4 {
		t.Fatalf("%d locations; want 4", len(locs))
	}
	kinds := make(map[string]bool)
	for _, l := range locs {
		if l.ID != 0 {
			t.Errorf("%s: ID %d; want 0", l.Name, l.ID)
		}
		if l.Name == "" || l.Address == "" || l.Contact == "" {
			t.Errorf("incomplete location %+v", l)
		}
		if k, ok := circulation.NormalizeKind(l.Kind); !ok || k != l.Kind {
			t.Errorf("%s: kind %q", l.Name, l.Kind)
		}
		if lvl, ok := circulation.NormalizeLevel(l.Level); !ok || lvl != l.Level || lvl == "" {
			t.Errorf("%s: level %q", l.Name, l.Level)
		}
		if l.Status == circulation.StatusActive {
			kinds[l.Kind] = true
			if l.Lat == nil || l.Lon == nil || l.TravelMinutes == 0 {
				t.Errorf("%s: an active location without its point or travel time", l.Name)
			}
		} else if l.Status != circulation.StatusNew {
			t.Errorf("%s: status %q", l.Name, l.Status)
		}
	}
	if len(kinds) != 3 {
		t.Errorf("active kinds %v; want three different ones", kinds)
	}
}

func TestBasketLabels(t *testing.T) {
	got := BasketLabels()
	want := []string{"KRJ-01", "KRJ-02", "KRJ-03", "KRJ-04", "KRJ-05", "KRJ-06"}
	if !slices.Equal(got, want) {
		t.Errorf("BasketLabels() = %v; want %v", got, want)
	}
	codes := make(map[string]bool)
	for _, it := range Items() {
		codes[it.Code] = true
	}
	for _, l := range got {
		if codes[l] {
			t.Errorf("basket label %q is also an item code", l)
		}
	}
}
