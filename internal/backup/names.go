package backup

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// WIB is Western Indonesia Time (UTC+7, no daylight saving). A fixed zone,
// so that a laptop without the time zone database names files the same.
var WIB = time.FixedZone("WIB", 7*60*60)

// stamp is the layout of the time in file names.
const stamp = "20060102-150405"

// FileName is the name of a backup made at t for reason, e.g.
// anterkoper-20261127-153004-visit-end.db. The reason is reduced to lower-case
// letters, digits and dashes.
func FileName(t time.Time, reason string) string {
	return "anterkoper-" + t.In(WIB).Format(stamp) + "-" + CleanReason(reason) + ".db"
}

var nameRE = regexp.MustCompile(`^anterkoper-(\d{8}-\d{6})-([a-z0-9-]+)\.db$`)

// parseName returns the time a backup file name carries.
func parseName(name string) (time.Time, bool) {
	m := nameRE.FindStringSubmatch(name)
	if m == nil {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation(stamp, m[1], WIB)
	return t, err == nil
}

// CleanReason reduces reason to what a file name may carry.
func CleanReason(reason string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(reason) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= 32 {
			break
		}
	}
	if b.Len() == 0 {
		return "backup"
	}
	return b.String()
}

// file is a backup in the folder.
type file struct {
	name string
	at   time.Time
}

// list returns the backups in dir, oldest first (by the time in their
// names, then by name).
func list(dir string) ([]file, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []file
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		if at, ok := parseName(e.Name()); ok {
			out = append(out, file{e.Name(), at})
		}
	}
	slices.SortFunc(out, func(a, b file) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	return out, nil
}

// NameIn returns a name for a backup made at t for reason that is not yet
// taken in dir: FileName, with "-2", "-3"… added to the reason when needed.
func NameIn(dir string, t time.Time, reason string) string {
	reason = CleanReason(reason)
	name := FileName(t, reason)
	for i := 2; ; i++ {
		if _, err := os.Lstat(filepath.Join(dir, name)); errors.Is(err, fs.ErrNotExist) || i > 99 {
			return name
		}
		name = FileName(t, fmt.Sprintf("%s-%d", reason, i))
	}
}

// prune deletes all but the newest keep backups in dir, never the file
// just made. It returns the names it deleted.
func prune(dir, just string, keep int) ([]string, error) {
	files, err := list(dir)
	if err != nil {
		return nil, err
	}
	var old []file
	for _, f := range files {
		if f.name != just {
			old = append(old, f)
		}
	}
	var removed []string
	var errs []error
	for len(old) > keep-1 {
		f := old[0]
		old = old[1:]
		if err := os.Remove(filepath.Join(dir, f.name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, f.name)
	}
	return removed, errors.Join(errs...)
}
