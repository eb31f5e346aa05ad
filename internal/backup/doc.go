// Package backup makes automatic copies of the database into a folder that
// is usually on a USB drive, so that a dead laptop disk does not take the
// scan log with it.
//
// A Service runs next to the server (Serve(ctx) error, like every
// long-running part of anterkoper) and makes a backup
//   - once after it starts, unless the folder already holds one made today;
//   - whenever 24 hours have passed since the last successful backup;
//   - when Trigger is called: the server does so when a visit ends and at
//     shutdown.
//
// Guarantees:
//   - One backup at a time. Triggers that arrive while a backup runs are
//     coalesced into one more backup after it, so a burst of triggers costs
//     at most two backups.
//   - A backup is a consistent snapshot of the log made while scanning goes
//     on (store.DB.BackupTo, VACUUM INTO); a half-written file never carries
//     a backup's name.
//   - Files are named anterkoper-YYYYMMDD-HHMMSS-REASON.db in Western
//     Indonesia Time (WIB, UTC+7, the service's working time), e.g.
//     anterkoper-20261127-153004-visit-end.db. An existing file is never
//     overwritten.
//   - Of the files so named in the folder, the newest Keep (10 by default)
//     are kept. Older ones are deleted only after a new backup has been
//     written, and the file just written is never deleted, even when a
//     clock set back makes it look old.
//   - The folder is never created: a missing folder means the drive is not
//     there (or not mounted), and writing into an empty mount point would
//     put the "backup" on the laptop's own disk. A failure — folder missing,
//     drive full, drive pulled mid-copy — is reported through Status and
//     OnResult and never stops the service; the backup is tried again after
//     Retry (15 minutes by default) and on the next trigger.
//   - When ctx is cancelled, a trigger not yet served (such as the shutdown
//     trigger) is still carried out, within FinalTimeout, before Serve
//     returns. The database must stay open until Serve has returned.
//
// Timers come from the time package and file names from Options.Now, so
// tests run the service in a testing/synctest bubble with no real waiting.
package backup
