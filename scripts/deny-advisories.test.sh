#!/usr/bin/env bash
# Shows that scripts/deny-advisories.sh checks advisories on a fresh machine that cannot reach
# GitHub (no ~/.cargo/advisory-dbs): a throwaway CARGO_HOME (sharing this machine's registry,
# so Cargo.lock's crates resolve offline) and an unreachable remote. The committed snapshot is
# used and passes; a planted advisory against a crate in Cargo.lock fails the check; a snapshot
# older than deny.toml's maximum-db-staleness fails it too.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
real_home="${CARGO_HOME:-$HOME/.cargo}"
export PATH="$PATH:$real_home/bin"
export ADVISORY_DB_REMOTE="file://$tmp/no-such-remote"

fresh_home() { # a CARGO_HOME with no advisory database, sharing the registry
  rm -rf "$tmp/home" && mkdir -p "$tmp/home"
  ln -s "$real_home/registry" "$tmp/home/registry"
}

run() { CARGO_HOME="$tmp/home" scripts/deny-advisories.sh >"$tmp/out" 2>&1; }

# 1. The committed snapshot, on a machine without a database: checked, and it passes.
fresh_home
run || { cat "$tmp/out"; echo "deny-advisories.test: FAIL (snapshot): the check failed"; exit 1; }
grep -q "committed snapshot" "$tmp/out" || { cat "$tmp/out"; echo "deny-advisories.test: FAIL (snapshot): not used"; exit 1; }
[ -d "$tmp/home/advisory-dbs/advisory-db-3157b0e258782691/crates" ] || { echo "deny-advisories.test: FAIL: no database installed"; exit 1; }
echo "deny-advisories.test: ok (committed snapshot used offline)"

# A snapshot holding one advisory, dated $1, against serde_json (in Cargo.lock), all versions.
planted() {
  local dir="$tmp/snap-$2"
  mkdir -p "$dir/src/crates/serde_json" "$dir/src/rust"
  cat >"$dir/src/crates/serde_json/RUSTSEC-2026-9999.md" <<'MD'
```toml
[advisory]
id = "RUSTSEC-2026-9999"
package = "serde_json"
date = "2026-01-01"
url = "https://example.invalid/RUSTSEC-2026-9999"
categories = ["memory-corruption"]
keywords = []

[versions]
patched = []
```

# A planted advisory (scripts/deny-advisories.test.sh)

It shows that the offline check reads the database.
MD
  echo "CC0" >"$dir/src/LICENSE.txt"
  tar -C "$dir/src" -c LICENSE.txt crates rust | gzip -9n >"$dir/advisory-db.tar.gz"
  echo "0000000000000000000000000000000000000000 $1" >"$dir/advisory-db.commit"
  echo "$dir"
}

# 2. An advisory against a crate the app uses: the check fails and names it.
fresh_home
if ADVISORY_DB_SNAPSHOT="$(planted "$(date -u -d '-10 days' +%Y-%m-%dT%H:%M:%S+00:00)" recent)" run; then
  cat "$tmp/out"; echo "deny-advisories.test: FAIL (planted advisory): the check passed"; exit 1
fi
grep -q "RUSTSEC-2026-9999" "$tmp/out" || { cat "$tmp/out"; echo "deny-advisories.test: FAIL (planted advisory): not named"; exit 1; }
echo "deny-advisories.test: ok (a planted advisory fails the offline check)"

# 3. A database older than maximum-db-staleness: the check fails and says it is stale.
fresh_home
if ADVISORY_DB_SNAPSHOT="$(planted 2020-01-01T00:00:00+00:00 old)" run; then
  cat "$tmp/out"; echo "deny-advisories.test: FAIL (stale): the check passed"; exit 1
fi
grep -q "stale" "$tmp/out" || { cat "$tmp/out"; echo "deny-advisories.test: FAIL (stale): not said"; exit 1; }
echo "deny-advisories.test: ok (a stale database fails the check)"
