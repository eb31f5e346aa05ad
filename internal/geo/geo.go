// Package geo reads location points (titik lokasi) from what officers paste:
// plain "lat, lon" pairs and the links map apps share.
package geo

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// ErrNoPoint is wrapped by Parse's errors.
var ErrNoPoint = errors.New("geo: no coordinates found")

// MaxInput bounds what Parse reads (a pasted link is short).
const MaxInput = 4096

var (
	// "@-7.0051,110.4381,17z" (Google Maps place and map links)
	atPair = regexp.MustCompile(`@(-?\d{1,3}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)`)
	// "!3d-7.0051!4d110.4381" (Google Maps data parameter: the place itself)
	dataPair = regexp.MustCompile(`!3d(-?\d{1,3}(?:\.\d+)?)!4d(-?\d{1,3}(?:\.\d+)?)`)
	// "-7.0051, 110.4381" anywhere, e.g. a q= value or a plain paste
	plainPair = regexp.MustCompile(`(-?\d{1,3}\.\d+)\s*[,;]\s*(-?\d{1,3}\.\d+)`)
	// OpenStreetMap "#map=17/-7.0051/110.4381"
	osmPair = regexp.MustCompile(`map=\d{1,2}/(-?\d{1,3}(?:\.\d+)?)/(-?\d{1,3}(?:\.\d+)?)`)
)

// Parse returns the point in s: "lat, lon", a geo: URI, or a Google Maps,
// OpenStreetMap or Apple Maps link that carries coordinates. Short links
// (maps.app.goo.gl, goo.gl/maps) carry none until opened on the internet;
// they get an error that says to open them and copy the full link.
func Parse(s string) (lat, lon float64, err error) {
	s = strings.TrimSpace(s)
	if len(s) > MaxInput {
		return 0, 0, fmt.Errorf("%w: input longer than %d bytes", ErrNoPoint, MaxInput)
	}
	if s == "" {
		return 0, 0, fmt.Errorf("%w: empty input", ErrNoPoint)
	}
	if u, perr := url.Parse(s); perr == nil {
		host := strings.ToLower(u.Host)
		if host == "maps.app.goo.gl" || (host == "goo.gl" && strings.HasPrefix(u.Path, "/maps")) {
			return 0, 0, fmt.Errorf("%w: a short link holds no coordinates; open it in a browser and paste the full link, or type \"lat, lon\"", ErrNoPoint)
		}
		if u.Scheme == "geo" {
			return pair(plainOrBare(strings.SplitN(u.Opaque, ";", 2)[0]))
		}
		q := u.Query()
		// The data parameter names the place; @ is only the map's centre.
		if m := dataPair.FindStringSubmatch(s); m != nil {
			return pair(m[1], m[2], true)
		}
		for _, k := range []string{"q", "query", "ll", "destination", "daddr", "center"} {
			if v := q.Get(k); v != "" {
				if m := plainPair.FindStringSubmatch(v); m != nil {
					return pair(m[1], m[2], true)
				}
			}
		}
		if m := atPair.FindStringSubmatch(s); m != nil {
			return pair(m[1], m[2], true)
		}
		if m := osmPair.FindStringSubmatch(s); m != nil {
			return pair(m[1], m[2], true)
		}
	}
	if m := plainPair.FindStringSubmatch(s); m != nil {
		return pair(m[1], m[2], true)
	}
	return 0, 0, fmt.Errorf("%w in %q; paste a map link or type \"lat, lon\" (e.g. -7.0051, 110.4381)", ErrNoPoint, clip(s))
}

func plainOrBare(s string) (string, string, bool) {
	a, b, ok := strings.Cut(s, ",")
	return strings.TrimSpace(a), strings.TrimSpace(b), ok
}

func pair(a, b string, ok bool) (float64, float64, error) {
	if !ok {
		return 0, 0, fmt.Errorf("%w: expected \"lat,lon\"", ErrNoPoint)
	}
	lat, err1 := strconv.ParseFloat(a, 64)
	lon, err2 := strconv.ParseFloat(b, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("%w: %q, %q are not numbers", ErrNoPoint, clip(a), clip(b))
	}
	if err := Check(lat, lon); err != nil {
		return 0, 0, err
	}
	return lat, lon, nil
}

// Check reports whether lat, lon is a point on Earth.
func Check(lat, lon float64) error {
	if math.IsNaN(lat) || math.IsNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return fmt.Errorf("%w: %g, %g is not a point on Earth (latitude −90…90, longitude −180…180)", ErrNoPoint, lat, lon)
	}
	return nil
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
