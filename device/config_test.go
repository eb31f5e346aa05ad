package device

import (
	"reflect"
	"strings"
	"testing"
)

func TestLoadConfig(t *testing.T) {
	const file = `
# Settings of other parts of the program are left alone.
listen = "127.0.0.1:8080"

[server]
kiosk = true

[[device]]
driver = "serial"
path = "/dev/serial/by-id/usb-Honeywell_1900-if00"
name = "Meja depan"
baud = 115200
suffix = "cr"
prefix = '\x02'
aim = true

[[device]]
driver = "hid"
path = "/dev/input/by-id/usb-Zebra_DS2208-event-kbd"
keymap = "de"
maxlen = "64"
`
	got, err := LoadConfig(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	want := []Spec{
		{Driver: "serial", Path: "/dev/serial/by-id/usb-Honeywell_1900-if00", Name: "Meja depan",
			Options: map[string]string{"baud": "115200", "suffix": "cr", "prefix": `\x02`, "aim": "true"}},
		{Driver: "hid", Path: "/dev/input/by-id/usb-Zebra_DS2208-event-kbd", Name: "/dev/input/by-id/usb-Zebra_DS2208-event-kbd",
			Options: map[string]string{"keymap": "de", "maxlen": "64"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("LoadConfig = %#v\nwant %#v", got, want)
	}
	// The same devices as flags.
	for i, s := range []string{
		`serial:/dev/serial/by-id/usb-Honeywell_1900-if00,baud=115200,suffix=cr,prefix=\x02,aim=true,name=Meja depan`,
		"hid:/dev/input/by-id/usb-Zebra_DS2208-event-kbd,keymap=de,maxlen=64",
	} {
		sp, err := ParseSpec(s)
		if err != nil || !reflect.DeepEqual(sp, want[i]) {
			t.Errorf("ParseSpec(%q) = %#v, %v; want %#v", s, sp, err, want[i])
		}
	}

	none, err := LoadConfig(strings.NewReader(`listen = ":8080"`))
	if err != nil || len(none) != 0 {
		t.Fatalf("file without devices: %v, %v", none, err)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	tests := []struct{ name, file, want string }{
		{"not TOML", "[[device]\n", "unable to read config"},
		{"missing driver", "[[device]]\npath = \"/dev/ttyACM0\"", "#1: missing driver"},
		{"missing path", "[[device]]\ndriver = \"serial\"", "empty path"},
		{"unknown key", "[[device]]\ndriver = \"serial\"\npath = \"/dev/ttyACM0\"\nbaudrate = 9600", `unknown option "baudrate"`},
		{"bad value", "[[device]]\ndriver = \"serial\"\npath = \"/dev/ttyACM0\"\nbaud = -1", `baud "-1"`},
		{"float", "[[device]]\ndriver = \"serial\"\npath = \"/dev/ttyACM0\"\nbaud = 9600.0", "baud: want a string"},
		{"second table", "[[device]]\ndriver = \"hid\"\npath = \"/a\"\n[[device]]\ndriver = \"hid\"\npath = \"/b\"\nkeymap = \"xx\"", "#2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadConfig(strings.NewReader(tt.file))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("LoadConfig error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}
