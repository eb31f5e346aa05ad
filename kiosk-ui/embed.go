package kioskui

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strings"
	"sync"
	"time"
)

//go:embed operator.html viewer.html coordinator.html assets
var files embed.FS

// placeholder marks an asset reference in a page or in another asset.
var placeholder = regexp.MustCompile(`\{\{asset:([A-Za-z0-9._-]+)\}\}`)

// contentTypes lists the types of the files we embed; an asset of another
// type is an error at build time rather than a guess by the browser.
var contentTypes = map[string]string{
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".svg":  "image/svg+xml",
	".html": "text/html; charset=utf-8",
}

// pageCSP keeps the pages to their own origin: scripts and styles come only
// from /assets, data goes only to the same host (HTTP or WebSocket).
const pageCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// file is a page or an asset, with its placeholders already replaced.
type file struct {
	name    string
	body    []byte
	gz      []byte // body gzipped once at start, for phones on a slow hotspot; nil if no smaller
	ctype   string
	version string // first 10 hex digits of the SHA-256 of body
}

// site is the resolved set of pages and assets.
type site struct {
	pages  map[string]*file // by file name: operator.html, viewer.html
	assets map[string]*file // by name under assets/
}

var loadSite = sync.OnceValues(func() (*site, error) { return build(files) })

// Handler serves GET / (operator page), GET /viewer (viewer page),
// GET /coordinator (locations, schedule and preparation) and
// GET /assets/{file}; anything else is 404 (405 for a known path with the
// wrong method). It is meant to be mounted as the fallback route "/".
func Handler() http.Handler {
	s, err := loadSite()
	if err != nil {
		// The embedded files are fixed at build time: a broken reference
		// is a programming error, caught by this package's tests.
		panic(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.pages["operator.html"].servePage)
	mux.HandleFunc("GET /viewer", s.pages["viewer.html"].servePage)
	mux.HandleFunc("GET /coordinator", s.pages["coordinator.html"].servePage)
	mux.HandleFunc("GET /assets/{file}", s.serveAsset)
	return mux
}

// servePage serves a page. Pages are small and always revalidated, so a
// new binary's assets are picked up by the next load.
func (f *file) servePage(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-cache")
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("Referrer-Policy", "no-referrer")
	f.serve(w, r)
}

func (s *site) serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := s.assets[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.URL.Query().Get("v") == a.version {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		// Unversioned or stale URL: still answer, but never let it stick.
		w.Header().Set("Cache-Control", "no-cache")
	}
	a.serve(w, r)
}

// serve writes f, gzipped when the client takes it, answering conditional
// and HEAD requests.
func (f *file) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Vary", "Accept-Encoding")
	body, etag := f.body, `"`+f.version+`"`
	if f.gz != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		body, etag = f.gz, `"`+f.version+`-gz"`
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, f.name, time.Time{}, bytes.NewReader(body))
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// build reads the pages and assets from fsys and replaces every
// placeholder, resolving assets before the files that refer to them.
func build(fsys fs.FS) (*site, error) {
	raw := make(map[string][]byte)
	entries, err := fs.ReadDir(fsys, "assets")
	if err != nil {
		return nil, fmt.Errorf("kioskui: unable to list assets: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := fs.ReadFile(fsys, "assets/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("kioskui: unable to read asset: %w", err)
		}
		raw[e.Name()] = b
	}

	s := &site{pages: make(map[string]*file), assets: make(map[string]*file)}
	resolving := make(map[string]bool)
	var resolve func(name string) (*file, error)
	resolve = func(name string) (*file, error) {
		if a, ok := s.assets[name]; ok {
			return a, nil
		}
		b, ok := raw[name]
		if !ok {
			return nil, fmt.Errorf("kioskui: no asset named %q", name)
		}
		if resolving[name] {
			return nil, fmt.Errorf("kioskui: asset %q refers to itself through its imports", name)
		}
		resolving[name] = true
		defer delete(resolving, name)
		a, err := newFile(name, b, resolve)
		if err != nil {
			return nil, err
		}
		s.assets[name] = a
		return a, nil
	}
	for name := range raw {
		if _, err := resolve(name); err != nil {
			return nil, err
		}
	}
	for _, name := range []string{"operator.html", "viewer.html", "coordinator.html"} {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("kioskui: unable to read page: %w", err)
		}
		p, err := newFile(name, b, resolve)
		if err != nil {
			return nil, err
		}
		s.pages[name] = p
	}
	return s, nil
}

// newFile replaces the placeholders in body with the versioned URLs of the
// assets they name and computes the result's version.
func newFile(name string, body []byte, resolve func(string) (*file, error)) (*file, error) {
	ctype, ok := contentTypes[path.Ext(name)]
	if !ok {
		return nil, fmt.Errorf("kioskui: %s: unsupported file type", name)
	}
	var firstErr error
	out := placeholder.ReplaceAllFunc(body, func(m []byte) []byte {
		dep := string(placeholder.FindSubmatch(m)[1])
		a, err := resolve(dep)
		if err != nil {
			if firstErr == nil {
				firstErr = fmt.Errorf("kioskui: %s: %w", name, err)
			}
			return m
		}
		return []byte(a.url())
	})
	if firstErr != nil {
		return nil, firstErr
	}
	if bytes.Contains(out, []byte("{{asset:")) {
		return nil, fmt.Errorf("kioskui: %s: malformed asset placeholder", name)
	}
	sum := sha256.Sum256(out)
	f := &file{name: name, body: out, ctype: ctype, version: hex.EncodeToString(sum[:])[:10]}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // the level is valid
	zw.Write(out)
	if err := zw.Close(); err == nil && buf.Len() < len(out) {
		f.gz = buf.Bytes()
	}
	return f, nil
}

// url is the versioned address of an asset.
func (f *file) url() string { return "/assets/" + f.name + "?v=" + f.version }
