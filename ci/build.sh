#!/bin/sh
# build.sh [DIR] [CMAKE-ARGS...]: configure and build wa-emu into DIR (default build/release).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build/release}
[ $# -gt 0 ] && shift
cmake -S "$top" -B "$dir" -G Ninja -DWA_FIXTURES="$top/build/fixtures" "$@" >/dev/null
ninja -C "$dir"
