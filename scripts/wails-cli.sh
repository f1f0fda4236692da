#!/usr/bin/env bash
# Builds the Wails CLI (v2.9.2, the version in go.mod) into build/bin/wails-cli/wails.
#
# `go install github.com/wailsapp/wails/v2/cmd/wails@v2.9.2` fails on Go >= 1.26 because the
# golang.org/x/tools v0.17.0 it requires no longer compiles. So the CLI is built from a tiny
# tools module, kept outside the repo, that requires Wails v2.9.2 and pins x/tools v0.26.0
# (v0.24 and v0.25 still fail). Idempotent: does nothing when the binary already reports the
# right version. Rebuild with `rm -rf build/bin/wails-cli`.
#
# Usage: scripts/wails-cli.sh            # prints the path of the CLI binary
# Then:  build/bin/wails-cli/wails build -tags webkit2_41 -skipbindings -s -m -nosyncgomod
set -euo pipefail

WAILS_VERSION=v2.9.2
XTOOLS_VERSION=v0.26.0

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$root/build/bin/wails-cli/wails"
moddir="${WASYNC_WAILS_CLI_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/wasync/wails-cli}"

if [[ -x "$out" ]] && [[ "$("$out" version 2>/dev/null | head -n1)" == "$WAILS_VERSION" ]]; then
	echo "$out"
	exit 0
fi

mkdir -p "$moddir" "$(dirname "$out")"
cat >"$moddir/go.mod" <<EOF
module wasync.local/wails-cli

go 1.22

require (
	github.com/wailsapp/wails/v2 $WAILS_VERSION
	golang.org/x/tools $XTOOLS_VERSION
)
EOF
cat >"$moddir/tools.go" <<'EOF'
//go:build tools

// Package tools only records the Wails CLI as a dependency of this module.
package tools

import _ "github.com/wailsapp/wails/v2/cmd/wails"
EOF

echo "building Wails CLI $WAILS_VERSION (x/tools $XTOOLS_VERSION) in $moddir" >&2
(
	cd "$moddir"
	export GOWORK=off GOFLAGS=-mod=mod
	go mod tidy
	# tidy must not have moved x/tools off the pin
	grep -q "golang.org/x/tools $XTOOLS_VERSION" go.mod
	go build -trimpath -o "$out" github.com/wailsapp/wails/v2/cmd/wails
)
echo "built Wails CLI $("$out" version 2>/dev/null | head -n1)" >&2
echo "$out"
