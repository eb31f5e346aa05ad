package uhf

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"anterkoper/device"
)

// readResults renders what Read would return for the pending results of d.
func readResults(d *Dev) []string {
	var out []string
	for _, r := range d.pending {
		var noise *device.NoiseError
		switch {
		case errors.As(r.err, &noise):
			out = append(out, "noise: "+noise.Reason)
		case r.err != nil:
			out = append(out, "error: "+r.err.Error())
		default:
			out = append(out, fmt.Sprintf("%s %s", r.scan.Symbology, r.scan.Code))
		}
	}
	d.pending = nil
	return out
}

// A reader error is reported when it starts, not for every round it lasts;
// frames are turned into scans with the EPC in upper-case hex.
func TestDevHandle(t *testing.T) {
	tag := Tag{EPC: []byte{0xe2, 0x00, 0xab, 0x01}}
	chafon := func(status byte, tags ...Tag) []byte {
		return ChafonFrame(0, ChafonInventory, append([]byte{status}, ChafonInventoryData(tags, 0, false)...)...)
	}
	tests := []struct {
		name   string
		proto  *protocol
		frames [][]byte
		want   []string
		status string
	}{
		{"chafon rounds", chafonProtocol, [][]byte{
			chafon(ChafonMore, tag, tag), chafon(ChafonFinished, tag),
			ChafonFrame(0, ChafonInventory, ChafonNoTag),
			ChafonFrame(0, ChafonInfo, ChafonOK, 3, 1, 9, 2, 0x31, 0x80, 0x1E, 0x0A), // not an inventory: ignored
		}, []string{"rfid:epc E200AB01", "rfid:epc E200AB01", "rfid:epc E200AB01"}, "no tag in field"},
		{"chafon errors", chafonProtocol, [][]byte{
			ChafonFrame(0, ChafonInventory, ChafonAntennaError), ChafonFrame(0, ChafonInventory, ChafonAntennaError),
			ChafonFrame(0, ChafonInventory, ChafonNoTag), ChafonFrame(0, ChafonInventory, ChafonAntennaError),
			chafon(ChafonBufferFull, tag), chafon(ChafonBufferFull, tag),
			ChafonFrame(0, ChafonInventory, ChafonParameterError),
			ChafonFrame(0, ChafonInventory, ChafonFinished, 2, 4, 0xe2), // lengths do not add up
		}, []string{
			"noise: chafon reader: antenna error (0xF8)", "noise: chafon reader: antenna error (0xF8)",
			"rfid:epc E200AB01", "noise: chafon reader: reader buffer full (0x04)", "rfid:epc E200AB01",
			"noise: chafon reader: parameter error (0xFF)",
			"noise: uhf: chafon: inventory data of 3 bytes do not add up",
		}, "parameter error"},
		{"r2000 rounds and errors", r2000Protocol, [][]byte{
			R2000TagFrame(1, tag, 5), R2000SummaryFrame(1, 0, 20, 1),
			R2000Frame(1, R2000Inventory, R2000AntennaMissing), R2000Frame(1, R2000Inventory, R2000AntennaMissing),
			R2000Frame(1, R2000Inventory, R2000NoTag), R2000TagFrame(1, tag, 5),
			R2000Frame(1, R2000Firmware, 1, 8),
		}, []string{"rfid:epc E200AB01", "noise: r2000 reader: antenna missing (0x22)", "rfid:epc E200AB01"}, "no tag in field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &Dev{proto: tt.proto, roundEnd: make(chan struct{}, 1)}
			var got []string
			for _, f := range tt.frames {
				d.handle(Frame{Bytes: f}, time.Now())
				got = append(got, readResults(d)...)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("got  %q\nwant %q", got, tt.want)
			}
			if d.ReaderStatus() != tt.status {
				t.Errorf("ReaderStatus = %q, want %q", d.ReaderStatus(), tt.status)
			}
			select {
			case <-d.roundEnd:
			default:
				t.Errorf("no round end signalled")
			}
		})
	}
}

func TestSpecs(t *testing.T) {
	tests := []struct {
		in   string
		baud int
		poll time.Duration
	}{
		{"chafon:/dev/ttyUSB0", 57600, 50 * time.Millisecond},
		{"r2000:/dev/ttyUSB0", 115200, 50 * time.Millisecond},
		{"R2000:COM4,baud=57600,poll=0s,name=gate", 57600, 0},
		{"chafon:/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0,poll=120ms", 57600, 120 * time.Millisecond},
	}
	for _, tt := range tests {
		sp, err := device.ParseSpec(tt.in)
		if err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		o, err := sp.ReaderOptions()
		if err != nil || o.Baud != tt.baud || o.Poll != tt.poll {
			t.Errorf("%s: ReaderOptions = %+v, %v", tt.in, o, err)
		}
	}
	for _, bad := range []string{"chafon:/dev/ttyUSB0,poll=fast", "r2000:/dev/ttyUSB0,poll=-1s", "r2000:/dev/ttyUSB0,poll=1m", "chafon:/dev/ttyUSB0,baud=0", "chafon:/dev/ttyUSB0,suffix=cr"} {
		if _, err := device.ParseSpec(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	sp, _ := device.ParseSpec("chafon:/dev/ttyUSB0")
	if _, err := device.NewManager([]device.Spec{sp}, nil); err == nil || !strings.Contains(err.Error(), `unknown driver "chafon"`) {
		t.Errorf("NewManager without uhf.Drivers: %v", err)
	}
	if _, err := device.NewManager([]device.Spec{sp}, nil, Drivers()...); err != nil {
		t.Errorf("NewManager with uhf.Drivers: %v", err)
	}
}
