package device

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseSpec(t *testing.T) {
	tests := []struct {
		in   string
		want Spec
	}{
		{"serial:/dev/ttyACM0", Spec{Driver: "serial", Path: "/dev/ttyACM0", Name: "/dev/ttyACM0", Options: map[string]string{}}},
		{"serial:/dev/ttyACM0,baud=9600", Spec{Driver: "serial", Path: "/dev/ttyACM0", Name: "/dev/ttyACM0", Options: map[string]string{"baud": "9600"}}},
		{"Serial: /dev/ttyUSB0 , BAUD = 115200 ,name= Meja depan,suffix=crlf,prefix=\\x02,parity=even,stopbits=2,databits=7,maxlen=64,aim=false",
			Spec{Driver: "serial", Path: "/dev/ttyUSB0", Name: "Meja depan", Options: map[string]string{
				"baud": "115200", "suffix": "crlf", "prefix": `\x02`, "parity": "even", "stopbits": "2", "databits": "7", "maxlen": "64", "aim": "false"}}},
		{"serial:COM3", Spec{Driver: "serial", Path: "COM3", Name: "COM3", Options: map[string]string{}}},
		{"hid:/dev/input/by-id/usb-Honeywell_1900-event-kbd,keymap=de,name=wedge",
			Spec{Driver: "hid", Path: "/dev/input/by-id/usb-Honeywell_1900-event-kbd", Name: "wedge", Options: map[string]string{"keymap": "de"}}},
		{"hid:/dev/input/event3:1", Spec{Driver: "hid", Path: "/dev/input/event3:1", Name: "/dev/input/event3:1", Options: map[string]string{}}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseSpec(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("ParseSpec = %#v, want %#v", got, tt.want)
			}
			again, err := ParseSpec(got.String())
			if err != nil || !reflect.DeepEqual(again, got) {
				t.Fatalf("ParseSpec(%q) = %#v, %v; want %#v", got.String(), again, err, got)
			}
		})
	}
}

func TestParseSpecErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/dev/ttyACM0", "want DRIVER:PATH"},
		{"serial:", "empty path"},
		{"serial:,baud=9600", "empty path"},
		{"serail:/dev/ttyACM0", `unknown driver "serail"`},
		{"serial:/dev/ttyACM0,baud", "not key=value"},
		{"serial:/dev/ttyACM0,=1", "not key=value"},
		{"serial:/dev/ttyACM0,baud=fast", `baud "fast"`},
		{"serial:/dev/ttyACM0,baud=0", `baud "0"`},
		{"serial:/dev/ttyACM0,baud=9600,baud=9600", "given twice"},
		{"serial:/dev/ttyACM0,name=a,name=b", "given twice"},
		{"serial:/dev/ttyACM0,name=", "empty name"},
		{"serial:/dev/ttyACM0,databits=9", "databits"},
		{"serial:/dev/ttyACM0,parity=mark", "parity"},
		{"serial:/dev/ttyACM0,stopbits=1.5", "stopbits"},
		{"serial:/dev/ttyACM0,suffix=etx", "suffix"},
		{"serial:/dev/ttyACM0,prefix=\\q", "prefix"},
		{"serial:/dev/ttyACM0,prefix=\\xZZ", "prefix"},
		{"serial:/dev/ttyACM0,maxlen=0", "maxlen"},
		{"serial:/dev/ttyACM0,aim=maybe", "aim"},
		{"serial:/dev/ttyACM0,keymap=us", `unknown option "keymap" for serial`},
		{"hid:/dev/input/event3,baud=9600", `unknown option "baud" for hid`},
		{"hid:/dev/input/event3,keymap=dvorak", `unknown keymap "dvorak"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseSpec(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ParseSpec error = %v, want one containing %q", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "device: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestSerialOptions(t *testing.T) {
	sp, err := ParseSpec("serial:/dev/ttyACM0")
	if err != nil {
		t.Fatal(err)
	}
	o, err := sp.SerialOptions()
	if err != nil {
		t.Fatal(err)
	}
	want := SerialOptions{Baud: 9600, DataBits: 8, Parity: "none", StopBits: 1, Suffix: SuffixAuto, MaxLen: 256, AIM: true}
	if !reflect.DeepEqual(o, want) {
		t.Fatalf("defaults = %+v, want %+v", o, want)
	}
	sp, _ = ParseSpec(`serial:/dev/ttyACM0,baud=115200,databits=7,parity=ODD,stopbits=2,suffix=CR,prefix=\x02\\\x2c,maxlen=32,aim=0`)
	o, err = sp.SerialOptions()
	if err != nil {
		t.Fatal(err)
	}
	want = SerialOptions{Baud: 115200, DataBits: 7, Parity: "odd", StopBits: 2, Suffix: SuffixCR, Prefix: []byte("\x02\\,"), MaxLen: 32, AIM: false}
	if !reflect.DeepEqual(o, want) {
		t.Fatalf("options = %+v, want %+v", o, want)
	}
	if f := o.Framer(); f.Suffix != SuffixCR || !f.NoAIM || f.MaxLen != 32 || string(f.Prefix) != "\x02\\," {
		t.Fatalf("Framer = %+v", f)
	}
}

func TestHIDOptions(t *testing.T) {
	sp, _ := ParseSpec("hid:/dev/input/event3")
	o, err := sp.HIDOptions()
	if err != nil || o.Keymap.Name != "us" || o.MaxLen != 256 || !o.AIM {
		t.Fatalf("defaults = %+v, %v", o, err)
	}
	sp, _ = ParseSpec("hid:/dev/input/event3,keymap=FR,maxlen=20,aim=false")
	o, err = sp.HIDOptions()
	if err != nil || o.Keymap.Name != "fr" || o.MaxLen != 20 || o.AIM {
		t.Fatalf("options = %+v, %v", o, err)
	}
	if d := o.Decoder(EventSize32); d.Keymap.Name != "fr" || d.EventSize != EventSize32 || !d.NoAIM {
		t.Fatalf("Decoder = %+v", d)
	}
}

func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{
		"serial:/dev/ttyACM0,baud=9600",
		"hid:/dev/input/by-id/usb-x-event-kbd,keymap=de,name=wedge",
		`serial:COM3,prefix=\x02,suffix=crlf,name=a=b`,
		"serial::,,",
		"hid:x,keymap=",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := ParseSpec(s)
		if err != nil {
			return
		}
		if sp.Path == "" || sp.Name == "" || sp.Check() != nil {
			t.Fatalf("ParseSpec(%q) accepted %#v", s, sp)
		}
		again, err := ParseSpec(sp.String())
		if err != nil || !reflect.DeepEqual(again, sp) {
			t.Fatalf("round trip of %q through %q: %#v, %v; want %#v", s, sp.String(), again, err, sp)
		}
	})
}
