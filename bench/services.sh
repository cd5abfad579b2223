#!/bin/sh
# services.sh [BUILD] [RUNS]: a day of the box's life in virtual time. `wa-emu verify` on the
# PASS example (it starts the owner's noip2, updating every 30 minutes) in a world that lives
# 24 hours and changes the public address every 6 hours, against the reference: the same
# world living 1 hour. RUNS times each (default 3), alternating; prints the median wall time
# of each, the ratio of virtual to wall time, the ratio of the day's wall time to the hour's,
# and the goal: the day under 30 s. The day must end PASS with 4 updates (the first, and one
# after each change); the hour with 1.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
b=${1:-$top/build/release}
runs=${2:-3}
wa="$b/harness/wa-emu"
img="$top/build/fixtures/images/pass.bin"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -f "$top/build/fixtures/r1/noip2" ] || { echo "services.sh: no noip2 in the example images"; exit 1; }
printf 'duration = 24h\npublic_ip@6h = 198.51.100.6\npublic_ip@12h = 198.51.100.12\npublic_ip@18h = 198.51.100.18\n' >"$tmp/day.world"
printf 'duration = 1h\n' >"$tmp/hour.world"
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
for i in $(seq "$runs"); do
    for w in day hour; do
        t0=$(date +%s.%N)
        "$wa" verify --no-color --board ar7-8m --world "$tmp/$w.world" "$img" >"$tmp/out" || true
        t1=$(date +%s.%N)
        echo "$t1 - $t0" | bc >>"$tmp/$w.times"
        grep -o 'noip2-updated: .*' "$tmp/out" >"$tmp/$w.found" ||
            { cat "$tmp/out"; echo "services.sh: the $w did not end with noip2-updated"; exit 1; }
    done
done
grep -q "198.51.100.18 (answer 1: updated); 4 updates in the 1440 minutes" "$tmp/day.found" ||
    { cat "$tmp/day.found"; echo "services.sh: the day did not give 4 updates"; exit 1; }
grep -q "; 1 update in the 60 minutes" "$tmp/hour.found" ||
    { cat "$tmp/hour.found"; echo "services.sh: the hour did not give 1 update"; exit 1; }
day=$(median <"$tmp/day.times")
hour=$(median <"$tmp/hour.times")
echo "verify, 24 virtual hours (4 updates): $day s wall, $(echo "86400 / $day" | bc) virtual s per wall s"
echo "verify, 1 virtual hour (reference, 1 update): $hour s wall, $(echo "3600 / $hour" | bc) virtual s per wall s"
echo "day / hour wall time: $(echo "scale=2; $day / $hour" | bc) (24 if time were not skipped)"
echo "goal: the day under 30 s: $(echo "$day < 30" | bc | sed 's/1/met/; s/0/NOT met/')"
