package kioskui

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// get requests path from Handler and returns the response with its body.
func get(t *testing.T, method, path string, hdr ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, req)
	res := rec.Result()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

func TestPages(t *testing.T) {
	tests := []struct {
		path string
		want []string // fragments the page must contain
	}{
		{"/", []string{`id="scan-input"`, `id="picker"`, `data-mode-button="pack"`, `data-tally="missing"`, `id="banner"`, `id="undo"`}},
		{"/?visit=12", []string{`id="scan-input"`, `id="last-scans"`, `id="conn-state"`, `id="lang-switch"`}},
		{"/", []string{ // LAN mode: sign-in, session, pairing
			`id="login-form"`, `id="login-user"`, `id="login-password"`, `type="password"`, `id="login-submit"`,
			`id="login-error"`, `id="logout"`, `id="tls-fingerprint"`, `id="pair-dialog"`, `id="pair-qr"`,
			`id="pair-url"`, `id="pair-revoke"`, `id="pair-close"`,
		}},
		{"/viewer?visit=12", []string{`id="conn-state"`, `data-tally="lent"`, `data-tally="outstanding"`, `data-tally="expected_in_vehicle"`, `id="viewer-storage"`}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res, body := get(t, http.MethodGet, tt.path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200", res.StatusCode)
			}
			if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
				t.Errorf("Cache-Control %q, want no-cache", cc)
			}
			if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
				t.Errorf("Content-Security-Policy %q", csp)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %s", w)
				}
			}
			if strings.Contains(body, "{{asset:") {
				t.Error("page still has an asset placeholder")
			}
		})
	}
}

func TestPageRevalidation(t *testing.T) {
	res, _ := get(t, http.MethodGet, "/")
	etag := res.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on the page")
	}
	res, _ = get(t, http.MethodGet, "/", "If-None-Match", etag)
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("status %d with a matching If-None-Match, want 304", res.StatusCode)
	}
}

var assetRef = regexp.MustCompile(`/assets/([A-Za-z0-9._-]+)\?v=([0-9a-f]+)`)

// TestAssetLinks follows every versioned asset URL from the pages, and from
// the assets themselves (module imports), and checks that each resolves to
// a body whose hash is its version, cached for good.
func TestAssetLinks(t *testing.T) {
	wantType := map[string]string{
		".css": "text/css; charset=utf-8",
		".js":  "text/javascript; charset=utf-8",
	}
	seen := map[string]bool{}
	queue := []string{"/", "/viewer"}
	for len(queue) > 0 {
		page := queue[0]
		queue = queue[1:]
		_, body := get(t, http.MethodGet, page)
		for _, m := range assetRef.FindAllStringSubmatch(body, -1) {
			url, name, version := m[0], m[1], m[2]
			if seen[url] {
				continue
			}
			seen[url] = true
			t.Run(name, func(t *testing.T) {
				res, b := get(t, http.MethodGet, url)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("%s: status %d", url, res.StatusCode)
				}
				if len(version) != 10 {
					t.Errorf("%s: version %q is not 10 hex digits", url, version)
				}
				sum := sha256.Sum256([]byte(b))
				if got := hex.EncodeToString(sum[:])[:10]; got != version {
					t.Errorf("%s: body hashes to %s", url, got)
				}
				if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
					t.Errorf("%s: Cache-Control %q", url, cc)
				}
				for ext, ct := range wantType {
					if strings.HasSuffix(name, ext) && res.Header.Get("Content-Type") != ct {
						t.Errorf("%s: Content-Type %q, want %q", url, res.Header.Get("Content-Type"), ct)
					}
				}
				if strings.Contains(b, "{{asset:") {
					t.Errorf("%s still has an asset placeholder", url)
				}
			})
			queue = append(queue, url)
		}
	}
	for _, want := range []string{"kiosk.css", "common.js", "operator.js", "viewer.js", "session.js", "pair.js"} {
		found := false
		for url := range seen {
			found = found || strings.HasPrefix(url, "/assets/"+want+"?")
		}
		if !found {
			t.Errorf("no page links %s", want)
		}
	}
}

func TestGzip(t *testing.T) {
	for _, path := range []string{"/", "/viewer", "/assets/kiosk.css"} {
		plainRes, plain := get(t, http.MethodGet, path)
		res, body := get(t, http.MethodGet, path, "Accept-Encoding", "gzip, deflate")
		if res.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s: not gzipped", path)
			continue
		}
		if res.Header.Get("ETag") == plainRes.Header.Get("ETag") {
			t.Errorf("%s: gzipped and plain bodies share the ETag %s", path, res.Header.Get("ETag"))
		}
		zr, err := gzip.NewReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(zr)
		if err != nil || string(b) != plain {
			t.Errorf("%s: gzipped body differs from the plain one (%v)", path, err)
		}
		if plainRes.Header.Get("Content-Encoding") != "" || !strings.Contains(plainRes.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("%s: plain answer has Content-Encoding %q, Vary %q", path,
				plainRes.Header.Get("Content-Encoding"), plainRes.Header.Get("Vary"))
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := map[string]bool{
		"": false, "gzip": true, "br, gzip;q=0.8": true, "GZIP": true, "gzip;q=0": false,
		"gzip; q=0": false, "deflate": false, "x-gzip": false, "*": false,
	}
	for header, want := range tests {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}

func TestAssetWithoutCurrentVersion(t *testing.T) {
	for _, path := range []string{"/assets/kiosk.css", "/assets/kiosk.css?v=0000000000"} {
		res, body := get(t, http.MethodGet, path)
		if res.StatusCode != http.StatusOK || body == "" {
			t.Errorf("%s: status %d", path, res.StatusCode)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("%s: Cache-Control %q, want no-cache", path, cc)
		}
	}
}

func TestNotFound(t *testing.T) {
	for _, path := range []string{
		"/nope", "/index.html", "/operator.html", "/viewer.html", "/viewer/", "/viewer/12",
		"/assets/", "/assets/nope.js", "/assets/sub/common.js", "/embed.go", "/api/visits",
	} {
		res, _ := get(t, http.MethodGet, path)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, res.StatusCode)
		}
	}
}

func TestMethods(t *testing.T) {
	if res, body := get(t, http.MethodHead, "/viewer"); res.StatusCode != http.StatusOK || body != "" {
		t.Errorf("HEAD /viewer: status %d, %d bytes", res.StatusCode, len(body))
	}
	for _, path := range []string{"/", "/viewer", "/assets/kiosk.css"} {
		if res, _ := get(t, http.MethodPost, path); res.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST %s: status %d, want 405", path, res.StatusCode)
		}
	}
}

// external finds references to other hosts: absolute and protocol-relative
// URLs, and CSS imports.
var external = regexp.MustCompile(`(?i)https?://|(?:src|href|action)\s*=\s*["']?//|url\(\s*["']?//|@import`)

// TestOffline checks that no embedded file refers to another host: the
// kiosk runs with no internet.
func TestOffline(t *testing.T) {
	n := 0
	err := fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		b, err := fs.ReadFile(files, path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if external.MatchString(line) {
				t.Errorf("%s:%d refers to another host: %s", path, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 6 {
		t.Errorf("only %d embedded files", n)
	}
}

func TestBuildErrors(t *testing.T) {
	page := &fstest.MapFile{Data: []byte(`<link href="{{asset:a.css}}">`)}
	tests := []struct {
		name string
		fsys fstest.MapFS
	}{
		{"missing asset", fstest.MapFS{
			"operator.html": {Data: []byte(`<script src="{{asset:gone.js}}"></script>`)}, "viewer.html": page, "coordinator.html": page,
			"assets/a.css": {Data: []byte("body{}")},
		}},
		{"import cycle", fstest.MapFS{
			"operator.html": page, "viewer.html": page, "coordinator.html": page,
			"assets/a.css": {Data: []byte("body{}")},
			"assets/x.js":  {Data: []byte(`import "{{asset:y.js}}";`)},
			"assets/y.js":  {Data: []byte(`import "{{asset:x.js}}";`)},
		}},
		{"unknown type", fstest.MapFS{
			"operator.html": page, "viewer.html": page, "coordinator.html": page,
			"assets/a.css": {Data: []byte("body{}")}, "assets/a.exe": {Data: []byte("MZ")},
		}},
		{"malformed placeholder", fstest.MapFS{
			"operator.html": {Data: []byte(`<link href="{{asset:a b.css}}">`)}, "viewer.html": page, "coordinator.html": page,
			"assets/a.css": {Data: []byte("body{}")},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := build(tt.fsys); err == nil {
				t.Error("build succeeded, want an error")
			}
		})
	}
}

// TestImportVersioning checks that a change in an imported asset changes
// the URL of the asset importing it, so no browser keeps a stale import.
func TestImportVersioning(t *testing.T) {
	fsys := fstest.MapFS{
		"operator.html":    {Data: []byte(`<script type="module" src="{{asset:main.js}}"></script>`)},
		"viewer.html":      {Data: []byte(`<p>`)},
		"coordinator.html": {Data: []byte(`<p>`)},
		"assets/lib.js":    {Data: []byte(`export const v = 1;`)},
		"assets/main.js":   {Data: []byte(`import { v } from "{{asset:lib.js}}";`)},
	}
	s1, err := build(fsys)
	if err != nil {
		t.Fatal(err)
	}
	fsys["assets/lib.js"] = &fstest.MapFile{Data: []byte(`export const v = 2;`)}
	s2, err := build(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if s1.assets["main.js"].version == s2.assets["main.js"].version {
		t.Error("main.js kept its version although lib.js changed")
	}
	if !strings.Contains(string(s2.assets["main.js"].body), s2.assets["lib.js"].url()) {
		t.Errorf("main.js does not import %s: %s", s2.assets["lib.js"].url(), s2.assets["main.js"].body)
	}
	if !strings.Contains(string(s2.pages["operator.html"].body), s2.assets["main.js"].url()) {
		t.Error("the page does not load the new main.js")
	}
}

// inline finds what the pages' Content-Security-Policy would block: inline
// scripts, event handler attributes and style attributes.
var inline = regexp.MustCompile(`(?i)<script(?:\s[^>]*)?>\s*[^<\s]|<[a-z][^>]*\s(?:on[a-z]+|style)\s*=`)

// TestNoInlineCode keeps the pages within their CSP (script-src 'self',
// style-src 'self'): everything lives in the assets.
func TestNoInlineCode(t *testing.T) {
	for _, name := range []string{"operator.html", "viewer.html", "coordinator.html"} {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			t.Fatal(err)
		}
		// Whole files: a tag's attributes may run over several lines.
		for _, m := range inline.FindAllString(string(b), -1) {
			t.Errorf("%s would be blocked by the CSP: %.80s", name, m)
		}
	}
	if !inline.MatchString(`<button onclick="x()">`) || !inline.MatchString("<p class=\"a\"\n  style=\"color:red\">") ||
		!inline.MatchString(`<script>alert(1)</script>`) || inline.MatchString(`<script type="module" src="/a.js"></script>`) {
		t.Error("the pattern misses inline code")
	}
}
