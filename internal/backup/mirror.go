package backup

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Mirror copies the files of the folder src that dst does not have yet (by
// name and size) into dst, creating it. The files it is meant for —
// documentation photos, copies of hand-off files — are written once under
// a new name and never changed, so nothing is ever deleted or overwritten
// in dst. Each file is written to a temporary name, synced and renamed, so
// a power cut leaves no half file under a real name. A missing src is
// nothing to copy.
func Mirror(src, dst string) (copied int, err error) {
	entries, err := os.ReadDir(src)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("backup: unable to read %s: %w", src, err)
	}
	made := false
	for _, e := range entries {
		if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		target := filepath.Join(dst, e.Name())
		if have, err := os.Stat(target); err == nil && have.Size() == info.Size() {
			continue
		}
		if !made {
			if err := os.MkdirAll(dst, 0o750); err != nil {
				return copied, fmt.Errorf("backup: unable to make %s: %w", dst, err)
			}
			made = true
		}
		if err := copyFile(filepath.Join(src, e.Name()), target); err != nil {
			return copied, err
		}
		copied++
	}
	return copied, nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("backup: unable to read %s: %w", src, err)
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".mirror-*")
	if err != nil {
		return fmt.Errorf("backup: unable to write into %s: %w", filepath.Dir(dst), err)
	}
	defer os.Remove(tmp.Name())
	_, err = io.Copy(tmp, in)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), dst)
	}
	if err != nil {
		return fmt.Errorf("backup: unable to copy %s: %w", src, err)
	}
	return nil
}
