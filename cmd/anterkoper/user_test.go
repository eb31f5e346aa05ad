package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"anterkoper/internal/auth"
	"anterkoper/internal/store"
	"anterkoper/internal/testenv"
)

// userCmd runs runUser with stdin read from a file holding stdin (not a
// terminal) and returns what it printed on standard output.
func userCmd(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "stdin")
	if err := os.WriteFile(in, []byte(stdin), 0o600); err != nil {
		t.Fatal(err)
	}
	inF, err := os.Open(in)
	if err != nil {
		t.Fatal(err)
	}
	defer inF.Close()
	outF, err := os.Create(filepath.Join(dir, "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	oldIn, oldOut := os.Stdin, os.Stdout
	os.Stdin, os.Stdout = inF, outF
	err = runUser(context.Background(), args)
	os.Stdin, os.Stdout = oldIn, oldOut
	outF.Close()
	out, _ := os.ReadFile(outF.Name())
	return string(out), err
}

// login tries the name and password against the data folder's database.
func login(t *testing.T, data, user, password string) (auth.Session, error) {
	t.Helper()
	db, err := store.OpenDir(data)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return auth.New(db, auth.Options{}).Login(context.Background(), user, password, "127.0.0.1")
}

func TestUserAddAndLogin(t *testing.T) {
	data := t.TempDir()
	// Only the first line counts; CR LF is stripped; flags may come last.
	out, err := userCmd(t, "4321\r\nignored\n", "add", "Budi", "--role", "coordinator", "--data", data)
	if err != nil || !strings.Contains(out, "added user budi (role coordinator)") {
		t.Fatalf("user add: %v %q", err, out)
	}
	sess, err := login(t, data, "budi", "4321")
	if err != nil || sess.Role != auth.RoleCoordinator {
		t.Fatalf("login: %+v %v", sess, err)
	}
	if _, err := login(t, data, "budi", "4321\r"); !errors.Is(err, auth.ErrBadLogin) {
		t.Fatalf("login with the line ending: %v", err)
	}

	// The role defaults to operator, and a last line without newline counts.
	if _, err := userCmd(t, "kata sandi", "add", "--data", data, "sari"); err != nil {
		t.Fatal(err)
	}
	if sess, err := login(t, data, "sari", "kata sandi"); err != nil || sess.Role != auth.RoleOperator {
		t.Fatalf("default role: %+v %v", sess, err)
	}

	out, err = userCmd(t, "", "list", "--data", data)
	if err != nil || !strings.Contains(out, "budi") || !strings.Contains(out, "coordinator") || !strings.Contains(out, "sari") ||
		strings.Contains(out, "argon2") {
		t.Fatalf("user list: %v %q", err, out)
	}

	// A taken name is an error (exit 1) and changes nothing.
	if _, err := userCmd(t, "9999\n", "add", "budi", "--data", data); err == nil || exitCode(err) != 1 {
		t.Fatalf("duplicate: %v", err)
	}
	if _, err := login(t, data, "budi", "4321"); err != nil {
		t.Fatalf("duplicate add changed the password: %v", err)
	}
}

func TestUserPasswdAndDisable(t *testing.T) {
	data := t.TempDir()
	if _, err := userCmd(t, "1234\n", "add", "budi", "--data", data); err != nil {
		t.Fatal(err)
	}
	old, err := login(t, data, "budi", "1234")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := userCmd(t, "5678\n", "passwd", "budi", "--data", data); err != nil {
		t.Fatal(err)
	}
	if _, err := login(t, data, "budi", "1234"); !errors.Is(err, auth.ErrBadLogin) {
		t.Fatalf("old password: %v", err)
	}
	if _, err := login(t, data, "budi", "5678"); err != nil {
		t.Fatalf("new password: %v", err)
	}
	db, _ := store.OpenDir(data)
	h := sha256.Sum256([]byte(old.ID)) // how sessions are stored
	rec, err := db.SessionByHash(context.Background(), hex.EncodeToString(h[:]))
	db.Close()
	if err != nil || !rec.Revoked {
		t.Fatalf("session from before the change: %+v %v, want revoked", rec, err)
	}

	if _, err := userCmd(t, "", "disable", "budi", "--data", data); err != nil {
		t.Fatal(err)
	}
	if _, err := login(t, data, "budi", "5678"); !errors.Is(err, auth.ErrBadLogin) {
		t.Fatalf("disabled user: %v", err)
	}
	out, _ := userCmd(t, "", "list", "--data", data)
	if !strings.Contains(out, "disabled") {
		t.Fatalf("list does not show disabled: %q", out)
	}
	if _, err := userCmd(t, "", "enable", "budi", "--data", data); err != nil {
		t.Fatal(err)
	}
	if _, err := login(t, data, "budi", "5678"); err != nil {
		t.Fatalf("enabled again: %v", err)
	}
	if _, err := userCmd(t, "1111\n", "passwd", "tono", "--data", data); err == nil || exitCode(err) != 1 {
		t.Fatalf("passwd of an unknown user: %v", err)
	}
}

func TestUserMistakes(t *testing.T) {
	data := t.TempDir()
	for _, tc := range []struct {
		name, stdin string
		args        []string
		exit        int
	}{
		{"bad role", "1234\n", []string{"add", "budi", "--role", "root"}, 2},
		{"bad name", "1234\n", []string{"add", "budi santoso"}, 2},
		{"no name", "1234\n", []string{"add"}, 2},
		{"two names", "1234\n", []string{"add", "a", "b"}, 2},
		{"no command", "", nil, 2},
		{"unknown command", "", []string{"remove", "budi"}, 2},
		{"role on passwd", "1234\n", []string{"passwd", "budi", "--role", "admin"}, 2},
		{"unknown flag", "", []string{"list", "--verbose"}, 2},
		{"empty stdin", "", []string{"add", "budi"}, 1},
		{"empty first line", "\n1234\n", []string{"add", "budi"}, 1},
		{"3-digit PIN", "123\n", []string{"add", "budi"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := userCmd(t, tc.stdin, append(tc.args, "--data", data)...)
			if err == nil || exitCode(err) != tc.exit {
				t.Fatalf("err %v, exit %d; want exit %d", err, exitCode(err), tc.exit)
			}
		})
	}
	out, err := userCmd(t, "", "list", "--data", data)
	if err != nil || !strings.Contains(out, "no users") {
		t.Fatalf("after the mistakes: %v %q, want no users", err, out)
	}
}

// TestNewPasswordFromTerminal types on a real pseudo-terminal: the password
// is asked twice, never echoed, and must match.
func TestNewPasswordFromTerminal(t *testing.T) {
	for _, tc := range []struct {
		name, first, second string
		ok                  bool
	}{
		{"match", "2468", "2468", true},
		{"differ", "2468", "2469", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			master, tty, err := pty.Open()
			if err != nil {
				testenv.Missing(t, "a pseudo-terminal ("+err.Error()+")")
			}
			defer master.Close()
			defer tty.Close()
			type result struct {
				pw  string
				err error
			}
			done := make(chan result, 1)
			go func() {
				pw, err := readNewPassword(context.Background(), tty, tty)
				done <- result{pw, err}
			}()
			var screen strings.Builder
			timeout := time.After(10 * time.Second)
			chunks := make(chan string, 16)
			go func() {
				defer close(chunks)
				b := make([]byte, 256)
				for {
					n, err := master.Read(b)
					if n > 0 {
						chunks <- string(b[:n])
					}
					if err != nil {
						return
					}
				}
			}()
			expect := func(s string) {
				t.Helper()
				for !strings.Contains(screen.String(), s) {
					select {
					case c, ok := <-chunks:
						if !ok {
							t.Fatalf("terminal closed before %q: %q", s, screen.String())
						}
						screen.WriteString(c)
					case <-timeout:
						t.Fatalf("no %q: the terminal showed %q", s, screen.String())
					}
				}
			}
			expect("Password (or PIN): ")
			master.Write([]byte(tc.first + "\n"))
			expect("Again: ")
			master.Write([]byte(tc.second + "\n"))
			r := <-done
			if tc.ok != (r.err == nil) || (tc.ok && r.pw != tc.first) {
				t.Fatalf("readNewPassword = %q, %v", r.pw, r.err)
			}
			if strings.Contains(screen.String(), "246") {
				t.Fatalf("the password was echoed: %q", screen.String())
			}
		})
	}
}
