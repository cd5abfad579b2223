#!/bin/sh
# boot.sh [BUILD] [RUNS]: the deep path on the example image: the AR7 fixture kernel from
# ADAM2's hand-off to init's first instruction in the AR7 machine (verify --deep, stage
# "boot"), RUNS times (default 3). Prints the host time of each run, the guest instructions
# (decompressor and kernel, and how many of them were idle time skipped while the CPU waited),
# the guest instructions per second, the ratio to the goal (15 s) and to the real box (about
# 30 s), and, as the reference run of the same script, the fast path (verify without --deep)
# on the same image with the deep path's ratio to it.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
b=${1:-$top/build/release}
runs=${2:-3}
wa="$b/harness/wa-emu"
img="$top/build/fixtures/images/pass.bin"
ms_of() { # the "boot" (or "kernel") stage time in ms from a text report
    sed -n "s/^  $1 *ok *\([0-9.]*\) ms$/\1/p"
}
best=
i=0
while [ "$i" -lt "$runs" ]; do
    out=$("$wa" verify --deep --no-color --board ar7-8m "$img")
    ms=$(echo "$out" | ms_of boot)
    ev=$(echo "$out" | sed -n 's/.*; \([0-9]*\) instructions (\([0-9]*\) idle).*/\1 \2/p' | head -1)
    set -- $ev
    echo "run $((i + 1)): hand-off to init in $ms ms; $1 guest instructions, of which $2 idle"
    awk -v ms="$ms" -v n="$1" -v idle="$2" 'BEGIN {
        printf "        %.1f M instructions/s run (%.1f M/s counting idle time)\n",
            (n - idle) / ms / 1000, n / ms / 1000 }'
    if [ -z "$best" ] || awk -v a="$ms" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$ms; fi
    i=$((i + 1))
done
fast=$("$wa" verify --no-color --board ar7-8m "$img" | ms_of kernel)
awk -v best="$best" -v fast="$fast" 'BEGIN {
    printf "best: %.2f s; goal 15 s: ratio %.3f (%s); the real box takes about 30 s: ratio %.3f\n",
        best / 1000, best / 15000, best <= 15000 ? "met" : "NOT met", best / 30000
    printf "reference: the fast path (static kernel probe) takes %.1f ms; deep / fast = %.1f\n",
        fast, best / fast }'
