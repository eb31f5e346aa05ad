//go:build !linux

package camera

import (
	"fmt"

	"anterkoper/device"
)

// OpenV4L2 opens a "v4l2" camera; Video4Linux exists on Linux only, so
// here it fails with device.ErrNotSupported. Phone and IP cameras work
// everywhere through "mjpeg" and "folder".
func OpenV4L2(spec device.Spec, dec Decoder) (device.Dev, error) {
	return nil, fmt.Errorf("camera: v4l2: %w", device.ErrNotSupported)
}
