package camera

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strings"
	"testing"

	"anterkoper/device"
)

// streamServer serves one MJPEG stream per request, sending the frames a
// test hands it; closing the stream's channel ends the response.
type streamServer struct {
	*httptest.Server
	streams chan chan []byte // one per request, handed to the test
}

func newStreamServer(t *testing.T, boundaryParam string) *streamServer {
	s := &streamServer{streams: make(chan chan []byte)}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mw := multipart.NewWriter(w)
		mw.SetBoundary("frame")
		w.Header().Set("Content-Type", "multipart/x-mixed-replace; boundary="+boundaryParam)
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		frames := make(chan []byte)
		select {
		case s.streams <- frames:
		case <-r.Context().Done():
			return
		}
		for {
			select {
			case b, ok := <-frames:
				if !ok {
					mw.Close()
					return
				}
				h := textproto.MIMEHeader{}
				h.Set("Content-Type", "image/jpeg")
				h.Set("Content-Length", fmt.Sprint(len(b)))
				p, err := mw.CreatePart(h)
				if err != nil {
					return
				}
				p.Write(b)
				w.(http.Flusher).Flush()
			case <-r.Context().Done():
				return
			}
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func openMJPEG(t *testing.T, url string) device.Dev {
	t.Helper()
	sp, err := device.ParseSpec("mjpeg:" + url + ",rescan=1s,name=phone")
	if err != nil {
		t.Fatal(err)
	}
	d, err := OpenMJPEG(sp, blockDecoder{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestMJPEG(t *testing.T) {
	for _, bp := range []string{"frame", `"frame"`, "--frame"} {
		t.Run(bp, func(t *testing.T) {
			srv := newStreamServer(t, bp)
			d := openMJPEG(t, srv.URL+"/video")
			frames := <-srv.streams
			frames <- jpegOf(t, paint(""))
			frames <- jpegOf(t, paint("LIB-1"))
			s, err := d.Read()
			if err != nil {
				t.Fatal(err)
			}
			if string(s.Code) != "LIB-1" || s.Symbology != "]Q1" || s.Device != "phone" || s.Time.IsZero() {
				t.Errorf("scan %+v", s)
			}
			frames <- jpegOf(t, paint("LIB-1")) // still in view: no scan
			frames <- jpegOf(t, paint("LIB-2"))
			if s, err := d.Read(); err != nil || string(s.Code) != "LIB-2" {
				t.Errorf("Read = %q, %v; want LIB-2", s.Code, err)
			}

			close(frames) // the stream ends
			if _, err := d.Read(); err == nil || !strings.Contains(err.Error(), "stream ended") {
				t.Errorf("Read after the stream ended: %v", err)
			}
			d.Close()

			// The manager opens it again.
			d = openMJPEG(t, srv.URL+"/video")
			frames = <-srv.streams
			frames <- jpegOf(t, paint("LIB-1"))
			if s, err := d.Read(); err != nil || string(s.Code) != "LIB-1" {
				t.Errorf("Read after reopening = %q, %v; want LIB-1", s.Code, err)
			}
			d.Close()
		})
	}
}

func TestMJPEGBrokenStream(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "multipart/x-mixed-replace; boundary=b")
		io.WriteString(w, "--b\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8 half a frame")
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler) // cut the connection
	}))
	defer srv.Close()
	d := openMJPEG(t, srv.URL)
	if _, err := d.Read(); err == nil || !strings.Contains(err.Error(), "stream broken") {
		t.Errorf("Read of a cut stream: %v, want stream broken", err)
	}
}

func TestMJPEGOpenErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/jpeg":
			w.Header().Set("Content-Type", "image/jpeg")
		case "/noboundary":
			w.Header().Set("Content-Type", "multipart/x-mixed-replace")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	for _, path := range []string{"/jpeg", "/noboundary", "/missing"} {
		sp := device.Spec{Driver: device.DriverMJPEG, Path: srv.URL + path}
		if d, err := OpenMJPEG(sp, blockDecoder{}); err == nil {
			d.Close()
			t.Errorf("OpenMJPEG(%s): no error", path)
		}
	}
	if _, err := OpenMJPEG(device.Spec{Path: srv.URL, Options: map[string]string{"rescan": "soon"}}, blockDecoder{}); err == nil {
		t.Error("rescan=soon: no error")
	}
}

// FuzzMultipart feeds arbitrary streams to the part reading: it must
// return frames or an error, never panic or loop.
func FuzzMultipart(f *testing.F) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.SetBoundary("frame")
	p, _ := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {"image/jpeg"}})
	p.Write(jpegOf(f, paint("F")))
	p, _ = mw.CreatePart(textproto.MIMEHeader{"Content-Type": {"text/plain"}})
	p.Write([]byte("skip me"))
	mw.Close()
	f.Add("multipart/x-mixed-replace; boundary=frame", b.Bytes())
	f.Add("multipart/x-mixed-replace;boundary=--frame", []byte("--frame\r\n\r\n\xff\xd8\xff\xd9\r\n--frame--"))
	f.Add("image/jpeg", []byte{0xff, 0xd8})
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		parts, err := multipartReader(bytes.NewReader(body), contentType)
		if err != nil {
			return
		}
		for range 1000 {
			b, err := nextJPEG(parts)
			if err != nil {
				return
			}
			if len(b) > maxFrame {
				t.Fatalf("frame of %d bytes", len(b))
			}
			JPEG(b)
		}
		t.Fatal("more than 1000 frames from a short input")
	})
}
