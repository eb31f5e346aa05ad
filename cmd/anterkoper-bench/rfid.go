package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"anterkoper/circulation"
	"anterkoper/device/uhf"
	"anterkoper/internal/store"
)

// sentRecorder is the simulator's side of the line: it notes when each
// EPC is first written.
type sentRecorder struct {
	*os.File
	parser uhf.R2000Parser
	mu     sync.Mutex
	first  map[string]time.Time
}

func (w *sentRecorder) Write(p []byte) (int, error) {
	now := time.Now()
	w.mu.Lock()
	for _, f := range w.parser.Feed(p) {
		if inv, err := uhf.DecodeR2000Inventory(f.Bytes); err == nil {
			for _, t := range inv.Tags {
				epc := fmt.Sprintf("%X", t.EPC)
				if _, ok := w.first[epc]; !ok {
					w.first[epc] = now
				}
			}
		}
	}
	w.mu.Unlock()
	return w.File.Write(p)
}

// benchRFID: 300 distinct tags reported at 2,000 reads/s by a simulated
// R2000 reader on a pty, read by the real daemon.
func benchRFID(ctx context.Context, o options) error {
	const tags = 300
	dir, err := os.MkdirTemp(o.dir, "bench-rfid-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin, err := binary(o, dir)
	if err != nil {
		return err
	}
	data := filepath.Join(dir, "data")
	db, err := store.OpenDir(data)
	if err != nil {
		return err
	}
	epcs, err := uhf.SimulatedEPCs("E2000000", tags)
	if err != nil {
		return err
	}
	var items []circulation.Item
	var bind []store.Tag
	itemOf := map[string]string{}
	for i, e := range epcs {
		code := fmt.Sprintf("B%05d", i+1)
		items = append(items, circulation.Item{Code: code, Title: "Buku " + code})
		bind = append(bind, store.Tag{EPC: fmt.Sprintf("%X", e), ItemCode: code})
		itemOf[code] = fmt.Sprintf("%X", e)
	}
	db.UpsertItems(ctx, items)
	db.UpsertTags(ctx, bind)
	loc, _ := db.CreateLocation(ctx, circulation.Location{Name: "SD N 1", Kind: "school", Level: "SD"})
	visit, _ := db.CreateVisit(ctx, circulation.Visit{LocationID: loc, Date: "2026-11-27"})
	db.Close()

	master, slave, err := uhf.OpenPTY()
	if err != nil {
		return err
	}
	defer master.Close()
	defer slave.Close()
	link := filepath.Join(dir, "reader")
	if err := os.Symlink(slave.Name(), link); err != nil {
		return err
	}
	const addr = "127.0.0.1:18797"
	cmd := exec.Command(bin, "serve", "--addr", addr, "--data", data, "--device", "r2000:"+link+",name=uhf")
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	base := "http://" + addr
	r := &rig{url: base, client: &http.Client{}}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("serve did not start")
		}
	}
	if err := r.setActive(visit); err != nil {
		return err
	}
	v, err := r.viewer(visit, tags+16)
	if err != nil {
		return err
	}
	defer v.conn.Close()

	rec := &sentRecorder{File: master, first: map[string]time.Time{}}
	sim := &uhf.Simulator{Protocol: "r2000", Tags: epcs, Rate: 2000, Seed: 1}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	simDone := make(chan struct{})
	go func() { sim.Serve(sctx, rec); close(simDone) }()

	cpu0 := cpuTime(cmd.Process.Pid)
	start := time.Now()
	got := map[string]time.Time{}
	var maxRSS float64
	sample := time.NewTicker(time.Second)
	defer sample.Stop()
	end := time.After(o.rfidFor)
loop:
	for {
		select {
		case a := <-v.got:
			if _, dup := got[a.code]; dup {
				return fmt.Errorf("%s was counted twice", a.code)
			}
			got[a.code] = a.at
		case <-sample.C:
			maxRSS = max(maxRSS, rssMB(cmd.Process.Pid))
		case <-end:
			break loop
		}
	}
	cpu := cpuTime(cmd.Process.Pid) - cpu0
	took := time.Since(start)
	stop()
	<-simDone
	reads := deviceScans(base)
	var ds []time.Duration
	rec.mu.Lock()
	for code, at := range got {
		if sent, ok := rec.first[itemOf[code]]; ok {
			ds = append(ds, at.Sub(sent))
		}
	}
	rec.mu.Unlock()
	fmt.Printf("## RFID: %d tags, simulated R2000 reader on a pty at %.0f reads/s for %s, real daemon\n", tags, sim.Rate, o.rfidFor)
	fmt.Printf("%-44s %d of %d, none twice\n", "tags counted (scan events at the viewer)", len(got), tags)
	fmt.Println(summary("tag's first report → scan event at viewer", ds))
	fmt.Printf("%-44s %d reads in %s (%.0f/s)\n", "reads the daemon took in", reads, round(took), float64(reads)/took.Seconds())
	if reads > 0 {
		fmt.Printf("%-44s %.1f µs (%s CPU in all)\n", "daemon CPU time per read", float64(cpu.Microseconds())/float64(reads), round(cpu))
	}
	fmt.Printf("%-44s %.1f MB\n\n", "daemon VmRSS, highest sample", maxRSS)
	return nil
}

// cpuTime is a process's user + system CPU time from /proc (Linux).
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / 100 // USER_HZ
}

func rssMB(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			kb, _ := strconv.Atoi(strings.Fields(line)[1])
			return float64(kb) / 1024
		}
	}
	return 0
}

func deviceScans(base string) int64 {
	resp, err := http.Get(base + "/api/devices")
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	i := strings.Index(string(b), `"scans":`)
	if i < 0 {
		return 0
	}
	rest := string(b[i+len(`"scans":`):])
	n, _ := strconv.ParseInt(rest[:strings.IndexAny(rest, ",}")], 10, 64)
	return n
}
