#!/usr/bin/env bash
# Refreshes deny/advisory-db.tar.gz, the committed copy of the RustSec advisory database that
# `make deny` checks against on machines that cannot reach GitHub (CI here among them). Run it
# on a machine that can (`make advisory-db`), then commit the two files it writes.
# ADVISORY_DB_URL picks another source (a local mirror, for the tests).
set -euo pipefail
cd "$(dirname "$0")/.."

url="${ADVISORY_DB_URL:-https://github.com/rustsec/advisory-db}"
out="${ADVISORY_DB_OUT:-deny}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

git clone --quiet --depth 1 "$url" "$work/repo"
commit="$(git -C "$work/repo" rev-parse HEAD)"
date="$(git -C "$work/repo" show -s --format=%cI HEAD)"
[ -d "$work/repo/crates" ] || { echo "advisory-db-snapshot: $url has no crates/ folder: not the RustSec database" >&2; exit 2; }

mkdir -p "$out"
# Only what cargo-deny reads (crates/, rust/) and the licence (CC0-1.0), reproducibly packed.
tar -C "$work/repo" --sort=name --mtime="$date" --owner=0 --group=0 --numeric-owner \
  -c LICENSE.txt crates rust | gzip -9n >"$out/advisory-db.tar.gz"
printf '%s %s\n' "$commit" "$date" >"$out/advisory-db.commit"
echo "advisory-db-snapshot: $out/advisory-db.tar.gz is RustSec advisory-db $commit of $date"
