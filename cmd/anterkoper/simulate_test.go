//go:build linux || darwin

package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"anterkoper/device"
	"anterkoper/device/uhf"
)

// startSimulate runs "anterkoper simulate …" until the test ends and
// returns the path it printed and what it wrote to stderr once stopped.
func startSimulate(t *testing.T, args ...string) (path string, stop func() (stderr string)) {
	t.Helper()
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	errF, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	oldOut, oldErr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = outW, errF
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runSimulate(ctx, args) }()
	var stopped bool
	var early error // what runSimulate returned before it printed a path
	stop = func() string {
		if stopped {
			return ""
		}
		stopped = true
		cancel()
		if early == nil {
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("runSimulate = %v after interrupt, want nil", err)
				}
			case <-time.After(10 * time.Second):
				t.Errorf("runSimulate did not return after its context was cancelled")
			}
		}
		os.Stdout, os.Stderr = oldOut, oldErr
		outW.Close()
		outR.Close()
		errF.Close()
		b, _ := os.ReadFile(errF.Name())
		return string(b)
	}
	t.Cleanup(func() { stop() })

	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(outR).ReadString('\n')
		line <- s
	}()
	select {
	case s := <-line:
		m := regexp.MustCompile(`^reader on (\S+) — run: anterkoper serve --device (\w+):(\S+)\n$`).FindStringSubmatch(s)
		if m == nil {
			t.Fatalf("printed %q", s)
		}
		return m[3], stop
	case early = <-done:
		stop()
		t.Fatalf("runSimulate = %v before printing the path", early)
	case <-time.After(10 * time.Second):
		t.Fatal("runSimulate printed no path")
	}
	return "", nil
}

// readTags reads from the reader at path until n distinct tags are seen.
func readTags(t *testing.T, open device.Opener, path string, n int) map[string]int {
	t.Helper()
	dev, err := open(device.Spec{Path: path, Options: map[string]string{"poll": "10ms"}})
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	seen := map[string]int{}
	noise := 0
	deadline := time.AfterFunc(10*time.Second, func() { dev.Close() })
	defer deadline.Stop()
	for len(seen) < n {
		sc, err := dev.Read()
		var ne *device.NoiseError
		switch {
		case errors.As(err, &ne):
			noise++
			continue
		case err != nil:
			t.Fatalf("after %d tags and %d bad frames: %v", len(seen), noise, err)
		}
		if sc.Symbology != uhf.SymbologyEPC {
			t.Fatalf("scan %+v", sc)
		}
		seen[string(sc.Code)]++
	}
	return seen
}

func TestSimulateR2000WithLink(t *testing.T) {
	link := filepath.Join(t.TempDir(), "usb-UHF-if00")
	if err := os.Symlink("/dev/null", link); err != nil { // left by a simulator that was killed
		t.Fatal(err)
	}
	path, stop := startSimulate(t, "rfid", "--protocol", "r2000", "--tags", "150", "--rate", "3000", "--garbage", "0.05", "--seed", "3", "--link", link)
	if path != link {
		t.Fatalf("serve hint names %s, want the link %s", path, link)
	}
	seen := readTags(t, uhf.OpenR2000, link, 150)
	for i := 1; i <= 150; i++ {
		if epc := fmt.Sprintf("E2000000%016d", i); seen[epc] == 0 {
			t.Fatalf("tag %s not seen; seen %v", epc, seen)
		}
	}
	// The daemon restarting: the line stays up.
	seen = readTags(t, uhf.OpenR2000, link, 150)
	if len(seen) != 150 {
		t.Fatalf("%d tags after reopening", len(seen))
	}
	stderr := stop()
	if _, err := os.Lstat(link); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("link left behind: %v", err)
	}
	if !strings.Contains(stderr, "simulate: answered ") {
		t.Errorf("stderr %q", stderr)
	}
}

func TestSimulateChafon(t *testing.T) {
	path, _ := startSimulate(t, "rfid", "--protocol=chafon", "--tags=30", "--rate=0", "--epc-prefix=E280")
	seen := readTags(t, uhf.OpenChafon, path, 30)
	for epc := range seen {
		if !strings.HasPrefix(epc, "E280") || len(epc) != 24 {
			t.Fatalf("EPC %s", epc)
		}
	}
}

func TestSimulateUsage(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args  []string
		want  string
		usage bool
	}{
		{[]string{}, "usage: anterkoper simulate rfid", true},
		{[]string{"hf"}, "usage: anterkoper simulate rfid", true},
		{[]string{"rfid", "--protocol", "iso15693"}, `--protocol "iso15693"`, true},
		{[]string{"rfid", "--tags", "-1"}, "--tags -1", true},
		{[]string{"rfid", "--rate", "-5"}, "--rate -5", true},
		{[]string{"rfid", "--garbage", "1.5"}, "--garbage 1.5", true},
		{[]string{"rfid", "--epc-prefix", "XYZ"}, "--epc-prefix", true},
		{[]string{"rfid", "--link", file}, "exists and is not a symlink", false},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, _, err := call(t, runSimulate, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) || errors.Is(err, errUsage) != tt.usage {
				t.Fatalf("err = %v, want one containing %q (usage error: %t)", err, tt.want, tt.usage)
			}
		})
	}
}
