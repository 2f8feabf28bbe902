#!/usr/bin/env bash
# Tests the packages `make package` built (run by `make package-test`):
#   - the .deb's desktop file passes desktop-file-validate, its metainfo appstreamcli validate
#     (offline), with release notes for this version and screenshots that exist in docs/;
#   - the .deb holds the binary, the CLI (when the workspace has one), the desktop file, the
#     metainfo and an icon for every size in icons/;
#   - name and version are the workspace's; Depends names WebKitGTK and GTK, and every shared
#     library the binaries load comes from a package that Depends pulls in on Debian 12;
#   - the binaries extracted with dpkg-deb -x run `--version` without a display, and the CLI
#     runs a subcommand without one and links no GTK or WebKit;
#   - the .rpm holds the same files, version and requirements.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
release=${CARGO_TARGET_DIR:-$root/target}/release
fails=0
ok() { echo "  ok: $*"; }
bad() { echo "  FAIL: $*"; fails=$((fails + 1)); }

shopt -s nullglob
debs=("$release"/bundle/deb/socialmine-setup_*.deb)
rpms=("$release"/bundle/rpm/socialmine-setup-*.rpm)
[ ${#debs[@]} = 1 ] || { echo "package-test: expected one socialmine-setup_*.deb in $release/bundle/deb (run 'make package')"; exit 1; }
[ ${#rpms[@]} = 1 ] || { echo "package-test: expected one socialmine-setup-*.rpm in $release/bundle/rpm (run 'make package')"; exit 1; }
deb=${debs[0]} rpm=${rpms[0]}

meta=$(cargo metadata --no-deps --format-version 1)
version=$(node -e 'const m=JSON.parse(process.argv[1]);console.log(m.packages.find(p=>p.name==="socialmine-setup").version)' "$meta")
has_cli=$(node -e 'const m=JSON.parse(process.argv[1]);console.log(m.packages.some(p=>p.targets.some(t=>t.kind.includes("bin")&&t.name==="socialmine-setup-cli"))?"yes":"no")' "$meta")
desktop=usr/share/applications/socialmine-setup.desktop
metainfo=usr/share/metainfo/com.socialmine.setup-assistant.metainfo.xml

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp/deb"
dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./||' >"$tmp/deb.list"

echo "package-test: $deb"
# ---- contents ----------------------------------------------------------------------------
expect_in_deb() { if grep -qxF "$1" "$tmp/deb.list"; then ok "holds /$1"; else bad "the .deb has no /$1"; fi; }
expect_in_deb usr/bin/socialmine-setup
if [ "$has_cli" = yes ]; then expect_in_deb usr/bin/socialmine-setup-cli; fi
expect_in_deb "$desktop"
expect_in_deb "$metainfo"
icon_paths=()
# Every size in icons/ (128x128@2x.png is the 256 px picture again, installed as 256x256).
for png in icons/*.png; do
  case $png in *@2x.png) continue ;; esac
  read -r w h < <(file -b "$png" | sed -E 's/.*, ([0-9]+) x ([0-9]+),.*/\1 \2/')
  icon_paths+=("usr/share/icons/hicolor/${w}x${h}/apps/socialmine-setup.png")
done
for p in $(printf '%s\n' "${icon_paths[@]}" | sort -u); do expect_in_deb "$p"; done

# ---- control fields ----------------------------------------------------------------------
[ "$(dpkg-deb -f "$deb" Package)" = socialmine-setup ] && ok "package name socialmine-setup" || bad "package name is $(dpkg-deb -f "$deb" Package)"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] && ok "version $version (the workspace's)" || bad "version $(dpkg-deb -f "$deb" Version), workspace says $version"
depends=$(dpkg-deb -f "$deb" Depends)
for d in libwebkit2gtk-4.1-0 libgtk-3-0; do
  grep -qE "(^|, )$d( |,|$)" <<<"$depends" && ok "Depends: $d" || bad "Depends lacks $d ($depends)"
done

# Every library the binaries need comes from a package that installing the .deb pulls in.
dep_pkgs=$(sed -E 's/\([^)]*\)//g; s/\|/,/g' <<<"$depends" | tr ',' '\n' | awk '{print $1}' | grep . | sort -u)
closure=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances $dep_pkgs 2>/dev/null |
  sed -nE 's/^([a-z0-9][a-z0-9+.-]+)$/\1/p; s/^\s+\|?(Pre)?Depends: ([a-z0-9][a-z0-9+.-]+).*/\2/p' | sort -u)
essential=$(dpkg-query -W -f='${Package} ${Essential} ${Priority}\n' | awk '$2=="yes"||$3=="required"{print $1}')
bins=("$tmp/deb/usr/bin/socialmine-setup")
[ "$has_cli" = yes ] && bins+=("$tmp/deb/usr/bin/socialmine-setup-cli")
missing_libs=0
for lib in $(for b in "${bins[@]}"; do ldd "$b" | awk '/=> \//{print $3}'; done | sort -u); do
  real=$(readlink -f "$lib")
  pkg=$( (dpkg-query -S "$lib" 2>/dev/null || dpkg-query -S "$real" 2>/dev/null || dpkg-query -S "${real/#\/usr\/lib/\/lib}" 2>/dev/null || true) | grep -v '^diversion' | head -1 | cut -d: -f1)
  if [ -z "$pkg" ]; then
    bad "$lib (needed by the binaries) belongs to no Debian package"; missing_libs=1
  elif ! grep -qxF "$pkg" <<<"$closure"$'\n'"$essential"; then
    bad "$lib comes from $pkg, which the .deb's Depends do not pull in"; missing_libs=1
  fi
done
[ $missing_libs = 0 ] && ok "every shared library the binaries load is pulled in by Depends ($(wc -w <<<"$dep_pkgs") packages, $(wc -l <<<"$closure") with their dependencies)"

# ---- desktop file and metainfo -----------------------------------------------------------
if out=$(desktop-file-validate "$tmp/deb/$desktop" 2>&1) && [ -z "$out" ]; then ok "desktop-file-validate"; else bad "desktop-file-validate: $out"; fi
for key in Name Comment Categories Keywords Exec Icon; do
  grep -qE "^$key=." "$tmp/deb/$desktop" && ok "desktop entry has $key" || bad "desktop entry lacks $key"
done
grep -qx 'Exec=socialmine-setup' "$tmp/deb/$desktop" && grep -qx 'Icon=socialmine-setup' "$tmp/deb/$desktop" &&
  ok "desktop entry runs /usr/bin/socialmine-setup with its icon" || bad "desktop entry Exec/Icon do not name socialmine-setup"
if out=$(appstreamcli validate --no-net "$tmp/deb/$metainfo" 2>&1); then ok "appstreamcli validate --no-net"; else bad "appstreamcli validate: $out"; fi
grep -q "<release version=\"$version\"" "$tmp/deb/$metainfo" && ok "metainfo has release notes for $version" || bad "metainfo has no <release version=\"$version\">"
grep -q "<launchable type=\"desktop-id\">socialmine-setup.desktop</launchable>" "$tmp/deb/$metainfo" && ok "metainfo launches the packaged desktop file" || bad "metainfo launchable is not socialmine-setup.desktop"
shots=$(grep -oE '<image[^>]*>[^<]+' "$tmp/deb/$metainfo" | sed -E 's/.*>//')
[ -n "$shots" ] || bad "metainfo has no screenshots"
for url in $shots; do
  f=docs/screenshots/${url##*/}
  [[ $url == */docs/screenshots/* && -f $f ]] && ok "screenshot $f" || bad "screenshot $url is not a file of docs/screenshots"
done

# ---- the binaries run --------------------------------------------------------------------
nodisplay=(env -u DISPLAY -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS)
out=$("${nodisplay[@]}" timeout 20 "$tmp/deb/usr/bin/socialmine-setup" --version 2>&1) &&
  [ "$out" = "socialmine-setup $version" ] && ok "usr/bin/socialmine-setup --version: $out" || bad "socialmine-setup --version: $out"
if [ "$has_cli" = yes ]; then
  cli=$tmp/deb/usr/bin/socialmine-setup-cli
  out=$("${nodisplay[@]}" timeout 20 "$cli" --version 2>&1) && grep -qF "$version" <<<"$out" &&
    ok "usr/bin/socialmine-setup-cli --version without a display: $out" || bad "socialmine-setup-cli --version: $out"
  out=$("${nodisplay[@]}" HOME="$tmp/home" timeout 20 "$cli" platforms 2>&1) && grep -q Threads <<<"$out" &&
    ok "socialmine-setup-cli platforms without a display lists the platforms" || bad "socialmine-setup-cli platforms: $out"
  if ldd "$cli" | grep -qiE 'gtk|webkit|gdk'; then bad "socialmine-setup-cli links GTK/WebKit: $(ldd "$cli" | grep -iE 'gtk|webkit|gdk' | awk '{print $1}' | xargs)"; else ok "socialmine-setup-cli links no GTK or WebKit"; fi
fi

# ---- the rpm -----------------------------------------------------------------------------
echo "package-test: $rpm"
rpm -qpl "$rpm" 2>/dev/null | sed 's|^/||' >"$tmp/rpm.list"
for p in usr/bin/socialmine-setup "$desktop" "$metainfo" "${icon_paths[@]}"; do
  grep -qxF "$p" "$tmp/rpm.list" || bad "the .rpm has no /$p"
done
[ "$has_cli" = yes ] && { grep -qxF usr/bin/socialmine-setup-cli "$tmp/rpm.list" || bad "the .rpm has no /usr/bin/socialmine-setup-cli"; }
ok "the .rpm holds the binaries, desktop file, metainfo and icons ($(wc -l <"$tmp/rpm.list") files)"
[ "$(rpm -qp --qf '%{NAME} %{VERSION}' "$rpm" 2>/dev/null)" = "socialmine-setup $version" ] && ok "rpm name and version socialmine-setup $version" || bad "rpm is $(rpm -qp --qf '%{NAME} %{VERSION}' "$rpm" 2>/dev/null)"
requires=$(rpm -qp --requires "$rpm" 2>/dev/null)
for d in webkit2gtk4.1 gtk3; do grep -qx "$d" <<<"$requires" && ok "rpm Requires: $d" || bad "rpm does not require $d"; done

if [ $fails -gt 0 ]; then echo "package-test: $fails check(s) failed"; exit 1; fi
echo "package-test: every check passed"
