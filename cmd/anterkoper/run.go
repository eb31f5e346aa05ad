package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
)

const usage = `anterkoper — the ANTER KOPER Buku kiosk

Usage:
  anterkoper [serve] [--addr HOST:PORT] [--data DIR] [--demo] [--device DRIVER:PATH[,k=v…]]… [--config FILE]
  anterkoper devices [--device …]… [--config FILE] [--json]
  anterkoper user add NAME [--role operator|coordinator|head|admin]   (password from stdin)
  anterkoper user list | user passwd NAME
  anterkoper backup --out DIR
  anterkoper schedule generate --month YYYY-MM [--vehicles N] [--per-day N] [--json]
  anterkoper schedule export --month YYYY-MM --format csv|pdf|ics --out FILE
  anterkoper restore FILE [--force]
  anterkoper check [--json]
  anterkoper simulate rfid --protocol chafon|r2000 --tags N [--link PATH] [--rate R] [--garbage P]
  anterkoper decode FILE… [--formats LIST] [--fast]   (barcodes in images, one JSON line per file)
  anterkoper rfid decode HEX…            (an HF library tag's memory: ISO 28560-3 or 3M 501)
  (serve also takes --lan [--tls] [--public-url URL] [--backup-dir DIR] [--member-fields LIST]
   [--card-institution NNNN] [--member-limits TYPE=N,…])
  anterkoper import items FILE [--skip-bad] [--data DIR] [--level-rule FIELD=VALUE:LEVEL]…
  anterkoper import tags|members FILE [--skip-bad] [--data DIR]
  anterkoper export visit ID [--format csv|json] [--out FILE] [--data DIR]
  anterkoper export receipt|reconciliation|report|koc|slims|members … --out FILE   (see anterkoper export)

Flags may come before or after the arguments.
`

// errUsage marks a mistake in the command line (exit status 2).
var errUsage = errors.New("usage")

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }
func (e usageError) Unwrap() error { return errUsage }

func exitCode(err error) int {
	if errors.Is(err, errUsage) {
		return 2
	}
	return 1
}

func run(ctx context.Context, args []string) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return runServe(ctx, args)
	case "import":
		return runImport(ctx, args)
	case "export":
		return runExport(ctx, args)
	case "devices":
		return runDevices(ctx, args)
	case "user":
		return runUser(ctx, args)
	case "backup":
		return runBackup(ctx, args)
	case "restore":
		return runRestore(ctx, args)
	case "check":
		return runCheck(ctx, args)
	case "rfid":
		return runRFID(ctx, args)
	case "simulate":
		return runSimulate(ctx, args)
	case "decode":
		return runDecode(ctx, args)
	case "schedule":
		return runSchedule(ctx, args)
	case "help", "-h", "--help":
		fmt.Print(usage)
		return nil
	}
	return usageError{fmt.Sprintf("unknown command %q\n\n%s", cmd, usage)}
}

// parse parses flags that may stand before, between or after the positional
// arguments, and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(os.Stderr)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// version names this build in the files it hands to library systems. The
// release build sets it with -ldflags "-X main.version=…".
var version = "dev"
