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
    /* at mtd0, but not where the kernel's ar7part parser puts the rootfs (the kernel's own
     * console under --deep: 0x1f0000 on the flash, test_userland's agreement); fixtures made
     * before the image was are not refused */
    if (access(IMG "noboot-rootfs-ar7part.bin", R_OK)) return;
    snprintf(cmd, sizeof cmd, "'%s' inspect --board ar7-8m %snoboot-rootfs-ar7part.bin", WA_BIN,
             IMG);
    cr_expect_eq(run(cmd, &out), 0);
    cr_expect(strstr(out, "(mtd0 is at 0x200000)\n  the kernel mounts 0x1e0000: MISPLACED; "
                          "the kernel's ar7part parser takes the loader chain"),
              "%s", out);
    free(out);
}

/* inspect names each record, its checksums and which one is wrong: record 0's data and TI's
 * end record (whose checksum TI's rules keep) spoiled in copies of the example. */
Test(cli, inspect_names_the_bad_record)
{
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd,
             "cp %spass.bin %s/d.bin && cp %spass.bin %s/e.bin && '%s' inspect --json --board "
             "ar7-8m %spass.bin | /usr/bin/python3 -c 'import json,sys;k=json.load(sys.stdin)"
             "[\"kernel\"];e=k[\"end_record\"];r=k[\"records\"][0];print(r[\"offset\"],"
             "e[\"offset\"]+8, e[\"kind\"], e[\"stored\"]==e[\"computed\"], k[\"bad_record\"])'",
             IMG, dir, IMG, dir, WA_BIN, IMG);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    unsigned long rec0, sum;
    char kind[8], same[8];
    int bad;
    cr_assert_eq(sscanf(out, "%lu %lu %7s %7s %d", &rec0, &sum, kind, same, &bad), 5, "%s", out);
    free(out);
    cr_expect_str_eq(kind, "ti");
    cr_expect_str_eq(same, "True");
    cr_expect_eq(bad, -1);
    snprintf(cmd, sizeof cmd,
             "printf '\\377' | dd of=%s/d.bin bs=1 seek=%lu conv=notrunc 2>/dev/null && "
             "'%s' inspect --board ar7-8m %s/d.bin",
             dir, rec0 + 8 + 100, WA_BIN, dir);
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    char want[128];
    snprintf(want, sizeof want, "BAD RECORD CHECKSUM: record 0 (at 0x%lx)", rec0);
    cr_expect(strstr(out, want), "%s", out);
    snprintf(want, sizeof want, "record 0 at 0x%lx: ", rec0);
    cr_expect(strstr(out, want) && strstr(out, ": WRONG"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd,
             "printf '\\0\\0\\0\\0' | dd of=%s/e.bin bs=1 seek=%lu conv=notrunc 2>/dev/null && "
             "'%s' inspect --board ar7-8m %s/e.bin",
             dir, sum, WA_BIN, dir);
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    snprintf(want, sizeof want, "BAD RECORD CHECKSUM: the end record (at 0x%lx)", sum - 8);
    cr_expect(strstr(out, want), "a TI end record with checksum 0 is wrong: %s", out);
    cr_expect(strstr(out, "checksum stored 0x00000000") && strstr(out, ": WRONG"), "%s", out);
    free(out);
}

#define W501V WA_SRC "/../shared/fixtures/third-party/speedport-w501v/kernel.image"

/* The real AVM image: its one record and checksums, AVM's end record reported as normal, the
 * EVA kernel unpacked and its banner; with the speedport-w501v board the rootfs is where mtd0
 * starts, and verify's static stages pass flash, ADAM2 and the kernel probe. */
Test(cli, inspect_and_verify_the_speedport_w501v_image)
{
    if (access(W501V, R_OK)) cr_skip_test("not run: " W501V " is not there");
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd, "'%s' inspect --board speedport-w501v '%s'", WA_BIN, W501V);
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    static const char *const says[] = {
        "loader tag 0xfeed1281 (AVM) at 0x0",
        "record 0 at 0x4: 637955 bytes -> 0x94000000, checksum stored 0x671dc9fc, computed "
        "0x671dc9fc: ok",
        "end record at 0x9bc13: entry 0x941c5000, no checksum: AVM's normal end",
        "the word after it, 0x00000000, is padding",
        "record 0 is an AVM EVA kernel: 637931 bytes of LZMA (lc=3 lp=0 pb=2, dictionary 8388608, "
        "CRC-32 0x29176e12 ok) unpack to 1966214 bytes at 0x94000000",
        "Linux version 2.6.13.1-ohio (686) (gcc version 3.4.6) #9 Wed Apr 4 13:48:08 CEST 2007",
        "payload eva; SquashFS 2.2",
        "SquashFS 'hsqs' 2.76  at 0x9bd00",
        "(mtd0 is at 0x9bd00)",
        "the kernel mounts 0x9bd00: ok; the kernel's partition logic is not known",
        "stored 0x8c25a99a, computed 0x8c25a99a: ok",
    };
    for (size_t i = 0; i < sizeof says / sizeof says[0]; i++)
        cr_expect(strstr(out, says[i]), "no \"%s\" in %s", says[i], out);
    cr_expect(!strstr(out, "BAD RECORD CHECKSUM"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd,
             "'%s' verify --static --board speedport-w501v --json '%s' | /usr/bin/python3 -c "
             "'import json,sys;d=json.load(sys.stdin);s={x[\"name\"]:x[\"result\"] for x in "
             "d[\"stages\"]};k=[f for f in d[\"findings\"] if f[\"stage\"]==\"kernel\"];"
             "print(s[\"flash\"],s[\"adam2\"],s[\"kernel\"],k[0][\"code\"],k[0][\"message\"])'",
             WA_BIN, W501V);
    run(cmd, &out);
    cr_expect(!strncmp(out, "pass pass pass kernel-found Linux version 2.6.13.1-ohio ", 56), "%s",
              out);
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

/* chksum --fix through a symlink fixes the file it points at and leaves the link a link; a
 * hard-linked file is refused rather than split from its other names (issue 18, item 10). */
Test(cli, fix_writes_through_a_symlink_and_keeps_hard_links_whole)
{
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd,
             "cd '%s' && head -c -8 %spass.bin > real.bin && ln -s real.bin link.bin && "
             "'%s' chksum --fix link.bin >/dev/null && test -L link.bin && "
             "'%s' chksum real.bin >/dev/null && echo fixed; "
             "head -c -8 %spass.bin > a.bin && ln a.bin b.bin && '%s' chksum --fix a.bin 2>&1; "
             "echo rc=$?; stat -c %%h a.bin; cmp a.bin b.bin && echo whole",
             dir, IMG, WA_BIN, WA_BIN, IMG, WA_BIN);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, "fixed\n"), "%s", out);
    cr_expect(strstr(out, "has 2 hard links") && strstr(out, "rc=73\n2\nwhole"), "%s", out);
    free(out);
}

/* A board profile whose cpu wa-emu does not emulate is refused, naming the ones it does, not
 * taken and left to a kernel that never runs (issue 18, item 10). */
Test(cli, a_board_with_an_unknown_cpu_is_refused)
{
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd,
             "sed 's/^cpu = .*/cpu = 20Kc/' '%s/cases/boards/ar7-8m-2.4.board' > '%s/b.board' && "
             "'%s' verify --board '%s/b.board' %spass.bin 2>&1",
             WA_SRC, dir, WA_BIN, dir, IMG);
    cr_expect_eq(run(cmd, &out), 64, "%s", out);
    cr_expect(strstr(out, "b.board: cpu '20Kc' is not one wa-emu emulates (4KEc, "), "%s", out);
    free(out);
}

/* A board's nproc is its guests' process limit: past it fork fails with EAGAIN, as the
 * box's kernel refuses (issue 18); without the key ten background sleeps start. */
Test(cli, a_board_limits_the_guest_processes)
{
    char cmd[4096], *out;
    const char *script = "for i in 1 2 3 4 5 6 7 8 9 10; do sleep 1 & done; wait; echo all started";
    snprintf(cmd, sizeof cmd,
             "sed 's/^erase = 64K$/erase = 64K\\nnproc = 6/' '%s/cases/boards/ar7-8m-2.4.board' > "
             "'%s/np.board' && grep -q '^nproc = 6$' '%s/np.board' && "
             "'%s' run --board '%s/np.board' %spass.bin -- /bin/sh -c '%s' 2>&1",
             WA_SRC, dir, dir, WA_BIN, dir, IMG, script);
    run(cmd, &out);
    cr_expect(strstr(out, "can't fork: Resource temporarily unavailable"), "%s", out);
    cr_expect(!strstr(out, "all started"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd,
             "'%s' run --board '%s/cases/boards/ar7-8m-2.4.board' %spass.bin -- "
             "/bin/sh -c '%s' 2>&1",
             WA_BIN, WA_SRC, IMG, script);
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, "all started"), "%s", out);
    free(out);
}
