package uhf

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// The fact sheet's example frames, as recorded from real readers.
const (
	chafonExample = "13 00 01 03 01 0C 00 00 00 00 00 00 00 00 00 00 03 13 3F 39"
	r2000Example  = "A0 13 01 89 04 30 00 E2 00 30 16 66 13 01 21 15 50 74 EF 45 BF"
)

func TestDecodeFactSheetExamples(t *testing.T) {
	inv, err := DecodeChafonInventory(unhex(t, chafonExample))
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Tags) != 1 || fmt.Sprintf("%X", inv.Tags[0].EPC) != "000000000000000000000313" ||
		inv.End || inv.Status != "more frames follow" || inv.Err != nil {
		t.Fatalf("chafon example = %+v", inv)
	}
	inv, err = DecodeR2000Inventory(unhex(t, r2000Example))
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Tags) != 1 || fmt.Sprintf("%X", inv.Tags[0].EPC) != "E200301666130121155074EF" ||
		inv.Tags[0].RSSI != 0x45 || inv.Tags[0].Antenna != 1 || inv.End || inv.Err != nil {
		t.Fatalf("r2000 example = %+v", inv)
	}
}

// render shows an Inventory compactly for table tests.
func render(inv Inventory, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	for _, tg := range inv.Tags {
		fmt.Fprintf(&b, "%X", tg.EPC)
		if tg.Antenna != 0 {
			fmt.Fprintf(&b, "@%d", tg.Antenna)
		}
		if tg.RSSI != 0 {
			fmt.Fprintf(&b, "/%02X", tg.RSSI)
		}
		b.WriteByte(' ')
	}
	fmt.Fprintf(&b, "end=%t status=%q", inv.End, inv.Status)
	if inv.Err != nil {
		fmt.Fprintf(&b, " err=0x%02X", inv.Err.Code)
	}
	return b.String()
}

func TestDecodeChafonInventory(t *testing.T) {
	a := Tag{EPC: []byte{0xE2, 0, 0, 1}, RSSI: 0x51}
	b := Tag{EPC: []byte{0xE2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}, RSSI: 0x42}
	resp := func(status byte, data ...byte) []byte {
		return ChafonFrame(0, ChafonInventory, append([]byte{status}, data...)...)
	}
	tests := []struct {
		name  string
		frame []byte
		want  string
	}{
		{"plain", resp(ChafonFinished, ChafonInventoryData([]Tag{a, b}, 0, false)...),
			`E2000001 E20000000000000000000002 end=true status="inventory finished"`},
		{"rssi", resp(ChafonMore, ChafonInventoryData([]Tag{a, b}, 0, true)...),
			`E2000001/51 E20000000000000000000002/42 end=false status="more frames follow"`},
		{"antenna", resp(ChafonTimeOverflow, ChafonInventoryData([]Tag{a, b}, 0x02, false)...),
			`E2000001@2 E20000000000000000000002@2 end=true status="inventory time overflow"`},
		{"antenna and rssi", resp(ChafonFinished, ChafonInventoryData([]Tag{b}, 0x08, true)...),
			`E20000000000000000000002@4/42 end=true status="inventory finished"`},
		{"none found", resp(ChafonFinished, 0), `end=true status="inventory finished"`},
		{"no tag", resp(ChafonNoTag), `end=true status="no tag in field"`},
		{"buffer full", resp(ChafonBufferFull, ChafonInventoryData([]Tag{a}, 0, false)...),
			`E2000001 end=true status="reader buffer full" err=0x04`},
		{"antenna error", resp(ChafonAntennaError), `end=true status="antenna error" err=0xF8`},
		{"illegal command", resp(ChafonIllegalCommand), `end=true status="illegal command" err=0xFE`},
		{"parameter error", resp(ChafonParameterError), `end=true status="parameter error" err=0xFF`},
		{"unknown status", resp(0x77), `end=true status="status 0x77" err=0x77`},
		{"lengths do not add up", resp(ChafonFinished, 1, 12, 0xE2, 0), "error: uhf: chafon: inventory data of 4 bytes do not add up"},
		{"two tags said, one sent", resp(ChafonFinished, 2, 2, 0xE2, 0), "error: uhf: chafon: inventory data of 4 bytes do not add up"},
		{"empty EPC", resp(ChafonFinished, 1, 0, 5), "error: uhf: chafon: inventory data of 3 bytes do not add up"},
		{"no data", resp(ChafonFinished), "error: uhf: chafon: inventory data of 0 bytes do not add up"},
		{"too short", []byte{4, 0, 1, 0x1B, 0xB4}, "error: uhf: chafon: response of 5 bytes is too short"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(DecodeChafonInventory(tt.frame)); got != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
	info := ChafonFrame(0, ChafonInfo, ChafonOK, 3, 1, 9, 2, 0x31, 0x80, 0x1E, 0x0A)
	if _, err := DecodeChafonInventory(info); !errors.Is(err, ErrNotInventory) {
		t.Errorf("reader information: %v, want ErrNotInventory", err)
	}
}

func TestDecodeR2000Inventory(t *testing.T) {
	epc := unhex(t, "E200301666130121155074EF")
	withPhase := R2000Frame(1, R2000Inventory, append(append([]byte{0x07, 0x30, 0x00}, epc...), 0x45, 0x12, 0x34)...)
	tests := []struct {
		name  string
		frame []byte
		want  string
	}{
		{"tag", R2000TagFrame(1, Tag{EPC: epc, Antenna: 3, RSSI: 0x50}, 7), `E200301666130121155074EF@3/50 end=false status=""`},
		{"tag with phase bytes", withPhase, `E200301666130121155074EF@4/45 end=false status=""`},
		{"summary", R2000SummaryFrame(1, 0, 120, 37), `end=true status="inventory finished, 37 reads"`},
		{"no tag", R2000Frame(1, R2000Inventory, R2000NoTag), `end=true status="no tag in field"`},
		{"antenna missing", R2000Frame(1, R2000Inventory, R2000AntennaMissing), `end=true status="antenna missing" err=0x22`},
		{"unknown error", R2000Frame(1, R2000Inventory, 0x99), `end=true status="error 0x99" err=0x99`},
		{"PC longer than frame", R2000Frame(1, R2000Inventory, 0, 0x40, 0, 0xE2, 0, 0x45), "error: uhf: r2000: tag frame: PC 0x4000 says 16 EPC bytes, frame has room for 2"},
		{"PC without EPC", R2000Frame(1, R2000Inventory, 0, 0, 0, 0xE2, 0, 0x45), "error: uhf: r2000: tag frame: PC 0x0000 says 0 EPC bytes, frame has room for 2"},
		{"no data", R2000Frame(1, R2000Inventory), "error: uhf: r2000: inventory reply without data"},
		{"short tag frame", R2000Frame(1, R2000Inventory, 0, 0x30), "error: uhf: r2000: tag frame of 2 data bytes is too short"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(DecodeR2000Inventory(tt.frame)); got != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
	if _, err := DecodeR2000Inventory(R2000Frame(1, R2000Firmware, 1, 8)); !errors.Is(err, ErrNotInventory) {
		t.Errorf("firmware version: %v, want ErrNotInventory", err)
	}
}

func TestSimulatedEPCs(t *testing.T) {
	epcs, err := SimulatedEPCs("e2000000", 300)
	if err != nil {
		t.Fatal(err)
	}
	if len(epcs) != 300 || fmt.Sprintf("%X", epcs[0]) != "E20000000000000000000001" || fmt.Sprintf("%X", epcs[299]) != "E20000000000000000000300" {
		t.Fatalf("SimulatedEPCs = %X … %X", epcs[0], epcs[len(epcs)-1])
	}
	if epcs, err := SimulatedEPCs("ABC", 2); err != nil || fmt.Sprintf("%X", epcs[1]) != "ABC000000000000000000002" {
		t.Fatalf("odd prefix: %X, %v", epcs, err)
	}
	for _, bad := range []string{"XYZ", strings.Repeat("E", 23)} {
		if _, err := SimulatedEPCs(bad, 10); err == nil {
			t.Errorf("prefix %q accepted", bad)
		}
	}
}
