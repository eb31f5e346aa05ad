package server

import (
	"context"
	"time"

	"anterkoper/device/camera"
)

// maxFrame is the largest camera frame (a JPEG) a page may send.
const maxFrame = 1 << 20

// frameAck answers each camera frame a page sends.
type frameAck struct {
	Type  string   `json:"type"` // "frame_ack"
	Codes []string `json:"codes"`
	Error string   `json:"error,omitempty"`
}

// pageCamera decodes the frames one page's camera sends over its visit's
// WebSocket. A code in view across many frames is one scan (camera.Dedup).
type pageCamera struct {
	dedup camera.Dedup
}

// frame decodes one JPEG frame and applies the codes newly in view to the
// visit, in its current mode, like any scan.
func (s *Server) frame(ctx context.Context, pc *pageCamera, visit int64, data []byte) frameAck {
	ack := frameAck{Type: "frame_ack", Codes: []string{}}
	if s.opts.FrameDecoder == nil {
		ack.Error = "this kiosk decodes no camera frames"
		return ack
	}
	img, err := camera.JPEG(data)
	if err != nil {
		ack.Error = "not a JPEG frame: " + err.Error()
		return ack
	}
	codes := s.opts.FrameDecoder.Decode(camera.Gray(img))
	for _, c := range codes {
		ack.Codes = append(ack.Codes, c.Text)
	}
	for _, c := range pc.dedup.Seen(codes, time.Now()) {
		if _, err := s.eng.Scan(ctx, visit, c.Text, "camera:page"); err != nil {
			s.noteWrite(err)
			ack.Error = err.Error()
			s.hub.broadcast(mustJSON(map[string]string{"type": "scan_error", "code": c.Text, "source": "camera:page", "error": err.Error()}))
		}
	}
	return ack
}
