package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	_ "image/gif" // image formats a photo of a label may come in
	_ "image/jpeg"
	_ "image/png"
	"os"
	"strings"
	"time"

	"anterkoper/device/decode"
)

type decodeLine struct {
	File    string         `json:"file"`
	Results []decodeResult `json:"results"`
	MS      float64        `json:"ms"`
	Error   string         `json:"error,omitempty"`
}

type decodeResult struct {
	Format    string `json:"format"`
	Text      string `json:"text"`
	Symbology string `json:"symbology"`
}

// runDecode reads the codes in image files: one JSON line per file.
func runDecode(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("decode", flag.ContinueOnError)
	formats := fs.String("formats", "", "comma-separated formats to read (default: "+strings.Join(decode.Formats, ",")+")")
	fast := fs.Bool("fast", false, "one quick pass only, as in the camera loop")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError{"usage: anterkoper decode FILE… [--formats LIST] [--fast]"}
	}
	d := decode.Decoder{Fast: *fast}
	if *formats != "" {
		d.Formats = strings.Split(*formats, ",")
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	failed := 0
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		line := decodeFile(&d, f)
		if line.Error != "" {
			failed++
		}
		if err := enc.Encode(line); err != nil {
			return fmt.Errorf("decode: %w", err)
		}
	}
	if failed > 0 {
		return fmt.Errorf("decode: %d of %d files could not be read", failed, len(files))
	}
	return nil
}

func decodeFile(d *decode.Decoder, name string) decodeLine {
	line := decodeLine{File: name, Results: []decodeResult{}}
	start := time.Now()
	f, err := os.Open(name)
	if err != nil {
		line.Error = err.Error()
		return line
	}
	defer f.Close()
	img, _, err := image.Decode(bufio.NewReader(f))
	if err != nil {
		line.Error = fmt.Sprintf("decode: %s: %v", name, err)
		return line
	}
	for _, r := range d.Decode(img) {
		line.Results = append(line.Results, decodeResult{r.Format, r.Text, r.Symbology})
	}
	line.MS = float64(time.Since(start).Microseconds()) / 1000
	return line
}
