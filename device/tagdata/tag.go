package tagdata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Model names, as found in [Tag].Model.
const (
	ModelISO28560_3 = "iso28560-3"
	Model3M501      = "3m-501"
)

// Tag is what a layout found in a tag's memory. Which fields a model has
// is listed with each field; the others stay zero.
//
// In JSON every field of the tag's model is present, even when zero (a 3M
// item type 0 means "other"); a field the model does not have is left out.
type Tag struct {
	Model  string `json:"model"`   // ModelISO28560_3 or Model3M501
	ItemID string `json:"item_id"` // the primary item identifier (3M: barcode)

	Usage      Usage      `json:"usage"`       // ISO 28560-3
	PartsTotal int        `json:"parts_total"` // ISO 28560-3: number of parts in the item
	PartNumber int        `json:"part_number"` // ISO 28560-3: which part this tag is on
	PartsOrder PartsOrder `json:"parts_order"` // ISO 28560-3: how bytes 1 and 2 were read

	SetIndex int `json:"set_index"` // 3M: this item's place in its set (high nibble)
	SetTotal int `json:"set_total"` // 3M: items in the set (low nibble)

	Country  string `json:"country"`   // ISO 28560-3: country of the owner library, "" if not set
	ISIL     string `json:"isil"`      // ISO 28560-3: owner library, without the country
	Branch   int    `json:"branch"`    // 3M: 12 bits
	Library  int    `json:"library"`   // 3M: 20 bits
	ItemType int    `json:"item_type"` // 3M: 0 other, 1 book, 2 magazine, …
	Custom   int32  `json:"custom"`    // 3M: the library's own value

	CRC          CRC  `json:"crc"`           // ISO 28560-3: as stored in the block (and verified)
	ByteReversed bool `json:"byte_reversed"` // decoded after reversing each 4-byte block
	Version      int  `json:"version"`       // ISO 28560-3: the data model version, always 1
}

// modelFields lists, per model, the JSON fields written even when zero.
var modelFields = map[string]string{
	ModelISO28560_3: "usage parts_total part_number parts_order country isil crc byte_reversed version",
	Model3M501:      "set_index set_total branch library item_type custom byte_reversed",
}

// MarshalJSON writes the fields of t's model, in the order of the struct,
// and any other field that is not zero. Model and item_id are always
// written.
func (t Tag) MarshalJSON() ([]byte, error) {
	keep := strings.Fields("model item_id " + modelFields[t.Model])
	v := reflect.ValueOf(t)
	var b bytes.Buffer
	b.WriteByte('{')
	for i := range v.NumField() {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		fv := v.Field(i)
		if fv.IsZero() && !slices.Contains(keep, name) {
			continue
		}
		val, err := json.Marshal(fv.Interface())
		if err != nil {
			return nil, fmt.Errorf("tagdata: %s: %w", name, err)
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(name))
		b.WriteByte(':')
		b.Write(val)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Usage is the "type of usage" of an ISO 28560-3 tag: the low nibble of
// byte 0 and its name.
type Usage struct {
	Name string `json:"name"`
	Code uint8  `json:"code"`
}

var usageNames = map[uint8]string{
	0: "acquisition",
	1: "circulation",
	2: "not_for_circulation",
	7: "discarded",
	8: "patron_card",
	9: "library_equipment",
}

// UsageOf returns the Usage with the given code: 0 acquisition,
// 1 circulation, 2 not_for_circulation, 7 discarded, 8 patron_card,
// 9 library_equipment; any other code is named "unknown(N)".
func UsageOf(code uint8) Usage {
	name, ok := usageNames[code]
	if !ok {
		name = fmt.Sprintf("unknown(%d)", code)
	}
	return Usage{Name: name, Code: code}
}

func (u Usage) String() string { return u.Name }

// PartsOrder says how bytes 1 and 2 of an ISO 28560-3 block were read.
// The standard puts the number of parts in byte 1 and the part number in
// byte 2 ([PartsTotalFirst]); some encoders swap them ([PartsPartFirst]).
type PartsOrder string

const (
	PartsTotalFirst PartsOrder = "total-first" // byte 1 = number of parts, byte 2 = part number
	PartsPartFirst  PartsOrder = "part-first"  // byte 1 = part number, byte 2 = number of parts
)

// CRC is a 16-bit check value. It prints, and is written in JSON, as
// "0x3E51".
type CRC uint16

func (c CRC) String() string { return fmt.Sprintf("0x%04X", uint16(c)) }

// MarshalText writes c as "0x3E51".
func (c CRC) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads "0x3E51" (or "3E51").
func (c *CRC) UnmarshalText(b []byte) error {
	s := strings.TrimPrefix(strings.TrimPrefix(string(b), "0x"), "0X")
	n, err := strconv.ParseUint(s, 16, 16)
	if err != nil {
		return fmt.Errorf("tagdata: CRC %q: want 4 hex digits", b)
	}
	*c = CRC(n)
	return nil
}
