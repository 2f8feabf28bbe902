#!/usr/bin/env bash
# Every npm install is reproducible: each package.json the repository holds (outside
# node_modules) has its package-lock.json committed beside it, and the Makefile and the
# scripts install with `npm ci` only (never `npm install`, `npm i`, `npm add`, yarn or pnpm,
# which may resolve other versions than the lockfile's). ROOT (default: this repository).
set -euo pipefail
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
cd "$root"
problems=0

while IFS= read -r manifest; do
  dir=$(dirname "$manifest")
  lock="$dir/package-lock.json"
  if ! git ls-files --error-unmatch -- "$lock" >/dev/null 2>&1; then
    echo "check-npm: $manifest has no committed $lock: run 'npm install' there once, commit the lockfile, and install with 'npm ci'"
    problems=$((problems + 1))
  fi
done < <(git ls-files -- 'package.json' '*/package.json' | grep -v '/node_modules/' || true)

# Where installs are run from: the Makefile, the scripts, CI and packaging.
files=$(git ls-files -- Makefile '*.mk' '*.sh' '.ci/*' 'packaging/*' | grep -v -e 'package-lock.json$' -e '^scripts/check-npm-lockfiles' || true)
if [ -n "$files" ]; then
  # shellcheck disable=SC2086
  hits=$(grep -nE '(^|[^[:alnum:]_-])(npm[[:space:]]+(install|i|add|isntall|update)([[:space:]]|$)|yarn([[:space:]]|$)|pnpm[[:space:]]+(install|i|add)([[:space:]]|$))' $files || true)
  if [ -n "$hits" ]; then
    echo "$hits"
    echo "check-npm: install with 'npm ci' (from the committed lockfile) instead of the lines above"
    problems=$((problems + 1))
  fi
fi

if [ "$problems" -gt 0 ]; then exit 1; fi
echo "check-npm: every package.json has its committed lockfile; installs use npm ci"
