#!/bin/sh
# Renders a taskmix HTML report to a PNG with headless Chromium, to look at it as a reader would.
#
#   docs/render-report.sh REPORT.html OUT.png [WIDTHxHEIGHT]
#
# Needs chromium (Debian package "chromium"). Nothing is fetched from the network: the report is
# self-contained, and the flags switch off Chromium's own background traffic. The default window
# is 1280x2400 (the top of a long page at desktop width).
set -eu
if [ $# -lt 2 ]; then
    echo "usage: $0 REPORT.html OUT.png [WIDTHxHEIGHT]" >&2
    exit 2
fi
report=$1
out=$2
size=${3:-1280x2400}
[ -f "$report" ] || { echo "$0: $report: no such file" >&2; exit 2; }
width=${size%x*}
height=${size#*x}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
abs=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" --screenshot="$out" \
    --window-size="$width,$height" "file://$abs" >/dev/null 2>&1
[ -s "$out" ] || { echo "$0: chromium wrote no screenshot" >&2; exit 1; }
echo "$out"
