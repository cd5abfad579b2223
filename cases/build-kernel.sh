#!/bin/sh
# build-kernel.sh OUT: rebuilds the AR7 kernel fixture (Linux 6.1, ar7_defconfig plus the ar7part
# partition parser) from Debian's linux-source-6.1 and gcc-mipsel-linux-gnu, when ../shared
# is not there. About 8 minutes on 2 cores.
set -eu
out=$(mkdir -p "$1" && cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q gcc-mipsel-linux-gnu flex bison bc \
        libssl-dev libelf-dev >/dev/null
fi
cd "$work"
apt-get download -q -o APT::Sandbox::User=root linux-source-6.1 >/dev/null
dpkg-deb -x linux-source-6.1_*_all.deb src
tar -xJf src/usr/src/linux-source-6.1.tar.xz
cd linux-source-6.1
k="make -s ARCH=mips CROSS_COMPILE=mipsel-linux-gnu-"
$k ar7_defconfig
./scripts/config --enable MTD_AR7_PARTS
$k olddefconfig
$k -j"$(nproc)" vmlinuz
cp vmlinuz vmlinux System.map "$out/"
