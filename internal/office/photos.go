package office

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	_ "image/png" // phones may send PNG screenshots
	"os"
	"path/filepath"
	"time"

	"golang.org/x/image/draw"

	"anterkoper/internal/store"
)

// PhotoMaxSide is the longest side a stored documentation photo keeps: a
// phone's 4000-pixel photo is shrunk to a size a report prints sharply.
const PhotoMaxSide = 1600

// PhotosDir is the folder inside the data folder that holds the photos.
const PhotosDir = "photos"

// ErrNotImage is returned for an upload that is not a JPEG or PNG image.
var ErrNotImage = errors.New("office: the photo is not a JPEG or PNG image")

// SavePhoto shrinks an uploaded photo, writes it durably to the data
// folder's photos/ and records it with the time it was taken.
func SavePhoto(ctx context.Context, db *store.DB, dataDir string, visit int64, data []byte, caption string, taken time.Time, a store.Actor) (store.Photo, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return store.Photo{}, ErrNotImage
	}
	if cfg.Width*cfg.Height > 50_000_000 {
		return store.Photo{}, fmt.Errorf("office: the photo is too large (%d×%d pixels)", cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return store.Photo{}, ErrNotImage
	}
	img = shrink(img, PhotoMaxSide)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		return store.Photo{}, fmt.Errorf("office: unable to encode the photo: %w", err)
	}
	if taken.IsZero() {
		taken = time.Now()
	}
	suffix := make([]byte, 4)
	rand.Read(suffix)
	name := fmt.Sprintf("visit-%d-%s-%s.jpg", visit, taken.In(WIB).Format("20060102-150405"), hex.EncodeToString(suffix))
	dir := filepath.Join(dataDir, PhotosDir)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return store.Photo{}, fmt.Errorf("office: unable to make the photos folder: %w", err)
	}
	if err := writeDurably(filepath.Join(dir, name), buf.Bytes()); err != nil {
		return store.Photo{}, err
	}
	b := img.Bounds()
	p := store.Photo{VisitID: visit, File: name, Caption: caption, Taken: taken, Width: b.Dx(), Height: b.Dy(), By: a.User}
	id, err := db.AddPhoto(ctx, p, a)
	if err != nil {
		os.Remove(filepath.Join(dir, name))
		return store.Photo{}, err
	}
	p.ID = id
	return p, nil
}

// LoadPhoto reads a stored photo's JPEG.
func LoadPhoto(dataDir string, p store.Photo) ([]byte, error) {
	if filepath.Base(p.File) != p.File {
		return nil, fmt.Errorf("office: bad photo file name %q", p.File)
	}
	return os.ReadFile(filepath.Join(dataDir, PhotosDir, p.File))
}

// shrink scales img so that its longer side is at most max.
func shrink(img image.Image, max int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= max && h <= max {
		return img
	}
	if w >= h {
		h, w = h*max/w, max
	} else {
		w, h = w*max/h, max
	}
	dst := image.NewRGBA(image.Rect(0, 0, max1(w), max1(h)))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// writeDurably writes data to path through a synced temporary file.
func writeDurably(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return fmt.Errorf("office: unable to write %s: %w", path, err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("office: unable to write %s: %w", path, err)
	}
	return os.Rename(f.Name(), path)
}
