package device

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"

	"github.com/BurntSushi/toml"
)

// LoadConfig reads the [[device]] tables of a TOML config file. Each table
// has the fields of a Spec, options as keys of their own:
//
//	[[device]]
//	driver = "serial"
//	path = "/dev/serial/by-id/usb-Honeywell_1900-if00"
//	name = "desk"
//	baud = 9600
//	suffix = "cr"
//
// Numbers and booleans may be written bare or quoted. Other tables and keys
// of the file are left alone: they belong to other parts of the program.
func LoadConfig(r io.Reader) ([]Spec, error) {
	var file struct {
		Device []map[string]any `toml:"device"`
	}
	if _, err := toml.NewDecoder(r).Decode(&file); err != nil {
		return nil, fmt.Errorf("device: unable to read config: %w", err)
	}
	specs := make([]Spec, 0, len(file.Device))
	for i, t := range file.Device {
		sp, err := specFromTable(t)
		if err != nil {
			return nil, fmt.Errorf("device: config [[device]] #%d: %w", i+1, err)
		}
		specs = append(specs, sp)
	}
	return specs, nil
}

func specFromTable(t map[string]any) (Spec, error) {
	sp := Spec{Options: map[string]string{}}
	for _, k := range slices.Sorted(maps.Keys(t)) {
		var v string
		switch x := t[k].(type) {
		case string:
			v = x
		case int64:
			v = strconv.FormatInt(x, 10)
		case bool:
			v = strconv.FormatBool(x)
		default:
			return Spec{}, fmt.Errorf("%s: want a string, a whole number or a boolean, not %T", k, x)
		}
		switch k {
		case "driver":
			sp.Driver = v
		case "path":
			sp.Path = v
		case "name":
			sp.Name = v
		default:
			sp.Options[k] = v
		}
	}
	if sp.Driver == "" {
		return Spec{}, fmt.Errorf("missing driver")
	}
	if err := sp.normalize(); err != nil {
		return Spec{}, fmt.Errorf("%s %q: %w", sp.Driver, sp.Path, err)
	}
	return sp, nil
}
