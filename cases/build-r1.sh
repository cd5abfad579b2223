#!/bin/sh
# build-r1.sh OUT: a userland the WA1003A's CPU can run, for the example images.
# Debian's mipsel packages are built for MIPS32 release 2 (ins, ext, seb, wsbh, ...), which the
# board's 4KEc (release 1) does not have: its kernel kills such a program with SIGILL. This
# builds Debian 12's own sources of musl and busybox with Debian's cross compiler for
# -march=mips32, links the helpers of cases/progs/r1gcc.c before libgcc (whose byte swaps and
# double conversions are release-2 code), and refuses the result if any release-2 instruction
# is left in it.
#   OUT/busybox       static busybox 1.35.0 (defconfig) on musl 1.2.3, MIPS32 release 1
#   OUT/noip2         static noip2 2.1.9 on the same musl, when NOIP2_SRC (the fixture's src/,
#                     ../shared/fixtures/noip2/src) is given: the owner's client for the box
#   OUT/noip2-uclibc-shmctl   the same with shmctl as uClibc 0.9.19 makes it (no IPC_64 and
#                     the 72-byte struct: cases/progs/oldshmctl.c), as the box's own build
# Only Debian source packages are downloaded. Runs again quickly: what is in OUT is kept.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$1
noip_src=${2:-}
[ -n "$noip_src" ] && [ ! -f "$noip_src/noip2.c" ] && noip_src=
[ -f "$out/busybox" ] && { [ -z "$noip_src" ] || [ -f "$out/noip2-uclibc-shmctl" ]; } && exit 0
mkdir -p "$out"
out=$(cd "$out" && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

# the source packages, through a private apt list (the system's sources stay as they are)
mkdir -p "$t/apt/lists/partial" "$t/apt/cache/archives/partial" "$t/src"
archive=$("$here/../ci/apt-archive.sh")
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $archive bookworm main" \
    >"$t/apt/sources.list"
opts="-o Dir::Etc::SourceList=$t/apt/sources.list -o Dir::Etc::SourceParts=/dev/null
 -o Dir::State::Lists=$t/apt/lists -o Dir::Cache=$t/apt/cache -o APT::Sandbox::User=root"
apt-get $opts update -q >/dev/null
(cd "$t/src" && apt-get $opts source --download-only -q musl=1.2.3-1 \
    busybox=1:1.35.0-4+deb12u1 >/dev/null)
tar -xzf "$t/src/musl_1.2.3.orig.tar.gz" -C "$t/src"
tar -xjf "$t/src/busybox_1.35.0.orig.tar.bz2" -C "$t/src"

cc=mipsel-linux-gnu-gcc
jobs=$(nproc 2>/dev/null || echo 2)
# musl, static only
(cd "$t/src/musl-1.2.3" &&
    ./configure --target=mipsel-linux-gnu CC=$cc CFLAGS="-O2 -march=mips32" \
        --disable-shared --prefix="$t/musl" >/dev/null &&
    make -j"$jobs" >/dev/null 2>&1 && make install >/dev/null)
# the kernel's headers busybox includes, from Debian's linux-libc-dev-mipsel-cross
for d in linux asm asm-generic mtd; do
    ln -s "/usr/mipsel-linux-gnu/include/$d" "$t/musl/include/$d"
done
$cc -O2 -march=mips32 -c -o "$t/r1gcc.o" "$here/progs/r1gcc.c"
mipsel-linux-gnu-ar rcs "$t/musl/lib/libr1gcc.a" "$t/r1gcc.o"
# no release-2 instruction may be left (rdhwr is fine: the kernel emulates it for TLS)
check_r1() {
    r2=$(mipsel-linux-gnu-objdump -d "$1" |
        awk '$3 ~ /^(ins|ext|seb|seh|wsbh|rotr|rotrv|mfhc1|mthc1|di|ei|ehb|jr\.hb|jalr\.hb|synci|rdpgpr|wrpgpr)$/' |
        head -5)
    if [ -n "$r2" ]; then
        printf 'build-r1: release-2 instructions left in %s:\n%s\n' "$1" "$r2" >&2
        exit 1
    fi
}
# noip2: its Makefile's one compile line, with the box's paths (PREFIX "": /etc/no-ip2.conf)
if [ -n "$noip_src" ] && [ ! -f "$out/noip2-uclibc-shmctl" ]; then
    for v in noip2 noip2-uclibc-shmctl; do
        extra=$([ $v = noip2 ] || echo "-include $here/progs/oldshmctl.h $here/progs/oldshmctl.c")
        "$t/musl/bin/musl-gcc" -march=mips32 -O2 -static -s -Dlinux -DPREFIX='""' -w \
            -o "$t/$v" "$noip_src/noip2.c" $extra -L"$t/musl/lib" -lr1gcc
        check_r1 "$t/$v"
        cp "$t/$v" "$out/$v.part"
        mv "$out/$v.part" "$out/$v"
    done
    echo "r1 noip2 in $out"
fi
[ -f "$out/busybox" ] && exit 0
# busybox: defconfig, static; tc does not build against these kernel headers
bb="$t/src/busybox-1.35.0"
make -C "$bb" defconfig >/dev/null
sed -i -e 's/^# CONFIG_STATIC is not set/CONFIG_STATIC=y/' -e 's/^CONFIG_TC=y/# CONFIG_TC is not set/' \
    "$bb/.config"
make -C "$bb" -j"$jobs" CC="$t/musl/bin/musl-gcc -march=mips32" CROSS_COMPILE=mipsel-linux-gnu- \
    EXTRA_LDFLAGS="-L$t/musl/lib" CONFIG_EXTRA_LDLIBS=r1gcc busybox >"$t/build.log" 2>&1 ||
    { tail -20 "$t/build.log" >&2; echo "build-r1: busybox did not build" >&2; exit 1; }

check_r1 "$bb/busybox"
cp "$bb/busybox" "$out/busybox.part"
mv "$out/busybox.part" "$out/busybox"
echo "r1 busybox in $out"
