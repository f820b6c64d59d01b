#!/usr/bin/env bash
# Builds the validation oracle (infra/go-oracle-validation: Kubernetes v1.28.9
# core validation as OpenKruise v1.7.4's SidecarSet webhook calls it) into the
# binary cache (infra/go-oracle/build-cached.sh: keyed by a hash of its
# sources and toolchain) and prints the binary's path on stdout. A cold build
# takes some minutes (k8s.io/kubernetes); it is a module of its own so that
# infra/go-oracle stays quick to build.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
exec bash "$here/../go-oracle/build-cached.sh" "$here" go-oracle-validation \
  "k8s.io/kubernetes v1.28.9: a few minutes when cold"
