package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"anterkoper/device/tagdata"
)

// captureRFID is capture for runRFID, which the dispatcher in run.go may
// not know yet.
func captureRFID(t *testing.T, args ...string) (stdout string, err error) {
	t.Helper()
	dir := t.TempDir()
	outF, ferr := os.Create(filepath.Join(dir, "out"))
	errF, ferr2 := os.Create(filepath.Join(dir, "err")) // flag's complaints
	if ferr != nil || ferr2 != nil {
		t.Fatal(ferr, ferr2)
	}
	oldOut, oldErr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = outF, errF
	err = runRFID(context.Background(), args)
	os.Stdout, os.Stderr = oldOut, oldErr
	outF.Close()
	errF.Close()
	o, _ := os.ReadFile(outF.Name())
	return string(o), err
}

const (
	rfidDanish = "11 01 01 31 31 32 32 33 33 34 34 00 00 00 00 00 00 00 00 51 3E 44 45 37 30 35 00 00 00 00 00 00"
	rfid3M     = "04 11 00 00 32 30 30 39 30 31 30 31 30 31 32 33 00 00 00 00 FF FF FF FF 7F FF FF FF 00 00 00 00"
)

func TestRFIDDecode(t *testing.T) {
	colons := strings.ReplaceAll(rfidDanish, " ", ":")
	for _, tc := range []struct {
		name string
		args []string
		want string // a line of the JSON
		id   string
	}{
		{"one argument per byte", append([]string{"decode"}, strings.Fields(rfidDanish)...), `"isil": "705",`, "11223344"},
		{"one quoted argument", []string{"decode", rfidDanish}, `"crc": "0x3E51",`, "11223344"},
		{"colons", []string{"decode", colons}, `"country": "DE",`, "11223344"},
		{"no separators", []string{"decode", strings.ReplaceAll(rfidDanish, " ", "")}, `"parts_order": "total-first",`, "11223344"},
		{"groups of 4", []string{"decode", "11010131", strings.ReplaceAll(rfidDanish, " ", "")[8:]}, `"version": 1`, "11223344"},
		{"3M", []string{"decode", rfid3M}, `"item_type": 0,`, "200901010123"},
		{"3M reversed, flag-style terminator", []string{"decode", "--", "00 00 11 04", "39 30 30 32 31 30 31 30 33 32 31 30 00 00 00 00 FF FF FF FF FF FF FF 7F 00 00 00 00"},
			`"byte_reversed": true`, "200901010123"},
	} {
		out, err := captureRFID(t, tc.args...)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var tag tagdata.Tag
		if err := json.Unmarshal([]byte(out), &tag); err != nil || tag.ItemID != tc.id {
			t.Errorf("%s: %v %q", tc.name, err, out)
		}
		if !strings.Contains(out, "\n  "+tc.want+"\n") {
			t.Errorf("%s: output lacks %q:\n%s", tc.name, tc.want, out)
		}
	}
	out, _ := captureRFID(t, "decode", rfidDanish)
	want := `{
  "model": "iso28560-3",
  "item_id": "11223344",
  "usage": {
    "name": "circulation",
    "code": 1
  },
  "parts_total": 1,
  "part_number": 1,
  "parts_order": "total-first",
  "country": "DE",
  "isil": "705",
  "crc": "0x3E51",
  "byte_reversed": false,
  "version": 1
}
`
	if out != want {
		t.Errorf("output\n%s\nwant\n%s", out, want)
	}
}

func TestRFIDErrors(t *testing.T) {
	badCRC := strings.Replace(rfidDanish, "51 3E", "51 3F", 1)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
		is   error
	}{
		{"no subcommand", nil, 2, "usage: anterkoper rfid decode", nil},
		{"unknown subcommand", []string{"encode", "11"}, 2, "usage:", nil},
		{"no bytes", []string{"decode"}, 2, "usage:", nil},
		{"only separators", []string{"decode", ": :"}, 2, "no hex bytes", nil},
		{"not hex", []string{"decode", "11", "zz"}, 2, `"zz" is not hex`, nil},
		{"odd digits", []string{"decode", "1", "10"}, 2, "odd number of hex digits", nil},
		{"unknown flag", []string{"decode", "--frob", "11"}, 2, "frob", nil},
		{"bad CRC", []string{"decode", badCRC}, 1, "rfid: tagdata: CRC mismatch in iso28560-3 block: block says 0x3F51, computed 0x3E51", tagdata.ErrBadCRC},
		{"unknown layout", []string{"decode", strings.Repeat("A5", 32)}, 1, "unknown layout (iso28560-3: version nibble is 10, want 1; 3m-501: byte 0 is 0xA5", tagdata.ErrUnknownLayout},
		{"short", []string{"decode", "11 01 01"}, 1, "3 bytes, want 32", tagdata.ErrShort},
	} {
		out, err := captureRFID(t, tc.args...)
		if err == nil || exitCode(err) != tc.code || !strings.Contains(err.Error(), tc.want) || out != "" {
			t.Errorf("%s: exit %d, err %v, stdout %q; want exit %d and %q", tc.name, exitCode(err), err, out, tc.code, tc.want)
		}
		if tc.is != nil && !errors.Is(err, tc.is) {
			t.Errorf("%s: %v is not %v", tc.name, err, tc.is)
		}
	}
}
