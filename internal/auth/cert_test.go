package auth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/tls"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"
)

func TestLoadOrCreateCert(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tls")
	cert, fp, err := LoadOrCreateCert(dir, []string{"kiosk.local", "192.168.4.1", "192.168.4.1:8443", "[fd00::1]:8443", ""})
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^([0-9A-F]{2}:){31}[0-9A-F]{2}$`).MatchString(fp) {
		t.Fatalf("fingerprint %q", fp)
	}
	if fp != Fingerprint(cert.Certificate[0]) {
		t.Fatal("fingerprint is not of the returned certificate")
	}
	leaf := cert.Leaf
	if k, ok := leaf.PublicKey.(*ecdsa.PublicKey); !ok || k.Curve != elliptic.P256() {
		t.Fatalf("key %T, want ECDSA P-256", leaf.PublicKey)
	}
	if d := leaf.NotAfter.Sub(time.Now()); d < 729*24*time.Hour || d > 731*24*time.Hour {
		t.Fatalf("valid for %v, want 2 years", d)
	}
	if !slices.Equal(leaf.DNSNames, []string{"kiosk.local", "localhost"}) {
		t.Fatalf("DNS names %v", leaf.DNSNames)
	}
	var ips []string
	for _, ip := range leaf.IPAddresses {
		ips = append(ips, ip.String())
	}
	if !slices.Equal(ips, []string{"192.168.4.1", "fd00::1", "127.0.0.1"}) {
		t.Fatalf("IP addresses %v", ips)
	}
	for _, h := range []string{"kiosk.local", "localhost", "127.0.0.1", "192.168.4.1"} {
		if err := leaf.VerifyHostname(h); err != nil {
			t.Errorf("not valid for %s: %v", h, err)
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, KeyFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi.Mode(), err)
	}
	certPEM, _ := os.ReadFile(filepath.Join(dir, CertFile))
	keyPEM, _ := os.ReadFile(filepath.Join(dir, KeyFile))
	if _, err := tls.X509KeyPair(certPEM, keyPEM); err != nil {
		t.Fatalf("files do not load: %v", err)
	}

	// Reused, even for other hosts.
	_, fp2, err := LoadOrCreateCert(dir, []string{"10.0.0.1"})
	if err != nil || fp2 != fp {
		t.Fatalf("second call: %s %v, want the same certificate %s", fp2, err, fp)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Fatalf("%d files in the folder, want cert.pem and key.pem only", len(entries))
	}

	// A missing certificate (crash between the two writes) means a new pair.
	os.Remove(filepath.Join(dir, CertFile))
	_, fp3, err := LoadOrCreateCert(dir, nil)
	if err != nil || fp3 == fp {
		t.Fatalf("after losing cert.pem: %s %v, want a new certificate", fp3, err)
	}
}

func TestLoadOrCreateCertReplacesExpiredAndRefusesDamaged(t *testing.T) {
	dir := t.TempDir()
	certPEM, keyPEM, err := newSelfSigned(nil, time.Now().Add(-3*365*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, CertFile), certPEM, 0o644)
	os.WriteFile(filepath.Join(dir, KeyFile), keyPEM, 0o600)
	old, _ := tls.X509KeyPair(certPEM, keyPEM)
	cert, fp, err := LoadOrCreateCert(dir, nil)
	if err != nil || fp == Fingerprint(old.Certificate[0]) || !time.Now().Before(cert.Leaf.NotAfter) {
		t.Fatalf("expired certificate not replaced: %v", err)
	}

	os.WriteFile(filepath.Join(dir, KeyFile), []byte("garbage"), 0o600)
	if _, _, err := LoadOrCreateCert(dir, nil); err == nil {
		t.Fatal("a damaged key was accepted or silently replaced")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, KeyFile)); string(b) != "garbage" {
		t.Fatal("a damaged key file was overwritten")
	}
}

func TestFingerprintFormat(t *testing.T) {
	// SHA-256("") = e3b0c442…
	if got := Fingerprint(nil); got[:12] != "E3:B0:C4:42:" || len(got) != 95 {
		t.Fatalf("Fingerprint(nil) = %s", got)
	}
}
