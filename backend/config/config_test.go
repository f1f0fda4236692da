package config

import (
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestParseDefaults(t *testing.T) {
	cfg, err := Parse(nil, env(map[string]string{"HOME": "/home/u"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DataDir != filepath.Join("/home/u", ".local", "share", "wasync") {
		t.Errorf("data dir = %q", cfg.DataDir)
	}
	if cfg.APIAddr != DefaultAPIAddr || cfg.Headless || cfg.LogLevel != slog.LevelInfo {
		t.Errorf("defaults = %+v", cfg)
	}
}

func TestParsePrecedence(t *testing.T) {
	e := env(map[string]string{
		"HOME":                 "/home/u",
		"XDG_DATA_HOME":        "/xdg",
		"WASYNC_API_ADDR":      "127.0.0.1:9000",
		"WASYNC_HEADLESS":      "true",
		"WASYNC_LOG_LEVEL":     "debug",
		"WASYNC_API_KEY":       "0123456789abcdef0123",
		"WASYNC_ALLOWED_HOSTS": "nas.lan, Box.local",
	})
	cfg, err := Parse([]string{"--api-addr", "127.0.0.1:9100", "--log-level", "warn"}, e, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DataDir != "/xdg/wasync" {
		t.Errorf("XDG data dir = %q", cfg.DataDir)
	}
	if cfg.APIAddr != "127.0.0.1:9100" || cfg.LogLevel != slog.LevelWarn {
		t.Errorf("flags must win: %+v", cfg)
	}
	if !cfg.Headless || cfg.APIKey != "0123456789abcdef0123" {
		t.Errorf("env not applied: %+v", cfg)
	}
	if strings.Join(cfg.AllowedHosts, "|") != "nas.lan|box.local" {
		t.Errorf("allowed hosts = %q", cfg.AllowedHosts)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"unknown flag", []string{"--bogus"}, nil, "flag provided but not defined"},
		{"stray argument", []string{"extra"}, nil, "unexpected argument"},
		{"bad address", []string{"--api-addr", "7001"}, nil, "want host:port"},
		{"bad port", []string{"--api-addr", "127.0.0.1:99999"}, nil, "port must be"},
		{"empty host", []string{"--api-addr", ":7001"}, nil, "give a host"},
		{"bad level", []string{"--log-level", "loud"}, nil, "log level"},
		{"bad headless env", nil, map[string]string{"WASYNC_HEADLESS": "maybe"}, "WASYNC_HEADLESS"},
		{"short key", nil, map[string]string{"WASYNC_API_KEY": "short"}, "at least 16"},
		{"bad log format", []string{"--log-format", "xml"}, nil, "want text or json"},
		{"bad log format env", nil, map[string]string{"WASYNC_LOG_FORMAT": "yaml"}, "want text or json"},
		{"cert without key", []string{"--tls-cert", "c.pem"}, nil, "both --tls-cert and --tls-key"},
		{"key without cert env", nil, map[string]string{"WASYNC_TLS_KEY": "k.pem"}, "both --tls-cert and --tls-key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := map[string]string{"HOME": "/h"}
			for k, v := range c.env {
				m[k] = v
			}
			_, err := Parse(c.args, env(m), io.Discard)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want containing %q", err, c.want)
			}
		})
	}
	if _, err := Parse([]string{"-h"}, env(nil), io.Discard); !errors.Is(err, ErrHelp) {
		t.Fatalf("-h: err = %v", err)
	}
}

func TestLogFormatAndTLSFromEnvAndFlags(t *testing.T) {
	e := env(map[string]string{"HOME": "/h", "WASYNC_LOG_FORMAT": "json", "WASYNC_TLS_CERT": "/c.pem", "WASYNC_TLS_KEY": "/k.pem"})
	cfg, err := Parse(nil, e, io.Discard)
	if err != nil || cfg.LogFormat != "json" || !cfg.TLS() || cfg.TLSKey != "/k.pem" {
		t.Fatalf("env: %+v %v", cfg, err)
	}
	cfg, err = Parse([]string{"--log-format", "text", "--tls-cert", "/a", "--tls-key", "/b", "--pair-phone", "+1 555 0100"}, e, io.Discard)
	if err != nil || cfg.LogFormat != "text" || cfg.TLSCert != "/a" || cfg.PairPhone != "+1 555 0100" {
		t.Fatalf("flags: %+v %v", cfg, err)
	}
	if cfg, _ := Parse(nil, env(map[string]string{"HOME": "/h"}), io.Discard); cfg.LogFormat != "text" || cfg.TLS() {
		t.Fatalf("defaults: %+v", cfg)
	}
}
