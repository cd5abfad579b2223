#!/bin/sh
# deps.sh: installs everything wa-emu needs to build and test, from Debian packages only.
# Run as root (or through sudo). Safe to run again: apt-get skips what is installed.
set -eu
if [ "$(id -u)" != 0 ]; then
    exec sudo "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
dpkg --add-architecture mipsel
apt-get update -q
apt-get install -y -q --no-install-recommends \
    build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev clang-format \
    libunicorn-dev libcapstone-dev liblzma-dev zlib1g-dev liblzo2-dev liblz4-dev libzstd-dev \
    libjson-c-dev libarchive-dev libcriterion-dev \
    squashfs-tools qemu-user gcc-mipsel-linux-gnu libc6-dev-mipsel-cross gdb-multiarch \
    bc python3 python3-jsonschema python3-junitparser xz-utils tar cpio file ca-certificates
