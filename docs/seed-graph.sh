#!/usr/bin/env bash
# Make docs/seed-graph.png: the graph page that `kgbuild build` writes for the
# shipped example article, in headless Chromium (Debian's chromium), with the
# planned meeting selected (#q=لقاءات) so its provenance shows on the right.
# The network is blocked: the page needs none.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
kgbuild build examples/articles --out "$out" >/dev/null
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --host-resolver-rules="MAP * ~NOTFOUND" --proxy-server=127.0.0.1:9 \
    --disable-background-networking --disable-component-update --no-first-run \
    --window-size=1600,1000 --virtual-time-budget=10000 \
    --screenshot="$PWD/docs/seed-graph.png" "file://$out/graph.html#q=لقاءات"
rm -r "$out"
