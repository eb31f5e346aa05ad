package main

import (
	"context"
	"fmt"
	"time"

	"github.com/creack/pty"

	"anterkoper/device"
)

// benchSerial: bytes written into a pseudo-terminal that the device manager
// reads as a serial scanner, to the WebSocket event at a viewer, with the
// same scans posted over HTTP in the same run as the baseline; then a burst
// of 1,000 scans written back to back on the line.
func benchSerial(ctx context.Context, o options) error {
	const scans, burst = 2000, 1000
	r, err := newRig(ctx, o, 2*scans+burst, 3)
	if err != nil {
		return err
	}
	defer r.stop()
	master, slave, err := pty.Open()
	if err != nil {
		return err
	}
	defer master.Close()
	path := slave.Name()
	slave.Close()
	spec, err := device.ParseSpec("serial:" + path + ",name=bench")
	if err != nil {
		return err
	}
	mctx, cancel := context.WithCancel(ctx)
	defer cancel()
	mgr, err := device.NewManager([]device.Spec{spec}, func(sc device.Scan) { r.srv.DeviceScan(mctx, sc) })
	if err != nil {
		return err
	}
	done := make(chan struct{})
	go func() { mgr.Serve(mctx); close(done) }()
	defer func() { cancel(); <-done }()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if st := mgr.Status(); st[0].State == device.StateConnected {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("pty scanner did not connect")
		}
	}

	measure := func(visit int64, first int, send func(code string) error) ([]time.Duration, error) {
		v, err := r.viewer(visit, 16)
		if err != nil {
			return nil, err
		}
		defer v.conn.Close()
		var ds []time.Duration
		for i := first; i < first+scans; i++ {
			code := fmt.Sprintf("B%06d", i)
			t0 := time.Now()
			if err := send(code); err != nil {
				return nil, err
			}
			select {
			case a := <-v.got:
				if a.code != code {
					return nil, fmt.Errorf("viewer got %s, want %s", a.code, code)
				}
				ds = append(ds, a.at.Sub(t0))
			case <-time.After(10 * time.Second):
				return nil, fmt.Errorf("no event for %s", code)
			}
		}
		return ds, nil
	}
	if err := r.setActive(r.visits[0]); err != nil {
		return err
	}
	viaPTY, err := measure(r.visits[0], 1, func(code string) error {
		_, err := master.Write([]byte(code + "\r\n"))
		return err
	})
	if err != nil {
		return err
	}
	viaHTTP, err := measure(r.visits[1], scans+1, func(code string) error { return r.scan(r.visits[1], code) })
	if err != nil {
		return err
	}

	// The burst: 1,000 scans in one write; every one must arrive, in order.
	if err := r.setActive(r.visits[2]); err != nil {
		return err
	}
	v, err := r.viewer(r.visits[2], burst+16)
	if err != nil {
		return err
	}
	defer v.conn.Close()
	var buf []byte
	for i := 0; i < burst; i++ {
		buf = fmt.Appendf(buf, "B%06d\r\n", 2*scans+1+i)
	}
	t0 := time.Now()
	if _, err := master.Write(buf); err != nil {
		return err
	}
	for i := 0; i < burst; i++ {
		select {
		case a := <-v.got:
			if want := fmt.Sprintf("B%06d", 2*scans+1+i); a.code != want {
				return fmt.Errorf("burst: event %d is %s, want %s", i, a.code, want)
			}
		case <-time.After(20 * time.Second):
			return fmt.Errorf("burst: only %d of %d scans arrived", i, burst)
		}
	}
	took := time.Since(t0)
	fmt.Println("## Serial scanner (pty) → viewer, sequential scans (durable commit included)")
	fmt.Println(summary("pty write → WebSocket event", viaPTY))
	fmt.Println(summary("HTTP scan → WebSocket event (baseline)", viaHTTP))
	fmt.Printf("%-44s all %d counted in order in %s (%.0f scans/s)\n\n", "burst of 1,000 scans in one write", burst, round(took), burst/took.Seconds())
	return nil
}
