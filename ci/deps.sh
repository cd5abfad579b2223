#!/bin/sh
# deps.sh: installs everything wa-emu needs to build and test, from Debian packages only.
# Looks first: when every package is installed it does nothing (no root, no network needed);
# otherwise it runs as root (or through sudo), updates apt's lists once and installs what is
# missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
pkgs="build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev clang-format
    libcapstone-dev liblzma-dev zlib1g-dev libdeflate-dev liblzo2-dev liblz4-dev libzstd-dev
    libjson-c-dev libarchive-dev libcriterion-dev libreadline-dev tmux
    squashfs-tools qemu-user gcc-mipsel-linux-gnu libc6-dev-mipsel-cross gdb-multiarch
    bc python3 python3-jsonschema python3-junitparser python3-yaml python3-html5lib chromium xz-utils bzip2 tar cpio file ca-certificates"
installed() { dpkg-query -W -f '${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
# Unicorn: Debian 12's 2.0.1 sends every guest store through QEMU's self-modifying-code slow
# path (fixed upstream in 2.1.0, commit d0103576), which makes guest programs about 15x
# slower; 2.1.4 (Debian testing) calls a helper at every block start and after every load and
# store (14x slower on loads and stores). Debian 13's 2.1.1 build needs nothing newer than
# Debian 12's libc. emu/linux/exact.c takes the place of one of its functions, so it is this
# version exactly.
unicorn=2.1.1-2+b2
missing=
for p in $pkgs; do
    installed "$p" || missing="$missing $p"
done
dpkg --print-foreign-architectures | grep -qx mipsel || missing="$missing (mipsel)"
[ "$(dpkg-query -W -f '${Version}' libunicorn-dev 2>/dev/null)" = "$unicorn" ] ||
    missing="$missing libunicorn-dev=$unicorn"
if [ -z "$missing" ]; then
    echo "deps: every package is installed"
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    exec sudo "$0" "$@"
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
dpkg --add-architecture mipsel
apt-get update -q
apt-get install -y -q --no-install-recommends $pkgs
if [ "$(dpkg-query -W -f '${Version}' libunicorn-dev 2>/dev/null)" != "$unicorn" ]; then
    # Debian 13's two packages, fetched by apt with a private list from the archive this
    # machine's apt uses (the system's sources stay as they are)
    archive=$("$here/apt-archive.sh")
    t=$(mktemp -d)
    mkdir -p "$t/lists/partial" "$t/cache/archives/partial"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $archive trixie main" \
        >"$t/sources.list"
    opts="-o Dir::Etc::SourceList=$t/sources.list -o Dir::Etc::SourceParts=/dev/null
 -o Dir::State::Lists=$t/lists -o Dir::Cache=$t/cache"
    apt-get $opts update -q
    (cd "$t" && chmod 777 . && apt-get $opts download libunicorn2t64=$unicorn libunicorn-dev=$unicorn)
    apt-get install -y -q --allow-downgrades "$t"/libunicorn2t64_*.deb "$t"/libunicorn-dev_*.deb
    rm -rf "$t"
fi
