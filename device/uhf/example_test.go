package uhf_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"os/signal"

	"anterkoper/device"
	"anterkoper/device/uhf"
)

// A parser finds the frames of a reader whatever reads they arrive in, and
// skips what is no good frame; the decoder reads the tags.
func ExampleChafonParser() {
	p := uhf.ChafonParser{Inventory: true}
	reads := [][]byte{
		{0x07, 0x13, 0x00, 0x01, 0x03, 0x01, 0x0C, 0x00, 0x00}, // line noise, then a frame begins
		{0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x13, 0x3F, 0x39},
		{0x05, 0x00, 0x01, 0xFB, 0xF2, 0x3D}, // the round ends: no more tags
	}
	for _, read := range reads {
		for _, f := range p.Feed(read) {
			if f.Err != nil {
				fmt.Println("noise:", f.Err.Reason)
				continue
			}
			inv, err := uhf.DecodeChafonInventory(f.Bytes)
			if err != nil {
				log.Fatal(err)
			}
			for _, t := range inv.Tags {
				fmt.Printf("tag %X\n", t.EPC)
			}
			fmt.Printf("status %q, end of round %t\n", inv.Status, inv.End)
		}
	}
	// Output:
	// noise: chafon: no frame, 1 byte skipped
	// tag 000000000000000000000313
	// status "more frames follow", end of round false
	// status "no tag in field", end of round true
}

// The daemon reads readers through a device.Manager given the uhf drivers.
func ExampleDrivers() {
	sp, err := device.ParseSpec("r2000:/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0,name=gate")
	if err != nil {
		log.Fatal(err)
	}
	mgr, err := device.NewManager([]device.Spec{sp}, func(sc device.Scan) {
		// Called for every read: the same tag many times a second.
		fmt.Println(sc.Device, sc.Symbology, string(sc.Code))
	}, uhf.Drivers()...)
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	mgr.Serve(ctx)
}

// A simulated reader on a pseudo-terminal, for a demo without hardware.
func ExampleSimulator() {
	master, slave, err := uhf.OpenPTY()
	if err != nil {
		log.Fatal(err)
	}
	defer master.Close()
	defer slave.Close()
	epcs, _ := uhf.SimulatedEPCs("E2000000", 40)
	sim := &uhf.Simulator{Protocol: "r2000", Tags: epcs, Rate: 200}
	fmt.Println("reader on", slave.Name())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := sim.Serve(ctx, master); err != nil {
		log.Fatal(err)
	}
}
