//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package prompt

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"anterkoper/internal/testenv"
)

// terminal is a real pseudo-terminal: the test types on the master side,
// ReadPassword reads the tty side.
type terminal struct {
	t       *testing.T
	master  *os.File
	tty     *os.File
	chunks  chan []byte
	screen  bytes.Buffer // everything the terminal showed
	timeout <-chan time.Time
}

func newTerminal(t *testing.T) *terminal {
	master, tty, err := pty.Open()
	if err != nil {
		testenv.Missing(t, "a pseudo-terminal ("+err.Error()+")")
	}
	term := &terminal{t: t, master: master, tty: tty, chunks: make(chan []byte, 16), timeout: time.After(10 * time.Second)}
	go func() {
		defer close(term.chunks)
		for {
			b := make([]byte, 256)
			n, err := master.Read(b)
			if n > 0 {
				term.chunks <- b[:n]
			}
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() { tty.Close(); master.Close() })
	return term
}

// expect waits until the terminal has shown s.
func (term *terminal) expect(s string) {
	term.t.Helper()
	for !strings.Contains(term.screen.String(), s) {
		select {
		case b, ok := <-term.chunks:
			if !ok {
				term.t.Fatalf("terminal closed before %q; it showed %q", s, term.screen.String())
			}
			term.screen.Write(b)
		case <-term.timeout:
			term.t.Fatalf("no %q after 10 s; the terminal showed %q", s, term.screen.String())
		}
	}
}

func (term *terminal) echoOn() bool {
	tio, err := unix.IoctlGetTermios(int(term.tty.Fd()), getTermios)
	if err != nil {
		term.t.Fatal(err)
	}
	return tio.Lflag&unix.ECHO != 0
}

func TestReadPasswordWithoutEcho(t *testing.T) {
	term := newTerminal(t)
	if !IsTerminal(term.tty) {
		t.Fatal("a pty is not a terminal")
	}
	if f, err := os.Open(os.DevNull); err == nil {
		if IsTerminal(f) {
			t.Fatal("/dev/null is taken for a terminal")
		}
		f.Close()
	}
	if !term.echoOn() {
		t.Fatal("echo is off before the test")
	}
	type result struct {
		pw  string
		err error
	}
	done := make(chan result, 1)
	go func() {
		pw, err := ReadPassword(context.Background(), term.tty, term.tty, "PIN: ")
		done <- result{pw, err}
	}()
	term.expect("PIN: ") // echo is off before the prompt is written
	term.master.Write([]byte("98 76\r"))
	r := <-done
	if r.err != nil || r.pw != "98 76" {
		t.Fatalf("ReadPassword = %q, %v", r.pw, r.err)
	}
	term.expect("\n") // the line break the user's Enter did not echo
	if strings.Contains(term.screen.String(), "98") {
		t.Fatalf("the password was echoed: %q", term.screen.String())
	}
	if !term.echoOn() {
		t.Fatal("echo was not restored")
	}
}

func TestReadPasswordCancelRestoresEcho(t *testing.T) {
	term := newTerminal(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := ReadPassword(ctx, term.tty, term.tty, "Password: ")
		done <- err
	}()
	term.expect("Password: ")
	if term.echoOn() {
		t.Fatal("echo is on while waiting for the password")
	}
	cancel() // Ctrl-C: main's signal context is cancelled
	if err := <-done; err != context.Canceled {
		t.Fatalf("ReadPassword: %v, want context.Canceled", err)
	}
	if !term.echoOn() {
		t.Fatal("echo was not restored after cancel")
	}
	term.master.Write([]byte("x\n")) // ends the read still blocked on the tty
}

func TestReadLine(t *testing.T) {
	for in, want := range map[string]string{"abc\n": "abc", "abc\r\n": "abc", "abc": "abc", "a\nb\n": "a", " x \n": " x "} {
		got, err := readLine(strings.NewReader(in))
		if got != want || err != nil {
			t.Errorf("readLine(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := readLine(strings.NewReader("")); err == nil {
		t.Error("empty input: no error")
	}
}
