package tagdata

import (
	"encoding/binary"
	"fmt"
)

// 3M "RFID 501" layout, 8 blocks of 4 bytes:
//
//	block 0   0x04, set (high nibble index, low nibble total), 0x00, item type
//	blocks 1-4 barcode, ASCII, NUL padded
//	block 5   branch (12 bits) and library (20 bits), big-endian
//	block 6   custom value, signed 32-bit, big-endian
//	block 7   zero
//
// There is no check value, so every fixed byte is checked and the barcode
// must be non-empty printable ASCII: random memory passes with a
// probability of about 2^-70.
type threeM501 struct{}

func (threeM501) Name() string { return Model3M501 }

func (threeM501) Decode(b []byte) (Tag, error) {
	const name = Model3M501
	if len(b) < BlockSize {
		return Tag{}, tooShort(len(b), BlockSize)
	}
	b = b[:BlockSize]
	if b[0] != 0x04 {
		return Tag{}, notThis(name, "byte 0 is 0x%02X, want 0x04", b[0])
	}
	if b[2] != 0x00 {
		return Tag{}, notThis(name, "byte 2 is 0x%02X, want 0x00", b[2])
	}
	if binary.BigEndian.Uint32(b[28:32]) != 0 {
		return Tag{}, notThis(name, "block 7 is % X, want zero", b[28:32])
	}
	barcode, ok := nulPadded(b[4:20])
	if !ok || barcode == "" {
		return Tag{}, notThis(name, "barcode (blocks 1-4) is not non-empty NUL-padded printable ASCII")
	}
	loc := binary.BigEndian.Uint32(b[20:24])
	return Tag{
		Model:    name,
		ItemID:   barcode,
		SetIndex: int(b[1] >> 4),
		SetTotal: int(b[1] & 0x0F),
		ItemType: int(b[3]),
		Branch:   int(loc >> 20),
		Library:  int(loc & 0xFFFFF),
		Custom:   int32(binary.BigEndian.Uint32(b[24:28])),
	}, nil
}

// Encode3M501 returns the 32-byte 3M 501 block of t. t.Model must be
// Model3M501 or empty; the barcode (t.ItemID) 1-16 printable ASCII bytes;
// SetIndex and SetTotal 0-15, ItemType 0-255, Branch 0-4095, Library
// 0-1048575. With t.ByteReversed each 4-byte block is reversed.
func Encode3M501(t Tag) ([]byte, error) {
	if t.Model != "" && t.Model != Model3M501 {
		return nil, fmt.Errorf("tagdata: cannot encode a %s tag as %s", t.Model, Model3M501)
	}
	if t.ItemID == "" {
		return nil, fmt.Errorf("tagdata: %s needs a barcode", Model3M501)
	}
	switch {
	case t.SetIndex < 0 || t.SetIndex > 15 || t.SetTotal < 0 || t.SetTotal > 15:
		return nil, fmt.Errorf("tagdata: set %d of %d: want 0-15", t.SetIndex, t.SetTotal)
	case t.ItemType < 0 || t.ItemType > 255:
		return nil, fmt.Errorf("tagdata: item type %d: want 0-255", t.ItemType)
	case t.Branch < 0 || t.Branch > 0xFFF:
		return nil, fmt.Errorf("tagdata: branch %d: want 0-4095", t.Branch)
	case t.Library < 0 || t.Library > 0xFFFFF:
		return nil, fmt.Errorf("tagdata: library %d: want 0-1048575", t.Library)
	}
	b := make([]byte, BlockSize)
	b[0], b[1], b[2], b[3] = 0x04, byte(t.SetIndex<<4|t.SetTotal), 0x00, byte(t.ItemType)
	if err := putText(b[4:20], "barcode", t.ItemID); err != nil {
		return nil, err
	}
	binary.BigEndian.PutUint32(b[20:24], uint32(t.Branch)<<20|uint32(t.Library))
	binary.BigEndian.PutUint32(b[24:28], uint32(t.Custom))
	if t.ByteReversed {
		b = ReverseBlocks(b)
	}
	return b, nil
}
