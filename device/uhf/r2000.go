package uhf

import (
	"encoding/binary"
	"fmt"
)

const r2000Head = 0xA0

// R2000 "A0" protocol command codes and the module's default address.
const (
	R2000Inventory = 0x89 // real-time inventory
	R2000Firmware  = 0x72 // firmware version
	R2000Address   = 0x01
)

// R2000 error codes this package names. The list follows the R2000 module
// serial protocol (v3.x) as published by module vendors; a code not listed
// is shown by number. R2000NoTag ends a round with nothing read, which is
// normal and no error.
const (
	R2000Success        = 0x10
	R2000Fail           = 0x11
	R2000AntennaMissing = 0x22
	R2000InventoryError = 0x31
	R2000NoTag          = 0x36
	R2000BufferEmpty    = 0x38
	R2000BadParameter   = 0x41
)

var r2000ErrorText = map[byte]string{
	R2000Success:        "success",
	R2000Fail:           "command failed",
	0x20:                "MCU reset error",
	0x21:                "carrier wave error",
	R2000AntennaMissing: "antenna missing",
	0x23:                "flash write error",
	0x24:                "flash read error",
	0x25:                "output power error",
	R2000InventoryError: "tag inventory error",
	R2000NoTag:          "no tag in field",
	R2000BufferEmpty:    "buffer empty",
	R2000BadParameter:   "invalid parameter",
	0x47:                "antenna number out of range",
	0x48:                "output power out of range",
	0x52:                "PLL lock failed",
	0x53:                "RF chip not responding",
	0x54:                "output power not reached",
	0x57:                "output power too low",
}

// R2000ErrorText describes an R2000 error code for a person.
func R2000ErrorText(code byte) string {
	if s, ok := r2000ErrorText[code]; ok {
		return s
	}
	return fmt.Sprintf("error 0x%02X", code)
}

// R2000Frame returns the frame A0 Len Addr Cmd Data… Check.
func R2000Frame(addr, cmd byte, data ...byte) []byte {
	f := make([]byte, 0, len(data)+5)
	f = append(f, r2000Head, byte(len(data)+3), addr, cmd)
	f = append(f, data...)
	return append(f, Checksum(f))
}

// R2000TagFrame returns the real-time inventory frame reporting one tag:
// FreqAnt (frequency index << 2 | antenna - 1), PC, EPC, RSSI. The PC's
// length bits are set from the EPC, which must be a whole number of 16-bit
// words.
func R2000TagFrame(addr byte, t Tag, freq byte) []byte {
	ant := byte(max(t.Antenna, 1)-1) & 3
	d := []byte{freq<<2 | ant}
	d = binary.BigEndian.AppendUint16(d, uint16(len(t.EPC)/2)<<11)
	d = append(d, t.EPC...)
	d = append(d, t.RSSI)
	return R2000Frame(addr, R2000Inventory, d...)
}

// R2000SummaryFrame returns the frame that ends a real-time inventory
// round: antenna, read rate (reads/s) and total reads of the round.
func R2000SummaryFrame(addr, antenna byte, rate uint16, total uint32) []byte {
	d := []byte{antenna}
	d = binary.BigEndian.AppendUint16(d, rate)
	d = binary.BigEndian.AppendUint32(d, total)
	return R2000Frame(addr, R2000Inventory, d...)
}

// DecodeR2000Inventory decodes an R2000 frame (checksum verified by an
// R2000Parser) that answers a real-time inventory: a tag frame, the
// summary frame that ends the round (7 data bytes), or an error frame that
// ends it (1 data byte). It returns ErrNotInventory for the reply to
// another command.
//
// A tag frame is read by its PC word: the EPC is (PC >> 11) * 2 bytes,
// then comes the RSSI byte; bytes after it (phase, on some firmware) are
// ignored.
func DecodeR2000Inventory(frame []byte) (Inventory, error) {
	if len(frame) < 5 || int(frame[1])+2 != len(frame) {
		return Inventory{}, fmt.Errorf("uhf: r2000: frame of %d bytes is too short", len(frame))
	}
	if frame[3] != R2000Inventory {
		return Inventory{}, ErrNotInventory
	}
	d := frame[4 : len(frame)-1]
	switch len(d) {
	case 0:
		return Inventory{}, fmt.Errorf("uhf: r2000: inventory reply without data")
	case 1:
		inv := Inventory{End: true, Status: R2000ErrorText(d[0])}
		if d[0] != R2000NoTag && d[0] != R2000Success {
			inv.Err = &ReaderError{Protocol: "r2000", Code: d[0], Text: inv.Status}
		}
		return inv, nil
	case 7:
		total := binary.BigEndian.Uint32(d[3:])
		return Inventory{End: true, Status: fmt.Sprintf("inventory finished, %d reads", total)}, nil
	}
	if len(d) < 4 {
		return Inventory{}, fmt.Errorf("uhf: r2000: tag frame of %d data bytes is too short", len(d))
	}
	n := int(d[1]>>3) * 2 // (PC >> 11) * 2
	if n == 0 || 3+n+1 > len(d) {
		return Inventory{}, fmt.Errorf("uhf: r2000: tag frame: PC 0x%02X%02X says %d EPC bytes, frame has room for %d", d[1], d[2], n, len(d)-4)
	}
	t := Tag{EPC: d[3 : 3+n : 3+n], Antenna: int(d[0]&3) + 1, RSSI: d[3+n]}
	return Inventory{Tags: []Tag{t}}, nil
}
