#!/usr/bin/env bash
# Builds the upstream ecr-credential-provider (k8s.io/cloud-provider-aws
# cmd/ecr-credential-provider) from the Go module proxy at
# ECR_CREDENTIAL_PROVIDER_VERSION of versions.env into the binary cache. The
# module's go.mod carries a replace directive, so `go install module@version`
# refuses it: the module is downloaded, copied to a build folder and built
# there as the main module (its go.sum checks every dependency). A second run
# reuses the binary and says so. Prints how long the build took.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
. "$here/versions.env"
v=$ECR_CREDENTIAL_PROVIDER_VERSION
cache=${KRUISE_FN_CACHE:-$HOME/.cache/kruise-fn}
bin="$cache/bin"
out="$bin/ecr-credential-provider-$v"
module=k8s.io/cloud-provider-aws

log() { printf '[ecr-credential-provider] %s\n' "$*" >&2; }

if [ -x "$out" ]; then
  log "$v: cached at $out, reusing"
  exit 0
fi
command -v go >/dev/null 2>&1 || {
  log "'go' is missing: install Go 1.26 or newer (https://go.dev/doc/install) and put it on PATH"
  exit 1
}

start=$SECONDS
mkdir -p "$bin"
log "$v: downloading $module from the module proxy"
src=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "$module@$v" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
[ -n "$src" ] || {
  log "$module@$v: not found on the module proxy"
  exit 1
}
build=$(mktemp -d "$bin/.ecr-credential-provider-build.XXXXXX")
trap 'chmod -R u+w "$build" 2>/dev/null; rm -rf "$build"' EXIT
cp -r "$src/." "$build/"
chmod -R u+w "$build"
log "$v: compiling (about a minute on 2 cores, first time only)"
(cd "$build" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath \
  -ldflags "-s -w -X main.gitVersion=$v" -o "$build/ecr-credential-provider" ./cmd/ecr-credential-provider)
mv "$build/ecr-credential-provider" "$out"
log "$v: built in $((SECONDS - start)) s -> $out"
