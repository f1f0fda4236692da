#!/usr/bin/env bash
# Builds the Debian packages of wasync into build/dist with nfpm (run through
# `go run`, pinned, so nothing is installed by hand):
#   wasync-server_VERSION_ARCH.deb  headless server, systemd units, /etc/default/wasync
#   wasync_VERSION_ARCH.deb         desktop app, .desktop entry, icons
# Expects build/bin/wasync-server and build/bin/wasync (make package builds them).
set -euo pipefail
cd "$(dirname "$0")/.."
nfpm=${NFPM:-github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.48.0}
raw=${1:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
# Debian versions must start with a digit: v1.2.3 -> 1.2.3, a bare commit -> 0.0.0~git<hash>.
version=${raw#v}
# A bare commit hash may start with a digit too, so test for a dotted version.
[[ $version =~ ^[0-9]+\.[0-9] ]] || version="0.0.0~git${version//-/.}"
arch=$(go env GOARCH)
out=build/dist
mkdir -p "$out"
rm -f "$out"/*.deb
for bin in build/bin/wasync-server build/bin/wasync; do
  [ -x "$bin" ] || { echo "missing $bin: run make package" >&2; exit 1; }
done
for kind in server desktop; do
  VERSION=$version ARCH=$arch go run "$nfpm" package \
    --config "build/linux/nfpm-$kind.yaml" --packager deb --target "$out/" >/dev/null
done
ls -l "$out"/*.deb
