// Package testenv is for tests: it decides what a test does when a real
// part it needs — a program, a pseudo-terminal, the shared test data — is
// absent. Outside CI the test is skipped with a message naming the part;
// with CI=true (where .ci/run installs everything) it fails instead, so CI
// never skips.
package testenv

import (
	"os"
	"os/exec"
	"testing"
)

// CI reports whether the tests run in CI (CI=true).
func CI() bool { return os.Getenv("CI") == "true" }

// Missing ends the test for want of what: a skip outside CI, a failure in
// CI. what names the part and how to get it.
func Missing(t testing.TB, what string) {
	t.Helper()
	if CI() {
		t.Fatalf("%s is missing, and CI=true must run every test (.ci/run installs what the tests need)", what)
	}
	t.Skipf("%s is missing: skipping", what)
}

// Tool returns the path of the first of programs found on PATH; when none
// is, Missing ends the test, naming the Debian package pkg to install.
func Tool(t testing.TB, pkg string, programs ...string) string {
	t.Helper()
	for _, p := range programs {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	Missing(t, programs[0]+" (Debian package "+pkg+")")
	return ""
}
