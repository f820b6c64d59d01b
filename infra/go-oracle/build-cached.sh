#!/usr/bin/env bash
# Builds one Go oracle module into the binary cache, keyed by a hash of its
# sources, this script and the toolchain, and prints the binary's path on
# stdout; a second run with the same sources reuses it and says so on stderr.
#   build-cached.sh <module dir> <binary name> <what a cold build costs>
# Used by infra/go-oracle/build.sh and infra/go-oracle-validation/build.sh.
#
# The toolchain is the one OpenKruise v1.7.4's image is built with
# (kruise@v1.7.4:Dockerfile, `FROM golang:1.20.14-alpine3.19`): strconv's
# Unicode tables (13.0.0) and encoding/json's escapes depend on it. Any Go
# 1.21+ on PATH fetches that toolchain from the module proxy by itself
# (GOTOOLCHAIN, module golang.org/toolchain).
set -euo pipefail

module=$(cd "$1" && pwd)
name=$2
cost=$3
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
toolchain=go1.20.14
cache=${KRUISE_FN_CACHE:-$HOME/.cache/kruise-fn}
bin="$cache/bin"

log() { printf '[%s] %s\n' "$name" "$*" >&2; }

command -v go >/dev/null 2>&1 || {
  log "'go' is missing: install Go 1.21 or newer (https://go.dev/doc/install) and put it on PATH;"
  log "it downloads $toolchain, the toolchain OpenKruise v1.7.4 is built with, from the Go module proxy"
  exit 1
}

key=$(
  cd "$module"
  {
    echo "$toolchain"
    cat "$self"
    find . -type f \( -name '*.go' -o -name go.mod -o -name go.sum -o -name build.sh \) | LC_ALL=C sort |
      while read -r f; do printf '%s\n' "$f"; cat "$f"; done
  } | sha256sum | cut -c1-16
)
out="$bin/$name-$key"
if [ -x "$out" ]; then
  log "cached at $out, reusing"
else
  start=$SECONDS
  mkdir -p "$bin"
  log "building with $toolchain ($cost)"
  # Test processes may build at once: each writes its own temporary file, mv is atomic.
  (cd "$module" && GOTOOLCHAIN=$toolchain GOFLAGS="-mod=readonly -buildvcs=false" CGO_ENABLED=0 \
    go build -trimpath -ldflags "-s -w" -o "$out.tmp.$$" .) || {
    log "build failed; a Go older than 1.21 cannot fetch $toolchain: install Go 1.21 or newer"
    exit 1
  }
  mv "$out.tmp.$$" "$out"
  # Binaries of other sources stay a week: another checkout (a branch, a clean clone) sharing
  # this cache may still be testing with one; deleting them at once would break its run.
  find "$bin" -maxdepth 1 -regextype posix-extended -regex ".*/$name-[0-9a-f]{16}(\..*)?" \
    ! -name "$name-$key*" -mtime +7 -delete
  log "built in $((SECONDS - start)) s -> $out"
fi
echo "$out"
