package office

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
	"time"

	"anterkoper/circulation"
	"anterkoper/internal/store"
)

func FuzzSavePhoto(f *testing.F) {
	ctx := context.Background()
	dir := f.TempDir()
	db, err := store.OpenDir(dir)
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	loc, _ := db.CreateLocation(ctx, circulation.Location{Name: "Pos Baca", Kind: "community", Level: "umum"})
	visit, _ := db.CreateVisit(ctx, circulation.Visit{LocationID: loc, Date: "2026-11-27"})
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	img.Set(3, 3, color.Black)
	var p, j bytes.Buffer
	png.Encode(&p, img)
	jpeg.Encode(&j, img, nil)
	f.Add(p.Bytes())
	f.Add(j.Bytes())
	f.Add([]byte("\xff\xd8\xff\xe0 not really"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ph, err := SavePhoto(ctx, db, dir, visit, data, "x", time.Now(), store.Actor{User: "fuzz"})
		if err != nil {
			if errors.Is(err, ErrNotImage) || err.Error() != "" {
				return
			}
			t.Fatal("an error without words")
		}
		if ph.Width < 1 || ph.Height < 1 || ph.Width > PhotoMaxSide || ph.Height > PhotoMaxSide {
			t.Fatalf("stored a %d×%d photo", ph.Width, ph.Height)
		}
		if b, err := LoadPhoto(dir, ph); err != nil || len(b) == 0 {
			t.Fatalf("the stored photo cannot be read back: %v", err)
		}
	})
}
