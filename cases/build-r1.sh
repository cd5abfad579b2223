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
#   OUT/noip2-2.4     noip2 2.1.9 for the box's own kernel (2.4.17: no set_thread_area, no rdhwr
#                     emulation, so no TLS): static on Debian 12's dietlibc source built for
#                     -march=mips32 without TLS, and with shmctl and struct shmid_ds as uClibc
#                     0.9.19 has them (cases/progs/uclibc019shm.h); refused if it holds a
#                     TLS word (rdhwr $29, set_thread_area) or a PT_TLS segment
# Only Debian source packages are downloaded. Runs again quickly: what is in OUT is kept.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$1
noip_src=${2:-}
[ -n "$noip_src" ] && [ ! -f "$noip_src/noip2.c" ] && noip_src=
[ -f "$out/busybox" ] && { [ -z "$noip_src" ] ||
    { [ -f "$out/noip2" ] && [ -f "$out/noip2-2.4" ]; }; } && exit 0
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
# dietlibc: only its upstream tarball is used (the Debian revision's patches are for its own
# packaging); some archives lack that revision's .debian.tar.xz, so apt's download may fail
# for it: the .orig tarball is then checked against the SHA-256 its .dsc gives
dl_ver=0.34~cvs20160606
if [ -n "$noip_src" ]; then
    (cd "$t/src" && apt-get $opts source --download-only -q "dietlibc=$dl_ver-14" >/dev/null 2>&1) ||
        true
    orig="dietlibc_$dl_ver.orig.tar.xz"
    sum=$(awk -v f="$orig" '/^Checksums-Sha256:/ { s = 1; next } /^[^ ]/ { s = 0 }
        s && $3 == f { print $1; exit }' "$t/src/dietlibc_$dl_ver-14.dsc" 2>/dev/null || true)
    [ -n "$sum" ] && (cd "$t/src" && echo "$sum  $orig" | sha256sum -c --quiet -) ||
        { echo "build-r1: no verified $orig from the archive" >&2; exit 1; }
    tar -xJf "$t/src/$orig" -C "$t/src"
fi
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
if [ -n "$noip_src" ] && [ ! -f "$out/noip2" ]; then
    "$t/musl/bin/musl-gcc" -march=mips32 -O2 -static -s -Dlinux -DPREFIX='""' -w \
        -o "$t/noip2" "$noip_src/noip2.c" -L"$t/musl/lib" -lr1gcc
    check_r1 "$t/noip2"
    cp "$t/noip2" "$out/noip2.part"
    mv "$out/noip2.part" "$out/noip2"
    echo "r1 noip2 in $out"
fi
# noip2 for the 2.4 kernel, on dietlibc: no TLS (2.4.17 has no set_thread_area: dietlibc's
# WANT_TLS and WANT_SSP call it at start), release 1, no PIC (a static program; dietlibc's
# PIC code and non-PIC calls disagree on $gp), and no rewriting of dietlibc's own byte loop
# in strlen into a call to strlen (gcc 12's loop distribution: strlen would call itself)
if [ -n "$noip_src" ] && [ ! -f "$out/noip2-2.4" ]; then
    dl="$t/src/dietlibc-$dl_ver"
    sed -i -e 's|^#define WANT_TLS$|/* no WANT_TLS: the 2.4 kernel has no TLS */|' \
        -e 's|^#define WANT_SSP$|/* no WANT_SSP: its guard lives in the TLS block */|' \
        "$dl/dietfeatures.h"
    dflags="-march=mips32 -fno-pic -mno-abicalls -fno-tree-loop-distribute-patterns"
    sed -i "s|-march=mips2|$dflags|" "$dl/mipsel/Makefile.add"
    ! grep -q '^#define WANT_\(TLS\|SSP\)$' "$dl/dietfeatures.h" &&
        grep -q -- "$dflags" "$dl/mipsel/Makefile.add" ||
        { echo "build-r1: dietlibc's configuration was not as expected" >&2; exit 1; }
    make -C "$dl" ARCH=mipsel MYARCH=mipsel CROSS=mipsel-linux-gnu- -j"$jobs" \
        bin-mipsel/start.o bin-mipsel/dietlibc.a >"$t/diet.log" 2>&1 ||
        { tail -20 "$t/diet.log" >&2; echo "build-r1: dietlibc did not build" >&2; exit 1; }
    # noip2 uses BSD's ushort and uint, which dietlibc does not define
    $cc $dflags -O2 -static -nostdlib -nostdinc -isystem "$dl/include" \
        -isystem "$($cc -print-file-name=include)" -D__dietlibc__ -Dlinux -DPREFIX='""' \
        '-Dushort=unsigned short' '-Duint=unsigned int' -include "$here/progs/uclibc019shm.h" \
        -w -s -o "$t/noip2-2.4" "$dl/bin-mipsel/start.o" "$noip_src/noip2.c" \
        "$dl/bin-mipsel/dietlibc.a" "$t/r1gcc.o" -lgcc >"$t/noip2.log" 2>&1 ||
        { grep -i error "$t/noip2.log" >&2; echo "build-r1: noip2 (dietlibc) did not build" >&2
          exit 1; }
    check_r1 "$t/noip2-2.4"
    tls=$(mipsel-linux-gnu-objdump -d "$t/noip2-2.4" |
        grep -E 'rdhwr.*,\$29|li[[:space:]]+v0,4283' | head -3)
    if [ -n "$tls" ] || mipsel-linux-gnu-readelf -lW "$t/noip2-2.4" | grep -q '^ *TLS '; then
        printf 'build-r1: noip2-2.4 needs TLS, which the 2.4 kernel lacks:\n%s\n' "$tls" >&2
        exit 1
    fi
    cp "$t/noip2-2.4" "$out/noip2-2.4.part"
    mv "$out/noip2-2.4.part" "$out/noip2-2.4"
    echo "2.4 noip2 (dietlibc, no TLS) in $out"
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
