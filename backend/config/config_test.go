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
