/* test_cli.c: chksum, pack and inspect end to end through the wa-emu binary, with coreutils
 * cksum as the reference for the trailer and the example image as the reference for pack;
 * and the checks of numeric options. */
#include <criterion/criterion.h>
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64];

static void setup(void)
{
    strcpy(dir, "/tmp/wa-cli-XXXXXX");
    cr_assert(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    run(cmd, NULL);
}

#define IMG WA_FIXTURES "/images/"

TestSuite(cli, .init = setup, .fini = teardown);

Test(cli, chksum_agrees_with_coreutils_and_fix_strip_round_trip)
{
    char cmd[2048], *out, *ref;
    snprintf(cmd, sizeof cmd, "'%s' chksum %spass.bin", WA_BIN, IMG);
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    snprintf(cmd, sizeof cmd, "head -c -8 %spass.bin | cksum | cut -d' ' -f1", IMG);
    run(cmd, &ref);
    char want[64];
    snprintf(want, sizeof want, "0x%08lx", strtoul(ref, NULL, 10));
    cr_expect(strstr(out, want), "cksum says %s, wa-emu says %s", want, out);
    free(out);
    free(ref);

    snprintf(cmd, sizeof cmd, "'%s' chksum --strip %spass.bin -o %s/s.bin && '%s' chksum %s/s.bin",
             WA_BIN, IMG, dir, WA_BIN, dir);
    cr_expect_eq(run(cmd, &out), 1, "a stripped image has no trailer: %s", out);
    cr_expect(strstr(out, "no TI checksum trailer"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' chksum --fix %s/s.bin && cmp %s/s.bin %spass.bin", WA_BIN, dir,
             dir, IMG);
    cr_expect_eq(run(cmd, &out), 0, "--fix in place restores the original bytes: %s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' chksum %snoboot-bad-checksum.bin", WA_BIN, IMG);
    cr_expect_eq(run(cmd, &out), 1);
    cr_expect(strstr(out, "WRONG"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' chksum --fix --strip x 2>&1", WA_BIN);
    cr_expect_eq(run(cmd, NULL), 64);
}

Test(cli, pack_reproduces_the_example_and_refuses_what_does_not_fit)
{
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd,
             "'%s' pack --kernel %s/kernel/vmlinuz --rootfs %srootfs-gzip.sqfs --board ar7-8m "
             "-o %s/p.bin && cmp %s/p.bin %spass.bin",
             WA_BIN, WA_FIXTURES, IMG, dir, dir, IMG);
    cr_expect_eq(run(cmd, &out), 0, "pack is deterministic: %s", out);
    free(out);
    /* the 2 MB kernel does not fit the WA1003A's 528 KB kernel partition */
    snprintf(cmd, sizeof cmd,
             "'%s' pack --kernel %s/kernel/vmlinuz --rootfs %srootfs-gzip.sqfs --board wa1003a "
             "-o %s/w.bin 2>&1",
             WA_BIN, WA_FIXTURES, IMG, dir);
    cr_expect_eq(run(cmd, &out), 64, "%s", out);
    cr_expect(strstr(out, "does not fit mtd1"), "%s", out);
    free(out);
    char path[128];
    snprintf(path, sizeof path, "%s/w.bin", dir);
    struct stat st;
    cr_expect_neq(stat(path, &st), 0, "nothing written for a refused image");
    /* a truncated kernel ELF: the error names the offset */
    snprintf(cmd, sizeof cmd,
             "head -c 5000 %s/kernel/vmlinuz > %s/k && '%s' pack --kernel %s/k --rootfs "
             "%srootfs-gzip.sqfs --board ar7-8m -o %s/t.bin 2>&1",
             WA_FIXTURES, dir, WA_BIN, dir, IMG, dir);
    cr_expect_eq(run(cmd, &out), 66, "%s", out);
    cr_expect(strstr(out, "kernel: segment ") && strstr(out, "offset 0x"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' pack --kernel %s/kernel/vmlinuz 2>&1", WA_BIN, WA_FIXTURES);
    cr_expect_eq(run(cmd, NULL), 64);
}

Test(cli, inspect_json_describes_the_layout)
{
    char cmd[2048], *out;
    snprintf(
        cmd, sizeof cmd,
        "'%s' inspect --json --board ar7-8m %spass.bin | /usr/bin/python3 -c 'import json,sys;"
        "d=json.load(sys.stdin);k=d[\"kernel\"];r=d[\"rootfs\"];"
        "print(k[\"offset\"], k[\"entry\"], r[\"offset\"], r[\"compression\"], "
        "k[\"squashfs_compressions\"], d[\"trailer\"][\"stored\"]==d[\"trailer\"][\"computed\"])'",
        WA_BIN, IMG);
    cr_expect_eq(run(cmd, &out), 0);
    char want[128];
    snprintf(want, sizeof want, "144 %u 2097152 gzip gzip True\n",
             readelf_entry(WA_FIXTURES "/kernel/vmlinuz"));
    cr_expect_str_eq(out, want);
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' inspect --board ar7-8m %snoboot-rootfs-offset.bin", WA_BIN,
             IMG);
    cr_expect_eq(run(cmd, &out), 0);
    cr_expect(strstr(out, "MISPLACED"), "%s", out);
    free(out);
}

/* Numeric options take decimal numbers in range; anything else is a usage error that names
 * the option and the argument, before any work. */
Test(cli, numeric_options_are_checked)
{
    static const struct {
        const char *args, *says;
    } bad[] = {
        {"run --budget abc x.sqfs -- /bin/true", "--budget wants a number of instructions"},
        {"run --budget 0 x.sqfs -- /bin/true", "not \"0\""},
        {"run --timeout -5 x.sqfs -- /bin/true", "--timeout wants milliseconds (1..86400000)"},
        {"run --timeout 10ms x.sqfs -- /bin/true", "not \"10ms\""},
        {"verify --timeout 99999999999 x.bin", "--timeout wants milliseconds"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char cmd[512], *out;
        snprintf(cmd, sizeof cmd, "'%s' %s 2>&1", WA_BIN, bad[i].args);
        cr_expect_eq(run(cmd, &out), 64, "%s: %s", bad[i].args, out);
        cr_expect(strstr(out, bad[i].says), "%s: no \"%s\" in %s", bad[i].args, bad[i].says, out);
        free(out);
    }
}

/* A FIFO given as the image is refused at once by every command that reads an image, not
 * waited on (issue 18, item 5): each command runs under timeout(1), which would end a hang
 * with 124. */
Test(cli, a_fifo_as_the_image_is_refused_not_waited_on)
{
    const char *cmds[] = {"verify", "inspect", "chksum", "ls", "cases new x"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        char cmd[1024], *out;
        snprintf(cmd, sizeof cmd,
                 "cd '%s' && rm -f f.bin && mkfifo f.bin && timeout 20 '%s' %s f.bin 2>&1", dir,
                 WA_BIN, cmds[i]);
        int rc = run(cmd, &out);
        cr_expect(rc != 124 && rc != 0, "%s on a FIFO: exit %d\n%s", cmds[i], rc, out);
        cr_expect(strstr(out, "f.bin") && strstr(out, "not a regular file"), "%s: %s", cmds[i],
                  out);
        free(out);
    }
}
