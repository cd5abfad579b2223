#!/bin/sh
# build-images.sh FIXTURES WA_EMU: builds the example images from real parts into FIXTURES/images.
#   rootfs/            the example root tree: Debian's busybox-static:mipsel, cases/rootfs/ (rcS,
#                      inittab), /etc/var.tar, device nodes as mksquashfs pseudo entries
#   rootfs-gzip.sqfs   SquashFS 4.0 gzip (the only kind the AR7 fixture kernel mounts)
#   rootfs-xz.sqfs     SquashFS 4.0 xz (readable, but that kernel cannot mount it)
#   pass.bin           `wa-emu pack` of the AR7 kernel fixture and rootfs-gzip.sqfs (board ar7-8m)
#   <verdict>-<cause>.bin   one broken image per stage-1/2 failure (see cases/mutate.py) and
#                      per stage-4 failure (variants of the root tree, a real legacy rootfs)
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
cp "$fx/debs/busybox-static/bin/busybox" "$root/bin/busybox"
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
# /etc/var.tar: the writable /var the box unpacks into RAM at boot.
vt="$out.part/var"
mkdir -p "$vt/var/noip" "$vt/var/log" "$vt/var/run" "$vt/var/etc"
printf 'nameserver 192.0.2.53\n' > "$vt/var/etc/resolv.conf"
printf '# noip2 configuration is made by noip2 -C on the box\n' > "$vt/var/noip/README"
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
variant degraded-no-rcs 'rm etc/init.d/rcS'
variant degraded-var-corrupt 'head -c 3000 /dev/zero | tr "\\0" "x" > etc/var.tar'
variant noboot-var-too-large 'mkdir -p v/var && head -c 12000000 /dev/zero > v/var/big &&
    tar -C v -cf etc/var.tar var && rm -rf v'
rm -rf "$out"
mv "$out.part" "$out"
echo "images in $out"
