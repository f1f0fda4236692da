// Package buildinfo tells what was built: the version stamped by the
// Makefile and whether this binary carries the desktop window. It imports
// nothing from wasync.
package buildinfo

// version is stamped at build time with
// -ldflags "-X github.com/wasync/wasync/backend/buildinfo.version=...".
var version = "dev"

// Version returns the version the binary was built as.
func Version() string { return version }
