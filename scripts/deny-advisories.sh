#!/usr/bin/env bash
# `cargo deny check advisories` (part of `make deny`), on any machine: with the RustSec database
# fetched fresh from GitHub when it can be reached; otherwise against the newer of the copy
# this machine already has and the snapshot committed in deny/ (advisory-db.tar.gz, refreshed
# with `make advisory-db`). Never skipped: without any database it fails. How old the database
# is, is printed; deny.toml's maximum-db-staleness fails the check when it is too old.
# ADVISORY_DB_REMOTE is the remote checked for reachability, ADVISORY_DB_SNAPSHOT the folder of
# the snapshot (tests point both elsewhere).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo="${CARGO:-cargo}"
remote="${ADVISORY_DB_REMOTE:-https://github.com/RustSec/advisory-db}"
root="${CARGO_HOME:-$HOME/.cargo}/advisory-dbs"
# Where cargo-deny keeps the default database (its name hashes the default URL).
db="$root/advisory-db-3157b0e258782691"
snapshots="${ADVISORY_DB_SNAPSHOT:-deny}"
snapshot="$snapshots/advisory-db.tar.gz"
read -r snap_commit snap_date <"$snapshots/advisory-db.commit"

if timeout 60 git ls-remote "$remote" HEAD >/dev/null 2>&1; then
  echo "cargo deny: checking advisories against the RustSec database fetched now"
  exec "$cargo" deny check advisories
fi

commit_epoch() { git -C "$1" show -s --format=%ct HEAD 2>/dev/null || echo 0; }
snap_epoch="$(date -d "$snap_date" +%s)"
if [ -d "$db/.git" ] && [ "$(commit_epoch "$db")" -ge "$snap_epoch" ]; then
  echo "cargo deny: GitHub cannot be reached; checking against the copy of the RustSec database on this machine"
else
  echo "cargo deny: GitHub cannot be reached; checking against the committed snapshot (RustSec advisory-db ${snap_commit:0:12})"
  rm -rf "$db"
  mkdir -p "$db"
  tar -C "$db" -xzf "$snapshot"
  # cargo-deny reads a git checkout: a commit dated as the snapshot, so its age is the
  # snapshot's; the remote lets a later online run fetch into it.
  git -C "$db" init -q -b main
  git -C "$db" add -A
  GIT_AUTHOR_DATE="$snap_date" GIT_COMMITTER_DATE="$snap_date" \
    git -C "$db" -c user.name="socialmine-setup" -c user.email="noreply@example.invalid" \
    commit -q -m "RustSec advisory-db $snap_commit (snapshot from deny/advisory-db.tar.gz)"
  git -C "$db" remote add origin https://github.com/rustsec/advisory-db
  touch -d "$snap_date" "$db/.git/HEAD"
fi
age_days=$(( ($(date +%s) - $(commit_epoch "$db")) / 86400 ))
echo "cargo deny: the advisory database is $age_days days old$( [ "$age_days" -gt 90 ] && echo ": refresh deny/advisory-db.tar.gz with 'make advisory-db' on a machine that reaches GitHub")"
exec "$cargo" deny --offline check advisories
