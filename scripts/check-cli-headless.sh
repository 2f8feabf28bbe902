#!/usr/bin/env bash
# Fails when the headless CLI (crates/cli) or the application layer (crates/app) depends on
# tauri, GTK or WebKit, or when the built CLI binary links a GUI library. Usage:
#   scripts/check-cli-headless.sh <path to the built socialmine-setup-cli>
# A check that cannot run (missing binary, cargo error) fails too: it never passes by silence.
set -u
cli_bin=${1:?usage: check-cli-headless.sh <cli binary>}
cargo=${CARGO:-cargo}
failed=0

for pkg in socialmine-setup-cli socialmine-app; do
  for dep in tauri gtk webkit2gtk-sys; do
    out=$("$cargo" tree -p "$pkg" -e normal,build -i "$dep" 2>&1)
    rc=$?
    if [ $rc -eq 0 ] && [ -n "$out" ]; then
      echo "$pkg depends on $dep:"; echo "$out" | head -20
      failed=1
    elif [ $rc -ne 0 ] && ! grep -q 'did not match any packages' <<<"$out"; then
      echo "cannot check whether $pkg depends on $dep (cargo tree failed):"; echo "$out" | head -20
      failed=1
    else
      echo "$pkg does not depend on $dep"
    fi
  done
done

if [ ! -x "$cli_bin" ]; then
  echo "no CLI binary at $cli_bin: build it first (make cli)"; failed=1
elif ! libs=$(ldd "$cli_bin" 2>&1); then
  echo "ldd failed on $cli_bin:"; echo "$libs"; failed=1
elif gui=$(grep -Ei 'libgtk|libgdk|libwebkit|javascriptcore|libsoup' <<<"$libs"); then
  echo "$cli_bin links a GUI library:"; echo "$gui"; failed=1
else
  echo "$cli_bin links no GTK or WebKit"
fi

if [ $failed -ne 0 ]; then
  echo "keep crates/cli and crates/app free of tauri, GTK and WebKit"; exit 1
fi
