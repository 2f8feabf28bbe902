#!/usr/bin/env bash
# Regenerates every PNG icon from icons/icon.svg (needs rsvg-convert: apt-get install librsvg2-bin).
# Tauri needs 8-bit RGBA PNGs; rsvg-convert writes exactly that. The sizes are the freedesktop
# hicolor theme's; `make package` installs each one (packaging/tauri.package.json lists them).
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" icon.svg -o "tmp-$size.png"
done
for size in 16 24 32 48 64 128 256; do
  mv "tmp-$size.png" "${size}x${size}.png"
done
cp 256x256.png 128x128@2x.png # the 128 px icon at 2x scale (HiDPI)
mv tmp-512.png icon.png
