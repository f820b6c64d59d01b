#!/usr/bin/env bash
# Builds the validation oracle (infra/go-oracle-validation: Kubernetes v1.28.9
# core validation as OpenKruise v1.7.4's SidecarSet webhook calls it) into the
# binary cache, keyed by a hash of its sources and toolchain, and prints the
# binary's path on stdout. A second run with the same sources reuses it and
# says so on stderr. A cold build takes some minutes (k8s.io/kubernetes);
# it is a module of its own so that infra/go-oracle stays quick to build.
#
# The toolchain is the one OpenKruise v1.7.4's image is built with (see
# infra/go-oracle/build.sh); any Go 1.21+ on PATH fetches it by itself.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
toolchain=go1.20.14
cache=${KRUISE_FN_CACHE:-$HOME/.cache/kruise-fn}
bin="$cache/bin"

log() { printf '[go-oracle-validation] %s\n' "$*" >&2; }

command -v go >/dev/null 2>&1 || {
  log "'go' is missing: install Go 1.21 or newer (https://go.dev/doc/install) and put it on PATH"
  exit 1
}

key=$(
  cd "$here"
  {
    echo "$toolchain"
    find . -type f \( -name '*.go' -o -name go.mod -o -name go.sum -o -name build.sh \) | LC_ALL=C sort |
      while read -r f; do printf '%s\n' "$f"; cat "$f"; done
  } | sha256sum | cut -c1-16
)
out="$bin/go-oracle-validation-$key"
if [ -x "$out" ]; then
  log "cached at $out, reusing"
else
  start=$SECONDS
  mkdir -p "$bin"
  log "building with $toolchain (k8s.io/kubernetes v1.28.9: a few minutes when cold)"
  # Test processes may build at once: each writes its own temporary file, mv is atomic.
  (cd "$here" && GOTOOLCHAIN=$toolchain GOFLAGS="-mod=readonly -buildvcs=false" CGO_ENABLED=0 \
    go build -trimpath -ldflags "-s -w" -o "$out.tmp.$$" .) || {
    log "build failed; a Go older than 1.21 cannot fetch $toolchain: install Go 1.21 or newer"
    exit 1
  }
  mv "$out.tmp.$$" "$out"
  # Binaries of other sources stay a week (another checkout sharing this cache may still use one).
  find "$bin" -maxdepth 1 -name 'go-oracle-validation-*' ! -name "go-oracle-validation-$key" -mtime +7 -delete
  log "built in $((SECONDS - start)) s -> $out"
fi
echo "$out"
