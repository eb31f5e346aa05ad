package uhf

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"time"

	"go.bug.st/serial"

	"anterkoper/device"
)

const (
	// roundTimeout is how long the poller waits for the frame that ends a
	// round before it starts the next: that frame may have been lost on
	// the line.
	roundTimeout = time.Second
	// staleAfter is how long an unfinished frame may wait for its rest
	// before the driver gives up on it (Parser.Flush). Sending 257 bytes
	// takes 270 ms at 9600 baud and 45 ms at 57600.
	staleAfter = 500 * time.Millisecond
)

// protocol is what the driver needs to know of a reader protocol.
type protocol struct {
	name      string
	inventory []byte // the command that starts a round
	parser    func() Parser
	decode    func(frame []byte) (Inventory, error)
}

var (
	chafonProtocol = &protocol{
		name:      device.DriverChafon,
		inventory: ChafonFrame(ChafonBroadcast, ChafonInventory),
		parser:    func() Parser { return &ChafonParser{Inventory: true} },
		decode:    DecodeChafonInventory,
	}
	r2000Protocol = &protocol{
		name:      device.DriverR2000,
		inventory: R2000Frame(R2000Address, R2000Inventory, 0x01), // one round per command
		parser:    func() Parser { return &R2000Parser{Inventory: true} },
		decode:    DecodeR2000Inventory,
	}
)

// Drivers returns the options that let a device.Manager open "chafon" and
// "r2000" readers:
//
//	device.NewManager(specs, sink, uhf.Drivers()...)
func Drivers() []device.Option {
	return []device.Option{
		device.WithDriver(device.DriverChafon, OpenChafon),
		device.WithDriver(device.DriverR2000, OpenR2000),
	}
}

// OpenChafon opens a Chafon (UHFReader18 family) reader on the serial port
// spec.Path, 57600 baud unless the spec says otherwise, and starts polling
// it. The returned device is a *Dev.
func OpenChafon(spec device.Spec) (device.Dev, error) { return open(spec, chafonProtocol) }

// OpenR2000 opens a reader speaking the R2000 "A0" protocol on the serial
// port spec.Path, 115200 baud unless the spec says otherwise, and starts
// polling it. The returned device is a *Dev.
func OpenR2000(spec device.Spec) (device.Dev, error) { return open(spec, r2000Protocol) }

func open(spec device.Spec, p *protocol) (device.Dev, error) {
	spec.Driver = p.name // the defaults are the protocol's
	o, err := spec.ReaderOptions()
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", p.name, spec.Path, err)
	}
	port, err := serial.Open(spec.Path, &serial.Mode{BaudRate: o.Baud, DataBits: 8, StopBits: serial.OneStopBit})
	if err != nil {
		return nil, openError(p.name, spec.Path, err)
	}
	d := &Dev{
		proto:    p,
		port:     port,
		interval: o.Poll,
		parser:   p.parser(),
		roundEnd: make(chan struct{}, 1),
		closed:   make(chan struct{}),
		polling:  make(chan struct{}),
	}
	go d.poll()
	return d, nil
}

// openError turns the errors of serial.Open into ones that errors.Is can
// tell apart, as device.OpenSerial does.
func openError(name, path string, err error) error {
	var pe *serial.PortError
	if errors.As(err, &pe) {
		switch pe.Code() {
		case serial.PermissionDenied:
			return fmt.Errorf("%s: open %s: %w", name, path, fs.ErrPermission)
		case serial.PortNotFound:
			return fmt.Errorf("%s: open %s: %w", name, path, fs.ErrNotExist)
		}
	}
	return fmt.Errorf("%s: open %s: %w", name, path, err)
}

// Dev is an open UHF reader. One goroutine polls it: it sends the
// inventory command, waits until Read has seen the frame that ends the
// round (or a second has passed), and starts the next round no sooner than
// the poll interval after the previous one started. Read returns every tag
// read, one device.Scan each, with Symbology SymbologyEPC.
//
// Read is not safe for concurrent use; Close may be called from any
// goroutine, wakes a blocked Read and stops the poller.
type Dev struct {
	proto    *protocol
	port     serial.Port
	interval time.Duration

	// Read's own.
	parser   Parser
	buf      [1024]byte
	pending  []result
	err      error     // the read error, reported after the pending results
	progress time.Time // when the parser began to wait for what it holds

	roundEnd chan struct{} // capacity 1: Read saw the end of a round
	closed   chan struct{}
	polling  chan struct{} // closed when the poller has ended
	once     sync.Once

	mu     sync.Mutex
	status string // the reader's last round-ending status
	failed error  // why the poller stopped, when it failed
}

type result struct {
	scan device.Scan
	err  error
}

// Read blocks until the reader reports a tag and returns it. A
// *device.NoiseError stands for bytes that were no good frame, or for an
// error status of the reader (reported once when it starts, not for every
// round it lasts); the device stays usable. Any other error means the
// device is gone or closed.
func (d *Dev) Read() (device.Scan, error) {
	for len(d.pending) == 0 {
		if d.err != nil {
			return device.Scan{}, d.err
		}
		n, err := d.port.Read(d.buf[:])
		now := time.Now()
		before := d.parser.Buffered()
		frames := d.parser.Feed(d.buf[:n])
		switch {
		case before == 0 || d.parser.Buffered() < before+n:
			// The parser moved on: what it waits for now began now.
			d.progress = now
		case d.parser.Buffered() > 0 && now.Sub(d.progress) > staleAfter:
			frames = append(frames, d.parser.Flush()...)
			d.progress = now
		}
		for _, f := range frames {
			d.handle(f, now)
		}
		if err != nil {
			d.err = d.readError(err)
		}
	}
	r := d.pending[0]
	d.pending = d.pending[1:]
	return r.scan, r.err
}

func (d *Dev) readError(err error) error {
	d.mu.Lock()
	failed := d.failed
	d.mu.Unlock()
	if failed != nil {
		return failed
	}
	var pe *serial.PortError
	if errors.As(err, &pe) && pe.Code() == serial.PortClosed {
		// Also what an unplugged USB reader looks like on Linux.
		err = errors.New("port closed or device unplugged")
	}
	return fmt.Errorf("%s: read: %w", d.proto.name, err)
}

// handle turns one frame into results.
func (d *Dev) handle(f Frame, at time.Time) {
	if f.Err != nil {
		d.pending = append(d.pending, result{err: f.Err})
		return
	}
	inv, err := d.proto.decode(f.Bytes)
	if errors.Is(err, ErrNotInventory) {
		return
	}
	if err != nil {
		d.pending = append(d.pending, result{err: &device.NoiseError{Reason: err.Error()}})
		return
	}
	for _, t := range inv.Tags {
		if len(t.EPC) == 0 {
			continue
		}
		code := bytes.ToUpper(hex.AppendEncode(nil, t.EPC))
		d.pending = append(d.pending, result{scan: device.Scan{Code: code, Symbology: SymbologyEPC, Time: at}})
	}
	if inv.End || inv.Err != nil {
		d.mu.Lock()
		same := d.status == inv.Status
		d.status = inv.Status
		d.mu.Unlock()
		if inv.Err != nil && !same {
			d.pending = append(d.pending, result{err: &device.NoiseError{Reason: fmt.Sprintf("%s reader: %s (0x%02X)", d.proto.name, inv.Err.Text, inv.Err.Code)}})
		}
	}
	if inv.End {
		select {
		case d.roundEnd <- struct{}{}:
		default:
		}
	}
}

// ReaderStatus returns the status the reader ended its last round with,
// for a person: "inventory finished", "no tag in field", "antenna
// missing"; "" before the first round ended.
func (d *Dev) ReaderStatus() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.status
}

// Close stops the poller and closes the port; a Read blocked in another
// goroutine returns with an error. Close may be called more than once.
func (d *Dev) Close() error {
	d.once.Do(func() { close(d.closed) })
	err := d.port.Close()
	<-d.polling
	return err
}

// poll starts inventory rounds until the device is closed or a command
// cannot be sent.
func (d *Dev) poll() {
	defer close(d.polling)
	for {
		select {
		case <-d.roundEnd: // left over from a round given up on
		default:
		}
		start := time.Now()
		if _, err := d.port.Write(d.proto.inventory); err != nil {
			select {
			case <-d.closed:
			default:
				d.mu.Lock()
				d.failed = fmt.Errorf("%s: write: %w", d.proto.name, err)
				d.mu.Unlock()
				d.port.Close() // wakes Read, which reports d.failed
			}
			return
		}
		if !d.wait(roundTimeout, d.roundEnd) {
			return
		}
		if rest := d.interval - time.Since(start); rest > 0 && !d.wait(rest, nil) {
			return
		}
	}
}

// wait waits for c or for d, whichever comes first; it reports false when
// the device was closed meanwhile.
func (d *Dev) wait(dur time.Duration, c <-chan struct{}) bool {
	t := time.NewTimer(dur)
	defer t.Stop()
	select {
	case <-d.closed:
		return false
	case <-c:
	case <-t.C:
	}
	return true
}
