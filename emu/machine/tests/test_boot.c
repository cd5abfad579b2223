/* test_boot.c: the AR7 fixture kernel (Linux 6.1, ar7_defconfig) booted by `wa-emu verify
 * --deep` in the AR7 machine: the example image reaches init with the kernel's own lines for
 * the CFI probe, the ar7part partitions and the root mount; the same kernel with roots it
 * cannot mount (SquashFS 4.0 xz, 3.1, 1.0) panics with its own VFS lines and is NO-BOOT; two
 * runs give the same console and the same instruction counts; the limits stop a run. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define IMG WA_FIXTURES "/images/"

static int verify(const char *image, const char *extra, char **out)
{
    char cmd[1024];
    /* the JSON document alone on stdout; the text report with stderr */
    snprintf(cmd, sizeof cmd, "'%s' verify --deep --board ar7-8m --no-color %s %s%s %s", WA_BIN,
             extra, IMG, image, strstr(extra, "--json") ? "2>/dev/null" : "2>&1");
    return run(cmd, out);
}

/* The text between "console:\n" and the end: the console the report carries. */
static const char *console_of(const char *out)
{
    const char *c = strstr(out, "\nconsole:\n");
    return c ? c + 10 : "";
}

Test(boot, example_image_boots_to_init_with_the_kernels_own_lines)
{
    char *out;
    cr_assert_eq(verify("pass.bin", "", &out), 0, "%s", out);
    cr_expect(strstr(out, "boot-init: the kernel booted to init"), "%s", out);
    const char *con = console_of(out);
    char banner[256];
    kernel_banner(banner, sizeof banner);
    cr_expect(strstr(con, banner), "the banner vmlinux holds: %s", banner);
    cr_expect(strstr(con, "CPU0 revision is: 00018400 (MIPS 4KEc)"), "the board's CPU model");
    /* nothing the emulator causes: Count reads right even in a jr's delay slot */
    cr_expect(!strstr(con, "WARNING:") && !strstr(con, "\nBUG: ") && !strstr(con, "Oops"), "%s",
              con);
    cr_expect(strstr(out, "(0 in delay slots left alone)"), "%s", out);
    cr_expect(strstr(con, "physmap-flash.0: Found 1 x16 devices at 0x0 in 16-bit bank"),
              "the kernel's CFI probe found the chip");
    cr_expect(strstr(con, "4 ar7part partitions found on MTD device physmap-flash.0"), "ar7part");
    cr_expect(strstr(con, "0x000000210000-0x0000007f0000 : \"rootfs\""), "rootfs partition");
    cr_expect(strstr(con, "VFS: Mounted root (squashfs filesystem) readonly on device 31:3."),
              "root mount");
    cr_expect(strstr(con, "Run /sbin/init as init process"), "init");
    cr_expect(strstr(out, "init exec at "), "milestones in the evidence: %s", out);
    free(out);
}

static void expect_unmountable(const char *image)
{
    char *out;
    cr_assert_eq(verify(image, "", &out), 2, "%s: %s", image, out);
    cr_expect(strstr(out, "NO-BOOT [boot] kernel-panic"), "%s: %s", image, out);
    /* the userland has nothing to do after a panic: n/a, not ok */
    cr_expect(strstr(out, "\n  userland  n/a"), "%s: %s", image, out);
    cr_expect(strstr(out, "last milestone: partitions"), "%s: %s", image, out);
    cr_expect(strstr(out, "first sign: VFS: Cannot open root device \"mtdblock3\""), "%s: %s",
              image, out);
    const char *con = console_of(out);
    cr_expect(strstr(con, "Kernel panic - not syncing: VFS: Unable to mount root fs on "
                          "unknown-block(31,3)"),
              "%s", image);
    cr_expect(!strstr(con, "Run /sbin/init"), "%s", image);
    free(out);
}

Test(boot, roots_the_kernel_cannot_mount_panic_in_the_kernel)
{
    expect_unmountable("noboot-rootfs-xz.bin");
    expect_unmountable("noboot-rootfs-v31.bin");
    expect_unmountable("noboot-rootfs-v10.bin");
}

Test(boot, two_runs_are_the_same)
{
    char *a, *b;
    cr_assert_eq(verify("pass.bin", "--json", &a), 0);
    cr_assert_eq(verify("pass.bin", "--json", &b), 0);
    /* everything but host times: cut the "ms" and "s," figures */
    const char *ca = strstr(a, "\"console\""), *cb = strstr(b, "\"console\"");
    cr_assert(ca && cb);
    /* up to the timeline, which names host pids */
    const char *ta = strstr(ca, "\"timeline\""), *tb = strstr(cb, "\"timeline\"");
    cr_assert(ta && tb, "%s", a);
    cr_expect(ta - ca == tb - cb && !strncmp(ca, cb, (size_t)(ta - ca)), "the consoles differ");
    const char *ea = strstr(a, "kernel entry at "), *eb = strstr(b, "kernel entry at ");
    cr_assert(ea && eb, "%s", a);
    size_t n = (size_t)(strstr(ea, " instructions (") - ea);
    cr_expect(n > 0 && !strncmp(ea, eb, n), "milestone counts differ:\n%.300s\n%.300s", ea, eb);
    free(a);
    free(b);
}

Test(boot, wall_clock_limit_stops_the_run)
{
    char *out;
    /* a limit of the emulator, not a verdict on the image: INCONCLUSIVE, exit 75 */
    cr_assert_eq(verify("pass.bin", "--timeout 150", &out), 75, "%s", out);
    cr_expect(strstr(out, "INCONCLUSIVE [boot] kernel-timeout"), "%s", out);
    cr_expect(strstr(out, "the wall-clock limit (150 ms)"), "%s", out);
    cr_expect(strstr(out, "raise --timeout (it was 150 ms)"), "%s", out);
    cr_expect(strstr(out, "verdict: INCONCLUSIVE (exit 75)"), "%s", out);
    free(out);
    /* the JSON report follows the schema; JUnit calls the boot stage an error, not a failure */
    char dir[] = "/tmp/wa-timeout-XXXXXX", opt[256], cmd[2048];
    cr_assert(mkdtemp(dir));
    snprintf(opt, sizeof opt, "--timeout 150 --json=%s/r.json --junit=%s/r.xml", dir, dir);
    cr_expect_eq(verify("pass.bin", opt, NULL), 75);
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import json,sys,jsonschema,junitparser;"
             "d=json.load(open(sys.argv[2]));"
             "jsonschema.validate(d, json.load(open(sys.argv[1])));"
             "s=[t for t in junitparser.JUnitXml.fromfile(sys.argv[3])][0];"
             "print(d[\"verdict\"], d[\"exit_code\"], s.errors, s.failures, "
             "*[c.name+\":\"+type(c.result[0]).__name__ for c in s if c.result])'"
             " '%s/harness/report.schema.json' '%s/r.json' '%s/r.xml' 2>&1; rm -r '%s'",
             WA_SRC, dir, dir, dir);
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    cr_expect_str_eq(out, "INCONCLUSIVE 75 1 0 boot:Error userland:Skipped services:Skipped\n",
                     "%s", out);
    free(out);
    cr_expect_eq(verify("pass.bin", "--timeout x", &out), 64, "%s", out);
    free(out);
}
