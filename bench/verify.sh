#!/bin/sh
# verify.sh [BUILD] [RUNS]: `wa-emu verify` on the PASS example in its three depths, RUNS
# times each (default 5), alternating: --static (stages 1-4, no emulation), the default
# (stages 1-5: the userland runs) and --deep (the kernel runs first). Prints each depth's
# median wall time, the median time of each of its stages, and the goals: the default under
# 1.5 s, --static no slower than the default was before the userland ran by default (0.25 s).
# The reference run, alternating with them: `wa-emu inspect` of the same image (the split
# and the kernel probe, its LZMA unpacked: what --static cannot do without); each depth is
# printed as a ratio to it, which a loaded machine moves less than the seconds. The machine
# is shared: the load average (/proc/loadavg) before and after is printed with the figures, and
# each depth's CPU time (user + system), which the load moves less.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
b=${1:-$top/build/release}
runs=${2:-5}
wa="$b/harness/wa-emu"
img="$top/build/fixtures/images/pass.bin"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
# the CPU seconds (user + system) the shell's children have used so far (`times`, in ticks of
# 10 ms): less moved by the other work of a shared machine than the wall time
# into $cpu (`times` runs in this shell: in a $(...) it would see a subshell's children)
cpu_now() {
    times >"$tmp/times"
    cpu=$(awk 'NR == 2 {n = 0; for (i = 1; i <= 2; i++) {split($i, t, "m"); n += t[1] * 60 + t[2]}; print n}' "$tmp/times")
}
load0=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq "$runs"); do
    t0=$(date +%s.%N)
    "$wa" inspect --board ar7-8m "$img" >/dev/null
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc >>"$tmp/ref.total"
    for d in static default deep; do
        opt=$([ $d = default ] || echo "--$d")
        cpu_now
        c0=$cpu
        t0=$(date +%s.%N)
        "$wa" verify $opt --no-color --board ar7-8m "$img" >"$tmp/out" || true
        t1=$(date +%s.%N)
        cpu_now
        echo "$cpu - $c0" | bc >>"$tmp/$d.cpu"
        echo "$t1 - $t0" | bc >>"$tmp/$d.total"
        # the stage lines: "  NAME  RESULT  MS ms"
        awk '/^  [a-z0-9]+ +[a-zA-Z-]+ +[0-9.]+ ms$/ {print $1, $3}' "$tmp/out" >>"$tmp/$d.stages"
    done
done
ref=$(median <"$tmp/ref.total")
echo "load average before: $load0; after: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores)"
echo "reference (wa-emu inspect: split and kernel probe): $ref s (median of $runs)"
for d in static default deep; do
    total=$(median <"$tmp/$d.total")
    stages=$(for s in $(awk '{print $1}' "$tmp/$d.stages" | awk '!seen[$0]++'); do
        printf ' %s %s ms' "$s" "$(awk -v s="$s" '$1 == s {print $2}' "$tmp/$d.stages" | median)"
    done)
    echo "$d: $total s (median of $runs; CPU $(median <"$tmp/$d.cpu") s)," \
        "$(echo "scale=2; $total / $ref" | bc) x the reference;$stages"
done
def=$(median <"$tmp/default.total")
st=$(median <"$tmp/static.total")
stc=$(median <"$tmp/static.cpu")
echo "goal: default under 1.5 s: $(echo "$def < 1.5" | bc | sed 's/1/met/;s/0/not met/'); --static" \
    "no slower than 0.25 s: $(echo "$st <= 0.25" | bc | sed 's/1/met/;s/0/not met/')" \
    "(in CPU time, $stc s: $(echo "$stc <= 0.25" | bc | sed 's/1/met/;s/0/not met/')); default / static" \
    "= $(echo "scale=1; $def / $st" | bc)"
