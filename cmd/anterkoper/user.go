package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"anterkoper/internal/auth"
	"anterkoper/internal/auth/prompt"
	"anterkoper/internal/store"
)

const userUsage = `usage:
  anterkoper user add NAME [--role ROLE] [--data DIR]
  anterkoper user passwd NAME [--data DIR]
  anterkoper user disable NAME [--data DIR]
  anterkoper user enable NAME [--data DIR]
  anterkoper user list [--data DIR]

ROLE is operator (petugas teknis, the default), coordinator (koordinator),
head (kepala bidang) or admin. The password (or a PIN of at least 4 digits)
is read from the first line of standard input, or asked twice without echo
when standard input is a terminal. Changing a password or disabling a user
ends their sessions.`

func runUser(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("user", flag.ContinueOnError)
	data := dataFlag(fs)
	roleFlag := fs.String("role", string(auth.RoleOperator), "role of a new user: operator, coordinator, head or admin")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	roleSet := false
	fs.Visit(func(f *flag.Flag) { roleSet = roleSet || f.Name == "role" })

	if len(pos) == 0 {
		return usageError{userUsage}
	}
	cmd, pos := pos[0], pos[1:]
	if roleSet && cmd != "add" {
		return usageError{"--role is only for user add\n\n" + userUsage}
	}
	if cmd == "list" {
		if len(pos) != 0 {
			return usageError{userUsage}
		}
		return listUsers(ctx, *data, os.Stdout)
	}
	if len(pos) != 1 {
		return usageError{userUsage}
	}
	name, err := auth.NormalizeUserName(pos[0])
	if err != nil {
		return usageError{err.Error()}
	}
	switch cmd {
	case "add":
		role, err := auth.ParseRole(*roleFlag)
		if err != nil {
			return usageError{err.Error()}
		}
		return addUser(ctx, *data, name, role)
	case "passwd":
		return changeUser(ctx, *data, name, func(u *auth.User) (string, error) {
			hash, err := readNewPasswordHash(ctx)
			if err != nil {
				return "", err
			}
			u.Hash = hash
			return fmt.Sprintf("changed the password of %s; their sessions were ended", name), nil
		})
	case "disable", "enable":
		return changeUser(ctx, *data, name, func(u *auth.User) (string, error) {
			u.Disabled = cmd == "disable"
			if u.Disabled {
				return fmt.Sprintf("disabled %s; their sessions were ended", name), nil
			}
			return fmt.Sprintf("enabled %s", name), nil
		})
	}
	return usageError{fmt.Sprintf("unknown user command %q\n\n%s", cmd, userUsage)}
}

func addUser(ctx context.Context, dataDir, name string, role auth.Role) error {
	db, err := store.OpenDir(dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	// Check first, so nobody types a password twice only to hear the name
	// is taken; CreateUser checks again.
	if _, err := db.User(ctx, name); err == nil {
		return fmt.Errorf("user: %s already exists (to change the password: anterkoper user passwd %s)", name, name)
	} else if !errors.Is(err, auth.ErrNotFound) {
		return err
	}
	hash, err := readNewPasswordHash(ctx)
	if err != nil {
		return err
	}
	if err := db.CreateUser(ctx, auth.User{Name: name, Role: role, Hash: hash}); err != nil {
		if errors.Is(err, auth.ErrUserExists) {
			return fmt.Errorf("user: %s already exists", name)
		}
		return err
	}
	fmt.Printf("added user %s (role %s)\n", name, role)
	return nil
}

// changeUser applies change to the stored user and reports its message.
func changeUser(ctx context.Context, dataDir, name string, change func(*auth.User) (string, error)) error {
	db, err := store.OpenDir(dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.User(ctx, name)
	if errors.Is(err, auth.ErrNotFound) {
		return fmt.Errorf("user: there is no user %s (see anterkoper user list)", name)
	}
	if err != nil {
		return err
	}
	msg, err := change(&u)
	if err != nil {
		return err
	}
	if err := db.UpdateUser(ctx, u); err != nil {
		return err
	}
	fmt.Println(msg)
	return nil
}

func listUsers(ctx context.Context, dataDir string, out io.Writer) error {
	db, err := store.OpenDir(dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	us, err := db.Users(ctx)
	if err != nil {
		return err
	}
	if len(us) == 0 {
		fmt.Fprintln(out, "no users yet; add one with: anterkoper user add NAME --role ROLE")
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tROLE\tCREATED\tSTATUS")
	for _, u := range us {
		status := "active"
		if u.Disabled {
			status = "disabled"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Name, u.Role, u.Created.Local().Format("2006-01-02 15:04"), status)
	}
	return tw.Flush()
}

// readNewPasswordHash reads a new password from standard input, checks it
// against the rules and returns its hash.
func readNewPasswordHash(ctx context.Context) (string, error) {
	pw, err := readNewPassword(ctx, os.Stdin, os.Stderr)
	if err != nil {
		return "", err
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return "", fmt.Errorf("user: %w", err)
	}
	return hash, nil
}

// readNewPassword reads the first line of in when in is not a terminal, and
// otherwise asks twice on the terminal, without echo, writing the prompts
// to out.
func readNewPassword(ctx context.Context, in *os.File, out io.Writer) (string, error) {
	if !prompt.IsTerminal(in) {
		line, err := bufio.NewReader(io.LimitReader(in, 64<<10)).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("user: unable to read the password: %w", err)
		}
		pw := strings.TrimRight(line, "\r\n")
		if pw == "" {
			return "", errors.New("user: no password on the first line of standard input")
		}
		if err := auth.ValidatePassword(pw); err != nil {
			return "", fmt.Errorf("user: %w", err)
		}
		return pw, nil
	}
	pw, err := prompt.ReadPassword(ctx, in, out, "Password (or PIN): ")
	if err != nil {
		return "", err
	}
	// Check before the second prompt: no point repeating a refused password.
	if err := auth.ValidatePassword(pw); err != nil {
		return "", fmt.Errorf("user: %w", err)
	}
	again, err := prompt.ReadPassword(ctx, in, out, "Again: ")
	if err != nil {
		return "", err
	}
	if again != pw {
		return "", errors.New("user: the two passwords differ; nothing was changed")
	}
	return pw, nil
}
