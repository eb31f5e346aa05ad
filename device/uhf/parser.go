package uhf

import (
	"bytes"
	"fmt"

	"anterkoper/device"
)

// Frame is one unit a Parser found in a reader's byte stream: a whole frame
// whose checksum is right (Bytes, from the first header byte to the last
// checksum byte) or, when Err is not nil, a stretch of bytes that was not
// one.
type Frame struct {
	Bytes []byte
	Err   *device.NoiseError
}

// Parser cuts the byte stream of a reader (or of its host, for a simulator)
// into frames. [ChafonParser] and [R2000Parser] implement it.
//
// A parser is pure: it does no I/O and keeps only what may still become a
// frame, at most one frame's length (256 bytes for chafon, 257 for r2000).
// What it returns depends on the bytes alone, not on how they were split
// into calls. It finds frames by their length field: at each position it
// checks for a plausible header, waits for the frame's length in bytes and
// verifies its checksum; when one of these fails, it moves on by a single
// byte, so a good frame right after garbage or after a damaged frame is
// still found.
//
// A run of bytes skipped between two good frames is reported as one noise
// Frame, just before the good frame that ends it (or every 256 skipped
// bytes, so a stream of garbage keeps showing in the error count).
type Parser interface {
	// Feed takes the next bytes and returns the frames they complete, in
	// order. The returned bytes are copies; p is not retained.
	Feed(p []byte) []Frame
	// Flush gives up on the unfinished frame the parser is waiting for:
	// its first byte is skipped and the rest parsed again. A driver calls
	// it when the rest has not come for longer than any frame takes to
	// send (a garbage byte that looked like a long frame's header, or a
	// frame whose end was lost).
	Flush() []Frame
	// Buffered returns how many bytes wait to become a frame.
	Buffered() int
}

// maxSkip is how many skipped bytes are reported as one noise frame at
// most.
const maxSkip = 256

// ChafonParser finds Chafon (UHFReader18) frames, commands and responses
// alike: Len (4 or more) counts the bytes after itself, and the last two
// are a CRC16 of the others, low byte first. The zero value is ready.
type ChafonParser struct {
	// Inventory makes the parser look for replies to inventory commands
	// only: frames whose command byte is ChafonInventory and whose status
	// is one ChafonStatusText names. Others are skipped as noise. Garbage
	// then rarely looks like the start of a frame, which would hold back
	// the good frames after it until the length it claims has come.
	Inventory bool

	s scanner
}

// Feed implements Parser.
func (p *ChafonParser) Feed(b []byte) []Frame { return p.s.feed(b, p.rules()) }

// Flush implements Parser.
func (p *ChafonParser) Flush() []Frame { return p.s.flush(p.rules()) }

// Buffered implements Parser.
func (p *ChafonParser) Buffered() int { return len(p.s.buf) }

func (p *ChafonParser) rules() *rules {
	if p.Inventory {
		return chafonInventoryRules
	}
	return chafonRules
}

// R2000Parser finds R2000 "A0" frames in both directions: 0xA0, Len (3 or
// more) counting the bytes after itself, and a last byte that makes the sum
// of the frame zero. The zero value is ready.
type R2000Parser struct {
	// Inventory makes the parser look for replies to real-time inventory
	// commands only: frames whose command byte is R2000Inventory, with
	// the length of an error frame, of a summary frame, or of a tag frame
	// with room for the EPC its PC announces. Others are skipped as
	// noise.
	Inventory bool

	s scanner
}

// Feed implements Parser.
func (p *R2000Parser) Feed(b []byte) []Frame { return p.s.feed(b, p.rules()) }

// Flush implements Parser.
func (p *R2000Parser) Flush() []Frame { return p.s.flush(p.rules()) }

// Buffered implements Parser.
func (p *R2000Parser) Buffered() int { return len(p.s.buf) }

func (p *R2000Parser) rules() *rules {
	if p.Inventory {
		return r2000InventoryRules
	}
	return r2000Rules
}

// rules describe a protocol's framing to the scanner.
type rules struct {
	name string
	// size returns the length of the frame that would start at b[0]: > 0
	// the length, 0 when more bytes are needed to tell, < 0 when b[0]
	// cannot start a frame. It decides from the header alone, the same
	// whether the rest of the frame has come or not.
	size func(b []byte) int
	// valid reports whether a frame of that length has a right checksum.
	valid func(frame []byte) bool
}

func chafonSize(b []byte) int {
	if b[0] < 4 {
		return -1
	}
	return int(b[0]) + 1
}

func chafonValid(f []byte) bool {
	n := len(f)
	return CRC16(f[:n-2]) == uint16(f[n-2])|uint16(f[n-1])<<8
}

var chafonRules = &rules{name: "chafon", size: chafonSize, valid: chafonValid}

var chafonInventoryRules = &rules{
	name: "chafon",
	size: func(b []byte) int {
		switch {
		case b[0] < 5:
			return -1
		case len(b) < 4:
			return 0
		}
		if _, ok := chafonStatusText[b[3]]; !ok || b[2] != ChafonInventory || b[3] == ChafonOK {
			return -1
		}
		return int(b[0]) + 1
	},
	valid: chafonValid,
}

func r2000Size(b []byte) int {
	switch {
	case b[0] != r2000Head:
		return -1
	case len(b) < 2:
		return 0
	case b[1] < 3:
		return -1
	}
	return int(b[1]) + 2
}

func r2000Valid(f []byte) bool {
	var sum byte
	for _, c := range f {
		sum += c
	}
	return sum == 0
}

var r2000Rules = &rules{name: "r2000", size: r2000Size, valid: r2000Valid}

var r2000InventoryRules = &rules{
	name: "r2000",
	size: func(b []byte) int {
		n := r2000Size(b)
		switch {
		case n <= 0:
			return n
		case len(b) < 4:
			return 0
		case b[3] != R2000Inventory:
			return -1
		case b[1] == 4 || b[1] == 10: // error or summary frame
			return n
		case b[1] < 7:
			return -1
		case len(b) < 7:
			return 0
		case int(b[5]>>3)*2 > int(b[1])-7: // no room for the EPC the PC announces
			return -1
		}
		return n
	},
	valid: r2000Valid,
}

// scanner is the framing both parsers share.
type scanner struct {
	buf     []byte
	skipped int  // bytes skipped since the last good frame or report
	badSum  bool // one of them started a frame with a wrong checksum
	partial bool // one of them was flushed as an unfinished frame
}

func (s *scanner) feed(p []byte, r *rules) []Frame {
	s.buf = append(s.buf, p...)
	var out []Frame
	i := 0
	for i < len(s.buf) {
		n := r.size(s.buf[i:])
		if n == 0 || n > 0 && len(s.buf)-i < n {
			break // wait for the rest
		}
		if n < 0 || !r.valid(s.buf[i:i+n]) {
			if n > 0 {
				s.badSum = true
			}
			out = s.skip(out, r)
			i++
			continue
		}
		out = s.report(out, r)
		out = append(out, Frame{Bytes: bytes.Clone(s.buf[i : i+n])})
		i += n
	}
	s.buf = s.buf[:copy(s.buf, s.buf[i:])]
	return out
}

func (s *scanner) flush(r *rules) []Frame {
	if len(s.buf) == 0 {
		return nil
	}
	s.partial = true
	out := s.skip(nil, r)
	s.buf = s.buf[:copy(s.buf, s.buf[1:])]
	return append(out, s.feed(nil, r)...)
}

// skip counts one skipped byte and reports the run when it is long.
func (s *scanner) skip(out []Frame, r *rules) []Frame {
	s.skipped++
	if s.skipped >= maxSkip {
		out = s.report(out, r)
	}
	return out
}

// report turns the run of skipped bytes, if any, into a noise frame.
func (s *scanner) report(out []Frame, r *rules) []Frame {
	if s.skipped == 0 {
		return out
	}
	why := "no frame"
	switch {
	case s.badSum:
		why = "bad checksum"
	case s.partial:
		why = "unfinished frame"
	}
	unit := "bytes"
	if s.skipped == 1 {
		unit = "byte"
	}
	out = append(out, Frame{Err: &device.NoiseError{Reason: fmt.Sprintf("%s: %s, %d %s skipped", r.name, why, s.skipped, unit)}})
	s.skipped, s.badSum, s.partial = 0, false, false
	return out
}
