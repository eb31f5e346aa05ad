package main

import (
	"flag"
	"os"
	"path/filepath"
	"runtime"
)

// defaultDataDir is the user's data directory for anterkoper:
// $XDG_DATA_HOME/anterkoper or ~/.local/share/anterkoper on Linux,
// %LocalAppData%\anterkoper on Windows, ~/Library/Application Support/anterkoper on macOS.
func defaultDataDir() string {
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "anterkoper")
		}
	case "darwin":
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, "Library", "Application Support", "anterkoper")
		}
	default:
		if d := os.Getenv("XDG_DATA_HOME"); d != "" {
			return filepath.Join(d, "anterkoper")
		}
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, ".local", "share", "anterkoper")
		}
	}
	return "anterkoper-data"
}

func dataFlag(fs *flag.FlagSet) *string {
	return fs.String("data", defaultDataDir(), "data folder holding the database")
}
