// Package camera reads barcodes from cameras: a webcam through Video4Linux
// ("v4l2", Linux only), a phone or IP camera streaming MJPEG over HTTP
// ("mjpeg"), and photos dropped into a folder ("folder"), for example by a
// phone syncing its camera roll. Each is a device.Opener; a device.Manager
// opens them when given [Drivers]:
//
//	mgr, err := device.NewManager(specs, sink, camera.Drivers(dec)...)
//
// with specs such as "v4l2:/dev/video0", "mjpeg:http://192.168.1.20:8080/video,rescan=3s"
// or "folder:/srv/scans,settle=500ms". The package finds no barcodes
// itself: dec, a [Decoder], does.
//
// Guarantees:
//
//   - Frames are read by a goroutine of the device and decoded in Read, the
//     newest first: a frame that arrives while an earlier one is still
//     waiting replaces it, so decoding that falls behind drops stale frames
//     instead of lagging. Files of a "folder" device are never dropped:
//     each is decoded once, in the order they settled.
//   - A code in view across many frames is one scan. Once it has been out
//     of view for more than the spec's rescan (default [DefaultRescan], 2 s),
//     showing it again is a new scan; see [Dedup]. For "folder" each file is
//     a sighting, so a code photographed twice is two scans only when the
//     files are read more than rescan apart (rescan=0s: always).
//   - A scan's Code is the decoded text, Symbology the decoder's AIM
//     identifier, Device the spec's name and Time when the frame was taken
//     (received, for "mjpeg"; read, for "folder").
//   - A "folder" file (.jpg, .jpeg, .png; not hidden) is read when it has
//     had no write event for the spec's settle time (300 ms) and then kept
//     its size for another settle time, so a phone writing slowly is read
//     once, complete. Files moved in count as new; files present when the
//     device opens are left alone; a file written to again after it was
//     read is read again.
//   - An MJPEG stream that ends, breaks or sends nothing for 10 s ends the
//     device: Read returns an error after the frames before it, and the
//     manager opens the device again with backoff. A Close stops the
//     reading goroutine and waits for it.
//   - "v4l2" asks for 1280×720 when the camera offers it, else the largest
//     size at most 1920 wide, in YUYV when offered at that size, else MJPEG
//     (whose frames without Huffman tables get the standard ones). It copies
//     each frame out of the driver's buffer at once. Close is noticed within
//     200 ms: the device waits for frames in steps, since it cannot be
//     closed under a waiting goroutine.
package camera
