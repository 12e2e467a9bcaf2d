#!/usr/bin/env bash
# Renders every raster icon from the two SVGs in share/icons/hicolor/scalable: the application's
# and the exported session's PNGs in each hicolor size, the Windows .ico and the macOS .icns.
# The output is committed; run this after changing an SVG, then commit what changed.
# Needs: sudo apt-get install librsvg2-bin imagemagick icnsutils
set -euo pipefail
cd "$(dirname "$0")"

# The sizes the desktops look up (Assets.ICON_SIZES; AssetsTest fails if one is missing).
sizes=(16 22 24 32 48 64 128 256 512)
hicolor=share/icons/hicolor
for icon in apps/sandbench mimetypes/application-vnd.sandbench.session+json; do
  for s in "${sizes[@]}"; do
    mkdir -p "$hicolor/${s}x${s}/$(dirname "$icon")"
    rsvg-convert --width "$s" --height "$s" "$hicolor/scalable/$icon.svg" --output "$hicolor/${s}x${s}/$icon.png"
  done
done

app() { echo "$hicolor/${1}x${1}/apps/sandbench.png"; }
# Windows picks from these (the 256 px one is stored as PNG); -strip keeps dates out of the file.
convert "$(app 16)" "$(app 24)" "$(app 32)" "$(app 48)" "$(app 64)" "$(app 128)" "$(app 256)" -strip windows/sandbench.ico
# The sizes an .icns can hold that we render (1024 px would only repeat the 512 px one, larger).
png2icns macos/sandbench.icns "$(app 16)" "$(app 32)" "$(app 48)" "$(app 128)" "$(app 256)" "$(app 512)" >/dev/null
