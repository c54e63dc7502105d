#!/usr/bin/env bash
# Render an alkres HTML report in headless Chromium and save a PNG, to look at the report as a
# clinician would. Usage: scripts/screenshot_report.sh out/P01.alkres.grch38.html [report.png]
# SCREENSHOT_HEIGHT=N sets the window height in pixels (default 2400).
# Needs Debian's chromium (apt-get install chromium); not run in CI (the HTML has a structural
# test in tests/reports.rs).
set -euo pipefail
html=${1:?usage: $0 REPORT.html [OUT.png]}
png=${2:-${html%.html}.png}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --window-size=1280,"${SCREENSHOT_HEIGHT:-2400}" --screenshot="$png" "$html" 2>/dev/null
echo "$png"
