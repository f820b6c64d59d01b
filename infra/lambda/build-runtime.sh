#!/usr/bin/env bash
# Builds the AWS Lambda runtime the Lambda bundles are tested under into a
# cache folder outside git, keyed by version: the runtime interface emulator
# (aws-lambda-rie, from the Go module proxy) and the Node.js runtime interface
# client (aws-lambda-ric from npm, pinned by ric/package-lock.json; its
# install compiles curl and aws-lambda-cpp, so it needs cmake, autoconf,
# automake and libtool, which this script installs with apt-get when it runs
# as root). A second run reuses both and says so. Prints progress and timings.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
. "$here/versions.env"
cache=${KRUISE_FN_CACHE:-$HOME/.cache/kruise-fn}
bin="$cache/bin"
mkdir -p "$bin"

log() { printf '[lambda-runtime] %s\n' "$*" >&2; }
fail() {
  printf 'build-runtime: %s\n' "$*" >&2
  exit 1
}
command -v go >/dev/null 2>&1 || fail "'go' is missing: install Go 1.26.6 or newer (https://go.dev/doc/install) and put it on PATH"
command -v npm >/dev/null 2>&1 || fail "'npm' is missing: install Node.js 20.19+ (https://nodejs.org)"

build_rie() {
  local out="$bin/aws-lambda-rie-$RIE_VERSION"
  if [ -x "$out" ]; then
    log "aws-lambda-rie $RIE_VERSION: cached at $out, reusing"
    return
  fi
  local start=$SECONDS dir="$cache/build/aws-lambda-rie-$RIE_VERSION"
  local module=github.com/aws/aws-lambda-runtime-interface-emulator
  mkdir -p "$dir"
  cat >"$dir/go.mod" <<MOD
module kruise-fn/dev/aws-lambda-rie

go 1.26.6

require $module $RIE_VERSION
MOD
  printf '//go:build tools\n\npackage tools\n\nimport _ "%s/cmd/aws-lambda-rie"\n' "$module" >"$dir/tools.go"
  log "aws-lambda-rie $RIE_VERSION: downloading modules"
  (cd "$dir" && go mod tidy)
  log "aws-lambda-rie $RIE_VERSION: compiling"
  (cd "$dir" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out.tmp" "$module/cmd/aws-lambda-rie")
  mv "$out.tmp" "$out"
  log "aws-lambda-rie $RIE_VERSION: built in $((SECONDS - start)) s -> $out"
}

ensure_native_tools() {
  local missing=()
  for t in cmake autoreconf libtoolize make g++; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  [ ${#missing[@]} -eq 0 ] && return
  local packages="cmake autoconf automake libtool make g++"
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    fail "aws-lambda-ric compiles native code and needs ${missing[*]}: install the Debian packages $packages"
  fi
  log "installing $packages with apt-get (aws-lambda-ric compiles native code)"
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086
  apt-get install -y -q $packages >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q $packages >/dev/null; }
}

install_ric() {
  local key dir
  key=$(sha256sum "$here/ric/package-lock.json" | cut -c1-16)
  dir="$cache/aws-lambda-ric-$key"
  if [ -f "$dir/node_modules/aws-lambda-ric/bin/index.mjs" ] && [ -n "$(find "$dir/node_modules/aws-lambda-ric" -name 'rapid-client.node' -print -quit)" ]; then
    log "aws-lambda-ric: cached at $dir, reusing"
    return
  fi
  ensure_native_tools
  local start=$SECONDS
  rm -rf "$dir.tmp"
  mkdir -p "$dir.tmp"
  cp "$here/ric/package.json" "$here/ric/package-lock.json" "$dir.tmp/"
  log "aws-lambda-ric: npm ci (compiles curl and aws-lambda-cpp: a few minutes on 2 cores, first time only)"
  (cd "$dir.tmp" && npm ci --no-audit --no-fund --loglevel=error >"$dir.tmp/install.log" 2>&1) ||
    { tail -30 "$dir.tmp/install.log" >&2; fail "npm ci of aws-lambda-ric failed (log above)"; }
  rm -rf "$dir"
  mv "$dir.tmp" "$dir"
  log "aws-lambda-ric: installed in $((SECONDS - start)) s -> $dir"
}

total=$SECONDS
build_rie
install_ric
log "Lambda runtime ready in $((SECONDS - total)) s (cache: $cache)"
