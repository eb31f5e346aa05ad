// Package uhf reads UHF RFID readers on a serial port and simulates them.
// It speaks two protocols:
//
//   - "chafon": the UHFReader18 family (Chafon CF-RU5102 and clones), 57600
//     baud, frames Len Adr Cmd Data… CRC with a CRC-16/MCRF4XX ([CRC16]).
//   - "r2000": the Impinj R2000 module "A0" protocol (IND903, YR903, …),
//     115200 baud, frames A0 Len Addr Cmd Data… Check with a two's
//     complement sum ([Checksum]).
//
// [OpenChafon] and [OpenR2000] are device.Opener drivers; a device.Manager
// uses them when given [Drivers]:
//
//	mgr, err := device.NewManager(specs, sink, uhf.Drivers()...)
//
// with specs such as "chafon:/dev/ttyUSB0" or
// "r2000:/dev/serial/by-id/…,baud=57600,poll=100ms" (device.ParseSpec knows
// these drivers and their options). [Simulator] plays either reader on a
// pseudo-terminal ([OpenPTY]); the encoders it uses ([ChafonFrame],
// [R2000TagFrame], …) are exported for tests.
//
// Guarantees:
//
//   - A driver polls: it sends the inventory command (chafon 04 FF 01 1B
//     B4, r2000 A0 04 01 89 01 D1) and sends the next one when the reader
//     has ended the round, but no sooner than the spec's poll interval
//     (50 ms) after the previous one. A round not ended a second after its
//     command is given up (the frame ending it may have been lost) and the
//     next one is started. The poller is a goroutine of the device; Close
//     stops it and waits for it. A command that cannot be sent ends the
//     device: Read returns the write error.
//   - Every tag read in a good frame becomes one device.Scan, in the order
//     the reader sent them: Code is the EPC in upper-case hexadecimal
//     (non-empty, at most 124 characters), Symbology is [SymbologyEPC]
//     ("rfid:epc"), Time is when the frame arrived. A tag in the field is
//     reported again in every round; counting distinct tags is up to the
//     consumer of the scans.
//   - Parsers ([ChafonParser], [R2000Parser]) find frames by their length
//     fields and return only frames whose checksum is right, whatever the
//     reads they arrive in; garbage, damaged frames and frames whose rest
//     never came are skipped a byte at a time, so a good frame after them
//     is still found, and each run of skipped bytes is reported once as a
//     *device.NoiseError, which a Manager counts in Status.Errors and shows
//     in Status.LastError. A good frame whose contents do not add up is a
//     NoiseError too. Parsers never hold more than one frame (257 bytes).
//   - Reader statuses: "no tag in field" (chafon 0xFB, r2000 0x36) and the
//     statuses that end or continue a normal round are no error. An error
//     status (chafon 0x04 buffer full, 0xF8 antenna error, 0xFE illegal
//     command, 0xFF parameter error, …; r2000 error frames such as 0x22
//     antenna missing) is reported as one NoiseError when it starts — not
//     again for each round it lasts — so Status.Errors counts it once and
//     Status.LastError names it, e.g. "r2000 reader: antenna missing
//     (0x22)". [Dev.ReaderStatus] returns the status of the last round.
//   - Readers are stopped by closing the port, never by read timeouts.
package uhf
