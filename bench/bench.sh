#!/usr/bin/env bash
# `make bench`: SocialMine Setup Assistant against a bare Tauri 2 app (bench/baseline), both
# release builds, measured side by side under Xvfb in one run, alternating, RUNS times each.
# Writes medians and ratios to bench/results.md (with the machine noted).
#
# Usage: bench/bench.sh [RUNS]   (default 10; `make bench` builds both binaries first)
#
# Per launch, in a private dbus session with its own XDG folders:
#   - start → window mapped (xdotool sees it viewable);
#   - start → first screen: the window first shows content below its top bar (bench/launch.sh)
#     — for the app, the start screen with the six platforms (not its "Loading…" line); for
#     the baseline, its page;
#   - idle RSS and PSS of the process and its WebKit children, 5 s after start.
# The app runs with an unlocked keyring, a locked keyring (a login keyring that nobody unlocks,
# no prompter) and no keyring at all (no Secret Service on the bus); the baseline in the first.
# Also: keystroke → findings latency in the app's window with an unlocked keyring (200 keystrokes
# per field through tauri-driver, bench/keystrokes.mjs), stripped binary sizes and the UI
# bundle's gzipped JS + CSS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
runs=${1:-10}
settle_s=5
target=${CARGO_TARGET_DIR:-$root/target}
app=$target/release/socialmine-setup
base=$target/release/bench-baseline
out=$target/bench
mkdir -p "$out"

[ -x "$app" ] || { echo "bench: $app missing (make release)"; exit 1; }
# BENCH_WITHOUT_BASELINE=1 measures the app alone (when the baseline is not built yet).
without_base=${BENCH_WITHOUT_BASELINE:-}
[ -n "$without_base" ] || [ -x "$base" ] || { echo "bench: $base missing (cargo build --release --manifest-path bench/baseline/Cargo.toml)"; exit 1; }
profile() { sed -n '/^\[profile.release\]/,/^\[/p' "$1" | grep -v '^\[' | grep -v '^#' | grep . | sort; }
if [ "$(profile Cargo.toml)" != "$(profile bench/baseline/Cargo.toml)" ]; then
  echo "bench: bench/baseline/Cargo.toml's [profile.release] differs from Cargo.toml's; make them the same:"
  diff <(profile Cargo.toml) <(profile bench/baseline/Cargo.toml) || true
  exit 1
fi
tauri_main=$(awk '/^name = "tauri"$/{getline; print $3}' Cargo.lock | tr -d '"')
tauri_base=$(awk '/^name = "tauri"$/{getline; print $3}' bench/baseline/Cargo.lock | tr -d '"')
[ "$tauri_main" = "$tauri_base" ] || { echo "bench: tauri $tauri_main in the app, $tauri_base in the baseline: copy Cargo.lock to bench/baseline"; exit 1; }

if [ -z "${BENCH_IN_X:-}" ]; then
  exec env BENCH_IN_X=1 xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi

# A session bus that activates nothing: no Secret Service unless the run starts one.
cat >"$out/session.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF

home_for() { echo "$out/home-$1"; }
fresh_home() {
  local h
  h=$(home_for "$1")
  rm -rf "$h" && mkdir -p "$h"/{data,config,cache,runtime} && chmod 700 "$h/runtime"
}

# Runs "$@" in a private session of the given keyring mode: unlocked | locked | none.
in_session() {
  local mode=$1 h
  shift
  h=$(home_for "$KEYHOME")
  env HOME="$h" XDG_DATA_HOME="$h/data" XDG_CONFIG_HOME="$h/config" XDG_CACHE_HOME="$h/cache" \
    XDG_RUNTIME_DIR="$h/runtime" WEBKIT_DISABLE_DMABUF_RENDERER=1 MODE="$mode" \
    dbus-run-session --config-file="$out/session.conf" -- bash -c '
      case $MODE in
        unlocked) eval "$(printf pass | gnome-keyring-daemon --unlock --components=secrets)" ;;
        locked) eval "$(gnome-keyring-daemon --start --components=secrets)" ;;
        none) ;;
      esac
      export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
      "$@"' bash "$@"
}

# One launch: prints "map_ms ready_ms rss_mib pss_mib" on stdout.
measure_launch() {
  local bin=$1 shot=$2
  bash "$root/bench/launch.sh" "$bin" "$settle_s" "$shot"
}

echo "bench: preparing homes (first starts, keyring with the app's secrets, then locked)"
KEYHOME=unlocked fresh_home unlocked
KEYHOME=locked fresh_home locked
KEYHOME=none fresh_home none
KEYHOME=baseline fresh_home baseline
# First start of each (creates the practice deployment, stores its password in the keyring);
# the measured starts are the ones after, as a user's usually are.
KEYHOME=unlocked in_session unlocked bash "$root/bench/launch.sh" "$app" 4 /dev/null >/dev/null
KEYHOME=locked in_session unlocked bash "$root/bench/launch.sh" "$app" 4 /dev/null >/dev/null
KEYHOME=none in_session none bash "$root/bench/launch.sh" "$app" 4 /dev/null >/dev/null
[ -n "$without_base" ] || KEYHOME=baseline in_session unlocked bash "$root/bench/launch.sh" "$base" 4 /dev/null >/dev/null

kinds=(baseline app-unlocked app-locked app-none)
[ -z "$without_base" ] || kinds=(app-unlocked app-locked app-none)
nk=${#kinds[@]}
: >"$out/samples.txt"
for run in $(seq "$runs"); do
  # Rotate the order each round so that no kind always goes first.
  for k in $(seq 0 $((nk - 1))); do
    kind=${kinds[$(((k + run) % nk))]}
    case $kind in
      baseline) bin=$base mode=unlocked home=baseline ;;
      app-unlocked) bin=$app mode=unlocked home=unlocked ;;
      app-locked) bin=$app mode=locked home=locked ;;
      app-none) bin=$app mode=none home=none ;;
    esac
    shot=/dev/null
    [ "$run" = 1 ] && shot="$out/$kind.xwd"
    line=$(KEYHOME=$home in_session "$mode" bash "$root/bench/launch.sh" "$bin" "$settle_s" "$shot")
    echo "$kind $line" | tee -a "$out/samples.txt"
  done
done

# ---- keystroke → findings, in the real window with an unlocked keyring ---------------------
echo "bench: keystroke latency (200 keystrokes per field through tauri-driver)"
command -v tauri-driver >/dev/null || { echo "bench: tauri-driver missing (make tools)"; exit 1; }
KEYHOME=keys fresh_home keys
if ! KEYHOME=keys in_session unlocked node "$root/bench/keystrokes.mjs" "$app" "$out/keystrokes-samples.txt" >"$out/keystrokes.txt"; then
  echo "bench: the keystroke measurement failed (its lines, if any, are kept in the report)"
fi
cat "$out/keystrokes.txt"

# ---- sizes -------------------------------------------------------------------------------
strip -o "$out/app.stripped" "$app"
app_size=$(stat -c %s "$out/app.stripped")
base_size=0
if [ -z "$without_base" ]; then strip -o "$out/base.stripped" "$base" && base_size=$(stat -c %s "$out/base.stripped"); fi
ui_gz=0
for f in ui/dist/assets/*.js ui/dist/assets/*.css; do ui_gz=$((ui_gz + $(gzip -9c "$f" | wc -c))); done
for k in "${kinds[@]}"; do
  [ -f "$out/$k.xwd" ] && /usr/bin/convert "xwd:$out/$k.xwd" "$out/$k.png" 2>/dev/null || true
done

node "$root/bench/report.mjs" "$out/samples.txt" "$app_size" "$base_size" "$ui_gz" "$runs" "$out/keystrokes.txt" >"$root/bench/results.md"
cat "$root/bench/results.md"
echo "bench: screenshots of each kind's first screen: $out/*.png"
