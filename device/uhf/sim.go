package uhf

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"anterkoper/device"
)

// Simulator plays a UHF reader with tags in its field, for demos, tests
// and benchmarks. It answers the commands a driver sends over a byte
// stream (a pseudo-terminal's master, see OpenPTY):
//
//   - chafon: inventory (04 FF 01 1B B4) with response frames of one to
//     eight tags each, status 0x03 "more frames follow" on all but the
//     last and 0x01 "finished" on the last, or a single 0xFB "no tag"
//     frame; reader information (04 FF 21 19 95); any other command with
//     0xFE "illegal command". It answers from address 0x00.
//   - r2000: real-time inventory (A0 04 01 89 01 D1) with one frame per
//     tag, then the summary frame; firmware version (A0 03 01 72 EA);
//     any other command with error 0x11 "command failed".
//
// Each round reports the next tags of the field in turn: all of them when
// Rate is 0, otherwise a tenth of a second's worth, so that a round stays
// short and every tag is reported once per len(Tags)/(Rate/10) rounds.
// The zero value simulates a chafon reader with no tags.
type Simulator struct {
	// Protocol is device.DriverChafon ("chafon", the default) or
	// device.DriverR2000 ("r2000").
	Protocol string
	// Tags are the EPCs in the field.
	Tags [][]byte
	// Rate is how many tag reads a second the reader reports in all; 0
	// reports as fast as the driver asks.
	Rate float64
	// Garbage is the probability, per frame, of a line fault: random bytes
	// before the frame, a damaged byte in it (the frame is lost), the
	// frame split across two writes, or the frame joined with the next.
	Garbage float64
	// Seed seeds the faults, frequencies and signal strengths.
	Seed uint64
	// ReaderError, when not 0, is the status (chafon) or error code
	// (r2000) every inventory is answered with instead of tags, such as
	// ChafonAntennaError or R2000AntennaMissing.
	ReaderError byte
	// Clone makes a chafon reader send what some clones do: an antenna
	// byte before the tag count and an RSSI byte after each EPC.
	Clone bool

	commands, frames, reads       atomic.Uint64
	garbage, damaged, split, join atomic.Uint64
}

// SimStats counts what a Simulator sent.
type SimStats struct {
	Commands uint64 // commands answered
	Frames   uint64 // frames sent, damaged ones included
	Reads    uint64 // tag reads in frames sent undamaged
	Garbage  uint64 // bursts of random bytes
	Damaged  uint64 // frames sent with a wrong byte
	Split    uint64 // frames sent in two writes
	Joined   uint64 // frames sent in one write with the next
}

// Stats returns what the simulator has sent so far. It may be called
// while Serve runs.
func (s *Simulator) Stats() SimStats {
	return SimStats{
		Commands: s.commands.Load(), Frames: s.frames.Load(), Reads: s.reads.Load(),
		Garbage: s.garbage.Load(), Damaged: s.damaged.Load(), Split: s.split.Load(), Joined: s.join.Load(),
	}
}

// deadliner is a conn whose blocked reads and writes can be woken.
type deadliner interface {
	SetReadDeadline(time.Time) error
	SetWriteDeadline(time.Time) error
}

// Serve answers the commands read from conn until ctx is done (it then
// returns nil) or conn fails. It does not close conn. When ctx ends, a
// read or write blocked on conn is woken through conn's deadlines (an
// *os.File pty master has them); a conn without deadlines must be closed
// by the caller to stop Serve.
func (s *Simulator) Serve(ctx context.Context, conn io.ReadWriter) error {
	var parser Parser
	switch s.Protocol {
	case "", device.DriverChafon:
		parser = new(ChafonParser)
	case device.DriverR2000:
		parser = new(R2000Parser)
	default:
		return fmt.Errorf("uhf: simulator: unknown protocol %q (want %s or %s)", s.Protocol, device.DriverChafon, device.DriverR2000)
	}
	if d, ok := conn.(deadliner); ok {
		stop := context.AfterFunc(ctx, func() {
			d.SetReadDeadline(time.Unix(1, 0))
			d.SetWriteDeadline(time.Unix(1, 0))
		})
		defer stop()
	}
	w := &simWriter{ctx: ctx, conn: conn, s: s, rnd: rand.New(rand.NewPCG(s.Seed, s.Seed^0x5eed))}
	var buf [512]byte
	for {
		n, err := conn.Read(buf[:])
		for _, f := range parser.Feed(buf[:n]) {
			if f.Err != nil {
				continue
			}
			if werr := w.answer(f.Bytes); werr != nil {
				err = werr
				break
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("uhf: simulator: %w", err)
		}
	}
}

// simWriter answers commands and sends frames with the configured faults
// and pace. It belongs to Serve's goroutine.
type simWriter struct {
	ctx    context.Context
	conn   io.Writer
	s      *Simulator
	rnd    *rand.Rand
	out    []byte    // what the next write sends
	next   time.Time // when the next read may be reported, with Rate
	cursor int       // index of the next tag to report
}

func (w *simWriter) answer(cmd []byte) error {
	w.s.commands.Add(1)
	var err error
	if w.s.Protocol == device.DriverR2000 {
		err = w.answerR2000(cmd)
	} else {
		err = w.answerChafon(cmd)
	}
	if err == nil {
		err = w.flush()
	}
	return err
}

const simChafonAddr = 0x00

func (w *simWriter) answerChafon(cmd []byte) error {
	switch cmd[2] {
	case ChafonInventory:
		if w.s.ReaderError != 0 {
			return w.send(ChafonFrame(simChafonAddr, ChafonInventory, w.s.ReaderError), 0)
		}
		tags := w.round()
		if len(tags) == 0 {
			return w.send(ChafonFrame(simChafonAddr, ChafonInventory, ChafonNoTag), 0)
		}
		for len(tags) > 0 {
			n := min(1+w.rnd.IntN(8), len(tags))
			for n > 1 && chafonDataLen(tags[:n], w.s.Clone) > 250 {
				n--
			}
			status := byte(ChafonMore)
			if n == len(tags) {
				status = ChafonFinished
			}
			var ant byte
			if w.s.Clone {
				ant = 0x01
			}
			data := append([]byte{status}, ChafonInventoryData(tags[:n], ant, w.s.Clone)...)
			if err := w.send(ChafonFrame(simChafonAddr, ChafonInventory, data...), n); err != nil {
				return err
			}
			tags = tags[n:]
		}
		return nil
	case ChafonInfo:
		// Version 3.1, type 0x09, ISO 18000-6C, 902–928 MHz band
		// limits, 30 dBm, inventory time 1 s.
		return w.send(ChafonFrame(simChafonAddr, ChafonInfo, ChafonOK, 0x03, 0x01, 0x09, 0x02, 0x31, 0x80, 0x1E, 0x0A), 0)
	}
	return w.send(ChafonFrame(simChafonAddr, cmd[2], ChafonIllegalCommand), 0)
}

func chafonDataLen(tags []Tag, clone bool) int {
	n := 2 // Num, and the antenna byte of a clone
	for _, t := range tags {
		n += 1 + len(t.EPC)
		if clone {
			n++
		}
	}
	return n
}

func (w *simWriter) answerR2000(cmd []byte) error {
	addr := cmd[2]
	if addr == 0xFF {
		addr = R2000Address
	}
	switch cmd[3] {
	case R2000Inventory:
		if w.s.ReaderError != 0 {
			return w.send(R2000Frame(addr, R2000Inventory, w.s.ReaderError), 0)
		}
		start := time.Now()
		tags := w.round()
		for _, t := range tags {
			if err := w.send(R2000TagFrame(addr, t, byte(w.rnd.IntN(50))), 1); err != nil {
				return err
			}
		}
		rate := float64(len(tags)) / max(time.Since(start).Seconds(), 0.001)
		return w.send(R2000SummaryFrame(addr, 0, uint16(min(rate, 65535)), uint32(len(tags))), 0)
	case R2000Firmware:
		return w.send(R2000Frame(addr, R2000Firmware, 0x01, 0x08), 0)
	}
	return w.send(R2000Frame(addr, cmd[3], R2000Fail), 0)
}

// round returns the tags the next round reports.
func (w *simWriter) round() []Tag {
	all := w.s.Tags
	k := len(all)
	if w.s.Rate > 0 {
		k = min(k, max(1, int(w.s.Rate/10)))
	}
	tags := make([]Tag, k)
	for i := range tags {
		if w.cursor >= len(all) {
			w.cursor = 0
		}
		tags[i] = Tag{EPC: all[w.cursor], Antenna: 1, RSSI: byte(0x30 + w.rnd.IntN(0x30))}
		w.cursor++
	}
	return tags
}

// send sends one frame reporting reads tags, with a fault now and then,
// once the pace allows.
func (w *simWriter) send(frame []byte, reads int) error {
	if err := w.pace(reads); err != nil {
		return err
	}
	w.s.frames.Add(1)
	if w.s.Garbage <= 0 || w.rnd.Float64() >= w.s.Garbage {
		w.s.reads.Add(uint64(reads))
		w.out = append(w.out, frame...)
		return w.flush()
	}
	switch w.rnd.IntN(4) {
	case 0:
		w.s.garbage.Add(1)
		for range 1 + w.rnd.IntN(32) {
			w.out = append(w.out, byte(w.rnd.Uint32()))
		}
		w.out = append(w.out, frame...)
	case 1:
		w.s.damaged.Add(1)
		frame = append([]byte(nil), frame...)
		frame[w.rnd.IntN(len(frame))] ^= byte(1 + w.rnd.IntN(255))
		w.out = append(w.out, frame...)
		return w.flush() // lost: no reads counted
	case 2:
		w.s.split.Add(1)
		cut := 1 + w.rnd.IntN(len(frame)-1)
		w.out = append(w.out, frame[:cut]...)
		if err := w.flush(); err != nil {
			return err
		}
		if err := w.sleep(time.Millisecond); err != nil { // the driver reads the first part alone
			return err
		}
		w.out = append(w.out, frame[cut:]...)
	case 3:
		w.s.join.Add(1)
		w.s.reads.Add(uint64(reads))
		w.out = append(w.out, frame...)
		return nil // sent with the next frame, or at the end of the answer
	}
	w.s.reads.Add(uint64(reads))
	return w.flush()
}

func (w *simWriter) flush() error {
	if len(w.out) == 0 {
		return nil
	}
	_, err := w.conn.Write(w.out)
	w.out = w.out[:0]
	return err
}

// pace waits until reads more reads may be reported at Rate.
func (w *simWriter) pace(reads int) error {
	if w.s.Rate <= 0 || reads == 0 {
		return nil
	}
	now := time.Now()
	if w.next.After(now) {
		if err := w.flush(); err != nil { // a joined frame is not held back
			return err
		}
		if err := w.sleep(w.next.Sub(now)); err != nil {
			return err
		}
		now = w.next
	}
	w.next = now.Add(time.Duration(float64(reads) / w.s.Rate * float64(time.Second)))
	return nil
}

func (w *simWriter) sleep(d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-w.ctx.Done():
		return w.ctx.Err()
	case <-t.C:
		return nil
	}
}
