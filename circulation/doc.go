// Package circulation is anterkoper's domain: catalog items, locations,
// visits, baskets, loans, and what a scan means in each mode of a visit.
//
// The engine judges each scan against the state derived from the
// append-only event log, commits the event through its Store, and only then
// applies it to memory and tells its listener. State is never written back:
// Replay folds the log into exactly the state the live engine holds, which is
// how tallies and loans are rebuilt after a restart and checked afterwards.
//
// The package knows nothing about HTTP, SQL or hardware.
package circulation
