package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"anterkoper/device/tagdata"
)

const rfidUsage = "usage: anterkoper rfid decode HEX…   (the tag memory from block 0; bytes may be separated by spaces or colons)"

// runRFID decodes library tag data typed in by hand, to check what a tag
// holds: "anterkoper rfid decode 11 01 01 31 31 …".
func runRFID(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("rfid", flag.ContinueOnError)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 || pos[0] != "decode" {
		return usageError{rfidUsage}
	}
	mem, err := parseHex(pos[1:])
	if err != nil {
		return usageError{fmt.Sprintf("rfid: %v\n%s", err, rfidUsage)}
	}
	tag, err := tagdata.Decode(mem)
	if err != nil {
		return fmt.Errorf("rfid: %w", err)
	}
	b, err := json.MarshalIndent(tag, "", "  ")
	if err != nil {
		return fmt.Errorf("rfid: %w", err)
	}
	_, err = fmt.Fprintf(os.Stdout, "%s\n", b)
	return err
}

// parseHex reads bytes written as hex digits, in one argument or several,
// with spaces or colons between bytes or groups of bytes and an optional
// "0x" before a group. Each group must have an even number of digits, so
// "1 10" is an error rather than a guess.
func parseHex(args []string) ([]byte, error) {
	groups := strings.FieldsFunc(strings.Join(args, " "), func(r rune) bool {
		return r == ':' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	})
	if len(groups) == 0 {
		return nil, fmt.Errorf("no hex bytes given")
	}
	var mem []byte
	for _, g := range groups {
		digits := strings.TrimPrefix(strings.TrimPrefix(g, "0x"), "0X")
		b, err := hex.DecodeString(digits)
		if err != nil || digits == "" {
			if len(g)%2 != 0 {
				return nil, fmt.Errorf("%q: odd number of hex digits", g)
			}
			return nil, fmt.Errorf("%q is not hex", g)
		}
		mem = append(mem, b...)
	}
	return mem, nil
}
