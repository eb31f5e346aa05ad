//go:build !linux && !darwin

package uhf

import (
	"fmt"
	"os"

	"anterkoper/device"
)

// OpenPTY would open a pseudo-terminal for a simulated reader; this system
// has none that a serial driver can open, so it fails with
// device.ErrNotSupported.
func OpenPTY() (master, slave *os.File, err error) {
	return nil, nil, fmt.Errorf("uhf: pseudo-terminal: %w", device.ErrNotSupported)
}
