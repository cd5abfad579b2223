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
    libunicorn-dev libcapstone-dev liblzma-dev zlib1g-dev libdeflate-dev liblzo2-dev liblz4-dev libzstd-dev \
    libjson-c-dev libarchive-dev libcriterion-dev \
    squashfs-tools qemu-user gcc-mipsel-linux-gnu libc6-dev-mipsel-cross gdb-multiarch \
    bc python3 python3-jsonschema python3-junitparser xz-utils bzip2 tar cpio file ca-certificates

# Unicorn: Debian 12's 2.0.1 sends every guest store through QEMU's self-modifying-code slow
# path (fixed upstream in 2.1.0, commit d0103576), which makes guest programs about 15x
# slower. Debian 13's 2.1.1 build needs nothing newer than Debian 12's libc: install those two
# packages from Debian 13, fetched by apt with a private list (the system's sources stay as
# they are).
if ! dpkg-query -W -f '${Version}' libunicorn-dev 2>/dev/null | grep -q '^2\.1'; then
    t=$(mktemp -d)
    mkdir -p "$t/lists/partial" "$t/cache/archives/partial"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" >"$t/sources.list"
    opts="-o Dir::Etc::SourceList=$t/sources.list -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists=$t/lists -o Dir::Cache=$t/cache"
    apt-get $opts update -q
    (cd "$t" && chmod 777 . && apt-get $opts download libunicorn2t64=2.1.1-2+b2 libunicorn-dev=2.1.1-2+b2)
    apt-get install -y -q "$t"/libunicorn2t64_*.deb "$t"/libunicorn-dev_*.deb
    rm -rf "$t"
fi
