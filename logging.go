package main

import (
	"io"
	"log/slog"
)

// newLogger is the root logger: logfmt text for a terminal, or one JSON
// object a line for journald or Loki (--log-format json). It carries no
// module key; each component adds exactly one ("module": "core", "wa",
// "api", ...), and main's own lines say "main".
func newLogger(format string, level slog.Level, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
