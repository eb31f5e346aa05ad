package uhf

import (
	"encoding/binary"
	"fmt"
)

// Chafon (UHFReader18 family) command codes and addresses.
const (
	ChafonInventory = 0x01 // EPC Gen2 inventory
	ChafonInfo      = 0x21 // reader information
	ChafonBroadcast = 0xFF // the address every reader answers
)

// Chafon response statuses. An inventory reply with status ChafonMore is
// followed by more frames; any other status ends the round.
const (
	ChafonOK             = 0x00 // success (commands other than inventory)
	ChafonFinished       = 0x01 // inventory finished
	ChafonTimeOverflow   = 0x02 // inventory stopped at its time limit
	ChafonMore           = 0x03 // more frames follow
	ChafonBufferFull     = 0x04 // reader buffer full: tags may be missing
	ChafonAntennaError   = 0xF8 // antenna error (newer models)
	ChafonNoTag          = 0xFB // no tag in field
	ChafonIllegalCommand = 0xFE
	ChafonParameterError = 0xFF
)

var chafonStatusText = map[byte]string{
	ChafonOK:             "success",
	ChafonFinished:       "inventory finished",
	ChafonTimeOverflow:   "inventory time overflow",
	ChafonMore:           "more frames follow",
	ChafonBufferFull:     "reader buffer full",
	0xF9:                 "command execution error",
	0xFA:                 "poor communication with the tag",
	ChafonAntennaError:   "antenna error",
	ChafonNoTag:          "no tag in field",
	0xFC:                 "tag returned an error",
	0xFD:                 "command length wrong",
	ChafonIllegalCommand: "illegal command",
	ChafonParameterError: "parameter error",
}

// ChafonStatusText describes a Chafon status for a person.
func ChafonStatusText(status byte) string {
	if s, ok := chafonStatusText[status]; ok {
		return s
	}
	return fmt.Sprintf("status 0x%02X", status)
}

// ChafonFrame returns the frame Len Adr Cmd Data… CRC. For a command, data
// are its parameters; for a response, the status followed by the data.
func ChafonFrame(addr, cmd byte, data ...byte) []byte {
	f := make([]byte, 0, len(data)+5)
	f = append(f, byte(len(data)+4), addr, cmd)
	f = append(f, data...)
	return binary.LittleEndian.AppendUint16(f, CRC16(f))
}

// ChafonInventoryData returns the data of an inventory response (after the
// status) reporting tags: Num, then EPCLen and EPC per tag. Clones put an
// antenna byte before Num (antenna > 0 adds it) and an RSSI byte after
// each EPC (rssi adds Tag.RSSI).
func ChafonInventoryData(tags []Tag, antenna byte, rssi bool) []byte {
	var d []byte
	if antenna > 0 {
		d = append(d, antenna)
	}
	d = append(d, byte(len(tags)))
	for _, t := range tags {
		d = append(d, byte(len(t.EPC)))
		d = append(d, t.EPC...)
		if rssi {
			d = append(d, t.RSSI)
		}
	}
	return d
}

// DecodeChafonInventory decodes a Chafon response frame (checksum verified
// by a ChafonParser) that answers an inventory. It returns ErrNotInventory
// for the reply to another command, and an error when the frame is too
// short or its tag data do not add up.
//
// The tag data are read by their length fields in the layouts clones use:
// plain, with an RSSI byte after each EPC, with an antenna byte before
// Num, and with both; the first whose lengths add up exactly to the data
// is taken.
func DecodeChafonInventory(frame []byte) (Inventory, error) {
	if len(frame) < 6 || int(frame[0])+1 != len(frame) {
		return Inventory{}, fmt.Errorf("uhf: chafon: response of %d bytes is too short", len(frame))
	}
	if frame[2] != ChafonInventory {
		return Inventory{}, ErrNotInventory
	}
	status, data := frame[3], frame[4:len(frame)-2]
	inv := Inventory{End: status != ChafonMore, Status: ChafonStatusText(status)}
	switch status {
	case ChafonFinished, ChafonTimeOverflow, ChafonMore, ChafonBufferFull:
		tags, ok := chafonTags(data)
		if !ok {
			return Inventory{}, fmt.Errorf("uhf: chafon: inventory data of %d bytes do not add up", len(data))
		}
		inv.Tags = tags
		if status == ChafonBufferFull {
			inv.Err = &ReaderError{Protocol: "chafon", Code: status, Text: inv.Status}
		}
	case ChafonNoTag:
	default:
		inv.Err = &ReaderError{Protocol: "chafon", Code: status, Text: inv.Status}
	}
	return inv, nil
}

// chafonTags reads inventory data in the first layout that fits.
func chafonTags(data []byte) ([]Tag, bool) {
	for _, layout := range [...]struct{ antenna, rssi bool }{{false, false}, {false, true}, {true, false}, {true, true}} {
		if tags, ok := chafonLayout(data, layout.antenna, layout.rssi); ok {
			return tags, true
		}
	}
	return nil, false
}

func chafonLayout(d []byte, antenna, rssi bool) ([]Tag, bool) {
	ant := 0
	if antenna {
		if len(d) < 1 {
			return nil, false
		}
		ant = antennaNumber(d[0])
		d = d[1:]
	}
	if len(d) < 1 {
		return nil, false
	}
	num := int(d[0])
	d = d[1:]
	tags := make([]Tag, 0, num)
	for range num {
		if len(d) < 1 {
			return nil, false
		}
		n := int(d[0])
		need := 1 + n
		if rssi {
			need++
		}
		if n == 0 || n > maxEPC || len(d) < need {
			return nil, false
		}
		t := Tag{EPC: d[1 : 1+n : 1+n], Antenna: ant}
		if rssi {
			t.RSSI = d[1+n]
		}
		tags = append(tags, t)
		d = d[need:]
	}
	return tags, len(d) == 0
}

// antennaNumber turns a Chafon antenna mask with one bit set (0x01
// antenna 1 … 0x08 antenna 4) into the antenna's number; 0 otherwise.
func antennaNumber(mask byte) int {
	switch mask {
	case 1, 2, 4, 8:
		n := 1
		for mask > 1 {
			mask >>= 1
			n++
		}
		return n
	}
	return 0
}
