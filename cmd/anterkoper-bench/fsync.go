package main

import (
	"context"
	"fmt"
	"os"
	"time"
)

// benchFsync measures the disk's own cost of making a small write durable,
// the floor under every committed scan.
func benchFsync(ctx context.Context, o options) error {
	f, err := os.CreateTemp(o.dir, "fsync-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	buf := make([]byte, 4096)
	var ds []time.Duration
	for i := 0; i < 500; i++ {
		t := time.Now()
		if _, err := f.WriteAt(buf, int64(i%64)*4096); err != nil {
			return err
		}
		if err := f.Sync(); err != nil {
			return err
		}
		ds = append(ds, time.Since(t))
	}
	fsyncMedian = median(ds)
	fmt.Println("## Disk")
	fmt.Println(summary("4 KiB write + fsync (the disk's floor)", ds))
	fmt.Println()
	return nil
}

var fsyncMedian time.Duration
