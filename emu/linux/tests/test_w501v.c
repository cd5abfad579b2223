/* test_w501v.c: a real old userland under `wa-emu run`: the root filesystem of AVM's
 * Speedport W501V firmware (../shared/fixtures/third-party/speedport-w501v/kernel.image: a
 * SquashFS 2.x minor-76 LZMA root at 0x9bd00 with BusyBox 1.1.2 on uClibc 0.9.28, MIPS32
 * release 1, dynamically linked) runs `sh -c 'echo hi; ls /; ps'` as qemu-mipsel runs it on
 * the tree extracted from it (`qemu-mipsel -L TREE`). The fixture cannot be rebuilt: without
 * it the test says so and is not run.
 *
 * The reference, and what is normalised:
 * - qemu-mipsel cannot start the MIPS programs its guest execs (no binfmt_misc here; an exec
 *   of /bin/ls would start the host's ls), so its guest gets a PATH of one-line scripts, one
 *   for each program in the tree's /bin, /sbin, /usr/bin, /usr/sbin (first one wins, as in
 *   wa-emu's PATH), each running that program of the tree under qemu-mipsel -L TREE with its
 *   name as argv[0]. Its environment is otherwise wa-emu run's (HOME=/, TERM=vt100); the
 *   shell runs with argv[0] /bin/busybox, as under wa-emu.
 * - -L makes the guest's /proc the tree's empty /proc directory, so qemu-mipsel's ps lists no
 *   process. wa-emu run with --no-mounts leaves the image's /proc alone too: that output must
 *   be the reference's byte for byte. With its /proc mounted (the default), wa-emu's ps lists
 *   the guest's processes: those lines are taken out before the comparison, and must be the
 *   shell and ps itself, in BusyBox 1.1.2's format (PID, uid 0, VmSize, state, command line).
 * - qemu-mipsel -L redirects an absolute path only when the tree has it: a file made by an
 *   absolute path would land in the host's file system. What writes runs with relative paths
 *   in a scratch directory of the temporary one (under wa-emu: in /var, the RAM disk).
 * - qemu-mipsel's stderr holds "cache '/etc/ld.so.cache' is corrupt" from each program: the
 *   tree has no /etc/ld.so.cache, so -L falls back to the host's (glibc's format), which
 *   uClibc's ld.so refuses. Those lines are dropped; nothing else may be on either stderr. */
#include <criterion/criterion.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#define IMAGE WA_SRC "/../shared/fixtures/third-party/speedport-w501v/kernel.image"
#define ROOTFS_AT 0x9bd00
#define SCRIPT "echo hi; ls /; ps"
#define PS_HEADER "  PID  Uid     VmSize Stat Command\n"

static char dir[64];

/* Carve the root, extract it with wa-emu, and make the reference's PATH of scripts. */
static void setup(void)
{
    if (access(IMAGE, R_OK)) return;
    snprintf(dir, sizeof dir, "/tmp/wa-w501v-XXXXXX");
    cr_assert(mkdtemp(dir), "mkdtemp");
    char cmd[4096], *out;
    snprintf(cmd, sizeof cmd,
             "cd '%s' && dd if='%s' of=root.sqfs bs=256 skip=%d 2>/dev/null && '%s' extract "
             "root.sqfs -o tree >/dev/null && mkdir path && q=$(command -v qemu-mipsel) && "
             "t=$PWD/tree && for d in bin sbin usr/bin usr/sbin; do for f in \"$t/$d\"/*; do "
             "n=${f##*/}; [ -e \"path/$n\" ] && continue; l=$(readlink \"$f\"); case \"$l\" in "
             "'') p=$f;; /*) p=$t$l;; *) p=$t/$d/$l;; esac; [ -f \"$p\" ] || continue; "
             "printf '#!/bin/sh\\nexec %%s -L %%s -0 %%s %%s \"$@\"\\n' \"$q\" \"$t\" \"$n\" "
             "\"$p\" > \"path/$n\" && chmod 755 \"path/$n\"; done; done && [ -x path/ls ] && "
             "[ -x path/ps ] && echo ok",
             dir, IMAGE, ROOTFS_AT / 256, WA_BIN);
    cr_assert_eq(run(cmd, &out), 0, "carving, extracting and the reference's PATH: %s", out);
    free(out);
}

static void cleanup(void)
{
    char cmd[128];
    if (!dir[0]) return;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd)) return;
}

/* Run cmd; its exit status, stdout in *out and stderr (less qemu-mipsel's ld.so.cache lines)
 * in *err. */
static int run2(const char *cmd, char **out, char **err)
{
    char full[4096], errf[128];
    snprintf(errf, sizeof errf, "%s/stderr", dir);
    snprintf(full, sizeof full, "%s 2>'%s'", cmd, errf);
    int rc = run(full, out);
    snprintf(full, sizeof full, "grep -v \"cache '/etc/ld.so.cache' is corrupt$\" '%s'", errf);
    run(full, err);
    return rc;
}

static void skip_without_fixture(void)
{
    if (access(IMAGE, R_OK)) cr_skip_test("not run: " IMAGE " is not there");
}

static void reference(char **out, char **err, int *rc)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "cd / && env -i TERM=vt100 HOME=/ PATH='%s/path' \"$(command -v qemu-mipsel)\" -L "
             "'%s/tree' -0 /bin/busybox '%s/tree/bin/busybox' sh -c '" SCRIPT "'",
             dir, dir, dir);
    *rc = run2(cmd, out, err);
}

static int ours(const char *opts, char **out, char **err)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' run %s '%s/root.sqfs' -- /bin/busybox sh -c '" SCRIPT "'",
             WA_BIN, opts, dir);
    return run2(cmd, out, err);
}

/* script (relative paths only) under both, its output and status alike: under wa-emu in
 * /var, under qemu-mipsel in DIR/scratch. */
static void same_in_scratch(const char *script)
{
    char cmd[4096], *a, *ae, *b, *be;
    snprintf(cmd, sizeof cmd, "'%s' run '%s/root.sqfs' -- /bin/busybox sh -c 'cd /var && %s'",
             WA_BIN, dir, script);
    int ra = run2(cmd, &a, &ae);
    snprintf(cmd, sizeof cmd,
             "mkdir '%s/scratch' && cd '%s/scratch' && env -i TERM=vt100 HOME=/ PATH='%s/path' "
             "\"$(command -v qemu-mipsel)\" -L '%s/tree' -0 /bin/busybox '%s/tree/bin/busybox' "
             "sh -c '%s'",
             dir, dir, dir, dir, dir, script);
    int rb = run2(cmd, &b, &be);
    cr_expect_eq(ra, rb, "%s: exit %d under wa-emu, %d under qemu-mipsel", script, ra, rb);
    cr_expect_str_eq(a, b, "%s: stdout under wa-emu:\n%s\nunder qemu-mipsel:\n%s", script, a, b);
    cr_expect_str_eq(ae, be, "%s: stderr under wa-emu:\n%s\nunder qemu-mipsel:\n%s", script, ae,
                     be);
    free(a), free(ae), free(b), free(be);
}

/* With the image's own (empty) /proc, as qemu-mipsel sees the tree's: the same bytes. */
Test(w501v, busybox_sh_as_qemu_mipsel_on_the_image_alone, .init = setup, .fini = cleanup,
     .timeout = 300)
{
    skip_without_fixture();
    char *a, *ae, *b, *be;
    int rb, ra = ours("--no-mounts", &a, &ae);
    reference(&b, &be, &rb);
    cr_expect_eq(ra, 0, "exit %d under wa-emu\n%s%s", ra, a, ae);
    cr_expect_eq(ra, rb, "exit %d under wa-emu, %d under qemu-mipsel", ra, rb);
    cr_expect_str_eq(a, b, "stdout under wa-emu:\n%s\nunder qemu-mipsel:\n%s", a, b);
    cr_expect_str_eq(ae, be, "stderr under wa-emu:\n%s\nunder qemu-mipsel:\n%s", ae, be);
    cr_expect_str_eq(a, "hi\nbin\ndev\netc\nlib\nproc\nsbin\nusr\nvar\nvar.tar\n" PS_HEADER,
                     "what both print");
    free(a), free(ae), free(b), free(be);
}

/* With /proc mounted, as the box's boot would have it: ps lists the shell and itself; the
 * rest is the reference's. */
Test(w501v, busybox_sh_as_qemu_mipsel_with_proc, .init = setup, .fini = cleanup, .timeout = 300)
{
    skip_without_fixture();
    char *a, *ae, *b, *be;
    int rb, ra = ours("", &a, &ae);
    reference(&b, &be, &rb);
    cr_expect_eq(ra, 0, "exit %d under wa-emu\n%s%s", ra, a, ae);
    cr_expect_eq(ra, rb, "exit %d under wa-emu, %d under qemu-mipsel", ra, rb);
    cr_expect_str_eq(ae, be, "stderr under wa-emu:\n%s\nunder qemu-mipsel:\n%s", ae, be);
    char *h = strstr(a, PS_HEADER);
    cr_assert(h, "no ps header in:\n%s", a);
    char *procs = h + strlen(PS_HEADER);
    static const char *const want[] = {
        "^ *[0-9]+ 0 +[0-9]+ S   /bin/busybox sh -c " SCRIPT " $",
        "^ *[0-9]+ 0 +[0-9]+ R   ps $",
    };
    char *save = NULL, *lines = strdup(procs);
    size_t n = 0;
    for (char *l = strtok_r(lines, "\n", &save); l; l = strtok_r(NULL, "\n", &save), n++) {
        regex_t re;
        cr_assert_eq(regcomp(&re, want[n < 2 ? n : 1], REG_EXTENDED | REG_NOSUB), 0);
        cr_expect(n < 2 && !regexec(&re, l, 0, NULL, 0), "ps line %zu: \"%s\"", n + 1, l);
        regfree(&re);
    }
    cr_expect_eq(n, 2, "ps lists %zu processes, not the shell and itself:\n%s", n, procs);
    free(lines);
    *procs = 0; /* the rest is the reference's */
    cr_expect_str_eq(a, b,
                     "stdout under wa-emu (less ps's processes):\n%s\nunder "
                     "qemu-mipsel:\n%s",
                     a, b);
    free(a), free(ae), free(b), free(be);
}

/* touch makes the old utime call (uClibc 0.9.28): it sets the time of a file that is there
 * and, failing with ENOENT, creates the file; it was ENOSYS. */
Test(w501v, touch_as_qemu_mipsel, .init = setup, .fini = cleanup, .timeout = 300)
{
    skip_without_fixture();
    same_in_scratch("touch f; echo $?; ls; touch f; echo $?; ls -l f | sed \"s/ .*//\"; "
                    "touch d/x; echo $?; ls");
}
