#!/usr/bin/env bash
# Shows that .ci/check-tools.mjs can fail: it is run on altered copies of the Makefile, each
# using a tool a fresh machine would not have, and must reject each one with the right reason.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect_fail() { # NAME EXPECTED-TEXT MAKEFILE
  local out
  if out=$(node .ci/check-tools.mjs "$3" 2>&1); then
    echo "check-tools.test: FAIL ($1): the check passed, it should have failed"; exit 1
  fi
  if ! grep -qF -- "$2" <<<"$out"; then
    echo "check-tools.test: FAIL ($1): expected \"$2\" in:"; echo "$out"; exit 1
  fi
  echo "check-tools.test: ok ($1)"
}

# 1. cargo-nextest no longer installed by the Makefile (how it slipped through once).
sed -E 's/cargo-nextest=cargo-nextest@[^ ]+ ?//' Makefile >"$tmp/Makefile.no-nextest"
grep -q 'nextest run' "$tmp/Makefile.no-nextest"
expect_fail "nextest not installed" "needs cargo-nextest" "$tmp/Makefile.no-nextest"

# 2. A cargo plugin nothing installs.
sed -E 's/^(fmt-check:.*)$/\1\n\t$(CARGO) bloat --release -n 10/' Makefile >"$tmp/Makefile.bloat"
expect_fail "cargo plugin" "needs cargo-bloat" "$tmp/Makefile.bloat"

# 3. A program that exists nowhere.
sed -E 's/^(fmt-check:.*)$/\1\n\tcd ui \&\& sm-no-such-tool --check/' Makefile >"$tmp/Makefile.missing"
expect_fail "missing program" "sm-no-such-tool (make test): not installed" "$tmp/Makefile.missing"

# 4. A program found only outside the package manager (like /usr/local/bin), inside sh -c.
mkdir "$tmp/bin" && printf '#!/bin/sh\nexit 0\n' >"$tmp/bin/sm-hand-installed" && chmod +x "$tmp/bin/sm-hand-installed"
sed -E "s/^(fmt-check:.*)\$/\\1\\n\\tsh -c 'true \\&\\& sm-hand-installed --version'/" Makefile >"$tmp/Makefile.local"
PATH="$tmp/bin:$PATH" expect_fail "hand-installed program" "which no Debian package owns" "$tmp/Makefile.local"

# 5. A Debian package that APT_PACKAGES does not list (dpkg-deb's own package is essential, so
#    use a package from the list, minus it: gnome-keyring).
sed -E 's/ gnome-keyring / /' Makefile >"$tmp/Makefile.no-keyring"
grep -q 'gnome-keyring-daemon' "$tmp/Makefile.no-keyring"
expect_fail "apt package dropped" "gnome-keyring-daemon" "$tmp/Makefile.no-keyring"

# 6. The real Makefile passes.
node .ci/check-tools.mjs >/dev/null
echo "check-tools.test: ok (the Makefile as committed passes)"
