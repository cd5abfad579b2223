#!/bin/sh
# cases.sh [BUILD] [JOBS]: the example case suite (cases/*.case) as a pipeline runs it,
# `wa-emu cases run cases -j JOBS` (default 2), against the reference: the sum of its cases
# run one at a time (`cases run FILE`, each its own command). Prints both wall times, the
# ratio, and the cases per second. Every case must pass in both.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
b=${1:-$top/build/release}
jobs=${2:-2}
wa="$b/harness/wa-emu"
export WA_FIXTURES="$top/build/fixtures"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
t0=$(now)
"$wa" cases run "$top/cases" -j "$jobs" >"$tmp/suite" ||
    { cat "$tmp/suite"; echo "cases.sh: the suite did not pass"; exit 1; }
t1=$(now)
suite=$(echo "$t1 - $t0" | bc)
n=0
sum=0
for c in "$top"/cases/*.case; do
    t0=$(now)
    "$wa" cases run "$c" -j 1 >"$tmp/one" || { cat "$tmp/one"; echo "cases.sh: $c failed alone"; exit 1; }
    t1=$(now)
    sum=$(echo "$sum + $t1 - $t0" | bc)
    n=$((n + 1))
done
echo "cases run cases -j $jobs: $n cases in $suite s wall ($(echo "scale=1; $n / $suite" | bc) cases/s)"
echo "the same cases one by one (reference): $sum s wall in sum"
echo "one by one / -j $jobs: $(echo "scale=2; $sum / $suite" | bc)x on $(nproc) CPUs (a case waits as well as it computes: the ratio can pass the CPUs)"
