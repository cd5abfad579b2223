#!/bin/sh
# gate-example.sh WA_EMU KERNEL ROOT OUT: the gate of a firmware build, as a pipeline runs it
# (ci/gate-example.yml is the same as a GitHub Actions workflow). It packs the image from the
# kernel and the root tree with `wa-emu pack`, runs the gate's cases on it (ci/gate/*.case:
# the image must PASS, with noip2 running and keeping the box's name updated), and fails
# (exit 1) when the result is DEGRADED or worse. OUT gets fw.bin, gate.xml (JUnit: the reason,
# for the CI system to show) and gate.json.
#   GATE_BOARD   the board profile (default ar7-8m, the board of wa-emu's example kernel)
#   GATE_CASES   the cases to run (default: ci/gate beside this script)
set -eu
[ $# -eq 4 ] || { echo "usage: gate-example.sh WA_EMU KERNEL ROOT OUT" >&2; exit 64; }
wa=$1 kernel=$2 root=$3 out=$4
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
export GATE_IMAGE="$out/fw.bin" GATE_BOARD="${GATE_BOARD:-ar7-8m}"
"$wa" pack --kernel "$kernel" --rootfs "$root" --board "$GATE_BOARD" -o "$GATE_IMAGE"
rc=0
"$wa" cases run "${GATE_CASES:-$here/gate}" --junit "$out/gate.xml" --json="$out/gate.json" || rc=$?
if [ "$rc" -ne 0 ]; then
    echo "gate: $GATE_IMAGE must not be flashed (wa-emu cases run: exit $rc; $out/gate.xml says why)" >&2
    exit 1
fi
echo "gate: $GATE_IMAGE passed"
