// Command anterkoper-bench measures the kiosk's figures end to end on this
// machine: scan-to-viewer latency with a durable commit (1 viewer, and 100
// viewers at 50 scans/s), beside the disk's own fsync time; catalog import
// of a 100,000-row SLiMS export; export of a visit with 100,000 scan events;
// and the idle memory of the real `anterkoper serve` binary.
//
// Usage: go run ./cmd/anterkoper-bench [-dir DIR] [-scans 5000] [-fanout-scans 1000]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"
)

type options struct {
	dir         string
	scans       int
	fanoutScans int
	viewers     int
	rate        int
	bin         string
	rfidFor     time.Duration
	only        string
}

func main() {
	var o options
	flag.StringVar(&o.dir, "dir", os.TempDir(), "folder for the benchmark databases (measure on the disk the kiosk will use)")
	flag.IntVar(&o.scans, "scans", 5000, "scans for the one-viewer latency run")
	flag.IntVar(&o.fanoutScans, "fanout-scans", 1000, "scans for the many-viewer run")
	flag.IntVar(&o.viewers, "viewers", 100, "viewers for the many-viewer run")
	flag.IntVar(&o.rate, "rate", 50, "scans per second in the many-viewer run")
	flag.DurationVar(&o.rfidFor, "rfid-for", 60*time.Second, "how long the RFID run lasts")
	flag.StringVar(&o.only, "only", "", "run only the named steps, comma-separated (fsync,latency,fanout,serial,rfid,decode,import,export,idle)")
	flag.StringVar(&o.bin, "bin", "", "anterkoper binary for the idle-memory figure (default: build it)")
	flag.Parse()
	if err := run(context.Background(), o); err != nil {
		fmt.Fprintln(os.Stderr, "anterkoper-bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	host, _ := os.Hostname()
	fmt.Printf("# anterkoper-bench on %s: %s/%s, %d CPUs, %s\n\n", host, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	steps := []struct {
		name string
		fn   func(context.Context, options) error
	}{
		{"fsync", benchFsync},
		{"latency", benchLatency},
		{"fanout", benchFanout},
		{"serial", benchSerial},
		{"rfid", benchRFID},
		{"decode", benchDecode},
		{"import", benchImport},
		{"export", benchExport},
		{"idle", benchIdleRSS},
	}
	for _, s := range steps {
		if o.only != "" && !slices.Contains(strings.Split(o.only, ","), s.name) {
			continue
		}
		if err := s.fn(ctx, o); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	return nil
}
