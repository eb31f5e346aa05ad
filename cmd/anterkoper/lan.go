package main

import (
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"

	"anterkoper/internal/auth"
	"anterkoper/internal/server"
)

// setUpLAN prepares LAN mode: the address phones will use and, with --tls,
// the self-signed certificate (made once, kept in the data folder) that
// wraps the listener.
func setUpLAN(o serveOptions, a *auth.Service, ln net.Listener) (*server.LAN, net.Listener, error) {
	lan := &server.LAN{Auth: a, TLS: o.tls, BaseURL: o.publicURL}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	if lan.BaseURL == "" {
		if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
			host = lanAddress()
		}
		scheme := "http"
		if o.tls {
			scheme = "https"
		}
		lan.BaseURL = scheme + "://" + net.JoinHostPort(host, port)
	}
	if !o.tls {
		slog.Info("LAN mode", "viewer_base", lan.BaseURL, "https", false)
		return lan, ln, nil
	}
	hosts := []string{host}
	if h := lanAddress(); h != host {
		hosts = append(hosts, h)
	}
	cert, fp, err := auth.LoadOrCreateCert(filepath.Join(o.data, "tls"), hosts)
	if err != nil {
		return nil, nil, fmt.Errorf("serve: %w", err)
	}
	lan.Fingerprint = fp
	slog.Info("LAN mode", "viewer_base", lan.BaseURL, "https", true, "fingerprint", fp)
	return lan, tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}), nil
}

// lanAddress is the first non-loopback IPv4 address of this machine (the
// laptop's address on its hotspot), or 127.0.0.1 when there is none.
func lanAddress() string {
	addrs, err := net.InterfaceAddrs()
	if err == nil {
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil && !n.IP.IsLinkLocalUnicast() {
				return n.IP.String()
			}
		}
	}
	return "127.0.0.1"
}
