#!/usr/bin/env bash
# Builds the Go oracle (infra/go-oracle) into the binary cache (build-cached.sh:
# keyed by a hash of its sources and toolchain), writes its format vectors
# beside it (<binary>.formats.json, which every test reads instead of running
# it), and prints the binary's path on stdout. A second run with the same
# sources reuses both and says so on stderr.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=$(bash "$here/build-cached.sh" "$here" go-oracle "downloaded once by the go command if missing")
if [ ! -s "$out.formats.json" ]; then
  "$out" formats >"$out.formats.json.tmp.$$"
  mv "$out.formats.json.tmp.$$" "$out.formats.json"
fi
echo "$out"
