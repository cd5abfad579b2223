#!/bin/sh
# mkarchive.sh SRC.a OUT.a: Debian's static Unicorn, made fit to link into wa-emu. Its mipsel
# check_exit_request (the exit check after every guest load and store, emu/linux/exact.c) is
# made weak, so that exact.c's strong definition takes every call (they are PLT32 relocations
# against the symbol, resolved at link time), and the original gets a second global name,
# wa_unicorn_check_exit_request_mipsel, for the AR7 machine, which needs it. Linking Unicorn
# statically saves the dynamic linker's ~37000 symbol lookups for libunicorn.so (it is
# BIND_NOW): about 18 ms at every start of wa-emu.
set -eu
src=$1
out=$2
sym=check_exit_request_mipsel
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
# the archive holds one tcg-op.c.o per target: find the mipsel one
n=0
while :; do
    n=$((n + 1))
    ar xN "$n" "$src" tcg-op.c.o 2>/dev/null || { echo "mkarchive: no $sym in $src" >&2; exit 1; }
    nm tcg-op.c.o | grep -q " T $sym\$" && break
done
# its section and offset, for the second name
set -- $(readelf -sW tcg-op.c.o | awk -v s="$sym" '$8 == s && $5 == "GLOBAL" {print $2, $7}')
[ "$#" = 2 ] || { echo "mkarchive: cannot read $sym in tcg-op.c.o" >&2; exit 1; }
sec=$(readelf -SW tcg-op.c.o | sed 's/^ *\[ *//' | awk -v i="$2" '$1 == i"]" {print $2}')
objcopy --weaken-symbol="$sym" --add-symbol "wa_unicorn_$sym=$sec:0x$1,global,function" \
    tcg-op.c.o tcg-op-mipsel.o
cp "$src" lib.a
ar dN "$n" lib.a tcg-op.c.o
ar q lib.a tcg-op-mipsel.o
ar s lib.a
mv lib.a "$out.part"
mv "$out.part" "$out"
