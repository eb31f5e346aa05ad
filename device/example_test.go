package device_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strings"

	"anterkoper/device"
)

// Devices come from repeatable --device flags.
func ExampleParseSpec() {
	sp, err := device.ParseSpec(`serial:/dev/serial/by-id/usb-Honeywell_1900-if00,baud=115200,prefix=\x02,name=desk`)
	if err != nil {
		log.Fatal(err)
	}
	o, _ := sp.SerialOptions()
	fmt.Println(sp.Driver, sp.Name, o.Baud, o.Suffix, o.Prefix)

	_, err = device.ParseSpec("serial:/dev/ttyACM0,baud=fast")
	fmt.Println(err)
	// Output:
	// serial desk 115200 auto [2]
	// device: invalid device "serial:/dev/ttyACM0,baud=fast": baud "fast": want a whole number from 50 to 4000000
}

// Devices come from a config file too, with the same fields.
func ExampleLoadConfig() {
	specs, err := device.LoadConfig(strings.NewReader(`
[[device]]
driver = "serial"
path = "/dev/ttyACM0"
baud = 9600
name = "desk"

[[device]]
driver = "hid"
path = "/dev/input/by-id/usb-Zebra_DS2208-event-kbd"
keymap = "de"
`))
	if err != nil {
		log.Fatal(err)
	}
	for _, sp := range specs {
		fmt.Println(sp)
	}
	// Output:
	// serial:/dev/ttyACM0,baud=9600,name=desk
	// hid:/dev/input/by-id/usb-Zebra_DS2208-event-kbd,keymap=de
}

// A LineFramer cuts what a serial scanner sends into codes, whatever the
// reads it arrives in, and rejects noise.
func ExampleLineFramer() {
	var f device.LineFramer // CR, LF or CR LF end a code
	var frames []device.Frame
	for _, read := range []string{"]C0B000", "01\r\n3023400051", "7861\r\n", "\x07\xff\r\n"} {
		frames = append(frames, f.Feed([]byte(read))...)
	}
	for _, fr := range frames {
		if fr.Err != nil {
			fmt.Println("noise:", fr.Err.Reason)
			continue
		}
		fmt.Printf("code %q, symbology %q\n", fr.Code, fr.Symbology)
	}
	// Output:
	// code "B00001", symbology "]C0"
	// code "30234000517861", symbology ""
	// noise: control byte 0x07 at byte 0
}

// A Manager reads the configured devices and reports their status; the
// server turns each scan into a circulation event and pushes status
// changes to the kiosk.
func ExampleManager() {
	var specs []device.Spec
	for _, s := range []string{"serial:/dev/ttyACM0,name=desk", "hid:/dev/input/by-id/usb-Zebra_DS2208-event-kbd,name=wedge"} {
		sp, err := device.ParseSpec(s)
		if err != nil {
			log.Fatal(err)
		}
		specs = append(specs, sp)
	}
	m, err := device.NewManager(specs, func(s device.Scan) {
		// Called in order for each device; commit the scan before returning.
		fmt.Printf("%s read %s (%s)\n", s.Device, s.Code, s.Symbology)
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go func() {
		for range m.Changes() { // closed when Serve returns
			b, _ := json.Marshal(m.Status()) // what GET /api/devices sends
			fmt.Printf("%s\n", b)
		}
	}()
	if err := m.Serve(ctx); err != nil {
		log.Fatal(err)
	}
}
