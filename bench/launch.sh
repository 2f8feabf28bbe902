#!/usr/bin/env bash
# One timed launch for bench/bench.sh (run inside its X display and dbus session).
# Usage: bench/launch.sh BINARY SETTLE_SECONDS SCREENSHOT_FILE|/dev/null
# Prints "MAP_MS READY_MS RSS_MIB PSS_MIB":
#   MAP_MS    start → the window is viewable;
#   READY_MS  start → the first picture with content below the top bar (y ≥ 200): for the app
#             the start screen with the platforms (its "Loading…" line does not count), for the
#             baseline its page. Frames are polled with xwd; only a changed frame is examined
#             (ImageMagick: the region's standard deviation > 0.02). NA when not within the limit;
#   RSS/PSS   of the process and all its descendants (WebKit's), SETTLE_SECONDS after start.
# Waits at most LIMIT_SECONDS (env, default 30) for the first screen.
set -euo pipefail
bin=$1 settle=$2 shot=$3
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

tree_pids() {
  local p=$1
  echo "$p"
  for c in $(pgrep -P "$p" || true); do tree_pids "$c"; done
}

t0=$(now_ms)
"$bin" >/dev/null 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT

wid= map=
while [ -z "$wid" ]; do
  wid=$(xdotool search --onlyvisible --pid "$pid" 2>/dev/null | head -1 || true)
  [ -n "$wid" ] && map=$(($(now_ms) - t0)) && break
  [ $(($(now_ms) - t0)) -gt $((settle * 1000)) ] && break
  sleep 0.005
done

limit=${LIMIT_SECONDS:-30}
ready=NA last= frame=$(mktemp)
if [ -n "$wid" ]; then
  while [ $(($(now_ms) - t0)) -lt $((limit * 1000)) ]; do
    t=$(($(now_ms) - t0))
    xwd -silent -id "$wid" >"$frame" 2>/dev/null || break
    h=$(md5sum <"$frame" | cut -c1-12)
    if [ "$h" != "$last" ]; then
      last=$h
      sd=$(/usr/bin/convert "xwd:$frame" -crop 1024x480+0+200 +repage -format '%[fx:standard_deviation]' info: 2>/dev/null || echo 0)
      if awk -v sd="$sd" 'BEGIN { exit !(sd > 0.02) }'; then
        ready=$t
        break
      fi
    fi
    sleep 0.01
  done
fi
# Idle memory SETTLE_SECONDS after start.
while [ $(($(now_ms) - t0)) -lt $((settle * 1000)) ]; do sleep 0.05; done
[ "$shot" = /dev/null ] || [ -z "$wid" ] || xwd -silent -id "$wid" >"$shot" 2>/dev/null || true
rm -f "$frame"

rss=0 pss=0
for p in $(tree_pids "$pid"); do
  [ -r "/proc/$p/smaps_rollup" ] || continue
  rss=$((rss + $(awk '/^Rss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
  pss=$((pss + $(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
done

echo "${map:-NA} $ready $((rss / 1024)) $((pss / 1024))"
