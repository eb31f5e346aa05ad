package device

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Spec names a configured device: which driver reads it, where, under what
// name, with which driver options.
//
// In a flag it is written DRIVER:PATH[,key=value…]:
//
//	serial:/dev/ttyACM0,baud=9600,suffix=cr,name=desk
//	hid:/dev/input/by-id/usb-Honeywell_1900-event-kbd,keymap=de
//
// Options for "serial": baud (9600), databits (8), parity (none|odd|even),
// stopbits (1|2), suffix (auto|cr|lf|crlf; auto ends a code at CR, LF or
// CR LF), prefix (removed from the start of a line; \xNN escapes allowed,
// so \x02 is STX and \x2c a comma), maxlen (256), aim (true: recognise and
// strip AIM identifiers). Options for "hid": keymap (us|de|fr), maxlen (256),
// aim (true). Options for the UHF RFID readers "chafon" and "r2000" (read by
// package anterkoper/device/uhf): baud (57600 for chafon, 115200 for r2000)
// and poll (50ms: the least time between the starts of two inventory rounds).
// Options for the cameras "v4l2", "mjpeg" and "folder" (read by package
// anterkoper/device/camera): rescan (2s: how long a code must be out of
// view before showing it again is a new scan) and, for "folder", settle
// (300ms: how long a new file must stay unchanged before it is read).
// All take name (default: the path).
type Spec struct {
	Driver string
	Path   string
	// Name is how scans and status name the device; it defaults to Path.
	Name string
	// Options holds the driver options other than name, keys in lower case,
	// values as written. Use SerialOptions or HIDOptions for typed values.
	Options map[string]string
}

// Built-in driver names.
const (
	DriverSerial = "serial"
	DriverHID    = "hid"
)

// Names of the UHF RFID reader drivers of package anterkoper/device/uhf.
// Package device cannot import it (uhf imports device), so ParseSpec knows
// their options while NewManager opens them only when given uhf.Drivers().
const (
	DriverChafon = "chafon"
	DriverR2000  = "r2000"
)

// Names of the camera drivers of package anterkoper/device/camera, which
// NewManager opens only when given camera.Drivers(…).
const (
	DriverV4L2   = "v4l2"
	DriverMJPEG  = "mjpeg"
	DriverFolder = "folder"
)

var driverKeys = map[string][]string{
	DriverSerial: {"baud", "databits", "parity", "stopbits", "suffix", "prefix", "maxlen", "aim"},
	DriverHID:    {"keymap", "maxlen", "aim"},
	DriverChafon: {"baud", "poll"},
	DriverR2000:  {"baud", "poll"},
	DriverV4L2:   {"rescan"},
	DriverMJPEG:  {"rescan"},
	DriverFolder: {"rescan", "settle"},
}

// ParseSpec parses a device given as DRIVER:PATH[,key=value…] and checks
// the driver and its options. Keys are case-insensitive; a key may be given
// once. A path cannot contain a comma (use the config file for such a path).
func ParseSpec(s string) (Spec, error) {
	driver, rest, ok := strings.Cut(s, ":")
	if !ok {
		return Spec{}, fmt.Errorf("device: invalid device %q: want DRIVER:PATH[,key=value…]", s)
	}
	fields := strings.Split(rest, ",")
	sp := Spec{
		Driver:  strings.ToLower(strings.TrimSpace(driver)),
		Path:    strings.TrimSpace(fields[0]),
		Options: map[string]string{},
	}
	for _, f := range fields[1:] {
		k, v, ok := strings.Cut(f, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if !ok || k == "" {
			return Spec{}, fmt.Errorf("device: invalid device %q: option %q is not key=value", s, f)
		}
		if _, dup := sp.Options[k]; dup || (k == "name" && sp.Name != "") {
			return Spec{}, fmt.Errorf("device: invalid device %q: option %q given twice", s, k)
		}
		if k == "name" {
			if v == "" {
				return Spec{}, fmt.Errorf("device: invalid device %q: empty name", s)
			}
			sp.Name = v
			continue
		}
		sp.Options[k] = v
	}
	if err := sp.normalize(); err != nil {
		return Spec{}, fmt.Errorf("device: invalid device %q: %w", s, err)
	}
	return sp, nil
}

// normalize fills in the default name and checks driver, path and options.
func (s *Spec) normalize() error {
	if s.Options == nil {
		s.Options = map[string]string{}
	}
	s.Driver = strings.ToLower(s.Driver)
	if s.Path == "" {
		return errors.New("empty path")
	}
	if s.Name == "" {
		s.Name = s.Path
	}
	return s.Check()
}

// Check reports whether the driver is a built-in one and its options are
// valid.
func (s Spec) Check() error {
	keys, ok := driverKeys[s.Driver]
	if !ok {
		return fmt.Errorf("unknown driver %q (known: %s)", s.Driver, strings.Join(slices.Sorted(maps.Keys(driverKeys)), ", "))
	}
	for k := range s.Options {
		if !slices.Contains(keys, k) {
			return fmt.Errorf("unknown option %q for %s (known: %s, name)", k, s.Driver, strings.Join(keys, ", "))
		}
	}
	var err error
	switch s.Driver {
	case DriverSerial:
		_, err = s.SerialOptions()
	case DriverHID:
		_, err = s.HIDOptions()
	case DriverChafon, DriverR2000:
		_, err = s.ReaderOptions()
	}
	return err
}

// String formats the spec as ParseSpec reads it, options sorted by key and
// the name left out when it is the path.
func (s Spec) String() string {
	var b strings.Builder
	b.WriteString(s.Driver)
	b.WriteByte(':')
	b.WriteString(s.Path)
	for _, k := range slices.Sorted(maps.Keys(s.Options)) {
		fmt.Fprintf(&b, ",%s=%s", k, s.Options[k])
	}
	if s.Name != "" && s.Name != s.Path {
		fmt.Fprintf(&b, ",name=%s", s.Name)
	}
	return b.String()
}

// SerialOptions are the typed options of a "serial" device.
type SerialOptions struct {
	Baud     int
	DataBits int    // 5 to 8
	Parity   string // "none", "odd" or "even"
	StopBits int    // 1 or 2
	Suffix   Suffix
	Prefix   []byte
	MaxLen   int
	AIM      bool
}

// SerialOptions returns the spec's serial options with defaults filled in.
func (s Spec) SerialOptions() (SerialOptions, error) {
	o := SerialOptions{Baud: 9600, DataBits: 8, Parity: "none", StopBits: 1, MaxLen: DefaultMaxLen, AIM: true}
	var err error
	if o.Baud, err = s.intOption("baud", o.Baud, 50, 4_000_000); err != nil {
		return o, err
	}
	if o.DataBits, err = s.intOption("databits", o.DataBits, 5, 8); err != nil {
		return o, err
	}
	if o.StopBits, err = s.intOption("stopbits", o.StopBits, 1, 2); err != nil {
		return o, err
	}
	if o.MaxLen, err = s.intOption("maxlen", o.MaxLen, 1, 65536); err != nil {
		return o, err
	}
	if o.AIM, err = s.boolOption("aim", o.AIM); err != nil {
		return o, err
	}
	if v, ok := s.Options["parity"]; ok {
		switch p := strings.ToLower(v); p {
		case "none", "odd", "even":
			o.Parity = p
		default:
			return o, fmt.Errorf("parity %q: want none, odd or even", v)
		}
	}
	if v, ok := s.Options["suffix"]; ok {
		i := slices.Index(suffixNames[:], strings.ToLower(v))
		if i < 0 {
			return o, fmt.Errorf("suffix %q: want auto, cr, lf or crlf", v)
		}
		o.Suffix = Suffix(i)
	}
	if v, ok := s.Options["prefix"]; ok {
		if o.Prefix, err = unescape(v); err != nil {
			return o, fmt.Errorf("prefix %q: %w", v, err)
		}
	}
	return o, nil
}

// Framer returns a LineFramer set up with these options.
func (o SerialOptions) Framer() *LineFramer {
	return &LineFramer{Suffix: o.Suffix, Prefix: o.Prefix, MaxLen: o.MaxLen, NoAIM: !o.AIM}
}

// HIDOptions are the typed options of an "hid" device.
type HIDOptions struct {
	Keymap *Keymap
	MaxLen int
	AIM    bool
}

// HIDOptions returns the spec's HID options with defaults filled in.
func (s Spec) HIDOptions() (HIDOptions, error) {
	o := HIDOptions{MaxLen: DefaultMaxLen, AIM: true}
	var err error
	if o.MaxLen, err = s.intOption("maxlen", o.MaxLen, 1, 65536); err != nil {
		return o, err
	}
	if o.AIM, err = s.boolOption("aim", o.AIM); err != nil {
		return o, err
	}
	name := DefaultKeymap
	if v, ok := s.Options["keymap"]; ok {
		name = v
	}
	if o.Keymap, err = LookupKeymap(name); err != nil {
		return o, errors.New(strings.TrimPrefix(err.Error(), "device: "))
	}
	return o, nil
}

// Decoder returns an HIDDecoder set up with these options, for records of
// the given size (EventSize64 or EventSize32).
func (o HIDOptions) Decoder(eventSize int) *HIDDecoder {
	return &HIDDecoder{Keymap: o.Keymap, MaxLen: o.MaxLen, NoAIM: !o.AIM, EventSize: eventSize}
}

// ReaderOptions are the typed options of a UHF RFID reader ("chafon" or
// "r2000"), which package anterkoper/device/uhf opens.
type ReaderOptions struct {
	Baud int
	// Poll is the least time from the start of one inventory round to the
	// start of the next; 0 starts the next as soon as one ends.
	Poll time.Duration
}

// ReaderOptions returns the spec's reader options with defaults filled in:
// 57600 baud for chafon, 115200 for r2000, polls 50 ms apart.
func (s Spec) ReaderOptions() (ReaderOptions, error) {
	o := ReaderOptions{Baud: 57600, Poll: 50 * time.Millisecond}
	if s.Driver == DriverR2000 {
		o.Baud = 115200
	}
	var err error
	if o.Baud, err = s.intOption("baud", o.Baud, 50, 4_000_000); err != nil {
		return o, err
	}
	if v, ok := s.Options["poll"]; ok {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > 10*time.Second {
			return o, fmt.Errorf("poll %q: want a duration from 0s to 10s, such as 50ms", v)
		}
		o.Poll = d
	}
	return o, nil
}

func (s Spec) intOption(key string, def, min, max int) (int, error) {
	v, ok := s.Options[key]
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return def, fmt.Errorf("%s %q: want a whole number from %d to %d", key, v, min, max)
	}
	return n, nil
}

func (s Spec) boolOption(key string, def bool) (bool, error) {
	v, ok := s.Options[key]
	if !ok {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def, fmt.Errorf("%s %q: want true or false", key, v)
	}
	return b, nil
}

// unescape decodes \xNN and \\ in an option value, so that control bytes
// and commas can be written in a flag.
func unescape(s string) ([]byte, error) {
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b = append(b, s[i])
			continue
		}
		switch {
		case i+1 < len(s) && s[i+1] == '\\':
			b = append(b, '\\')
			i++
		case i+3 < len(s) && s[i+1] == 'x':
			n, err := strconv.ParseUint(s[i+2:i+4], 16, 8)
			if err != nil {
				return nil, fmt.Errorf("bad escape %q", s[i:i+4])
			}
			b = append(b, byte(n))
			i += 3
		default:
			return nil, errors.New(`a backslash starts \\ or \xNN`)
		}
	}
	return b, nil
}
