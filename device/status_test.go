package device

import (
	"encoding/json"
	"testing"
	"time"
)

// TestStatusJSON pins the shape GET /api/devices sends.
func TestStatusJSON(t *testing.T) {
	since := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	last := since.Add(90 * time.Second)
	tests := []struct {
		st   Status
		want string
	}{
		{Status{Name: "desk", Driver: "serial", Path: "/dev/ttyACM0", State: StateConnected, Scans: 12, Errors: 1,
			LastScan: &last, LastError: "control byte 0x07 at byte 2", Since: since},
			`{"name":"desk","driver":"serial","path":"/dev/ttyACM0","state":"connected","scans":12,"errors":1,` +
				`"last_scan":"2026-11-27T09:31:30Z","last_error":"control byte 0x07 at byte 2","since":"2026-11-27T09:30:00Z"}`},
		{Status{Name: "wedge", Driver: "hid", Path: "/dev/input/event5", State: StateError, Error: "hid: open /dev/input/event5: permission denied", Since: since},
			`{"name":"wedge","driver":"hid","path":"/dev/input/event5","state":"error","error":"hid: open /dev/input/event5: permission denied",` +
				`"scans":0,"errors":0,"last_scan":null,"since":"2026-11-27T09:30:00Z"}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.st)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tt.want {
			t.Errorf("JSON\n got %s\nwant %s", b, tt.want)
		}
	}
}
