package tagdata

import (
	"bytes"
	"errors"
	"testing"
)

func FuzzDecode(f *testing.F) {
	for _, s := range []string{danishExample, danishParts32, danishParts23, threeMExample} {
		b := mustHex(f, s)
		f.Add(b)
		f.Add(ReverseBlocks(b))
	}
	f.Add([]byte{})
	f.Add(make([]byte, 32))
	f.Fuzz(func(t *testing.T, mem []byte) {
		check(t, mem)
		// Mutations almost never keep a valid CRC; fixing it up lets the
		// fuzzer explore the rest of the ISO 28560-3 checks.
		if len(mem) >= BlockSize {
			fixed := bytes.Clone(mem)
			c := blockCRC(fixed)
			fixed[19], fixed[20] = byte(c), byte(c>>8)
			check(t, fixed)
			check(t, ReverseBlocks(fixed))
		}
	})
}

// check decodes mem and, if it is a tag of a built-in model, re-encodes it
// to the same block and decodes that to the same Tag.
func check(t *testing.T, mem []byte) {
	tag, err := Decode(mem)
	if err != nil {
		if !errors.Is(err, ErrShort) && !errors.Is(err, ErrBadCRC) && !errors.Is(err, ErrUnknownLayout) {
			t.Fatalf("error %v wraps no sentinel", err)
		}
		return
	}
	var enc []byte
	switch tag.Model {
	case ModelISO28560_3:
		enc, err = EncodeISO28560_3(tag)
	case Model3M501:
		enc, err = Encode3M501(tag)
	default:
		return // a layout registered by a test
	}
	if err != nil {
		t.Fatalf("re-encode %+v: %v", tag, err)
	}
	if !bytes.Equal(enc, mem[:BlockSize]) {
		t.Fatalf("re-encoded % X\nfrom      % X", enc, mem[:BlockSize])
	}
	again, err := Decode(enc)
	if err != nil || again != tag {
		t.Fatalf("decoded again %+v %v\nfirst %+v", again, err, tag)
	}
	if _, err := tag.MarshalJSON(); err != nil {
		t.Fatal(err)
	}
}
