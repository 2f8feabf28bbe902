#!/usr/bin/env bash
# Measures the idle resident memory of the app and its WebKit child processes under Xvfb.
# Usage: bench/idle-rss.sh BINARY [RUNS] [SETTLE_SECONDS]   (run inside `make` 's in_session, or
# directly: it starts its own Xvfb and dbus session when DISPLAY is unset).
# Prints one line per run and the median, in MiB: total RSS and PSS of the process tree.
set -euo pipefail
bin=${1:?usage: bench/idle-rss.sh BINARY [RUNS] [SETTLE_SECONDS]}
runs=${2:-5}
settle=${3:-5}

if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- "$0" "$@"
fi

tree_pids() { # the pid and all its descendants
  local p=$1; echo "$p"
  for c in $(pgrep -P "$p" || true); do tree_pids "$c"; done
}

measure() {
  local rss=0 pss=0 p
  for p in $(tree_pids "$1"); do
    [ -r /proc/$p/smaps_rollup ] || continue
    rss=$((rss + $(awk '/^Rss:/ {print $2}' /proc/$p/smaps_rollup)))
    pss=$((pss + $(awk '/^Pss:/ {print $2}' /proc/$p/smaps_rollup)))
  done
  echo "$((rss / 1024)) $((pss / 1024))"
}

results=()
for i in $(seq "$runs"); do
  "$bin" >/dev/null 2>&1 &
  pid=$!
  sleep "$settle"
  read -r rss pss < <(measure "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "run $i: rss ${rss} MiB, pss ${pss} MiB (processes: app + WebKit children)"
  results+=("$rss $pss")
done
printf '%s\n' "${results[@]}" | sort -n | awk '{r[NR]=$1; p[NR]=$2} END {m=int((NR+1)/2); print "median: rss " r[m] " MiB, pss " p[m] " MiB over " NR " runs"}'
