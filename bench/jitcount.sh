#!/bin/sh
# jitcount.sh [BUILD]: where the user-mode gap to qemu-mipsel lies, counted rather than timed.
# This machine's speed changes from one second to the next (bench/user.sh), so the same work
# is also run under valgrind's callgrind, whose instruction counts move by less than 0.1%
# from run to run: the host instructions wa-emu and qemu-mipsel execute for one unit of guest
# work, split into translated code (callgrind names no symbol there) and the rest (the
# emulators' helpers, lookups, system calls). One unit is one iteration of bench/user.sh's shell loop, and
# one md5sum of Debian's static busybox (2.3 MB; busybox reading itself). Each is the
# difference between a small and a large run of the same process, so the start drops out.
# Needs valgrind (Debian's package); takes a few minutes.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
b=${1:-$top/build/release}
wa="$b/harness/wa-emu"
fx="$top/build/fixtures/images"
img="$fx/rootfs-user.sqfs"
bb="$fx/user/bin/busybox"
board="$top/bench/bench-64m.board"
command -v valgrind >/dev/null || { echo "jitcount.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# count NAME CMD...: runs CMD under callgrind; prints "translated rest" for its busiest
# process (wa-emu's guest, qemu-mipsel itself: the work never forks)
count() {
    n=$1
    shift
    rm -f "$tmp/cg.$n".*
    valgrind -q --tool=callgrind --smc-check=all-non-file --callgrind-out-file="$tmp/cg.$n.%p" \
        "$@" >/dev/null 2>"$tmp/err.$n" || { cat "$tmp/err.$n" >&2; exit 1; }
    f=$(ls -S "$tmp/cg.$n".* | head -n 1)
    callgrind_annotate --threshold=100 "$f" | awk '
        /PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
        / \[\?\?\?\]$/ { gsub(",", "", $1); jit += $1 }
        END { printf "%d %d\n", jit, total - jit }'
}
loop() { echo "i=0; while [ \$i -lt $1 ]; do i=\$((i+1)); done; echo \$i"; }
files() { i=0; while [ "$i" -lt "$1" ]; do printf ' %s' "$2"; i=$((i + 1)); done; }
report() { # NAME UNITS WA_SMALL WA_LARGE Q_SMALL Q_LARGE (each "translated rest")
    echo "$2 $3 $4 $5 $6" | awk -v name="$1" '{
        u = $1; wj = ($4 - $2) / u; wr = ($5 - $3) / u; qj = ($8 - $6) / u; qr = ($9 - $7) / u
        printf "%s: per unit, wa-emu %.0f K host instructions in translated code + %.0f K" \
            " elsewhere, qemu-mipsel %.0f K + %.0f K; ratio %.2f in translated code, %.2f" \
            " in all\n", name, wj / 1000, wr / 1000, qj / 1000, qr / 1000, wj / qj,
            (wj + wr) / (qj + qr) }'
}
n1=500 n2=2500
ws=$(count ws "$wa" run --board "$board" "$img" -- /bin/busybox sh -c "$(loop $n1)")
wl=$(count wl "$wa" run --board "$board" "$img" -- /bin/busybox sh -c "$(loop $n2)")
qs=$(count qs qemu-mipsel "$bb" sh -c "$(loop $n1)")
ql=$(count ql qemu-mipsel "$bb" sh -c "$(loop $n2)")
report "shell loop iteration" $((n2 - n1)) "$ws" "$wl" "$qs" "$ql"
m1=1 m2=4
ws=$(count ms "$wa" run --board "$board" "$img" -- /bin/busybox md5sum $(files $m1 /bin/busybox))
wl=$(count ml "$wa" run --board "$board" "$img" -- /bin/busybox md5sum $(files $m2 /bin/busybox))
qs=$(count qms qemu-mipsel "$bb" md5sum $(files $m1 "$bb"))
ql=$(count qml qemu-mipsel "$bb" md5sum $(files $m2 "$bb"))
report "md5sum of busybox (2.3 MB)" $((m2 - m1)) "$ws" "$wl" "$qs" "$ql"
