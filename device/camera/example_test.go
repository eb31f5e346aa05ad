package camera_test

import (
	"context"
	"fmt"
	"image"
	"log"

	"anterkoper/device"
	"anterkoper/device/camera"
)

// decoder adapts a barcode decoder to camera.Decoder.
type decoder struct{}

func (decoder) Decode(img image.Image) []camera.Code {
	return nil // call the real decoder here
}

func ExampleDrivers() {
	var specs []device.Spec
	for _, s := range []string{"v4l2:/dev/video0", "mjpeg:http://192.168.1.20:8080/video,rescan=3s"} {
		sp, err := device.ParseSpec(s)
		if err != nil {
			log.Fatal(err)
		}
		specs = append(specs, sp)
	}
	m, err := device.NewManager(specs, func(s device.Scan) {
		fmt.Printf("%s read %s\n", s.Device, s.Code)
	}, camera.Drivers(decoder{})...)
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // a real program runs until it is told to stop
	m.Serve(ctx)
	fmt.Println(len(m.Status()), "cameras")
	// Output: 2 cameras
}
