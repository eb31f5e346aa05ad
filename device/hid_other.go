//go:build !linux

package device

import "fmt"

// OpenHID would open an evdev keyboard-wedge scanner; evdev exists on Linux
// only, so here it fails with ErrNotSupported. A wedge scanner still works
// as a keyboard typing into the kiosk page.
func OpenHID(spec Spec) (Dev, error) {
	return nil, fmt.Errorf("hid: %w", ErrNotSupported)
}
