package camera

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"anterkoper/device"
)

const (
	// maxFrame is the largest JPEG frame an MJPEG stream may send.
	maxFrame = 16 << 20
	// stallAfter is how long an MJPEG stream may send nothing before it
	// counts as broken: a camera app that was put in the background keeps
	// the connection open but stops sending.
	stallAfter = 10 * time.Second
)

// OpenMJPEG opens an "mjpeg" device: Path is the http(s) URL of a
// multipart/x-mixed-replace stream of JPEG frames, as phone camera apps
// (IP Webcam, DroidCam, …) and IP cameras serve it. It connects and checks
// the response before it returns.
func OpenMJPEG(spec device.Spec, dec Decoder) (device.Dev, error) {
	opts, err := ParseOptions(spec)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	src, err := dialMJPEG(ctx, spec.Path)
	if err != nil {
		cancel()
		return nil, err
	}
	return newDev(ctx, cancel, spec, dec, opts, src, false), nil
}

type mjpegSource struct {
	body    io.ReadCloser
	parts   *multipart.Reader
	stalled context.Context // the request's; done when the stream stalled
	stall   *time.Timer     // cancels the request when the stream stalls
	cancel  context.CancelFunc
}

func dialMJPEG(ctx context.Context, url string) (*mjpegSource, error) {
	reqCtx, cancel := context.WithCancel(ctx)
	req, err := http.NewRequestWithContext(reqCtx, http.MethodGet, url, nil)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("camera: %w", err)
	}
	stall := time.AfterFunc(stallAfter, cancel)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		stall.Stop()
		cancel()
		return nil, fmt.Errorf("camera: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		stall.Stop()
		cancel()
		resp.Body.Close()
		return nil, fmt.Errorf("camera: %s: %s", url, resp.Status)
	}
	parts, err := multipartReader(resp.Body, resp.Header.Get("Content-Type"))
	if err != nil {
		stall.Stop()
		cancel()
		resp.Body.Close()
		return nil, fmt.Errorf("camera: %s: %w", url, err)
	}
	return &mjpegSource{body: resp.Body, parts: parts, stalled: reqCtx, stall: stall, cancel: cancel}, nil
}

// multipartReader returns a reader of the parts of a multipart stream with
// the given Content-Type. Some cameras write the boundary with the leading
// "--" it has on the wire; that is taken off.
func multipartReader(r io.Reader, contentType string) (*multipart.Reader, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil, fmt.Errorf("content type %q: %w", contentType, err)
	}
	if !strings.HasPrefix(mt, "multipart/") {
		return nil, fmt.Errorf("content type %q: want multipart/x-mixed-replace", contentType)
	}
	b := strings.TrimPrefix(params["boundary"], "--")
	if b == "" {
		return nil, fmt.Errorf("content type %q: no boundary", contentType)
	}
	return multipart.NewReader(r, b), nil
}

// nextJPEG returns the body of the next JPEG part, skipping parts of other
// types. A part without a Content-Type is taken to be a JPEG. A part that
// ends before its Content-Length is an error (io.ErrUnexpectedEOF).
func nextJPEG(parts *multipart.Reader) ([]byte, error) {
	for {
		p, err := parts.NextPart()
		if err != nil {
			return nil, err
		}
		if ct := p.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(strings.ToLower(ct), "image/jpeg") {
			continue
		}
		// With a Content-Length the frame is there as soon as its bytes
		// are; without, only when the next part's boundary came.
		if n, err := strconv.Atoi(p.Header.Get("Content-Length")); err == nil && n >= 0 && n <= maxFrame {
			b := make([]byte, n)
			if _, err := io.ReadFull(p, b); err != nil {
				return nil, err
			}
			return b, nil
		}
		b, err := io.ReadAll(io.LimitReader(p, maxFrame+1))
		if err != nil {
			return nil, err
		}
		if len(b) > maxFrame {
			return nil, fmt.Errorf("frame larger than %d bytes", maxFrame)
		}
		return b, nil
	}
}

// next returns the next frame undecoded: decoding it is left to Read, so
// that frames dropped for a newer one cost nothing.
func (s *mjpegSource) next(ctx context.Context) (frame, error) {
	b, err := nextJPEG(s.parts)
	switch {
	case ctx.Err() != nil:
		return frame{}, errClosed
	case s.stalled.Err() != nil:
		return frame{}, fmt.Errorf("camera: stream sent nothing for %v", stallAfter)
	case errors.Is(err, io.EOF):
		return frame{}, errors.New("camera: stream ended")
	case err != nil:
		return frame{}, fmt.Errorf("camera: stream broken: %w", err)
	}
	s.stall.Reset(stallAfter)
	return frame{load: func() (image.Image, error) { return JPEG(b) }, at: time.Now()}, nil
}

func (s *mjpegSource) close() error {
	s.stall.Stop()
	s.cancel()
	return s.body.Close()
}
