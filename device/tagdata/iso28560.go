package tagdata

import "fmt"

// BlockSize is the size of the basic block of both built-in layouts.
const BlockSize = 32

// ISO 28560-3 basic block (fixed-length encoding, the "Danish data model"):
//
//	0      version (high nibble, 1) and type of usage (low nibble)
//	1, 2   number of parts in the item, part number
//	3–18   primary item identifier, NUL padded
//	19, 20 CRC, low byte first
//	21, 22 country of the owner library
//	23–31  ISIL of the owner library, NUL padded
type iso28560_3 struct{}

func (iso28560_3) Name() string { return ModelISO28560_3 }

func (iso28560_3) Decode(b []byte) (Tag, error) {
	const name = ModelISO28560_3
	if len(b) < BlockSize {
		return Tag{}, tooShort(len(b), BlockSize)
	}
	b = b[:BlockSize]
	stored := CRC(b[19]) | CRC(b[20])<<8
	computed := blockCRC(b)
	if v := b[0] >> 4; v != 1 {
		if stored == computed {
			return Tag{}, notThis(name, "version %d is not supported (the CRC matches)", v)
		}
		return Tag{}, notThis(name, "version nibble is %d, want 1", v)
	}
	id, ok := nulPadded(b[3:19])
	if !ok {
		return Tag{}, notThis(name, "item identifier (bytes 3-18) is not NUL-padded printable ASCII")
	}
	country, ok := nulPadded(b[21:23])
	if !ok {
		return Tag{}, notThis(name, "country (bytes 21-22) is not NUL-padded printable ASCII")
	}
	isil, ok := nulPadded(b[23:32])
	if !ok {
		return Tag{}, notThis(name, "ISIL (bytes 23-31) is not NUL-padded printable ASCII")
	}
	if stored != computed {
		return Tag{}, &CRCError{Layout: name, Stored: stored, Computed: computed}
	}
	total, part, order := readParts(b[1], b[2])
	return Tag{
		Model:      name,
		ItemID:     id,
		Usage:      UsageOf(b[0] & 0x0F),
		PartsTotal: total,
		PartNumber: part,
		PartsOrder: order,
		Country:    country,
		ISIL:       isil,
		CRC:        stored,
		Version:    1,
	}, nil
}

// readParts reads bytes 1 and 2. The standard (and our spec: "bytes 1–2 =
// number of parts in the item and part number") has the number of parts
// first; some encoders write the part number first. A part number is never
// larger than the number of parts, so the larger byte is the number of
// parts; when both are equal either order gives the same values and the
// standard's order is reported. Zeros, which the standard does not allow,
// are reported as read.
func readParts(b1, b2 byte) (total, part int, order PartsOrder) {
	if b1 >= b2 {
		return int(b1), int(b2), PartsTotalFirst
	}
	return int(b2), int(b1), PartsPartFirst
}

// EncodeISO28560_3 returns the 32-byte ISO 28560-3 basic block of t, with
// its CRC computed (t.CRC is ignored). t.Model must be ModelISO28560_3 or
// empty and t.Version 1 or 0 (meaning 1). Usage.Code is written, its Name
// ignored. The parts bytes are written in t.PartsOrder (empty means
// PartsTotalFirst); a part number larger than the number of parts is an
// error, as Decode would read it the other way round. With t.ByteReversed
// each 4-byte block is reversed, as some readers return it.
func EncodeISO28560_3(t Tag) ([]byte, error) {
	if t.Model != "" && t.Model != ModelISO28560_3 {
		return nil, fmt.Errorf("tagdata: cannot encode a %s tag as %s", t.Model, ModelISO28560_3)
	}
	if t.Version != 0 && t.Version != 1 {
		return nil, fmt.Errorf("tagdata: %s version %d is not supported", ModelISO28560_3, t.Version)
	}
	if t.Usage.Code > 0x0F {
		return nil, fmt.Errorf("tagdata: type of usage %d does not fit in a nibble", t.Usage.Code)
	}
	if t.PartsTotal < 0 || t.PartsTotal > 255 || t.PartNumber < 0 || t.PartNumber > 255 {
		return nil, fmt.Errorf("tagdata: parts %d of %d: want 0-255", t.PartNumber, t.PartsTotal)
	}
	if t.PartNumber > t.PartsTotal {
		return nil, fmt.Errorf("tagdata: part number %d is larger than the number of parts %d", t.PartNumber, t.PartsTotal)
	}
	b := make([]byte, BlockSize)
	b[0] = 1<<4 | t.Usage.Code
	switch t.PartsOrder {
	case "", PartsTotalFirst:
		b[1], b[2] = byte(t.PartsTotal), byte(t.PartNumber)
	case PartsPartFirst:
		b[1], b[2] = byte(t.PartNumber), byte(t.PartsTotal)
	default:
		return nil, fmt.Errorf("tagdata: unknown parts order %q", t.PartsOrder)
	}
	if err := putText(b[3:19], "item identifier", t.ItemID); err != nil {
		return nil, err
	}
	if err := putText(b[21:23], "country", t.Country); err != nil {
		return nil, err
	}
	if err := putText(b[23:32], "ISIL", t.ISIL); err != nil {
		return nil, err
	}
	c := blockCRC(b)
	b[19], b[20] = byte(c), byte(c>>8)
	if t.ByteReversed {
		b = ReverseBlocks(b)
	}
	return b, nil
}

// blockCRC is the CRC of an ISO 28560-3 basic block: CRC16 over the block
// without bytes 19-20, followed by two zero bytes.
func blockCRC(b []byte) CRC {
	var buf [BlockSize]byte
	copy(buf[:], b[:19])
	copy(buf[19:], b[21:BlockSize])
	return CRC16(buf[:])
}

// CRC16 returns the CRC-16/CCITT-FALSE of b: polynomial 0x1021, initial
// value 0xFFFF, no reflection, no final XOR. CRC16("123456789") is 0x29B1.
func CRC16(b []byte) CRC {
	c := uint16(0xFFFF)
	for _, x := range b {
		c ^= uint16(x) << 8
		for range 8 {
			if c&0x8000 != 0 {
				c = c<<1 ^ 0x1021
			} else {
				c <<= 1
			}
		}
	}
	return CRC(c)
}
