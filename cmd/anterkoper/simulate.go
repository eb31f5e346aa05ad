package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"anterkoper/device"
	"anterkoper/device/uhf"
)

const simulateUsage = `usage: anterkoper simulate rfid [--protocol chafon|r2000] [--tags N] [--epc-prefix HEX]
                           [--rate R] [--garbage P] [--seed S] [--link PATH]`

type simulateOptions struct {
	protocol string
	tags     int
	prefix   string
	rate     float64
	garbage  float64
	seed     uint64
	link     string
}

// runSimulate plays a UHF RFID reader on a pseudo-terminal, for demos,
// tests and benchmarks without hardware: "anterkoper simulate rfid
// --protocol r2000 --tags 300", then "anterkoper serve --device
// r2000:/dev/pts/N". It runs until interrupted.
func runSimulate(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	var o simulateOptions
	fs.StringVar(&o.protocol, "protocol", device.DriverChafon, "reader protocol: chafon (UHFReader18 family) or r2000 (R2000 \"A0\" protocol)")
	fs.IntVar(&o.tags, "tags", 20, "how many tags are in the reader's field")
	fs.StringVar(&o.prefix, "epc-prefix", "E2000000", "hex digits the tags' 12-byte EPCs start with; the tags are numbered 1 to N (in decimal) at the end")
	fs.Float64Var(&o.rate, "rate", 200, "tag reads per second the reader reports in all (0: as fast as the daemon polls)")
	fs.Float64Var(&o.garbage, "garbage", 0, "probability per frame of a line fault: garbage bytes, a damaged frame, a frame split or joined (0 to 1)")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the line faults, frequencies and signal strengths")
	fs.StringVar(&o.link, "link", "", "also make a symlink to the reader at PATH, standing for /dev/serial/by-id/… (an old symlink there is replaced)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "rfid" {
		return usageError{simulateUsage}
	}
	switch {
	case o.protocol != device.DriverChafon && o.protocol != device.DriverR2000:
		return usageError{fmt.Sprintf("simulate: --protocol %q: want chafon or r2000", o.protocol)}
	case o.tags < 0 || o.tags > 100_000:
		return usageError{fmt.Sprintf("simulate: --tags %d: want 0 to 100000", o.tags)}
	case !(o.rate >= 0):
		return usageError{fmt.Sprintf("simulate: --rate %v: want 0 or more reads per second", o.rate)}
	case !(o.garbage >= 0 && o.garbage <= 1):
		return usageError{fmt.Sprintf("simulate: --garbage %v: want a probability from 0 to 1", o.garbage)}
	}
	return simulate(ctx, o, os.Stdout)
}

func simulate(ctx context.Context, o simulateOptions, out io.Writer) error {
	epcs, err := uhf.SimulatedEPCs(o.prefix, o.tags)
	if err != nil {
		return usageError{fmt.Sprintf("simulate: --epc-prefix: %v", err)}
	}
	master, slave, err := uhf.OpenPTY()
	if err != nil {
		return fmt.Errorf("simulate: %w", err)
	}
	// The slave stays open while the simulator runs, so that the daemon
	// may close and reopen the line (restart) without the master failing.
	defer slave.Close()
	defer master.Close()
	path, configure := slave.Name(), slave.Name()
	if o.link != "" {
		if err := replaceSymlink(path, o.link); err != nil {
			return fmt.Errorf("simulate: --link: %w", err)
		}
		defer removeSymlink(path, o.link)
		configure = o.link
	}
	fmt.Fprintf(out, "reader on %s — run: anterkoper serve --device %s:%s\n", path, o.protocol, configure)
	sim := &uhf.Simulator{Protocol: o.protocol, Tags: epcs, Rate: o.rate, Garbage: o.garbage, Seed: o.seed}
	err = sim.Serve(ctx, master)
	st := sim.Stats()
	fmt.Fprintf(os.Stderr, "simulate: answered %d commands with %d frames, %d tag reads (%d damaged frames, %d bursts of garbage)\n",
		st.Commands, st.Frames, st.Reads, st.Damaged, st.Garbage)
	if err != nil {
		return fmt.Errorf("simulate: %w", err)
	}
	return nil
}

// replaceSymlink makes link point to target; an existing symlink (one a
// simulator that was killed left behind) is replaced, anything else is not.
func replaceSymlink(target, link string) error {
	fi, err := os.Lstat(link)
	switch {
	case err == nil && fi.Mode()&fs.ModeSymlink == 0:
		return fmt.Errorf("%s exists and is not a symlink", link)
	case err == nil:
		if err := os.Remove(link); err != nil {
			return err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	return os.Symlink(target, link)
}

// removeSymlink removes link if it still points to target.
func removeSymlink(target, link string) {
	if t, err := os.Readlink(link); err == nil && t == target {
		os.Remove(link)
	}
}
