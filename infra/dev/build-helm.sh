#!/usr/bin/env bash
# Builds helm (helm.sh/helm/v3/cmd/helm) from the Go module proxy at
# HELM_VERSION of versions.env into the binary cache, with the version stamps
# helm's own Makefile sets (its version, and the Kubernetes version that
# `helm template` and `helm lint` assume, taken from the client-go it
# requires). A second run reuses the binary and says so. Prints progress and
# how long the build took.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
. "$here/versions.env"
cache=${KRUISE_FN_CACHE:-$HOME/.cache/kruise-fn}
bin="$cache/bin"
out="$bin/helm-$HELM_VERSION"

log() { printf '[helm] %s\n' "$*" >&2; }

if [ -x "$out" ]; then
  log "helm $HELM_VERSION: cached at $out, reusing"
  exit 0
fi
command -v go >/dev/null 2>&1 || {
  log "'go' is missing: install Go 1.26 or newer (https://go.dev/doc/install) and put it on PATH"
  exit 1
}

start=$SECONDS
module=helm.sh/helm/v3
mkdir -p "$bin"
log "helm $HELM_VERSION: resolving $module from the module proxy"
gomod=$(go mod download -json "$module@$HELM_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
# helm's Makefile: major = client-go's major + 1, minor = client-go's minor.
client_go=$(awk '$1 == "k8s.io/client-go" { print $2; exit }' "$gomod")
k8s_major=$(($(echo "${client_go#v}" | cut -d. -f1) + 1))
k8s_minor=$(echo "$client_go" | cut -d. -f2)
ldflags="-s -w -X $module/internal/version.version=$HELM_VERSION -X $module/internal/version.gitTreeState=clean"
for pkg in pkg/lint/rules pkg/chartutil; do
  ldflags="$ldflags -X $module/$pkg.k8sVersionMajor=$k8s_major -X $module/$pkg.k8sVersionMinor=$k8s_minor"
done
log "helm $HELM_VERSION: downloading modules and compiling (a few minutes on 2 cores, first time only)"
gobin=$(mktemp -d "$bin/.helm-build.XXXXXX")
trap 'rm -rf "$gobin"' EXIT
GOBIN=$gobin CGO_ENABLED=0 GOFLAGS=-buildvcs=false go install -trimpath -ldflags "$ldflags" "$module/cmd/helm@$HELM_VERSION"
mv "$gobin/helm" "$out"
log "helm $HELM_VERSION: built in $((SECONDS - start)) s -> $out (assumes Kubernetes v$k8s_major.$k8s_minor)"
