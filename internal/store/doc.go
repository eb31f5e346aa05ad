// Package store keeps anterkoper's data in one SQLite file (modernc.org/sqlite,
// no cgo).
//
// Guarantees:
//   - The database runs in WAL mode with synchronous=FULL: when AppendEvent
//     returns nil, the event is on disk and survives a crash or power cut.
//   - The event log is append-only. Triggers refuse UPDATE and DELETE of
//     events; an undo is a new "void" event.
//   - The schema is a list of numbered .sql migrations embedded in the binary
//     and applied in one transaction when the database is opened.
//   - One writer connection serialises writes; reads use a separate pool, so
//     CLI commands can read and import while `serve` runs on the same file.
package store
