#!/usr/bin/env bash
# Regenerates every PNG icon from icons/icon.svg (needs rsvg-convert: apt-get install librsvg2-bin).
# Tauri needs 8-bit RGBA PNGs; rsvg-convert writes exactly that.
set -euo pipefail
cd "$(dirname "$0")"
for size in 32 128 256 512; do
  rsvg-convert -w "$size" -h "$size" icon.svg -o "tmp-$size.png"
done
mv tmp-32.png 32x32.png
mv tmp-128.png 128x128.png
mv tmp-256.png 128x128@2x.png
mv tmp-512.png icon.png
