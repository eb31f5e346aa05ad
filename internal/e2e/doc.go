// Package e2e holds anterkoper's end-to-end tests: the kiosk pages in real
// headless Chromium against a real server on a loopback port, and the real
// binary killed with SIGKILL in the middle of a burst of scans.
//
// Browser tests need Debian's chromium package. Outside CI (CI unset) they
// skip with a message when it is missing; with CI=true they fail instead.
package e2e
