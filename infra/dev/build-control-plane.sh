#!/usr/bin/env bash
# Builds kube-apiserver and etcd from the Go module proxy at the versions in
# versions.env into a cache folder outside git, keyed by version. A second run
# reuses the binaries and says so. Prints progress and how long each took.
# Also builds cert-manager (the EnableExternalCerts tests) unless given
# --without-cert-manager (`make run` uses the self-signed path and skips it).
set -euo pipefail

with_cert_manager=true
[ "${1:-}" = --without-cert-manager ] && with_cert_manager=false

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
. "$here/versions.env"
cache=${KRUISE_FN_CACHE:-$HOME/.cache/kruise-fn}
bin="$cache/bin"
mkdir -p "$bin"

need() {
  command -v "$1" >/dev/null 2>&1 || {
    echo "build-control-plane: '$1' is missing: $2" >&2
    exit 1
  }
}
need go "install Go 1.24 or newer (https://go.dev/doc/install) and put it on PATH"

log() { printf '[control-plane] %s\n' "$*" >&2; }

build_apiserver() {
  local out="$bin/kube-apiserver-$KUBE_VERSION"
  if [ -x "$out" ]; then
    log "kube-apiserver $KUBE_VERSION: cached at $out, reusing"
    return
  fi
  local start=$SECONDS minor patch staging dir
  minor=$(echo "$KUBE_VERSION" | cut -d. -f2)
  patch=$(echo "$KUBE_VERSION" | cut -d. -f3)
  dir="$cache/build/kube-apiserver-$KUBE_VERSION"
  mkdir -p "$dir"
  log "kube-apiserver $KUBE_VERSION: resolving k8s.io/kubernetes from the module proxy"
  local gomod
  gomod=$(go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  staging=$(grep '=> ./staging/' "$gomod" | awk '{print $1}')
  {
    echo "module kruise-fn/dev/kube-apiserver"
    echo
    grep -m1 '^go ' "$gomod"
    echo
    echo "require k8s.io/kubernetes $KUBE_VERSION"
    echo
    echo "replace ("
    for m in $staging; do echo "	$m => $m v0.$minor.$patch"; done
    echo ")"
  } >"$dir/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "k8s.io/kubernetes/cmd/kube-apiserver"\n' >"$dir/tools.go"
  log "kube-apiserver $KUBE_VERSION: downloading modules (large, first time only)"
  (cd "$dir" && go mod tidy)
  log "kube-apiserver $KUBE_VERSION: compiling (several minutes on 2 cores)"
  (cd "$dir" && CGO_ENABLED=0 go build -trimpath -o "$out.tmp" \
    -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$KUBE_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor" \
    k8s.io/kubernetes/cmd/kube-apiserver)
  mv "$out.tmp" "$out"
  log "kube-apiserver $KUBE_VERSION: built in $((SECONDS - start)) s -> $out"
}

build_etcd() {
  local out="$bin/etcd-$ETCD_VERSION"
  if [ -x "$out" ]; then
    log "etcd $ETCD_VERSION: cached at $out, reusing"
    return
  fi
  local start=$SECONDS dir="$cache/build/etcd-$ETCD_VERSION"
  mkdir -p "$dir"
  # etcd's own go.mod files carry replace lines, so `go install` fails
  # (etcd-io/etcd#18501); a small module calling etcdmain.Main builds it.
  cat >"$dir/go.mod" <<MOD
module kruise-fn/dev/etcd

go 1.24

require go.etcd.io/etcd/server/v3 $ETCD_VERSION
MOD
  cat >"$dir/main.go" <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  log "etcd $ETCD_VERSION: downloading modules"
  (cd "$dir" && go mod tidy)
  log "etcd $ETCD_VERSION: compiling"
  (cd "$dir" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out.tmp" .)
  mv "$out.tmp" "$out"
  log "etcd $ETCD_VERSION: built in $((SECONDS - start)) s -> $out"
}

build_cert_manager() {
  local module=github.com/cert-manager/cert-manager v=$CERT_MANAGER_VERSION
  local controller="$bin/cert-manager-controller-$v" cainjector="$bin/cert-manager-cainjector-$v"
  local crds="$cache/cert-manager-$v/crds"
  if [ -x "$controller" ] && [ -x "$cainjector" ] && [ -d "$crds" ]; then
    log "cert-manager $v: cached at $bin, reusing"
    return
  fi
  local start=$SECONDS dir="$cache/build/cert-manager-$v"
  mkdir -p "$dir/out" "$crds"
  # v1.11.5's own go.mod carries this replace; a consumer module must repeat it.
  cat >"$dir/go.mod" <<MOD
module kruise-fn/dev/cert-manager

go 1.19

require $module $v

replace github.com/miekg/dns v1.1.41 => github.com/miekg/dns v1.1.34
MOD
  printf '//go:build tools\n\npackage tools\n\nimport (\n\t_ "%s/cmd/cainjector"\n\t_ "%s/cmd/controller"\n)\n' "$module" "$module" >"$dir/tools.go"
  log "cert-manager $v: downloading modules"
  local src
  src=$(cd "$dir" && go mod download -json "$module@$v" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  cp "$src"/deploy/crds/crd-*.yaml "$crds/"
  (cd "$dir" && go mod tidy)
  log "cert-manager $v: compiling controller and cainjector"
  (cd "$dir" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o out/ "$module/cmd/controller" "$module/cmd/cainjector")
  mv "$dir/out/controller" "$controller"
  mv "$dir/out/cainjector" "$cainjector"
  log "cert-manager $v: built in $((SECONDS - start)) s -> $bin"
}

total=$SECONDS
build_etcd
build_apiserver
if $with_cert_manager; then build_cert_manager; fi
log "control plane ready in $((SECONDS - total)) s (cache: $bin)"
