// Package prompt reads a password from a terminal without echoing it, for
// the command line (anterkoper user add). It exists because
// golang.org/x/term is not among the module's dependencies; it uses
// golang.org/x/sys directly, on Linux, the BSDs, macOS and Windows.
//
// Guarantees:
//
//   - The terminal's previous mode is restored before ReadPassword returns,
//     also when ctx is cancelled (Ctrl-C) while it waits for input.
//   - The password is returned without its line ending and is never written
//     anywhere.
package prompt
