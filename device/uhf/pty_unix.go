//go:build linux || darwin

package uhf

import (
	"fmt"
	"os"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// OpenPTY opens a pseudo-terminal for a simulated reader and puts its
// slave end in raw mode (no echo, no line editing, no newline
// translation), so that binary frames pass unchanged even before a driver
// opens it. The simulator serves the master; a driver opens slave.Name().
//
// Keep the slave open as long as the simulator runs: the line then
// survives a driver closing its end (the daemon restarting) without the
// master failing. On systems other than Linux and macOS OpenPTY fails with
// device.ErrNotSupported.
func OpenPTY() (master, slave *os.File, err error) {
	master, slave, err = pty.Open()
	if err != nil {
		return nil, nil, fmt.Errorf("uhf: pseudo-terminal: %w", err)
	}
	if err := makeRaw(int(slave.Fd())); err != nil {
		master.Close()
		slave.Close()
		return nil, nil, fmt.Errorf("uhf: pseudo-terminal %s: raw mode: %w", slave.Name(), err)
	}
	polled, err := pollable(master)
	master.Close()
	if err != nil {
		slave.Close()
		return nil, nil, fmt.Errorf("uhf: pseudo-terminal %s: %w", slave.Name(), err)
	}
	return polled, slave, nil
}

// pollable returns a copy of f in non-blocking mode, which the runtime
// polls: its reads and writes then honour deadlines and are woken by
// Close. (creack/pty hands out the master in blocking mode.)
func pollable(f *os.File) (*os.File, error) {
	raw, err := f.SyscallConn()
	if err != nil {
		return nil, err
	}
	fd := -1
	cerr := raw.Control(func(s uintptr) { fd, err = unix.Dup(int(s)) })
	if cerr != nil {
		return nil, cerr
	}
	if err != nil {
		return nil, err
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		return nil, err
	}
	unix.CloseOnExec(fd)
	return os.NewFile(uintptr(fd), f.Name()), nil
}

// makeRaw does what cfmakeraw(3) does.
func makeRaw(fd int) error {
	t, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return err
	}
	t.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	t.Oflag &^= unix.OPOST
	t.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	t.Cflag &^= unix.CSIZE | unix.PARENB
	t.Cflag |= unix.CS8
	t.Cc[unix.VMIN] = 1
	t.Cc[unix.VTIME] = 0
	return unix.IoctlSetTermios(fd, ioctlSetTermios, t)
}
