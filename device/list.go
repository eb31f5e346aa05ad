package device

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Info describes a device found on this machine, for `anterkoper devices`.
type Info struct {
	Driver string `json:"driver"` // "serial" or "hid"
	// Path is the device node (/dev/ttyACM0, /dev/input/event5, COM3).
	Path string `json:"path"`
	// Links are the stable names resolving to Path, from /dev/serial/by-id
	// and /dev/input/by-id. Configure these rather than Path: ttyACM0 may
	// be another scanner after the next boot.
	Links   []string `json:"links,omitempty"`
	Product string   `json:"product,omitempty"`
	USB     bool     `json:"usb"`
	VID     string   `json:"vid,omitempty"`
	PID     string   `json:"pid,omitempty"`
	Serial  string   `json:"serial,omitempty"`
	// Configured holds the names of the configured devices whose path
	// resolves to this one.
	Configured []string `json:"configured,omitempty"`
	// Present is false for a configured device that is not there.
	Present bool `json:"present"`
}

// List finds the serial ports and input devices of this machine and marks
// those the given specs use (symlinks resolved); a spec that matches nothing
// is listed as not present. Folders that do not exist are no error. When
// part of the search fails, List returns what it found with the error.
func List(specs []Spec) ([]Info, error) {
	return lister{dev: "/dev", procInput: "/proc/bus/input/devices", ports: serialPorts}.list(specs)
}

// portDetail is what the serial port enumerator reports.
type portDetail struct {
	Name                      string
	USB                       bool
	VID, PID, Serial, Product string
}

type lister struct {
	dev       string // "/dev"
	procInput string // "/proc/bus/input/devices"
	ports     func() ([]portDetail, error)
}

func (l lister) list(specs []Spec) ([]Info, error) {
	var errs []error
	var infos []*Info
	find := func(driver, path string) *Info {
		real := resolve(path)
		for _, in := range infos {
			if in.Driver == driver && (in.Path == path || resolve(in.Path) == real) {
				return in
			}
		}
		return nil
	}

	ports, err := l.ports()
	if err != nil {
		errs = append(errs, err)
	}
	for _, p := range ports {
		infos = append(infos, &Info{Driver: DriverSerial, Path: p.Name, USB: p.USB, VID: p.VID, PID: p.PID, Serial: p.Serial, Product: p.Product, Present: true})
	}
	links, err := byID(filepath.Join(l.dev, "serial", "by-id"))
	errs = append(errs, err)
	for _, ln := range links {
		in := find(DriverSerial, ln.target)
		if in == nil {
			in = &Info{Driver: DriverSerial, Path: ln.target, Present: true}
			infos = append(infos, in)
		}
		in.Links = append(in.Links, ln.path)
	}

	inputs, err := readProcInput(l.procInput)
	errs = append(errs, err)
	for _, d := range inputs {
		if d.Event == "" {
			continue
		}
		in := &Info{Driver: DriverHID, Path: filepath.Join(l.dev, "input", d.Event), Product: d.Name, Present: true}
		if d.Bus == "0003" {
			in.USB, in.VID, in.PID = true, d.Vendor, d.Product
		}
		infos = append(infos, in)
	}
	links, err = byID(filepath.Join(l.dev, "input", "by-id"))
	errs = append(errs, err)
	for _, ln := range links {
		if !strings.HasPrefix(filepath.Base(ln.target), "event") {
			continue // the legacy mouseN and jsN nodes are not evdev
		}
		in := find(DriverHID, ln.target)
		if in == nil {
			in = &Info{Driver: DriverHID, Path: ln.target, Present: true}
			infos = append(infos, in)
		}
		in.Links = append(in.Links, ln.path)
	}

	for _, sp := range specs {
		name := sp.Name
		if name == "" {
			name = sp.Path
		}
		in := find(sp.Driver, sp.Path)
		if in == nil {
			_, err := os.Stat(sp.Path)
			in = &Info{Driver: sp.Driver, Path: sp.Path, Present: err == nil}
			infos = append(infos, in)
		}
		in.Configured = append(in.Configured, name)
	}

	out := make([]Info, len(infos))
	for i, in := range infos {
		out[i] = *in
	}
	slices.SortStableFunc(out, func(a, b Info) int {
		return strings.Compare(a.Driver+"\x00"+a.Path, b.Driver+"\x00"+b.Path)
	})
	return out, errors.Join(errs...)
}

// resolve returns path with symlinks resolved, or cleaned when it cannot be
// resolved.
func resolve(path string) string {
	if p, err := filepath.EvalSymlinks(path); err == nil {
		return p
	}
	return filepath.Clean(path)
}

type link struct{ path, target string }

// byID lists the symlinks of a by-id folder with their targets; a folder
// that does not exist holds none.
func byID(dir string) ([]link, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var links []link
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		target, err := filepath.EvalSymlinks(p)
		if err != nil {
			continue // a dangling link: the device is going away
		}
		links = append(links, link{path: p, target: target})
	}
	return links, nil
}

// inputDevice is one block of /proc/bus/input/devices.
type inputDevice struct {
	Name                 string
	Bus, Vendor, Product string // hex, as the kernel writes them
	Handlers             []string
	Event                string // the evdev handler, "event5"
}

func readProcInput(path string) ([]inputDevice, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseProcInput(f)
}

// parseProcInput reads the kernel's list of input devices: blocks of
// "X: …" lines separated by blank lines. Unknown lines are skipped.
func parseProcInput(r io.Reader) ([]inputDevice, error) {
	var out []inputDevice
	var cur inputDevice
	var seen bool
	flush := func() {
		if seen {
			out = append(out, cur)
		}
		cur, seen = inputDevice{}, false
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			flush()
			continue
		}
		kind, rest, ok := strings.Cut(line, ": ")
		if !ok {
			continue
		}
		seen = true
		switch kind {
		case "I":
			for _, f := range strings.Fields(rest) {
				k, v, _ := strings.Cut(f, "=")
				switch k {
				case "Bus":
					cur.Bus = v
				case "Vendor":
					cur.Vendor = v
				case "Product":
					cur.Product = v
				}
			}
		case "N":
			if v, ok := strings.CutPrefix(rest, "Name="); ok {
				cur.Name = strings.Trim(v, `"`)
			}
		case "H":
			if v, ok := strings.CutPrefix(rest, "Handlers="); ok {
				cur.Handlers = strings.Fields(v)
				for _, h := range cur.Handlers {
					if strings.HasPrefix(h, "event") && len(h) > len("event") && strings.Trim(h[len("event"):], "0123456789") == "" {
						cur.Event = h
					}
				}
			}
		}
	}
	flush()
	if err := sc.Err(); err != nil {
		return out, err
	}
	return out, nil
}
