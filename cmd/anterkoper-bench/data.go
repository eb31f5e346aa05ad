package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"anterkoper/circulation"
	"anterkoper/internal/catalog"
	"anterkoper/internal/export"
	"anterkoper/internal/store"
)

// slimsExport writes n rows in SLiMS's item export format, one in ten with
// the unescaped quotes SLiMS produces.
func slimsExport(n int) []byte {
	var b bytes.Buffer
	for i := 1; i <= n; i++ {
		title := fmt.Sprintf("Cerita Rakyat Jawa Tengah Jilid %d", i)
		if i%10 == 0 {
			title = fmt.Sprintf(`Kumpulan "Cerpen" Anak Nomor %d`, i)
		}
		fmt.Fprintf(&b, `"B%07d","398.2 KAN","Fiction","INV/%d/2024","2024-03-01","","","Perpustakaan Keliling","","","","1","","25000","IDR","","2024-03-01 10:00:00","2024-03-01 10:00:00","%s"`+"\n", i, i, title)
	}
	return b.Bytes()
}

// benchImport: parse and store a 100,000-row SLiMS export, as
// `anterkoper import items` does (new items, then the same file again).
func benchImport(ctx context.Context, o options) error {
	dir, err := os.MkdirTemp(o.dir, "bench-import-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := store.OpenDir(dir)
	if err != nil {
		return err
	}
	defer db.Close()
	data := slimsExport(100_000)
	fmt.Printf("## Catalog import, 100,000-row SLiMS export (%.1f MB)\n", float64(len(data))/1e6)
	for _, pass := range []string{"new catalog", "re-import (updates)"} {
		t := time.Now()
		items, bad, err := catalog.Parse(bytes.NewReader(data))
		if err != nil || len(bad) > 0 || len(items) != 100_000 {
			return fmt.Errorf("parse: %v, %d bad, %d items", err, len(bad), len(items))
		}
		parsed := time.Since(t)
		if _, err := db.UpsertItems(ctx, items); err != nil {
			return err
		}
		fmt.Printf("%-44s parse %s + store %s = %s\n", pass, round(parsed), round(time.Since(t)-parsed), round(time.Since(t)))
	}
	fmt.Println()
	return nil
}

// benchExport: a visit with 100,000 scan events, exported as CSV and JSON.
func benchExport(ctx context.Context, o options) error {
	dir, err := os.MkdirTemp(o.dir, "bench-export-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := store.OpenDir(dir)
	if err != nil {
		return err
	}
	defer db.Close()
	var its []circulation.Item
	for i := 1; i <= 2000; i++ {
		its = append(its, circulation.Item{Code: fmt.Sprintf("B%05d", i), Title: fmt.Sprintf("Buku %d", i)})
	}
	db.UpsertItems(ctx, its)
	loc, _ := db.CreateLocation(ctx, circulation.Location{Name: "SD N 1", Kind: "school", Level: "SD"})
	visit, _ := db.CreateVisit(ctx, circulation.Visit{LocationID: loc, Date: "2026-11-27"})
	evs := make([]circulation.Event, 0, 100_000)
	for i := 0; i < 100_000; i++ {
		e := circulation.Event{VisitID: visit, Type: circulation.EventScan, Mode: circulation.ModePack, Code: fmt.Sprintf("B%05d", i%2000+1), Source: "bench"}
		e.ItemCode = e.Code
		e.Outcome = circulation.Duplicate
		if i < 2000 {
			e.Outcome = circulation.Accepted
		}
		evs = append(evs, e)
	}
	if err := db.AppendEvents(ctx, evs); err != nil {
		return err
	}
	fmt.Println("## Export of a visit with 100,000 scan events")
	for _, format := range []string{"csv", "json"} {
		var ds []time.Duration
		var size int64
		for i := 0; i < 3; i++ {
			t := time.Now()
			v, err := export.LoadVisit(ctx, db, visit)
			if err != nil {
				return err
			}
			cw := &countWriter{}
			if format == "csv" {
				err = v.WriteCSV(cw)
			} else {
				err = v.WriteJSON(cw)
			}
			if err != nil {
				return err
			}
			ds = append(ds, time.Since(t))
			size = cw.n
		}
		fmt.Printf("%-44s median of 3: %s (%.1f MB)\n", "export visit --format "+format, round(median(ds)), float64(size)/1e6)
	}
	fmt.Println()
	return nil
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// benchIdleRSS starts the real binary on a demo database and reads its
// resident memory once it is idle.
func benchIdleRSS(ctx context.Context, o options) error {
	dir, err := os.MkdirTemp(o.dir, "bench-rss-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin, err := binary(o, dir)
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, "serve", "--demo", "--addr", "127.0.0.1:18799", "--data", filepath.Join(dir, "data"))
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://127.0.0.1:18799/healthz")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("serve did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Load the operator page and a viewer once, then let it idle.
	for _, p := range []string{"/", "/viewer?visit=1", "/api/visits?date="} {
		if resp, err := http.Get("http://127.0.0.1:18799" + p); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	time.Sleep(3 * time.Second)
	rss := rssMB(cmd.Process.Pid)
	if rss == 0 {
		return fmt.Errorf("reading RSS from /proc (Linux only)")
	}
	fmt.Println("## Idle memory of `anterkoper serve --demo`")
	fmt.Printf("%-44s %.1f MB\n", "VmRSS after start-up and two page loads", rss)
	return nil
}

// binary returns the anterkoper binary to measure: -bin, or one built into
// dir.
func binary(o options, dir string) (string, error) {
	if o.bin != "" {
		return o.bin, nil
	}
	bin := filepath.Join(dir, "anterkoper")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/anterkoper")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
}
