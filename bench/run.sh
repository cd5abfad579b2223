#!/bin/sh
# run.sh [BUILD]: builds and runs every benchmark of a release build (default build/release).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
b=${1:-$top/build/release}
ninja -C "$b" bench >/dev/null
for x in "$b"/bench/bench_*; do
    [ -x "$x" ] || continue
    echo "== $(basename "$x")"
    "$x"
done
