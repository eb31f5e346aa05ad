//go:build linux

package camera

import (
	"context"
	"errors"
	"fmt"
	"image"
	"syscall"
	"time"

	"github.com/blackjack/webcam"

	"anterkoper/device"
)

// V4L2 pixel formats the driver reads.
const (
	pixYUYV  = webcam.PixelFormat(0x56595559) // 'YUYV'
	pixMJPEG = webcam.PixelFormat(0x47504a4d) // 'MJPG'
)

// waitStep is how long one wait for a frame lasts; Close is noticed
// between waits, since the device cannot be closed under a waiting poll.
const waitStep = 200 // ms

// OpenV4L2 opens a "v4l2" camera: Path is a Video4Linux capture device
// such as /dev/video0 or /dev/v4l/by-id/…-video-index0. It streams YUYV or
// MJPEG — YUYV when the camera offers the chosen size in it, since it costs
// no decoding and has no compression artefacts — at 1280×720 when offered,
// else the largest size at most 1920 wide.
func OpenV4L2(spec device.Spec, dec Decoder) (device.Dev, error) {
	opts, err := ParseOptions(spec)
	if err != nil {
		return nil, err
	}
	cam, err := webcam.Open(spec.Path)
	if err != nil {
		return nil, fmt.Errorf("camera: %w", err)
	}
	src, err := startV4L2(cam)
	if err != nil {
		cam.Close()
		return nil, fmt.Errorf("camera: %s: %w", spec.Path, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return newDev(ctx, cancel, spec, dec, opts, src, false), nil
}

type v4l2Source struct {
	cam    *webcam.Webcam
	format webcam.PixelFormat
	w, h   int
}

func startV4L2(cam *webcam.Webcam) (*v4l2Source, error) {
	formats := cam.GetSupportedFormats()
	var format webcam.PixelFormat
	var w, h uint32
	for _, f := range []webcam.PixelFormat{pixYUYV, pixMJPEG} {
		if _, ok := formats[f]; !ok {
			continue
		}
		var sizes []frameSize
		for _, s := range cam.GetSupportedFrameSizes(f) {
			sizes = append(sizes, frameSize{s.MinWidth, s.MaxWidth, s.StepWidth, s.MinHeight, s.MaxHeight, s.StepHeight})
		}
		cw, ch, ok := chooseSize(sizes)
		if ok && (format == 0 || cw > w) {
			format, w, h = f, cw, ch
		}
	}
	if format == 0 {
		return nil, errors.New("offers neither YUYV nor MJPEG frames")
	}
	got, gw, gh, err := cam.SetImageFormat(format, w, h)
	if err != nil {
		return nil, fmt.Errorf("set format: %w", err)
	}
	if got != format {
		return nil, fmt.Errorf("asked for pixel format %#x, got %#x", uint32(format), uint32(got))
	}
	if err := cam.StartStreaming(); err != nil {
		return nil, fmt.Errorf("start streaming: %w", err)
	}
	return &v4l2Source{cam: cam, format: format, w: int(gw), h: int(gh)}, nil
}

func (s *v4l2Source) next(ctx context.Context) (frame, error) {
	for {
		if ctx.Err() != nil {
			return frame{}, errClosed
		}
		err := s.cam.WaitForFrame(waitStep)
		var timeout *webcam.Timeout
		if errors.As(err, &timeout) || errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			return frame{}, fmt.Errorf("camera: wait for frame: %w", err)
		}
		buf, index, err := s.cam.GetFrame()
		if err != nil {
			return frame{}, fmt.Errorf("camera: read frame: %w", err)
		}
		// The buffer is the driver's and goes back to it at once.
		b := append([]byte(nil), buf...)
		if err := s.cam.ReleaseFrame(index); err != nil {
			return frame{}, fmt.Errorf("camera: release frame: %w", err)
		}
		if len(b) == 0 {
			continue
		}
		f := frame{at: time.Now()}
		switch s.format {
		case pixYUYV:
			w, h := s.w, s.h
			f.load = func() (image.Image, error) { return YUYV(b, w, h) }
		default:
			f.load = func() (image.Image, error) { return JPEG(b) }
		}
		return f, nil
	}
}

func (s *v4l2Source) close() error {
	return s.cam.Close()
}
