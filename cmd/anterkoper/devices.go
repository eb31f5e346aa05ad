package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"anterkoper/device"
)

// deviceSpecs collects --device flags and a --config file.
type deviceSpecs struct {
	flags  []string
	config string
}

func deviceFlags(fs *flag.FlagSet) *deviceSpecs {
	d := &deviceSpecs{}
	fs.Func("device", "input device DRIVER:PATH[,key=value…], e.g. serial:/dev/ttyACM0,baud=9600 or hid:/dev/input/by-id/…-event-kbd (repeatable)", func(s string) error {
		d.flags = append(d.flags, s)
		return nil
	})
	fs.StringVar(&d.config, "config", "", "TOML file with [[device]] tables (same fields as --device)")
	return d
}

// specs returns the configured devices: the config file's first, then the
// flags'.
func (d *deviceSpecs) specs() ([]device.Spec, error) {
	var out []device.Spec
	if d.config != "" {
		f, err := os.Open(d.config)
		if err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
		defer f.Close()
		specs, err := device.LoadConfig(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.config, err)
		}
		out = append(out, specs...)
	}
	for _, s := range d.flags {
		sp, err := device.ParseSpec(s)
		if err != nil {
			return nil, usageError{fmt.Sprintf("--device %s: %v", s, err)}
		}
		out = append(out, sp)
	}
	return out, nil
}

// runDevices lists the serial ports and input devices found, and which
// configured device is which.
func runDevices(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("devices", flag.ContinueOnError)
	devs := deviceFlags(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{"usage: anterkoper devices [--device SPEC]… [--config FILE] [--json]"}
	}
	specs, err := devs.specs()
	if err != nil {
		return err
	}
	infos, err := device.List(specs)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(infos)
	}
	if len(infos) == 0 {
		fmt.Println("No serial ports or input devices found.")
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DRIVER\tPATH\tUSB VID:PID\tSERIAL\tPRODUCT\tSTABLE NAME\tCONFIGURED AS")
	for _, in := range infos {
		usb := "-"
		if in.USB {
			usb = in.VID + ":" + in.PID
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", in.Driver, in.Path, usb, dash(in.Serial), dash(in.Product),
			dash(strings.Join(in.Links, " ")), dash(strings.Join(in.Configured, ", ")))
	}
	tw.Flush()
	for _, sp := range specs {
		found := false
		for _, in := range infos {
			for _, c := range in.Configured {
				found = found || c == sp.Name
			}
		}
		if !found {
			fmt.Printf("configured device %q (%s) is not present now\n", sp.Name, sp.Path)
		}
	}
	return nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
