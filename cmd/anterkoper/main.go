// Command anterkoper is the ANTER KOPER Buku kiosk: a daemon that counts the
// books going into and out of the mobile library's baskets and shows live
// tallies in a browser. Run "anterkoper help" for its subcommands.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "anterkoper:", err)
		os.Exit(exitCode(err))
	}
}
