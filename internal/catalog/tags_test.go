package catalog

import (
	"errors"
	"strings"
	"testing"
)

func TestParseTags(t *testing.T) {
	in := "epc,item_code\r\n" +
		"e2003016 6613 0121 1550 74ef,B00001\n" +
		"000000000000000000000313,B00002\n" +
		"\n" +
		"XYZ,B00003\n" +
		"0313,\n" +
		"000000000000000000000313,B00004\n" +
		"ABC,B00005\n" +
		"1234,B1,extra\n"
	tags, bad, err := ParseTags(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Tag{{"E200301666130121155074EF", "B00001"}, {"000000000000000000000313", "B00002"}}
	if len(tags) != 2 || tags[0] != want[0] || tags[1] != want[1] {
		t.Fatalf("tags %+v", tags)
	}
	wantBad := map[int]error{5: ErrBadEPC, 6: ErrNoCode, 7: ErrDuplicateEPC, 8: ErrBadEPC, 9: ErrFieldCount}
	if len(bad) != len(wantBad) {
		t.Fatalf("bad rows %v", bad)
	}
	for _, b := range bad {
		if !errors.Is(b, wantBad[b.Line]) {
			t.Errorf("line %d: %v, want %v", b.Line, b.Err, wantBad[b.Line])
		}
	}
	// Without a header.
	tags, bad, _ = ParseTags(strings.NewReader("0A0B,B9\n"))
	if len(tags) != 1 || len(bad) != 0 || tags[0].EPC != "0A0B" {
		t.Fatalf("headerless: %+v %v", tags, bad)
	}
}

func FuzzParseTags(f *testing.F) {
	for _, s := range []string{"epc,item_code\n0A0B,B1\n", "\"0A0B\",\"B\"\"1\"\n", "zz,\n", "0a0b,B1,x\n0a0b,B2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		tags, bad, err := ParseTags(strings.NewReader(in))
		if err != nil {
			return
		}
		lines := strings.Count(in, "\n") + 1
		for _, tg := range tags {
			if _, err := NormalizeEPC(tg.EPC); err != nil || tg.ItemCode == "" {
				t.Fatalf("bad tag returned: %+v", tg)
			}
		}
		for _, b := range bad {
			if b.Line < 1 || b.Line > lines {
				t.Fatalf("line %d outside 1..%d", b.Line, lines)
			}
		}
	})
}

// INLIS Lite exports name the item code NomorBarcode and carry the tag's
// EPC in RFID.
func TestPlainCSVWithRFIDColumn(t *testing.T) {
	in := "NomorBarcode,title,RFID\nB1,Timun Mas,e200 3016 6613\nB2,Si Kancil,\nB3,Malin Kundang,XYZ\n"
	items, bad, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].RFID != "E20030166613" || items[1].RFID != "" {
		t.Fatalf("items %+v", items)
	}
	if len(bad) != 1 || bad[0].Line != 4 || !errors.Is(bad[0], ErrBadEPC) {
		t.Fatalf("bad %v", bad)
	}
}
