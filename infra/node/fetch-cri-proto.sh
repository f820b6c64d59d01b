#!/usr/bin/env bash
# Takes the CRI proto (k8s.io/cri-api pkg/apis/runtime/v1/api.proto) from the
# Go module proxy at the version pinned in versions.env, checks the module's
# h1 sum, and copies it into the cache, outside git:
#   ${KRUISE_FN_CACHE:-~/.cache/kruise-fn}/cri-api-<version>/api.proto
# A second run reuses it and says so. Prints the path on stdout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
. "$here/versions.env"
cache=${KRUISE_FN_CACHE:-$HOME/.cache/kruise-fn}
out="$cache/cri-api-$CRI_API_VERSION/api.proto"
log() { printf '[cri-proto] %s\n' "$*" >&2; }

if [ -s "$out" ]; then
  log "k8s.io/cri-api $CRI_API_VERSION: cached at $out, reusing"
  echo "$out"
  exit 0
fi
command -v go >/dev/null 2>&1 || {
  echo "fetch-cri-proto: 'go' is missing: install Go 1.24 or newer and put it on PATH" >&2
  exit 1
}
log "k8s.io/cri-api $CRI_API_VERSION: downloading from the Go module proxy"
json=$(cd "$cache" 2>/dev/null || cd /tmp; GOFLAGS=-mod=mod go mod download -json "k8s.io/cri-api@$CRI_API_VERSION")
sum=$(printf '%s\n' "$json" | sed -n 's/.*"Sum": "\(.*\)".*/\1/p')
dir=$(printf '%s\n' "$json" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
if [ "$sum" != "$CRI_API_SUM" ]; then
  echo "fetch-cri-proto: k8s.io/cri-api@$CRI_API_VERSION has sum $sum, versions.env pins $CRI_API_SUM" >&2
  exit 1
fi
mkdir -p "$(dirname "$out")"
cp "$dir/pkg/apis/runtime/v1/api.proto" "$out.tmp"
chmod 0644 "$out.tmp"
mv "$out.tmp" "$out"
log "k8s.io/cri-api $CRI_API_VERSION: api.proto -> $out"
echo "$out"
