#!/usr/bin/env bash
# Shows that scripts/check-npm-lockfiles.sh can fail: run on small repositories, each with one
# fault (a package.json without a lockfile, a Makefile or script using `npm install`), it must
# reject each, and accept the one without faults.
set -euo pipefail
cd "$(dirname "$0")/.."
check="$PWD/scripts/check-npm-lockfiles.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

repo() { # NAME: a repository with a ui/ package and its lockfile, installed with npm ci
  local r="$tmp/$1"
  mkdir -p "$r/ui" "$r/scripts"
  echo '{"name":"ui"}' >"$r/ui/package.json"
  echo '{"name":"ui","lockfileVersion":3}' >"$r/ui/package-lock.json"
  printf 'ui-deps:\n\tcd ui && npm ci --no-audit\n' >"$r/Makefile"
  echo 'echo build' >"$r/scripts/build.sh"
  git -C "$r" init -q
  echo "$r"
}
commit() { git -C "$1" add -A && git -C "$1" -c user.name=t -c user.email=t@example.invalid commit -qm t; }

expect() { # NAME pass|fail REPO
  if "$check" "$3" >"$tmp/out" 2>&1; then got=pass; else got=fail; fi
  if [ "$got" != "$2" ]; then
    cat "$tmp/out"; echo "check-npm-lockfiles.test: FAIL ($1): expected $2, got $got"; exit 1
  fi
  echo "check-npm-lockfiles.test: ok ($1: $2)"
}

r=$(repo good); commit "$r"; expect "npm ci with a lockfile" pass "$r"

r=$(repo nolock); mkdir -p "$r/packaging"; echo '{"name":"p"}' >"$r/packaging/package.json"; commit "$r"
expect "a package.json without lockfile" fail "$r"

r=$(repo untracked); rm "$r/ui/package-lock.json"; commit "$r"; echo '{}' >"$r/ui/package-lock.json"
expect "a lockfile that is not committed" fail "$r"

r=$(repo make-install); printf 'ui-deps:\n\tcd ui && npm install\n' >"$r/Makefile"; commit "$r"
expect "the Makefile runs npm install" fail "$r"

r=$(repo script-i); echo 'cd ui && npm i -D vite' >"$r/scripts/build.sh"; commit "$r"
expect "a script runs npm i" fail "$r"

r=$(repo yarn); echo 'yarn' >"$r/scripts/build.sh"; commit "$r"
expect "a script runs yarn" fail "$r"

expect "this repository" pass "$PWD"
