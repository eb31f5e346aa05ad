package geo

import (
	"errors"
	"math"
	"testing"
)

func TestParse(t *testing.T) {
	good := []struct {
		in       string
		lat, lon float64
	}{
		{"-7.0051, 110.4381", -7.0051, 110.4381},
		{"-7.0051,110.4381", -7.0051, 110.4381},
		{"https://www.google.com/maps/place/SD+Negeri+1/@-7.0051,110.4381,17z/data=!3m1!4b1!4m6!3m5!1s0x0:0x0!8m2!3d-7.0060!4d110.4390", -7.0060, 110.4390},
		{"https://www.google.com/maps/@-6.9932,110.4203,15z", -6.9932, 110.4203},
		{"https://maps.google.com/?q=-7.1234,110.5678", -7.1234, 110.5678},
		{"https://www.google.com/maps/search/?api=1&query=-7.25%2C110.40", -7.25, 110.40},
		{"geo:-7.3,110.2;u=35", -7.3, 110.2},
		{"https://www.openstreetmap.org/#map=17/-7.00512/110.43815", -7.00512, 110.43815},
		{"https://maps.apple.com/?ll=-7.01,110.42&q=Sekolah", -7.01, 110.42},
	}
	for _, g := range good {
		lat, lon, err := Parse(g.in)
		if err != nil || math.Abs(lat-g.lat) > 1e-9 || math.Abs(lon-g.lon) > 1e-9 {
			t.Errorf("Parse(%q) = %v, %v, %v; want %v, %v", g.in, lat, lon, err, g.lat, g.lon)
		}
	}
	bad := []string{"", "Semarang", "https://maps.app.goo.gl/AbCdEf123", "95.0, 110.0", "-7.0, 200.5", "geo:abc"}
	for _, b := range bad {
		if _, _, err := Parse(b); !errors.Is(err, ErrNoPoint) {
			t.Errorf("Parse(%q) = %v; want ErrNoPoint", b, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"-7.0051, 110.4381", "https://www.google.com/maps/@-6.9,110.4,15z", "geo:1,2", "https://maps.app.goo.gl/x", "!3d1!4d2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lat, lon, err := Parse(s)
		if err == nil && Check(lat, lon) != nil {
			t.Fatalf("Parse(%q) returned an invalid point %v, %v", s, lat, lon)
		}
		if err != nil && !errors.Is(err, ErrNoPoint) {
			t.Fatalf("Parse(%q): error %v does not wrap ErrNoPoint", s, err)
		}
	})
}
