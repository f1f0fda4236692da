package main

import (
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"

	"github.com/wasync/wasync/backend/config"
)

// listen opens the API's listener: plain TCP, or TLS with the configured
// certificate (loaded now, so a bad file stops the start with a clear
// message rather than failing each handshake).
func listen(cfg config.Config) (net.Listener, error) {
	var tc *tls.Config
	if cfg.TLS() {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return nil, fmt.Errorf("TLS certificate %s / key %s: %w", cfg.TLSCert, cfg.TLSKey, err)
		}
		tc = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12, NextProtos: []string{"h2", "http/1.1"}}
	}
	ln, err := net.Listen("tcp", cfg.APIAddr)
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s (is another program using the port? choose one with --api-addr): %w", cfg.APIAddr, err)
	}
	if tc != nil {
		return tls.NewListener(ln, tc), nil
	}
	return ln, nil
}

func scheme(useTLS bool) string {
	if useTLS {
		return "https"
	}
	return "http"
}

// exposed reports whether addr listens beyond this machine.
func exposed(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return true
	}
	if host == "localhost" {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}

// warnIfExposed says, for a bind outside loopback, what other machines can
// now reach and whether it travels in clear text.
func warnIfExposed(addr string, useTLS bool, log *slog.Logger) {
	if !exposed(addr) {
		return
	}
	transport := "Traffic is CLEAR TEXT (plain HTTP): the API key, login links, session cookies and messages can be read on the network; use --tls-cert/--tls-key, an SSH tunnel or a reverse proxy with TLS"
	if useTLS {
		transport = "Traffic is encrypted with TLS"
	}
	log.Warn(fmt.Sprintf("listening on %s, beyond this machine: other hosts can reach the web UI, the HTTP API and, with the API key or a login link, the whole message history (read, search, export, webhooks). %s.", addr, transport),
		"module", "main", "addr", addr, "tls", useTLS)
}
