//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package prompt

import (
	"os"

	"golang.org/x/sys/unix"
)

func isTerminal(f *os.File) bool {
	_, err := unix.IoctlGetTermios(int(f.Fd()), getTermios)
	return err == nil
}

func disableEcho(fd uintptr) (restore func() error, err error) {
	old, err := unix.IoctlGetTermios(int(fd), getTermios)
	if err != nil {
		return nil, err
	}
	t := *old
	t.Lflag &^= unix.ECHO
	t.Lflag |= unix.ICANON | unix.ISIG // line editing and Ctrl-C still work
	t.Iflag |= unix.ICRNL
	if err := unix.IoctlSetTermios(int(fd), setTermios, &t); err != nil {
		return nil, err
	}
	return func() error { return unix.IoctlSetTermios(int(fd), setTermios, old) }, nil
}
