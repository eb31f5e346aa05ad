package backup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Defaults for Options.
const (
	DefaultKeep         = 10
	DefaultInterval     = 24 * time.Hour
	DefaultRetry        = 15 * time.Minute
	DefaultFinalTimeout = 2 * time.Minute
)

// Source is what is backed up; *store.DB is one.
type Source interface {
	// BackupTo writes a consistent copy to path, which must not exist.
	BackupTo(ctx context.Context, path string) error
}

// Options configure a Service.
type Options struct {
	Dir          string        // the backup folder; required, never created
	Keep         int           // backups to keep; DefaultKeep when ≤ 0
	Interval     time.Duration // the longest time between backups; DefaultInterval when ≤ 0
	Retry        time.Duration // wait after a failed backup; DefaultRetry when ≤ 0
	FinalTimeout time.Duration // bound on the backup made at shutdown; DefaultFinalTimeout when ≤ 0
	// Now is the clock for file names and "today"; time.Now when nil.
	Now func() time.Time
	// OnResult, when set, is called after each attempt from the service's
	// goroutine (for logging and the UI); it must not block.
	OnResult func(Result)
	// Mirror are folders (the data folder's photos/ and exports/) whose new
	// files are copied after each database backup into a folder of the
	// same name in Dir (see Mirror).
	Mirror []string
}

// Result is the outcome of one backup attempt.
type Result struct {
	Reason  string
	Time    time.Time
	File    string   // the full path written; empty when the backup failed
	Removed []string // old backups deleted afterwards
	Err     error    // why the backup failed, or why old ones could not be deleted
}

// Status is the state of the automatic backups, as the UI shows it.
type Status struct {
	Dir         string    `json:"dir"`
	Running     bool      `json:"running"`
	LastBackup  time.Time `json:"last_backup"` // zero when the folder holds none
	LastFile    string    `json:"last_file"`
	LastAttempt time.Time `json:"last_attempt"`
	LastError   string    `json:"last_error,omitempty"` // empty when the last attempt succeeded
	Next        time.Time `json:"next"`                 // when the next timed backup is due
}

// Service makes automatic backups; see the package documentation.
type Service struct {
	src  Source
	opts Options
	wake chan struct{} // one slot: a pending trigger

	mu      sync.Mutex
	pending string // reason of a trigger not yet served
	status  Status
}

// New returns a service that backs up src into opts.Dir once Serve runs.
func New(src Source, opts Options) (*Service, error) {
	if opts.Dir == "" {
		return nil, errors.New("backup: no backup folder configured")
	}
	if opts.Keep <= 0 {
		opts.Keep = DefaultKeep
	}
	if opts.Interval <= 0 {
		opts.Interval = DefaultInterval
	}
	if opts.Retry <= 0 {
		opts.Retry = DefaultRetry
	}
	if opts.FinalTimeout <= 0 {
		opts.FinalTimeout = DefaultFinalTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Service{src: src, opts: opts, wake: make(chan struct{}, 1), status: Status{Dir: opts.Dir}}, nil
}

// Trigger asks for a backup as soon as possible, for reason ("visit-end",
// "shutdown"…). It never blocks. Triggers arriving while a backup runs are
// coalesced into one more backup, named after the latest reason.
func (s *Service) Trigger(reason string) {
	s.mu.Lock()
	s.pending = CleanReason(reason)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Status returns the state of the backups.
func (s *Service) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

func (s *Service) takePending() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.pending
	s.pending = ""
	return r
}

// Serve makes backups until ctx is cancelled; it returns nil then, after
// carrying out a trigger still pending. A failed backup is not an error of
// Serve: it is reported and retried.
func (s *Service) Serve(ctx context.Context) error {
	now := s.opts.Now()
	due := s.firstDue(now)
	timer := time.NewTimer(due.Sub(now))
	defer timer.Stop()
	dueReason := "daily"
	for {
		var reason string
		select {
		case <-ctx.Done():
			s.final(ctx)
			return nil
		case <-s.wake:
			if reason = s.takePending(); reason == "" {
				continue
			}
		case <-timer.C:
			reason = dueReason
		}
		ok := s.run(ctx, reason)
		if ctx.Err() != nil {
			if !ok {
				s.requeue(reason)
			}
			s.final(ctx)
			return nil
		}
		now = s.opts.Now()
		if ok {
			due, dueReason = now.Add(s.opts.Interval), "daily"
		} else {
			if retry := now.Add(s.opts.Retry); retry.Before(due) || !due.After(now) {
				due = retry
			}
			if reason != "daily" { // the retry stands for the trigger that failed
				dueReason = reason
			}
		}
		s.mu.Lock()
		s.status.Next = due
		s.mu.Unlock()
		timer.Reset(due.Sub(now))
	}
}

// requeue puts back a trigger that shutdown interrupted, unless a newer one
// came meanwhile.
func (s *Service) requeue(reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pending == "" && reason != "daily" {
		s.pending = reason
	}
}

// final carries out a pending trigger after ctx has ended.
func (s *Service) final(ctx context.Context) {
	reason := s.takePending()
	if reason == "" {
		return
	}
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opts.FinalTimeout)
	defer cancel()
	s.run(fctx, reason)
}

// firstDue looks at the folder: a backup is due now unless one was made
// today (WIB), in which case it is due Interval after that one. It also
// fills Status with the newest backup found.
func (s *Service) firstDue(now time.Time) time.Time {
	due := now
	files, err := list(s.opts.Dir)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil && len(files) > 0 {
		last := files[len(files)-1]
		s.status.LastBackup = last.at
		s.status.LastFile = filepath.Join(s.opts.Dir, last.name)
		if sameDay(last.at, now) {
			due = last.at.Add(s.opts.Interval)
			if due.After(now.Add(s.opts.Interval)) { // the file is from the future: a clock set back
				due = now.Add(s.opts.Interval)
			}
		}
	}
	s.status.Next = due
	return due
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.In(WIB).Date()
	by, bm, bd := b.In(WIB).Date()
	return ay == by && am == bm && ad == bd
}

// run makes one backup and prunes the old ones; it reports whether the
// backup was written.
func (s *Service) run(ctx context.Context, reason string) bool {
	start := s.opts.Now()
	s.mu.Lock()
	s.status.Running = true
	s.mu.Unlock()

	res := Result{Reason: reason, Time: start}
	dir := s.opts.Dir
	if fi, err := os.Stat(dir); err != nil {
		res.Err = fmt.Errorf("backup: folder %s is not available (is the drive plugged in?): %w", dir, err)
	} else if !fi.IsDir() {
		res.Err = fmt.Errorf("backup: %s is not a folder", dir)
	} else {
		name := NameIn(dir, start, reason)
		if err := s.src.BackupTo(ctx, filepath.Join(dir, name)); err != nil {
			res.Err = fmt.Errorf("backup: %w", err)
		} else {
			res.File = filepath.Join(dir, name)
			removed, err := prune(dir, name, s.opts.Keep)
			res.Removed = removed
			if err != nil {
				res.Err = fmt.Errorf("backup: written, but old backups could not be deleted: %w", err)
			}
			removeStaleTemps(dir, start)
			for _, m := range s.opts.Mirror {
				if _, err := Mirror(m, filepath.Join(dir, filepath.Base(m))); err != nil && res.Err == nil {
					res.Err = fmt.Errorf("backup: database written, but %w", err)
				}
			}
		}
	}

	s.mu.Lock()
	s.status.Running = false
	cancelled := res.File == "" && ctx.Err() != nil
	if !cancelled { // a shutdown interrupting a backup is not the drive's fault
		s.status.LastAttempt = start
		s.status.LastError = ""
		if res.Err != nil {
			s.status.LastError = res.Err.Error()
		}
		if res.File != "" {
			s.status.LastBackup, s.status.LastFile = start, res.File
		}
	}
	s.mu.Unlock()
	if s.opts.OnResult != nil && !cancelled {
		s.opts.OnResult(res)
	}
	return res.File != ""
}

// staleTemp is how old a temporary file must be before it is taken for the
// remains of a backup cut short by a power cut, not one being written.
const staleTemp = 24 * time.Hour

// removeStaleTemps deletes the hidden temporary files that store.BackupTo
// leaves only when the laptop dies in the middle of a copy.
func removeStaleTemps(dir string, now time.Time) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		n := e.Name()
		if !strings.HasPrefix(n, ".anterkoper-") || !strings.Contains(n, ".db.tmp-") {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.Mode().IsRegular() && now.Sub(fi.ModTime()) > staleTemp {
			os.Remove(filepath.Join(dir, n))
		}
	}
}
