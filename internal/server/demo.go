package server

import (
	"html/template"
	"net/http"

	"anterkoper/circulation"
	"anterkoper/internal/barcode"
	"anterkoper/internal/demo"
)

var demoPage = template.Must(template.New("demo").Parse(`<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Barcode demo — anterkoper</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem;color:#111}
h1{font-size:1.4rem}p{max-width:60rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:1rem}
figure{margin:0;padding:.5rem;border:1px solid #bbb;break-inside:avoid;text-align:center}
figure img{width:100%;height:auto;image-rendering:pixelated}
figcaption{font-size:.85rem}
.basket{border:3px solid #0b57d0}
@media print{a{display:none}body{margin:0}}
</style></head><body>
<h1>Barcode buku demo / Demo item barcodes</h1>
<p>Cetak halaman ini atau tampilkan di layar lain, lalu pindai dengan pemindai USB atau kamera.
Label keranjang (KRJ-…) memilih keranjang saat mengemas. <a href="/">Kembali ke kios</a></p>
<h2>Keranjang</h2>
<div class="grid">{{range .Baskets}}<figure class="basket"><img src="/demo/barcode/{{.}}" alt="{{.}}"><figcaption><b>{{.}}</b></figcaption></figure>{{end}}</div>
<h2>Buku ({{len .Items}})</h2>
<div class="grid">{{range .Items}}<figure><img loading="lazy" src="/demo/barcode/{{.Code}}" alt="{{.Code}}"><figcaption><b>{{.Code}}</b> · {{.Level}}<br>{{.Title}}</figcaption></figure>{{end}}</div>
</body></html>`))

func (s *Server) demoBarcodes(w http.ResponseWriter, r *http.Request) {
	items, err := s.db.Items(r.Context())
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	demoPage.Execute(w, struct {
		Items   []circulation.Item
		Baskets []string
	}{items, demo.BasketLabels()})
}

func (s *Server) demoBarcode(w http.ResponseWriter, r *http.Request) {
	code, err := circulation.NormalizeCode(r.PathValue("code"))
	if err != nil || len(code) > 80 {
		writeError(w, http.StatusBadRequest, "code cannot be drawn as a barcode")
		return
	}
	png, err := barcode.Code128PNG(code, 360, 110)
	if err != nil {
		writeError(w, http.StatusBadRequest, "code cannot be drawn as a barcode: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Write(png)
}
