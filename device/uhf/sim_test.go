package uhf

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"anterkoper/device"
)

// simConn runs a simulator on one end of a net.Pipe and gives the test
// the other, with a parser for what comes back.
type simConn struct {
	t      *testing.T
	conn   net.Conn
	parser Parser
	frames []Frame
}

func startSim(t *testing.T, sim *Simulator) *simConn {
	t.Helper()
	checkNoLeaks(t)
	ours, theirs := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sim.Serve(ctx, theirs) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve = %v after its context was cancelled, want nil", err)
		}
		ours.Close()
		theirs.Close()
	})
	c := &simConn{t: t, conn: ours, parser: new(ChafonParser)}
	if sim.Protocol == device.DriverR2000 {
		c.parser = new(R2000Parser)
	}
	return c
}

func (c *simConn) send(frame []byte) {
	c.t.Helper()
	c.conn.SetWriteDeadline(time.Now().Add(waitLimit))
	if _, err := c.conn.Write(frame); err != nil {
		c.t.Fatal(err)
	}
}

// next returns the next frame the simulator sent.
func (c *simConn) next() []byte {
	c.t.Helper()
	c.conn.SetReadDeadline(time.Now().Add(waitLimit))
	for len(c.frames) == 0 {
		var buf [512]byte
		n, err := c.conn.Read(buf[:])
		if err != nil {
			c.t.Fatal(err)
		}
		c.frames = c.parser.Feed(buf[:n])
	}
	f := c.frames[0]
	c.frames = c.frames[1:]
	if f.Err != nil {
		c.t.Fatalf("simulator sent noise: %s", f.Err.Reason)
	}
	return f.Bytes
}

// round sends an inventory command and returns the EPCs and the statuses
// of the frames that answer it.
func (c *simConn) round(decode func([]byte) (Inventory, error), cmd []byte) (epcs, statuses []string) {
	c.t.Helper()
	c.send(cmd)
	for {
		inv, err := decode(c.next())
		if err != nil {
			c.t.Fatal(err)
		}
		for _, tg := range inv.Tags {
			epcs = append(epcs, fmt.Sprintf("%X", tg.EPC))
		}
		if inv.Status != "" {
			statuses = append(statuses, inv.Status)
		}
		if inv.End {
			return epcs, statuses
		}
	}
}

func TestSimulatorChafon(t *testing.T) {
	c := startSim(t, &Simulator{Tags: simulated(t, "E2000000", 20), Seed: 1})
	epcs, statuses := c.round(DecodeChafonInventory, chafonProtocol.inventory)
	if want := epcStrings(t, "E2000000", 20); strings.Join(epcs, " ") != strings.Join(want, " ") {
		t.Fatalf("round = %v, want %v", epcs, want)
	}
	if len(statuses) < 3 || statuses[len(statuses)-1] != "inventory finished" {
		t.Fatalf("statuses = %q, want several frames, the last finished", statuses)
	}
	for _, s := range statuses[:len(statuses)-1] {
		if s != "more frames follow" {
			t.Fatalf("statuses = %q", statuses)
		}
	}
	c.send(unhex(t, "04 FF 21 19 95"))
	if got := c.next(); got[2] != ChafonInfo || got[3] != ChafonOK || len(got) != 14 {
		t.Errorf("reader information = % X", got)
	}
	c.send(ChafonFrame(0xFF, 0x55))
	if got := c.next(); fmt.Sprintf("% X", got) != fmt.Sprintf("% X", ChafonFrame(0, 0x55, ChafonIllegalCommand)) {
		t.Errorf("unknown command answered % X", got)
	}
}

func TestSimulatorChafonEmpty(t *testing.T) {
	c := startSim(t, &Simulator{Protocol: device.DriverChafon})
	epcs, statuses := c.round(DecodeChafonInventory, unhex(t, "04 FF 01 1B B4"))
	if len(epcs) != 0 || strings.Join(statuses, ",") != "no tag in field" {
		t.Fatalf("empty field: %v %q", epcs, statuses)
	}
}

func TestSimulatorR2000(t *testing.T) {
	c := startSim(t, &Simulator{Protocol: device.DriverR2000, Tags: simulated(t, "E2000000", 20), Seed: 1})
	epcs, statuses := c.round(DecodeR2000Inventory, unhex(t, "A0 04 01 89 01 D1"))
	if want := epcStrings(t, "E2000000", 20); strings.Join(epcs, " ") != strings.Join(want, " ") {
		t.Fatalf("round = %v, want %v", epcs, want)
	}
	if strings.Join(statuses, ",") != "inventory finished, 20 reads" {
		t.Fatalf("statuses = %q", statuses)
	}
	c.send(unhex(t, "A0 03 01 72 EA"))
	if got := c.next(); fmt.Sprintf("% X", got) != fmt.Sprintf("% X", R2000Frame(1, R2000Firmware, 1, 8)) {
		t.Errorf("firmware version = % X", got)
	}
	c.send(R2000Frame(1, 0x74, 3))
	if got := c.next(); fmt.Sprintf("% X", got) != fmt.Sprintf("% X", R2000Frame(1, 0x74, R2000Fail)) {
		t.Errorf("unknown command answered % X", got)
	}
}

// With a rate, a round reports a tenth of a second's reads, the next tags
// in turn.
func TestSimulatorRate(t *testing.T) {
	for _, proto := range []string{device.DriverChafon, device.DriverR2000} {
		t.Run(proto, func(t *testing.T) {
			p := map[string]*protocol{device.DriverChafon: chafonProtocol, device.DriverR2000: r2000Protocol}[proto]
			c := startSim(t, &Simulator{Protocol: proto, Tags: simulated(t, "E2000000", 25), Rate: 100})
			all := epcStrings(t, "E2000000", 25)
			start := time.Now()
			var got []string
			for range 3 {
				epcs, _ := c.round(p.decode, p.inventory)
				got = append(got, strings.Join(epcs, " "))
			}
			elapsed := time.Since(start)
			want := []string{
				strings.Join(all[:10], " "), strings.Join(all[10:20], " "),
				strings.Join(append(all[20:25:25], all[:5]...), " "),
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("rounds:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			// 30 reads at 100/s: the first is sent at once.
			if elapsed < 250*time.Millisecond {
				t.Errorf("30 reads in %v at 100 reads/s", elapsed)
			}
		})
	}
}

func TestSimulatorUnknownProtocol(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	err := (&Simulator{Protocol: "iso15693"}).Serve(context.Background(), a)
	if err == nil || !strings.Contains(err.Error(), `unknown protocol "iso15693"`) {
		t.Fatalf("Serve = %v", err)
	}
}
