#!/bin/sh
# fixtures.sh OUT: gathers the real third-party parts the tests and example images are made of.
#   OUT/debs/<pkg>/      Debian mipsel packages, extracted (busybox-static, busybox, libc6)
#   OUT/kernel/          the AR7 kernel: vmlinuz, vmlinux, System.map (from ../shared/fixtures
#                        when it is there, else rebuilt from Debian's linux-source-6.1)
#   OUT/noip2/           the no-ip client fixture (from ../shared/fixtures when it is there)
#   OUT/r1/busybox       a busybox the WA1003A's MIPS32 release-1 CPU can run, built from
#                        Debian's musl and busybox sources (cases/build-r1.sh)
#   OUT/r1/noip2         noip2 2.1.9 for that CPU, from the fixture's source (when it is there)
#   OUT/r1/noip2-2.4     the same on dietlibc without TLS, calling shmctl as uClibc 0.9.19, for
#                        the box's 2.4 kernel (build-r1.sh)
# Only Debian packages are downloaded. Runs again quickly: what is there is kept.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
out=${1:-$top/build/fixtures}
shared=${WA_SHARED:-$top/../shared}
mkdir -p "$out/debs" "$out/kernel"
out=$(cd "$out" && pwd)

# Debian mipsel packages, downloaded and unpacked (not installed: busybox and busybox-static
# conflict, and the rootfs wants their files, not the host).
for pkg in busybox-static busybox libc6; do
    [ -d "$out/debs/$pkg" ] && continue
    tmp=$(mktemp -d)
    (cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root "$pkg:mipsel" >/dev/null)
    dpkg-deb -x "$tmp"/*.deb "$out/debs/$pkg.part"
    mv "$out/debs/$pkg.part" "$out/debs/$pkg"
    rm -rf "$tmp"
done

# The AR7 kernel.
if [ ! -f "$out/kernel/vmlinuz" ]; then
    if [ -f "$shared/fixtures/ar7-linux-6.1/vmlinuz" ]; then
        cp "$shared/fixtures/ar7-linux-6.1/vmlinuz" "$shared/fixtures/ar7-linux-6.1/vmlinux" \
            "$shared/fixtures/ar7-linux-6.1/System.map" "$out/kernel/"
    else
        "$here/build-kernel.sh" "$out/kernel"
    fi
fi

# noip2.
if [ ! -d "$out/noip2" ] && [ -d "$shared/fixtures/noip2" ]; then
    cp -r "$shared/fixtures/noip2" "$out/noip2"
    chmod -R u+w "$out/noip2"
fi
# A release-1 userland for the example images.
"$here/build-r1.sh" "$out/r1" "$out/noip2/src"
echo "fixtures in $out"
