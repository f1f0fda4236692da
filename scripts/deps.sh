#!/usr/bin/env bash
# Installs what wasync needs and is missing, quietly and idempotently.
#   scripts/deps.sh server   npm packages for the UI (the server build needs no C libraries)
#   scripts/deps.sh desktop  + GTK and WebKitGTK headers for the window
#   scripts/deps.sh test     + Xvfb, Chromium, ImageMagick for browser and desktop tests, Caddy for
#                            the reverse-proxy test (only its binary is used; no service is started)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-desktop}

apt_pkgs=()
case "$mode" in
  server) ;;
  desktop) apt_pkgs=(gcc pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev) ;;
  test) apt_pkgs=(gcc pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev xvfb xauth chromium imagemagick fonts-dejavu-core caddy) ;;
  *) echo "usage: $0 server|desktop|test" >&2; exit 2 ;;
esac

missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian's caddy package starts a web server on port 80; the tests only
  # run the binary. Stop the service this script just brought in.
  if [[ " ${missing[*]} " == *" caddy "* ]] && command -v systemctl >/dev/null && systemctl is-enabled --quiet caddy 2>/dev/null; then
    echo "Stopping and disabling the caddy service the package started (the tests run caddy themselves)"
    $sudo systemctl disable --now caddy >/dev/null 2>&1 || true
  fi
fi

command -v node >/dev/null || { echo "Node.js 20+ and npm are needed (apt-get install nodejs npm)" >&2; exit 1; }

# npm ci only when node_modules is missing or older than the lock file.
npm_ci() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "Installing npm packages in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}
npm_ci frontend
[ "$mode" = test ] && npm_ci frontend/e2e
exit 0
