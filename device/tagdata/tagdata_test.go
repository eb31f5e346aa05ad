package tagdata

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// Vectors from specs/rfid.md, and the same block with the parts bytes set
// to 3/2 and 2/3 (CRCs computed independently of this package).
const (
	danishExample = "11 01 01 31 31 32 32 33 33 34 34 00 00 00 00 00 00 00 00 51 3E 44 45 37 30 35 00 00 00 00 00 00"
	danishParts32 = "11 03 02 31 31 32 32 33 33 34 34 00 00 00 00 00 00 00 00 03 29 44 45 37 30 35 00 00 00 00 00 00"
	danishParts23 = "11 02 03 31 31 32 32 33 33 34 34 00 00 00 00 00 00 00 00 35 AE 44 45 37 30 35 00 00 00 00 00 00"
	threeMExample = "04 11 00 00 32 30 30 39 30 31 30 31 30 31 32 33 00 00 00 00 FF FF FF FF 7F FF FF FF 00 00 00 00"
)

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var danishTag = Tag{
	Model:      ModelISO28560_3,
	ItemID:     "11223344",
	Usage:      Usage{Name: "circulation", Code: 1},
	PartsTotal: 1,
	PartNumber: 1,
	PartsOrder: PartsTotalFirst,
	Country:    "DE",
	ISIL:       "705",
	CRC:        0x3E51,
	Version:    1,
}

var threeMTag = Tag{
	Model:    Model3M501,
	ItemID:   "200901010123",
	SetIndex: 1,
	SetTotal: 1,
	ItemType: 0,
	Branch:   4095,
	Library:  1048575,
	Custom:   2147483647,
}

func with(t Tag, f func(*Tag)) Tag {
	f(&t)
	return t
}

func TestCRC16(t *testing.T) {
	for in, want := range map[string]CRC{
		"RFID tag data model": 0x1AEE, // specs/rfid.md
		"123456789":           0x29B1, // the catalogue check value of CRC-16/CCITT-FALSE
		"":                    0xFFFF,
	} {
		if got := CRC16([]byte(in)); got != want {
			t.Errorf("CRC16(%q) = %v, want %v", in, got, want)
		}
	}
	if got := blockCRC(mustHex(t, danishExample)); got != 0x3E51 {
		t.Errorf("CRC of the spec's example block = %v, want 0x3E51", got)
	}
}

func TestDecodeVectors(t *testing.T) {
	for _, tc := range []struct {
		name string
		hex  string
		want Tag
	}{
		{"danish example", danishExample, danishTag},
		{"danish parts 3/2", danishParts32, with(danishTag, func(t *Tag) { t.PartsTotal, t.PartNumber, t.CRC = 3, 2, 0x2903 })},
		{"danish parts 2/3, part number first", danishParts23, with(danishTag, func(t *Tag) {
			t.PartsTotal, t.PartNumber, t.PartsOrder, t.CRC = 3, 2, PartsPartFirst, 0xAE35
		})},
		{"3m example", threeMExample, threeMTag},
	} {
		block := mustHex(t, tc.hex)
		for _, rev := range []bool{false, true} {
			in, want := block, tc.want
			if rev {
				in, want.ByteReversed = ReverseBlocks(block), true
			}
			kept := bytes.Clone(in)
			got, err := Decode(in)
			if err != nil {
				t.Fatalf("%s (reversed %v): %v", tc.name, rev, err)
			}
			if got != want {
				t.Errorf("%s (reversed %v):\n got %+v\nwant %+v", tc.name, rev, got, want)
			}
			if !bytes.Equal(in, kept) {
				t.Errorf("%s: Decode modified its input", tc.name)
			}
			// A driver may pass all the memory it read.
			long := append(bytes.Clone(in), bytes.Repeat([]byte{0xA5}, 80)...)
			if got, err := Decode(long); err != nil || got != want {
				t.Errorf("%s (reversed %v) followed by more memory: %+v %v", tc.name, rev, got, err)
			}
		}
	}
}

// A block of one built-in layout is never taken for the other, in either
// byte order.
func TestLayoutsDoNotOverlap(t *testing.T) {
	for _, tc := range []struct {
		hex   string
		other Layout
	}{
		{danishExample, ThreeM501},
		{danishParts23, ThreeM501},
		{threeMExample, ISO28560_3},
	} {
		for _, b := range [][]byte{mustHex(t, tc.hex), ReverseBlocks(mustHex(t, tc.hex))} {
			if tag, err := tc.other.Decode(b); !errors.Is(err, ErrUnknownLayout) {
				t.Errorf("%s decoded % X: %+v %v", tc.other.Name(), b, tag, err)
			}
		}
	}
	// Nor is a 3M block whose item type happens to look like a Danish
	// version/usage byte, read reversed.
	b := mustHex(t, threeMExample)
	b[3] = 0x11
	if tag, err := Decode(b); err != nil || tag.Model != Model3M501 || tag.ItemType != 0x11 || tag.ByteReversed {
		t.Errorf("3M block with item type 0x11: %+v %v", tag, err)
	}
}

func TestBadCRC(t *testing.T) {
	block := mustHex(t, danishExample)
	for _, tc := range []struct {
		name             string
		byte, bit        int
		reversed         bool
		stored, computed CRC
	}{
		{"CRC low byte", 19, 0, false, 0x3E50, 0x3E51},
		{"CRC high byte", 20, 7, false, 0xBE51, 0x3E51},
		{"usage", 0, 1, false, 0x3E51, 0},
		{"parts", 2, 3, false, 0x3E51, 0},
		{"item id", 3, 0, false, 0x3E51, 0},
		{"ISIL", 25, 0, false, 0x3E51, 0},
		{"CRC low byte, blocks reversed", 19, 2, true, 0x3E55, 0x3E51},
	} {
		b := bytes.Clone(block)
		b[tc.byte] ^= 1 << tc.bit
		if tc.reversed {
			b = ReverseBlocks(b)
		}
		_, err := Decode(b)
		var ce *CRCError
		if !errors.Is(err, ErrBadCRC) || !errors.As(err, &ce) {
			t.Fatalf("%s: err %v, want a CRCError", tc.name, err)
		}
		if ce.Layout != ModelISO28560_3 || ce.Stored != tc.stored || ce.Reversed != tc.reversed ||
			(tc.computed != 0 && ce.Computed != tc.computed) || ce.Computed == ce.Stored {
			t.Errorf("%s: %+v", tc.name, *ce)
		}
		if !strings.Contains(err.Error(), "block says "+tc.stored.String()+", computed "+ce.Computed.String()) {
			t.Errorf("%s: message %q", tc.name, err)
		}
	}

	// No single flipped bit anywhere in the block makes it decode: either
	// the CRC fails or the block no longer has the model's shape.
	for i := range len(block) * 8 {
		b := bytes.Clone(block)
		b[i/8] ^= 1 << (i % 8)
		tag, err := Decode(b)
		if !errors.Is(err, ErrBadCRC) && !errors.Is(err, ErrUnknownLayout) {
			t.Errorf("bit %d flipped: %+v %v", i, tag, err)
		}
	}
}

func TestShortAndUnknown(t *testing.T) {
	for _, n := range []int{0, 1, 4, 31} {
		_, err := Decode(make([]byte, n))
		if !errors.Is(err, ErrShort) || errors.Is(err, ErrUnknownLayout) {
			t.Errorf("%d bytes: %v", n, err)
		}
	}
	if _, err := Decode(make([]byte, 31)); err == nil || !strings.Contains(err.Error(), "31 bytes, want 32") {
		t.Errorf("short message: %v", err)
	}

	_, err := Decode(make([]byte, 32)) // a blank tag
	if !errors.Is(err, ErrUnknownLayout) ||
		!strings.Contains(err.Error(), "iso28560-3: version nibble is 0, want 1") ||
		!strings.Contains(err.Error(), "3m-501: byte 0 is 0x00, want 0x04") {
		t.Errorf("blank block: %v", err)
	}

	b := mustHex(t, danishExample)
	b[0] = 0x21
	b[19], b[20] = 0, 0
	c := blockCRC(b)
	b[19], b[20] = byte(c), byte(c>>8)
	if _, err := Decode(b); !errors.Is(err, ErrUnknownLayout) || !strings.Contains(err.Error(), "version 2 is not supported") {
		t.Errorf("version 2: %v", err)
	}

	rng := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		b := make([]byte, 32+rng.IntN(64))
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		if tag, err := Decode(b); !errors.Is(err, ErrUnknownLayout) {
			t.Fatalf("random % X: %+v %v", b, tag, err)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name   string
		encode func(Tag) ([]byte, error)
		tag    Tag
	}{
		{"danish example", EncodeISO28560_3, danishTag},
		{"danish minimal", EncodeISO28560_3, Tag{ItemID: "B00001", Usage: UsageOf(1), PartsTotal: 1, PartNumber: 1}},
		{"danish full fields", EncodeISO28560_3, Tag{ItemID: "1234567890ABCDEF", Usage: UsageOf(9), PartsTotal: 255, PartNumber: 254,
			Country: "ID", ISIL: "JTG-12345", ByteReversed: true}},
		{"danish part first", EncodeISO28560_3, Tag{ItemID: "X", Usage: UsageOf(8), PartsTotal: 4, PartNumber: 2, PartsOrder: PartsPartFirst}},
		{"danish unknown usage", EncodeISO28560_3, Tag{ItemID: "X", Usage: UsageOf(5), PartsTotal: 1, PartNumber: 1}},
		{"danish blank", EncodeISO28560_3, Tag{}},
		{"3m example", Encode3M501, threeMTag},
		{"3m reversed", Encode3M501, with(threeMTag, func(t *Tag) { t.ByteReversed = true })},
		{"3m small", Encode3M501, Tag{ItemID: "B1", SetIndex: 2, SetTotal: 3, ItemType: 1, Branch: 7, Library: 12345, Custom: -42}},
	} {
		b, err := tc.encode(tc.tag)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got, err := Decode(b)
		if err != nil {
			t.Fatalf("%s: decode % X: %v", tc.name, b, err)
		}
		want := tc.tag
		if want.Model == "" {
			if got.Model == ModelISO28560_3 {
				want.Model, want.Version, want.CRC = ModelISO28560_3, 1, got.CRC
				want.Usage = UsageOf(want.Usage.Code)
				if want.PartsOrder == "" {
					want.PartsOrder = PartsTotalFirst
				}
			} else {
				want.Model = Model3M501
			}
		}
		if got != want {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got, want)
		}
		if again, _ := tc.encode(got); !bytes.Equal(again, b) {
			t.Errorf("%s: re-encoded % X, first % X", tc.name, again, b)
		}
	}
	if b, _ := EncodeISO28560_3(danishTag); !bytes.Equal(b, mustHex(t, danishExample)) {
		t.Errorf("encoded example % X", b)
	}
	if b, _ := Encode3M501(threeMTag); !bytes.Equal(b, mustHex(t, threeMExample)) {
		t.Errorf("encoded 3M example % X", b)
	}
}

func TestEncodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		encode func(Tag) ([]byte, error)
		tag    Tag
		want   string
	}{
		{"danish wrong model", EncodeISO28560_3, threeMTag, "cannot encode a 3m-501 tag"},
		{"danish version", EncodeISO28560_3, Tag{Version: 2}, "version 2"},
		{"danish usage", EncodeISO28560_3, Tag{Usage: Usage{Code: 16}}, "nibble"},
		{"danish parts range", EncodeISO28560_3, Tag{PartsTotal: 256}, "want 0-255"},
		{"danish part > total", EncodeISO28560_3, Tag{PartsTotal: 1, PartNumber: 2}, "larger than"},
		{"danish order", EncodeISO28560_3, Tag{PartsOrder: "sideways"}, "parts order"},
		{"danish long id", EncodeISO28560_3, Tag{ItemID: "12345678901234567"}, "longer than 16"},
		{"danish id not ascii", EncodeISO28560_3, Tag{ItemID: "bük"}, "not printable"},
		{"danish country", EncodeISO28560_3, Tag{Country: "DEU"}, "country"},
		{"danish isil", EncodeISO28560_3, Tag{ISIL: "1234567890"}, "ISIL"},
		{"3m wrong model", Encode3M501, danishTag, "cannot encode a iso28560-3 tag"},
		{"3m no barcode", Encode3M501, Tag{}, "needs a barcode"},
		{"3m barcode control char", Encode3M501, Tag{ItemID: "a\nb"}, "not printable"},
		{"3m set", Encode3M501, Tag{ItemID: "1", SetTotal: 16}, "set"},
		{"3m type", Encode3M501, Tag{ItemID: "1", ItemType: 256}, "item type"},
		{"3m branch", Encode3M501, Tag{ItemID: "1", Branch: 4096}, "branch"},
		{"3m library", Encode3M501, Tag{ItemID: "1", Library: -1}, "library"},
	} {
		b, err := tc.encode(tc.tag)
		if err == nil || b != nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "tagdata: ") {
			t.Errorf("%s: % X %v, want error with %q", tc.name, b, err, tc.want)
		}
	}
}

func TestJSON(t *testing.T) {
	for _, tc := range []struct {
		tag  Tag
		want string
	}{
		{danishTag, `{"model":"iso28560-3","item_id":"11223344","usage":{"name":"circulation","code":1},` +
			`"parts_total":1,"part_number":1,"parts_order":"total-first","country":"DE","isil":"705",` +
			`"crc":"0x3E51","byte_reversed":false,"version":1}`},
		{with(danishTag, func(t *Tag) { t.Usage, t.Country = UsageOf(0), "" }), `{"model":"iso28560-3","item_id":"11223344",` +
			`"usage":{"name":"acquisition","code":0},"parts_total":1,"part_number":1,"parts_order":"total-first",` +
			`"country":"","isil":"705","crc":"0x3E51","byte_reversed":false,"version":1}`},
		{threeMTag, `{"model":"3m-501","item_id":"200901010123","set_index":1,"set_total":1,"branch":4095,` +
			`"library":1048575,"item_type":0,"custom":2147483647,"byte_reversed":false}`},
		{Tag{Model: "future", ItemID: "x", Branch: 3}, `{"model":"future","item_id":"x","branch":3}`},
	} {
		b, err := json.Marshal(tc.tag)
		if err != nil || string(b) != tc.want {
			t.Errorf("%v\n got %s\nwant %s", err, b, tc.want)
		}
		var back Tag
		if err := json.Unmarshal(b, &back); err != nil || back != tc.tag {
			t.Errorf("unmarshal %s: %+v %v", b, back, err)
		}
	}
}

func TestUsageOf(t *testing.T) {
	for code, want := range map[uint8]string{0: "acquisition", 1: "circulation", 2: "not_for_circulation",
		7: "discarded", 8: "patron_card", 9: "library_equipment", 3: "unknown(3)", 15: "unknown(15)"} {
		if u := UsageOf(code); u.Name != want || u.Code != code || u.String() != want {
			t.Errorf("UsageOf(%d) = %+v", code, u)
		}
	}
}

func TestReverseBlocks(t *testing.T) {
	in := []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	got := ReverseBlocks(in)
	if want := []byte{4, 3, 2, 1, 8, 7, 6, 5, 9, 10}; !bytes.Equal(got, want) {
		t.Errorf("ReverseBlocks = %v, want %v", got, want)
	}
	if in[0] != 1 || !bytes.Equal(ReverseBlocks(got), in) {
		t.Errorf("input changed or reversing twice is not the identity")
	}
	if len(ReverseBlocks(nil)) != 0 {
		t.Error("ReverseBlocks(nil) not empty")
	}
}

// magic is a layout a test registers: "TEST" followed by an item id.
type magic struct{}

func (magic) Name() string { return "test-magic" }
func (magic) Decode(b []byte) (Tag, error) {
	if len(b) < 8 {
		return Tag{}, tooShort(len(b), 8)
	}
	if string(b[:4]) != "TEST" {
		return Tag{}, notThis("test-magic", "no magic")
	}
	return Tag{Model: "test-magic", ItemID: string(b[4:8])}, nil
}

// A new layout is added by registering it; the built-in ones keep their
// precedence.
func TestRegister(t *testing.T) {
	Register(magic{})
	ls := Layouts()
	if len(ls) != 3 || ls[0] != ISO28560_3 || ls[1] != ThreeM501 || ls[2].Name() != "test-magic" {
		t.Fatalf("layouts %v", ls)
	}
	if tag, err := Decode([]byte("TESTabcd")); err != nil || tag.ItemID != "abcd" || tag.ByteReversed {
		t.Errorf("registered layout: %+v %v", tag, err)
	}
	if tag, err := Decode([]byte("TSETdcba")); err != nil || tag.ItemID != "abcd" || !tag.ByteReversed {
		t.Errorf("registered layout, reversed: %+v %v", tag, err)
	}
	// Too short for the built-ins but long enough for the new layout:
	// not ErrShort any more.
	if _, err := Decode([]byte("NOPEabcd")); !errors.Is(err, ErrUnknownLayout) || !strings.Contains(err.Error(), "test-magic: no magic") {
		t.Errorf("8 unknown bytes: %v", err)
	}
	if tag, err := Decode(mustHex(t, danishExample)); err != nil || !reflect.DeepEqual(tag, danishTag) {
		t.Errorf("built-in after Register: %+v %v", tag, err)
	}
	defer func() {
		if recover() == nil {
			t.Error("registering a name twice did not panic")
		}
	}()
	Register(magic{})
}
