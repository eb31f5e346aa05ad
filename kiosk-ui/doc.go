// Package kioskui is the kiosk's browser interface, embedded into the binary
// so that it works with no internet: the operator page (visit picker, scan
// field, live tally), the viewer page the school's staff watch, and their
// CSS and JavaScript.
//
// Handler serves the pages and their assets. Pages refer to assets through
// placeholders of the form {{asset:NAME}}, which Handler replaces once, when
// it is first called, with /assets/NAME?v=<first 10 hex digits of the
// SHA-256 of the asset>. Assets may refer to other assets the same way (an
// ES module importing another), so a change to any file changes the URL of
// everything that depends on it. An asset fetched with its current version
// is cached by the browser for a year; pages are always revalidated. Both
// are gzipped once at start for clients that accept it (a cheap phone on
// the vehicle's hotspot).
//
// Every placeholder must name an embedded asset: Handler panics otherwise,
// and the package tests catch it before a release. The tests also check
// that no embedded file refers to another host.
package kioskui
