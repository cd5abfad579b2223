#!/bin/sh
# setup.sh: the README's first command. Installs the dependencies (Debian packages), gathers the
# fixtures, builds wa-emu, builds the example images, and runs `wa-emu verify` on the PASS
# example (with --deep: its kernel boots to init in the AR7 machine) and on a bricking one.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
# step NAME CMD...: run it and say how long it took
step() {
    name=$1
    shift
    t0=$(date +%s)
    "$@"
    echo "setup: $name took $(($(date +%s) - t0)) s"
}
step "installing the Debian packages" "$top/ci/deps.sh"
step "gathering the fixtures" "$top/cases/fixtures.sh" "$top/build/fixtures"
step "building wa-emu" "$top/ci/build.sh" "$top/build/release"
step "building the example images" "$top/cases/build-images.sh" "$top/build/fixtures" \
    "$top/build/release/harness/wa-emu"
wa="$top/build/release/harness/wa-emu"
img="$top/build/fixtures/images"
echo "== wa-emu verify --deep $img/pass.bin"
"$wa" verify --deep --board ar7-8m "$img/pass.bin" && rc=0 || rc=$?
echo "(exit $rc)"
[ "$rc" = 0 ] || { echo "setup: the PASS example did not pass" >&2; exit 1; }
echo "== wa-emu verify $img/brick-too-large.bin"
"$wa" verify --board ar7-8m "$img/brick-too-large.bin" && rc=0 || rc=$?
echo "(exit $rc)"
[ "$rc" = 3 ] || { echo "setup: the bricking example was not called BRICK" >&2; exit 1; }
echo "setup done: wa-emu is $wa"
