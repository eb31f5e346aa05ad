package device

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseProcInput(t *testing.T) {
	f, err := os.Open("testdata/proc-bus-input-devices")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := parseProcInput(f)
	if err != nil {
		t.Fatal(err)
	}
	want := []inputDevice{
		{Name: "Power Button", Bus: "0019", Vendor: "0000", Product: "0001", Handlers: []string{"kbd", "event0"}, Event: "event0"},
		{Name: "Honeywell Imaging & Mobility 1900", Bus: "0003", Vendor: "0c2e", Product: "0b61", Handlers: []string{"sysrq", "kbd", "leds", "event5"}, Event: "event5"},
		{Name: "Logitech USB Optical Mouse", Bus: "0003", Vendor: "046d", Product: "c077", Handlers: []string{"mouse0", "event6"}, Event: "event6"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("parseProcInput =\n%+v\nwant\n%+v", got, want)
	}
}

func FuzzParseProcInput(f *testing.F) {
	seed, err := os.ReadFile("testdata/proc-bus-input-devices")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("H: Handlers=event\nN: Name=\"\n\n\nI: Bus=\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		devs, _ := parseProcInput(bytes.NewReader(data))
		for _, d := range devs {
			if d.Event != "" && (!strings.HasPrefix(d.Event, "event") || strings.ContainsAny(d.Event, "/\x00")) {
				t.Fatalf("event handler %q would not name a node in /dev/input", d.Event)
			}
		}
	})
}

// TestList builds a /dev with udev's by-id links in a temporary folder.
func TestList(t *testing.T) {
	dev := t.TempDir()
	mk := func(path string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ln := func(target, path string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, path); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []string{"ttyACM0", "ttyUSB0", "input/event0", "input/event5", "input/event6", "input/mouse0"} {
		mk(filepath.Join(dev, n))
	}
	byID := filepath.Join(dev, "serial", "by-id", "usb-Honeywell_Imaging___Mobility_1900_17114B1D6C-if00")
	ln("../../ttyACM0", byID)
	ln("../../ttyUSB1", filepath.Join(dev, "serial", "by-id", "usb-gone-if00")) // dangling
	kbd := filepath.Join(dev, "input", "by-id", "usb-Honeywell_Imaging___Mobility_1900_17114B1D6C-event-kbd")
	ln("../event5", kbd)
	ln("../mouse0", filepath.Join(dev, "input", "by-id", "usb-Logitech_USB_Optical_Mouse-mouse"))
	ln(filepath.Join(dev, "ttyUSB0"), filepath.Join(dev, "scanner")) // a link of the user's own

	l := lister{
		dev:       dev,
		procInput: "testdata/proc-bus-input-devices",
		ports: func() ([]portDetail, error) {
			return []portDetail{
				{Name: filepath.Join(dev, "ttyACM0"), USB: true, VID: "0C2E", PID: "0B61", Serial: "17114B1D6C"},
				{Name: filepath.Join(dev, "ttyUSB0"), USB: true, VID: "0403", PID: "6001"},
			}, nil
		},
	}
	specs := []Spec{
		{Driver: DriverSerial, Path: byID, Name: "desk"},
		{Driver: DriverSerial, Path: filepath.Join(dev, "scanner"), Name: "door"},
		{Driver: DriverHID, Path: kbd, Name: "wedge"},
		{Driver: DriverSerial, Path: filepath.Join(dev, "ttyACM9"), Name: "spare"},
	}
	got, err := l.list(specs)
	if err != nil {
		t.Fatal(err)
	}
	want := []Info{
		{Driver: "hid", Path: filepath.Join(dev, "input/event0"), Product: "Power Button", Present: true},
		{Driver: "hid", Path: filepath.Join(dev, "input/event5"), Links: []string{kbd}, Product: "Honeywell Imaging & Mobility 1900",
			USB: true, VID: "0c2e", PID: "0b61", Configured: []string{"wedge"}, Present: true},
		{Driver: "hid", Path: filepath.Join(dev, "input/event6"), Product: "Logitech USB Optical Mouse", USB: true, VID: "046d", PID: "c077", Present: true},
		{Driver: "serial", Path: filepath.Join(dev, "ttyACM0"), Links: []string{byID}, USB: true, VID: "0C2E", PID: "0B61", Serial: "17114B1D6C",
			Configured: []string{"desk"}, Present: true},
		{Driver: "serial", Path: filepath.Join(dev, "ttyACM9"), Configured: []string{"spare"}},
		{Driver: "serial", Path: filepath.Join(dev, "ttyUSB0"), USB: true, VID: "0403", PID: "6001", Configured: []string{"door"}, Present: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("list =\n%+v\nwant\n%+v", got, want)
	}
}

func TestListWithoutFolders(t *testing.T) {
	l := lister{dev: filepath.Join(t.TempDir(), "dev"), procInput: filepath.Join(t.TempDir(), "devices"),
		ports: func() ([]portDetail, error) { return nil, nil }}
	got, err := l.list(nil)
	if err != nil || len(got) != 0 {
		t.Fatalf("list = %+v, %v", got, err)
	}
}

// TestListHere runs the real List on this machine, whatever it has.
func TestListHere(t *testing.T) {
	infos, err := List([]Spec{{Driver: DriverSerial, Path: "/dev/ttyACM97", Name: "absent"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range infos {
		t.Logf("%+v", in)
	}
	found := false
	for _, in := range infos {
		if reflect.DeepEqual(in.Configured, []string{"absent"}) {
			found = !in.Present
		}
	}
	if !found {
		t.Errorf("configured absent device not listed as absent: %+v", infos)
	}
}
