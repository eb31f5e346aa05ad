package prompt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

// maxLine bounds what ReadPassword keeps of a line.
const maxLine = 4096

// IsTerminal reports whether f is an interactive terminal (not a file, a
// pipe or /dev/null).
func IsTerminal(f *os.File) bool { return isTerminal(f) }

// ReadPassword writes prompt to out, reads one line from the terminal f with
// echo turned off and returns it without its line ending.
//
// When ctx is done first, it restores the terminal and returns ctx.Err();
// the read it started stays blocked until the next line or the end of the
// process, which is fine for a command about to exit.
func ReadPassword(ctx context.Context, f *os.File, out io.Writer, prompt string) (string, error) {
	restore, err := disableEcho(f.Fd())
	if err != nil {
		return "", fmt.Errorf("prompt: unable to turn off echo: %w", err)
	}
	fmt.Fprint(out, prompt)
	type result struct {
		line string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		line, err := readLine(f)
		done <- result{line, err}
	}()
	var res result
	select {
	case res = <-done:
	case <-ctx.Done():
		res.err = ctx.Err()
	}
	fmt.Fprintln(out) // the Enter key was not echoed
	if err := restore(); err != nil && res.err == nil {
		res.err = fmt.Errorf("prompt: unable to restore the terminal: %w", err)
	}
	return res.line, res.err
}

// readLine reads up to '\n' one byte at a time, so nothing after the line
// is consumed, and drops a trailing '\r'.
func readLine(r io.Reader) (string, error) {
	var line []byte
	var b [1]byte
	for {
		n, err := r.Read(b[:])
		if n == 1 {
			if b[0] == '\n' {
				break
			}
			if len(line) < maxLine {
				line = append(line, b[0])
			}
			continue
		}
		if errors.Is(err, io.EOF) {
			if len(line) == 0 {
				return "", errors.New("prompt: end of input before a password")
			}
			break
		}
		if err != nil {
			return "", fmt.Errorf("prompt: %w", err)
		}
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return string(line), nil
}
