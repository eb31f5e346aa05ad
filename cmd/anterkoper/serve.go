package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"sync"

	"anterkoper/device"

	"anterkoper/internal/server"
	"anterkoper/internal/store"
	kioskui "anterkoper/kiosk-ui"
)

type serveOptions struct {
	addr         string
	data         string
	demo         bool
	basketPrefix string
	devices      []device.Spec
}

func runServe(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var o serveOptions
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on")
	data := dataFlag(fs)
	fs.BoolVar(&o.demo, "demo", false, "seed an empty database with demo items, locations and a visit for today, and serve /demo/barcodes")
	fs.StringVar(&o.basketPrefix, "basket-prefix", "KRJ-", "prefix that marks a basket label")
	devs := deviceFlags(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("serve takes no arguments, got %q", pos)}
	}
	o.data = *data
	if o.devices, err = devs.specs(); err != nil {
		return err
	}
	return serve(ctx, o)
}

func serve(ctx context.Context, o serveOptions) error {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	slog.SetDefault(log)

	db, err := store.OpenDir(o.data)
	if err != nil {
		return err
	}
	defer db.Close()
	log.Info("Database opened", "path", db.Path())
	if o.demo {
		if err := seedDemo(ctx, db); err != nil {
			return err
		}
	}
	srv, err := server.New(ctx, db, server.Options{
		BasketPrefix: o.basketPrefix,
		UI:           kioskui.Handler(),
		Demo:         o.demo,
		Logger:       log,
	})
	if err != nil {
		return err
	}
	mgr, err := device.NewManager(o.devices, func(sc device.Scan) { srv.DeviceScan(ctx, sc) })
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(os.Stderr, "anterkoper: data folder %s\nanterkoper: kiosk at %s\n", o.data, url)
	log.Info("Listening", "addr", ln.Addr().String(), "devices", len(o.devices))

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		if err := mgr.Serve(ctx); err != nil {
			log.Error("Device manager failed", "err", err)
			cancel() // scanners are not read: stop rather than pretend
		}
	}()
	go func() {
		defer wg.Done()
		reportDevices(mgr, srv, log)
	}()
	srv.SetDevices(mgr.Status())
	err = srv.Serve(ctx, ln)
	cancel()
	wg.Wait()
	log.Info("Stopped")
	return err
}

// reportDevices passes each change of the devices' states to the server
// (and the log) until the manager stops.
func reportDevices(mgr *device.Manager, srv *server.Server, log *slog.Logger) {
	last := map[string]device.State{}
	for range mgr.Changes() {
		list := mgr.Status()
		for _, d := range list {
			if last[d.Name] != d.State {
				log.Info("Device state", "device", d.Name, "path", d.Path, "state", d.State, "reason", d.Error)
				last[d.Name] = d.State
			}
		}
		srv.SetDevices(list)
	}
}
