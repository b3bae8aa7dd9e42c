#!/bin/sh
# Renders a PolicyTrace report to PNG with headless Chromium (Debian: apt-get
# install chromium fonts-noto-cjk), to check how it looks in a real browser.
# Usage: scripts/render-report.sh [report.html] [out.png] [height]
set -eu
cd "$(dirname "$0")/.."
report=${1:-Output/report.html}
png=${2:-docs/report.png}
height=${3:-3000}
[ -f "$report" ] || { echo "no $report: run 'swift run policytrace run' first" >&2; exit 1; }
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "chromium not found (apt-get install -y chromium fonts-noto-cjk)" >&2; exit 1; }
mkdir -p "$(dirname "$png")"
abs=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --screenshot="$png" --window-size="1280,$height" "file://$abs" 2>/dev/null
# Screenshots are mostly flat colour: 256 colours keep them small enough for git.
if command -v convert >/dev/null 2>&1 && convert -version 2>/dev/null | grep -q ImageMagick; then
    convert "$png" -colors 256 "PNG8:$png.tmp" && mv "$png.tmp" "$png"
fi
echo "wrote $png ($(wc -c < "$png") bytes)"
