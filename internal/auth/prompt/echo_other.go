//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd || windows)

package prompt

import (
	"errors"
	"os"
)

func isTerminal(f *os.File) bool {
	// Without a way to ask the terminal, a character device is the best
	// guess; disableEcho then refuses, and the user can pipe the password.
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func disableEcho(uintptr) (func() error, error) {
	return nil, errors.New("not supported on this system; pipe the password on standard input instead")
}
