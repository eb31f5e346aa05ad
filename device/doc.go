// Package device reads barcode scanners and turns what they send into
// [Scan] values. It knows nothing about books: a scan is bytes, an optional
// AIM symbology identifier, the name of the device and the time it was read.
//
// Two drivers are built in:
//
//   - "serial": a line scanner on a serial port (USB-CDC, RS-232, a pty),
//     opened through go.bug.st/serial and framed by a [LineFramer].
//   - "hid": a keyboard-wedge scanner read from a Linux evdev node with an
//     exclusive grab (EVIOCGRAB), decoded by a [HIDDecoder] and a [Keymap].
//     On other systems opening it fails with [ErrNotSupported].
//
// UHF RFID readers ("chafon", "r2000") are drivers of package
// anterkoper/device/uhf, which imports this one: ParseSpec knows them, and a
// Manager opens them when given uhf.Drivers() as options.
//
// A [Manager] opens the configured devices ([Spec], from [ParseSpec] or
// [LoadConfig]), supervises one reader per device, reopens a device soon after
// it comes back (watching /dev with fsnotify on Linux, and retrying with a
// backoff capped at one second everywhere) and reports each device's
// [Status].
//
// Guarantees:
//
//   - The sink given to [NewManager] is called with the scans of one device
//     in the order the device sent them, from that device's reader
//     goroutine, one call at a time; while it runs, that device is not read
//     (the port's buffer holds what arrives meanwhile). Scans of different
//     devices may be delivered concurrently.
//   - Bytes that are not a code (control bytes, invalid UTF-8, a line longer
//     than maxlen, an unknown key inside a code) never become a scan: they
//     become a [NoiseError], counted in [Status].Errors and shown in
//     [Status].LastError, and the next good line is read normally.
//   - Every code the built-in drivers deliver is non-empty, valid UTF-8,
//     free of control characters and at most maxlen bytes long.
//   - Readers are stopped by closing the device, never by read timeouts;
//     when [Manager.Serve] returns, every device is closed and every
//     goroutine the manager started has ended.
package device
