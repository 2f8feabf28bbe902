#!/usr/bin/env bash
# Builds the .deb and the .rpm of the release build with Tauri's bundler (`tauri bundle`, the
# Tauri CLI from npm, packaging/package.json). Run by `make package` after `make release`; the
# release binaries must already be built (this script does not build them again).
#
# What goes in (packaging/tauri.package.json is the bundle configuration, merged over
# src-tauri/tauri.conf.json only here, so that ordinary builds are not affected):
#   /usr/bin/socialmine-setup                         the app (and its subcommands)
#   /usr/bin/socialmine-setup-cli                     the headless CLI, when the workspace has it
#   /usr/share/applications/socialmine-setup.desktop  from packaging/socialmine-setup.desktop
#   /usr/share/icons/hicolor/*/apps/socialmine-setup.png   every size in icons/
#   /usr/share/metainfo/com.socialmine.setup-assistant.metainfo.xml
# The version is the workspace's (Cargo.toml); Depends/Requires name WebKitGTK and GTK.
# No AppImage: its bundler downloads linuxdeploy and friends from GitHub at build time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
target_dir=${CARGO_TARGET_DIR:-$root/target}
release=$target_dir/release
app=$release/socialmine-setup
cli=$release/socialmine-setup-cli

[ -x "$app" ] || { echo "package: $app is missing: run 'make release' first"; exit 1; }

# The CLI is its own binary once crates/cli exists (issue 9); package it when the workspace has it.
has_cli=$(cargo metadata --no-deps --format-version 1 |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const m=JSON.parse(s);console.log(m.packages.some(p=>p.targets.some(t=>t.kind.includes("bin")&&t.name==="socialmine-setup-cli"))?"yes":"no")})')
if [ "$has_cli" = yes ] && [ ! -x "$cli" ]; then
  echo "package: $cli is missing: run 'make release' first"; exit 1
fi

work=$target_dir/packaging
mkdir -p "$work"
overlay=$work/tauri.package.json
node - "$root/packaging/tauri.package.json" "$overlay" "$has_cli" "$cli" <<'EOF'
const fs = require("fs");
const [src, dest, hasCli, cli] = process.argv.slice(2);
const conf = JSON.parse(fs.readFileSync(src, "utf8"));
for (const kind of ["deb", "rpm"]) {
  const files = conf.bundle.linux[kind].files;
  if (hasCli === "yes") files["/usr/bin/socialmine-setup-cli"] = cli;
}
fs.writeFileSync(dest, JSON.stringify(conf, null, 2));
EOF
[ "$has_cli" = yes ] || echo "package: no socialmine-setup-cli binary in this workspace yet: the packages carry the app only (its subcommands work without a window)"

if [ ! -x packaging/node_modules/.bin/tauri ]; then
  (cd packaging && npm ci --no-audit --no-fund)
fi
rm -rf "$release/bundle/deb" "$release/bundle/rpm"
(cd src-tauri && CI=true ../packaging/node_modules/.bin/tauri bundle --bundles deb,rpm --config "$overlay")
echo "package: built"
ls -l "$release"/bundle/deb/*.deb "$release"/bundle/rpm/*.rpm
