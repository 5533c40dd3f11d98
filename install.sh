#!/usr/bin/env bash
# Installs worky from this checkout: the system packages the build needs, a
# release build, and the binary on PATH. Safe to run again (idempotent).
#
#   ./install.sh               everything
#   ./install.sh --deps-only   only the system packages: the build's and the tests'
#                              (Node.js + npm for fixtures, headless Chromium for error pages,
#                              Prometheus, PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")"

DEPS_ONLY=0
[ "${1:-}" = "--deps-only" ] && DEPS_ONLY=1

say() { printf '\033[1;32m%10s\033[0m %s\n' "$1" "$2"; }
fail() { printf '\033[1;31merror:\033[0m %s\n' "$1" >&2; exit 1; }

# cmake + simde: the QuickJS/WAMR engine build (offline, see build/offline-simde.cmake).
# pkg-config, g++: C/C++ parts of dependencies.
PACKAGES="cmake libsimde-dev pkg-config g++ make"
# The tests': npm installs fixtures (hono, ...); a real browser reads the dev error page;
# a real Prometheus scrapes serve's metrics; a real PostgreSQL answers a driver over
# cloudflare:sockets. (Node.js from elsewhere, such as nodesource or nvm, is used as it is.)
if [ "$DEPS_ONLY" = 1 ]; then
  PACKAGES="$PACKAGES chromium-headless-shell prometheus postgresql"
  command -v npm >/dev/null || PACKAGES="$PACKAGES nodejs npm"
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || fail "not root and no sudo: install $PACKAGES yourself"
  SUDO="sudo"
fi

missing=""
for pkg in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
  command -v apt-get >/dev/null || fail "apt-get not found: install$missing with your package manager"
  say Installing "system packages:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
else
  say Found "system packages: $PACKAGES"
fi
[ "$DEPS_ONLY" = 1 ] && exit 0

command -v cargo >/dev/null || fail "cargo not found: install Rust 1.95 or newer (https://rustup.rs), then run ./install.sh again"

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/worky-target}"
say Building "worky (release, target dir $CARGO_TARGET_DIR); the first build takes ~10 minutes"
cargo build --release --locked

if [ -w /usr/local/bin ]; then BIN_DIR=/usr/local/bin; else BIN_DIR="$HOME/.local/bin"; fi
mkdir -p "$BIN_DIR"
# Stripped (~48 MB; the build keeps symbols for profilers). For line tables, see
# `cargo build --profile debugging` in docs/operations.md.
install -s -m 755 "$CARGO_TARGET_DIR/release/worky" "$BIN_DIR/worky"
say Installed "$BIN_DIR/worky ($("$BIN_DIR/worky" --version), $(du -h "$BIN_DIR/worky" | cut -f1))"
case ":$PATH:" in
  *":$BIN_DIR:"*) ;;
  *) printf '  add %s to your PATH: export PATH="%s:$PATH"\n' "$BIN_DIR" "$BIN_DIR" ;;
esac
