#!/usr/bin/env bash
# `make node-infra`: what the node puller's tests run on. Installs the Debian
# packages of versions.env that are missing (containerd with its CRI plugin,
# runc, docker-registry, skopeo, umoci, a static busybox, htpasswd) and takes
# the pinned CRI proto (fetch-cri-proto.sh). Nothing is started here: the
# tests start containerd and the registries themselves, in temp dirs
# (test/support/node-services.ts). Prints what it does and how long it took.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
. "$here/versions.env"
log() { printf '[node-infra] %s\n' "$*" >&2; }
start=$SECONDS

missing=()
for pkg in $NODE_DEBIAN_PACKAGES; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  log "Debian packages present: $NODE_DEBIAN_PACKAGES"
else
  command -v apt-get >/dev/null 2>&1 || {
    echo "node-infra: missing ${missing[*]} and no apt-get: install them by hand (Debian 12 packages)" >&2
    exit 1
  }
  [ "$(id -u)" = 0 ] || {
    echo "node-infra: missing ${missing[*]}: run as root, or: sudo apt-get install ${missing[*]}" >&2
    exit 1
  }
  log "installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  # An old package list may not know the packages yet.
  apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
    apt-get update -qq
    apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
  }
  log "installed ${missing[*]}"
fi
log "$(containerd --version 2>/dev/null | cut -d' ' -f1,3); $(docker-registry --version 2>/dev/null | cut -d' ' -f1,3)"
bash "$here/fetch-cri-proto.sh" >/dev/null
log "ready in $((SECONDS - start)) s"
