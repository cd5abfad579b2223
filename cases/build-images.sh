#!/bin/sh
# build-images.sh FIXTURES WA_EMU: builds the example images from real parts into FIXTURES/images.
#   rootfs/            the example root tree: a busybox for the board's MIPS32 release-1 CPU
#                      (cases/build-r1.sh), cases/rootfs/ (rcS, inittab), /etc/var.tar, device
#                      nodes as mksquashfs pseudo entries
#   rootfs-gzip.sqfs   SquashFS 4.0 gzip (the only kind the AR7 fixture kernel mounts)
#   rootfs-xz.sqfs     SquashFS 4.0 xz (readable, but that kernel cannot mount it)
#   pass.bin           `wa-emu pack` of the AR7 kernel fixture and rootfs-gzip.sqfs (board ar7-8m)
#   rootfs-user.sqfs   the user-mode test root: the example tree with Debian's static busybox
#                      (release 2) as /bin/busybox, the release-1 one as /bin/busybox.r1,
#                      Debian's dynamic busybox
#                      (/bin/busybox.dyn) and glibc (/lib), and the programs that must be
#                      refused or stopped under /t (see the user-mode section below)
#   noboot-rootfs-v31.bin, noboot-rootfs-v10.bin   the kernel with a little-endian SquashFS 3.1
#                      or 1.0 root (written by loaders/tests/mklegacy.c), which it cannot mount
#   <verdict>-<cause>.bin   one broken image per stage-1/2 failure (see cases/mutate.py) and
#                      per stage-4 failure (variants of the root tree, a real legacy rootfs);
#                      <verdict>-deep-<cause>.bin: what only verify --deep finds (the fast
#                      path calls them PASS)
# Deterministic: the same inputs give the same bytes.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
fx=$(cd "$1" && pwd)
wa=$2
out="$fx/images"
rm -rf "$out.part"
mkdir -p "$out.part"
root="$out.part/rootfs"

# The root tree.
mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin" "$root/proc" "$root/var" \
    "$root/tmp" "$root/dev" "$root/lib" "$root/mnt"
cp -a "$here/rootfs/." "$root/"
cp "$fx/r1/busybox" "$root/bin/busybox"
for a in sh ash cat cp echo ls mkdir mount umount ps rm sed grep tar sleep kill hostname \
    ifconfig date uname dmesg; do
    ln -sf busybox "$root/bin/$a"
done
for a in init reboot halt poweroff syslogd klogd; do
    ln -sf ../bin/busybox "$root/sbin/$a"
done
for a in awk find sort md5sum head tail wc tr cut uniq expr test env id; do
    ln -sf ../../bin/busybox "$root/usr/bin/$a"
done
# /etc/var.tar: the writable /var the box unpacks into RAM at boot; /etc/resolv.conf is there.
vt="$out.part/var"
mkdir -p "$vt/var/noip" "$vt/var/log" "$vt/var/run" "$vt/var/etc"
printf 'nameserver 192.0.2.53\n' > "$vt/var/etc/resolv.conf"
ln -s /var/etc/resolv.conf "$root/etc/resolv.conf"
# The owner's no-ip client (cases/build-r1.sh, from the fixture's source) and its config, made
# the way the owner makes it: `noip2 -C` under `wa-emu run`, against the scripted settings.php
# of cases/worlds/owner.world, answering its question (the interface: 0, br0, so it works
# behind NAT and asks ip1 for the public address) on stdin.
if [ -f "$fx/r1/noip2" ]; then
    cp "$fx/r1/noip2" "$root/usr/sbin/noip2"
    tar --format=ustar -C "$vt" -cf "$root/etc/var.tar" var
    mksquashfs "$root" "$out.part/cfg.sqfs" -comp gzip -all-root -noappend -quiet >/dev/null
    "$wa" run --world "$here/worlds/owner.world" "$out.part/cfg.sqfs" -- /bin/sh -c \
        'tar -xf /etc/var.tar -C / && echo 0 | /usr/sbin/noip2 -C -c /tmp/noip.conf -u owner@example.com -p s3cret -U 30 -Y \
            >/dev/null 2>&1 && cat /tmp/noip.conf' > "$vt/var/noip/noip.conf"
    rm -f "$out.part/cfg.sqfs"
    [ -s "$vt/var/noip/noip.conf" ] || { echo "build-images: noip2 -C made no config" >&2; exit 1; }
else
    echo "build-images: no r1 noip2 (../shared/fixtures/noip2 is not there): the example" \
        "images have no no-ip client"
    printf '# noip2 configuration is made by noip2 -C on the box\n' > "$vt/var/noip/README"
fi
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 --format=ustar \
    -C "$vt" -cf "$root/etc/var.tar" var
find "$root" -exec touch -h -d @0 {} +

pseudo="dev/console c 600 0 0 5 1
dev/null c 666 0 0 1 3
dev/zero c 666 0 0 1 5
dev/tty c 666 0 0 5 0
dev/urandom c 444 0 0 1 9
dev/mtdblock3 b 600 0 0 31 3"
for comp in gzip xz; do
    printf '%s\n' "$pseudo" > "$out.part/pseudo"
    mksquashfs "$root" "$out.part/rootfs-$comp.sqfs" -comp "$comp" -b 65536 -all-root \
        -noappend -no-xattrs -mkfs-time 0 -all-time 0 -pf "$out.part/pseudo" -quiet >/dev/null
done
rm -f "$out.part/pseudo"

# The PASS image and the broken ones.
"$wa" pack --kernel "$fx/kernel/vmlinuz" --rootfs "$out.part/rootfs-gzip.sqfs" --board ar7-8m \
    -o "$out.part/pass.bin"
"$wa" pack --kernel "$fx/kernel/vmlinuz" --rootfs "$out.part/rootfs-xz.sqfs" --board ar7-8m \
    -o "$out.part/noboot-rootfs-xz.bin"
python3 "$here/mutate.py" "$wa" "$out.part"
# a real legacy rootfs (binwalk's big-endian SquashFS 2.0 LZMA image of a MIPS BE router)
"$wa" pack --kernel "$fx/kernel/vmlinuz" --rootfs "$here/../loaders/tests/data/binwalk-squashfs_v2.bin" \
    --board ar7-8m -o "$out.part/noboot-rootfs-v2-be.bin" >/dev/null
# little-endian SquashFS 3.1 and 1.0 roots (the legacy test writer, loaders/tests/mklegacy.c)
for v in 3.1 1.0; do
    n=$(echo "$v" | tr -d .)
    "$(dirname "$wa")/../loaders/mklegacy" "$out.part/v$n.sqfs" "$v"
    "$wa" pack --kernel "$fx/kernel/vmlinuz" --rootfs "$out.part/v$n.sqfs" --board ar7-8m \
        -o "$out.part/noboot-rootfs-v$n.bin" >/dev/null
    rm -f "$out.part/v$n.sqfs"
done

# Stage-4 failures: the same root tree with one thing changed.
variant() { # NAME SHELL-CODE (run inside a copy of the root tree)
    v="$out.part/v-$1"
    cp -a "$root" "$v"
    (cd "$v" && eval "$2")
    printf '%s\n' "$pseudo" > "$out.part/pseudo"
    mksquashfs "$v" "$out.part/v.sqfs" -comp gzip -b 65536 -all-root -noappend -no-xattrs \
        -mkfs-time 0 -all-time 0 -pf "$out.part/pseudo" -quiet >/dev/null
    "$wa" pack --kernel "$fx/kernel/vmlinuz" --rootfs "$out.part/v.sqfs" --board ar7-8m \
        -o "$out.part/$1.bin" >/dev/null
    rm -rf "$v" "$out.part/v.sqfs" "$out.part/pseudo"
}
variant noboot-init-missing 'rm bin/busybox'
variant noboot-init-host-binary 'cp /bin/true bin/busybox'
# inittab names a boot script the image lacks (init cannot run it), and one with a typo
variant noboot-no-rcs 'rm etc/init.d/rcS'
variant noboot-inittab-typo 'sed -i "s|/etc/init.d/rcS|/etc/init.d/rcs|" etc/inittab &&
    grep -q "sysinit:/etc/init.d/rcs\$" etc/inittab'
# the boot script the shell refuses: before its first command, and after some ran
variant noboot-rcs-syntax 'sed -i "2i if [ -d /proc ] then" etc/init.d/rcS'
variant degraded-rcs-syntax 'printf "if [ -x /bin/sh ]; then\n    echo never\n" >> etc/init.d/rcS'
# an exec before the boot script does anything
variant noboot-rcs-exec 'sed -i "2i exec /bin/sh" etc/init.d/rcS'
# a daemon rcS starts that ends before the boot settles, with its last words
variant degraded-daemon-gone "printf '%s\\n' \"/bin/sh -c '(sleep 5; echo \\\"watchdog: lost /dev/watchdog\\\" >&2) &'\" >> etc/init.d/rcS &&
    tail -n 1 etc/init.d/rcS | grep -q '^/bin/sh -c .(sleep 5; echo \"watchdog'"
# no noip2: the [ -x ] test in rcS is the normal noise of a healthy boot
variant pass-no-noip2 'rm -f usr/sbin/noip2'
# what only the deep path sees (the userland stage runs init from the kernel's hand-over):
# Debian's busybox is MIPS32 release 2, which the board's 4KEc cannot run; an init that ends
variant noboot-deep-init-r2 'cp "$fx/debs/busybox-static/bin/busybox" bin/busybox'
variant degraded-deep-rcs-r2 'cp "$fx/debs/busybox-static/bin/busybox" usr/bin/r2box &&
    printf "/usr/bin/r2box true\n" >> etc/init.d/rcS'
variant noboot-deep-init-exits 'rm sbin/init &&
    printf "#!/bin/sh\necho \"init: pid \$\$\"\nexit 3\n" > sbin/init && chmod 755 sbin/init'
variant degraded-var-corrupt 'head -c 3000 /dev/zero | tr "\\0" "x" > etc/var.tar'
# /var's archive where TI's reference rcS keeps it (the WA1003A's layout), and missing
variant pass-var-at-root 'mv etc/var.tar var.tar &&
    sed -i "s|^tar -xf /etc/var.tar -C /\$|(cd /; tar xf var.tar)|" etc/init.d/rcS &&
    grep -q "^(cd /; tar xf var.tar)\$" etc/init.d/rcS'
variant degraded-var-tar-missing 'rm etc/var.tar'
# rcS without its RAM disk on /var: tar writes into the read-only root
variant degraded-var-not-mounted 'sed -i "/^mount -t ramfs ramfs \/var\$/d" etc/init.d/rcS &&
    ! grep -q "ramfs /var" etc/init.d/rcS'
# the owner's noip2 built for the wrong CPU: an x86 program where rcS starts it
variant degraded-noip2-x86 'mkdir -p usr/sbin && cp /bin/true usr/sbin/noip2'
# the owner's noip2 as owners get it wrong, started by rcS without its [ -x ] test: no exec
# bit; big-endian MIPS; Debian's dynamic build without its loader; Debian's static build
# (MIPS32 release 2, which the 4KEc lacks)
noip_line='s|^if \[ -x /usr/sbin/noip2 \]; then$|if true; then|'
[ -f "$fx/r1/noip2" ] && variant degraded-noip2-not-executable "sed -i '$noip_line' etc/init.d/rcS &&
    chmod 644 usr/sbin/noip2 && grep -q '^if true; then' etc/init.d/rcS"
"$wa" extract "$here/../loaders/tests/data/binwalk-squashfs_v2.bin" -o "$out.part/bw0" /bin >/dev/null
variant degraded-noip2-be "cp '$out.part/bw0/zebra' usr/sbin/noip2 && sed -i '$noip_line' etc/init.d/rcS"
rm -rf "$out.part/bw0"
if [ -f "$fx/noip2/noip2-mipsel-dyn" ]; then
    variant degraded-noip2-no-loader "cp '$fx/noip2/noip2-mipsel-dyn' usr/sbin/noip2 &&
        sed -i '$noip_line' etc/init.d/rcS"
    variant degraded-noip2-r2 "cp '$fx/noip2/noip2-mipsel-static' usr/sbin/noip2"
fi
# the owner's client without its config in var.tar (never made with noip2 -C)
# A userland for the box's own 2.4 kernel, which gives no TLS (cases/boards/ar7-8m-2.4-notls
# .board): the WAG200G's BusyBox 1.00 on uClibc 0.9.19, the TI SDK's C library (the
# ../shared third-party fixture), as init and shell, with the boot script where that init
# runs it (/usr/etc/rcS: it reads no inittab; without hostname, an applet it lacks), and the
# owner's client on dietlibc calling shmctl as uClibc 0.9.19 does (old call, new struct:
# cases/build-r1.sh): it runs under today's kernel, and refuses under the 2.4 one
wag=${WA_SHARED:-$here/../../shared}/fixtures/third-party/linksys-wag200g/rootfs-original.img
if [ -f "$fx/r1/noip2-2.4" ] && [ -f "$wag" ]; then
    "$wa" extract "$wag" -o "$out.part/wag" >/dev/null
    variant noip2-2.4 "cp '$out.part/wag/bin/busybox' bin/busybox &&
        cp -a '$out.part/wag/lib/ld-uClibc-0.9.19.so' '$out.part/wag/lib/ld-uClibc.so.0' \
            '$out.part/wag/lib/libuClibc-0.9.19.so' '$out.part/wag/lib/libc.so.0' lib/ &&
        mkdir -p usr/etc && sed '/^hostname /d' etc/init.d/rcS > usr/etc/rcS &&
        chmod 755 usr/etc/rcS && rm -r etc/inittab etc/init.d && ln -s ../../bin/busybox 'usr/bin/[' &&
        cp '$fx/r1/noip2-2.4' usr/sbin/noip2 && ! grep -q hostname usr/etc/rcS"
    rm -rf "$out.part/wag"
fi
[ -f "$fx/r1/noip2" ] && variant degraded-noip2-no-config 'mkdir v && tar -xf etc/var.tar -C v &&
    rm v/var/noip/noip.conf && tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 \
    --format=ustar -C v -cf etc/var.tar var && rm -rf v'
# a boot script init cannot run: edited on Windows, or without its exec bit
variant noboot-rcs-crlf 'sed -i "s/\$/\r/" etc/init.d/rcS'
variant noboot-rcs-not-executable 'chmod 644 etc/init.d/rcS'
variant noboot-rcs-interpreter-missing 'sed -i "1s|.*|#!/bin/bash|" etc/init.d/rcS'
# a script rcS starts whose interpreter the image lacks (written for a PC's bash), and one
# edited on Windows that nothing runs (only a warning)
variant degraded-script-interp-missing 'printf "#!/bin/bash\necho noip-start: up\n" > usr/sbin/noip-start &&
    printf "#!/bin/sh\r\necho unused\r\n" > usr/bin/dos.sh && chmod 755 usr/sbin/noip-start usr/bin/dos.sh &&
    printf "/usr/sbin/noip-start\n" >> etc/init.d/rcS'
variant noboot-var-too-large 'mkdir -p v/var && head -c 12000000 /dev/zero > v/var/big &&
    tar -C v -cf etc/var.tar var && rm -rf v'
# a var.tar that fits the RAM the kernel leaves, but not beside the boot's own processes:
# tar runs out of RAM disk (ENOSPC) as on the box
variant degraded-var-enospc 'mkdir -p v/var && head -c 10400000 /dev/zero > v/var/big &&
    tar -C v -cf etc/var.tar var && rm -rf v'
rm -rf "$out"
# The user-mode test root. /t holds programs that must fail in a defined way:
#   r1.elf, r2.elf     cases/progs/isa.c built for MIPS32 release 1 and release 2 (no libc)
#   restart.elf, norestart.elf   cases/progs/restart.c: a read interrupted by a handler with
#                      and without SA_RESTART (no libc)
#   memloop-alu.elf, memloop-mem.elf   cases/progs/memloop.c, for bench/user.sh (no libc)
#   sysvipc.elf        cases/progs/sysvipc.c: SysV IPC through glibc (static, release 2)
#   futex.elf          cases/progs/futex.c: futex waits and wakes, and MAP_SHARED memory
#                      across a fork (glibc, static, release 2)
#   vclock.elf         cases/progs/vclock.c: a world's clock as a computing program sees it
#   itimer.elf, sockmsg.elf   cases/progs/itimer.c, sockmsg.c: interval timers; sendmsg and
#                      recvmsg (glibc, static, release 2)
#   shmstat.elf        cases/progs/shmstat.c: the bytes of both shmctl(IPC_STAT) layouts
#   execstate.elf      cases/progs/execstate.c: an exec of itself after changing its state
#                      and its code (glibc, static, release 2)
#   noip2-glibc        the noip2 fixture built with glibc 2.36 (static, release 2; IPC_64),
#                      with the example's config as /etc/noip.conf, when the fixture is there
#   sigcount.elf       cases/progs/sigcount.c: two counters in lockstep under a storm of
#                      signals (glibc, static, release 2)
#   fault-N.elf        cases/progs/fault.c: an unaligned load (1), a store to an unmapped
#                      address (2), a break instruction (3), a store into its code (4) and
#                      into a page made read-only (5), swl/swr into its code (6) (no libc)
#   be.elf             a real big-endian MIPS program (from binwalk's 2.0 test image)
#   x86.elf            a host program
#   trunc-seg.elf      the static busybox cut short inside its text segment
#   trunc-phdr.elf     its first 100 bytes: the program headers are cut
#   trunc-head.elf     its first 40 bytes: not even an ELF header
#   nointerp.elf       the dynamic busybox asking for /lib/ld.so.9, which is not there
#   script.sh          a #! script
u="$out.part/user"
cp -a "$root" "$u"
mv "$u/bin/busybox" "$u/bin/busybox.r1"
cp "$fx/debs/busybox-static/bin/busybox" "$u/bin/busybox"
cp "$fx/debs/busybox/bin/busybox" "$u/bin/busybox.dyn"
cp -a "$fx/debs/libc6/lib/." "$u/lib/"
mkdir -p "$u/t"
mipsel-linux-gnu-gcc -O1 -static -nostdlib -nostartfiles -fno-pic -mno-abicalls -march=mips32 \
    -o "$u/t/r1.elf" "$here/progs/isa.c"
mipsel-linux-gnu-gcc -O1 -static -nostdlib -nostartfiles -fno-pic -mno-abicalls -march=mips32r2 \
    -DR2 -o "$u/t/r2.elf" "$here/progs/isa.c"
for v in restart norestart; do
    mipsel-linux-gnu-gcc -O1 -static -nostdlib -nostartfiles -fno-pic -mno-abicalls -march=mips32 \
        $([ $v = norestart ] && echo -DNORESTART) -o "$u/t/$v.elf" "$here/progs/restart.c"
done
for v in sysvipc futex itimer sockmsg sigcount shmstat vclock execstate; do
    mipsel-linux-gnu-gcc -O1 -static -o "$u/t/$v.elf" "$here/progs/$v.c"
done
for v in alu mem; do
    mipsel-linux-gnu-gcc -O1 -static -nostdlib -nostartfiles -fno-pic -mno-abicalls -march=mips32 \
        $([ $v = mem ] && echo -DMEM) -o "$u/t/memloop-$v.elf" "$here/progs/memloop.c"
done
for k in 1 2 3 4 5 6; do
    mipsel-linux-gnu-gcc -O1 -static -nostdlib -nostartfiles -fno-pic -mno-abicalls -march=mips32 \
        -DKIND=$k -o "$u/t/fault-$k.elf" "$here/progs/fault.c"
done
"$wa" extract "$here/../loaders/tests/data/binwalk-squashfs_v2.bin" -o "$out.part/bw" /bin \
    >/dev/null
cp "$out.part/bw/zebra" "$u/t/be.elf"
rm -rf "$out.part/bw"
cp /usr/bin/true "$u/t/x86.elf"
head -c 600000 "$u/bin/busybox" > "$u/t/trunc-seg.elf"
head -c 100 "$u/bin/busybox" > "$u/t/trunc-phdr.elf"
head -c 40 "$u/bin/busybox" > "$u/t/trunc-head.elf"
python3 - "$u/bin/busybox.dyn" "$u/t/nointerp.elf" <<'PY'
import sys
b = open(sys.argv[1], 'rb').read()
assert b.count(b'/lib/ld.so.1\0') == 1
open(sys.argv[2], 'wb').write(b.replace(b'/lib/ld.so.1\0', b'/lib/ld.so.9\0'))
PY
printf '#!/bin/sh -e\necho "script: $0 $*"\nexit 5\n' > "$u/t/script.sh"
if [ -f "$fx/noip2/noip2-mipsel-static" ] && [ -f "$vt/var/noip/noip.conf" ]; then
    cp "$fx/noip2/noip2-mipsel-static" "$u/t/noip2-glibc"
    cp "$vt/var/noip/noip.conf" "$u/etc/noip.conf"
fi
chmod 755 "$u"/t/*
find "$u" -exec touch -h -d @0 {} +
printf '%s\n' "$pseudo" > "$out.part/pseudo"
mksquashfs "$u" "$out.part/rootfs-user.sqfs" -comp gzip -b 131072 -all-root -noappend \
    -no-xattrs -mkfs-time 0 -all-time 0 -pf "$out.part/pseudo" -quiet >/dev/null
rm -f "$out.part/pseudo"

mv "$out.part" "$out"
echo "images in $out"
