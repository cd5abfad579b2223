/* test_userland.c: the hand-over at init (`verify --deep`, stage userland). The kernel in the
 * AR7 machine execs init; the same program of the same rootfs then runs as pid 1 under the
 * user-mode personality on the board's CPU: the example boots to a settled userland with its
 * rcS line on the console; a release-2 init on the release-1 4KEc, and an init that exits,
 * are NO-BOOT; a release-2 program started by rcS is DEGRADED. The deep JSON report follows
 * the schema. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static int verify(const char *image, const char *extra, char **out)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' verify --board ar7-8m --no-color %s '%s/images/%s' 2>&1",
             WA_BIN, extra, WA_FIXTURES, image);
    return run(cmd, out);
}

/* The userland's part of the console, after the kernel's. */
static const char *userland_console(const char *out)
{
    const char *c = strstr(out, "--- userland (wa-emu user mode from the exec of init) ---");
    return c ? c : "";
}

Test(userland, the_example_boots_to_a_settled_userland)
{
    char *out;
    cr_assert_eq(verify("pass.bin", "--deep", &out), 0, "%s", out);
    cr_expect(strstr(out, "boot-init: the kernel booted to init /sbin/init"), "%s", out);
    cr_expect(strstr(out, "INFO [userland] userland-settled: /sbin/init ran as pid 1"), "%s", out);
    /* rcS ran its commands (the timeline in the evidence) and printed its line */
    cr_expect(strstr(out, "] /bin/sh /etc/init.d/rcS;"), "%s", out);
    cr_expect(strstr(out, "] /bin/tar -xf /etc/var.tar -C /;"), "%s", out);
    cr_expect(strstr(out, " exits, 0 killed, "), "%s", out);
    cr_expect(strstr(userland_console(out), "rcS: system ready"), "%s", out);
    cr_expect(!strstr(out, "DEGRADED ["), "%s", out);
    free(out);
}

Test(userland, a_release_2_init_cannot_run_on_the_4KEc)
{
    char *out;
    cr_assert_eq(verify("noboot-deep-init-r2.bin", "--deep", &out), 2, "%s", out);
    cr_expect(strstr(out, "NO-BOOT [userland] init-stopped: init (/sbin/init) was stopped"), "%s",
              out);
    cr_expect(strstr(out, "is MIPS32 release 2; the board's 4KEc is release 1"), "%s", out);
    cr_expect(strstr(out, "Attempted to kill init!"), "%s", out);
    free(out);
}

Test(userland, an_init_that_exits_panics_the_kernel)
{
    char *out;
    cr_assert_eq(verify("noboot-deep-init-exits.bin", "--deep", &out), 2, "%s", out);
    cr_expect(strstr(out, "NO-BOOT [userland] init-exited: init (/sbin/init) exited with status 3"),
              "%s", out);
    cr_expect(strstr(out, "exitcode=0x00000300"), "%s", out);
    /* the script is pid 1 to itself, as on the box */
    cr_expect(strstr(userland_console(out), "init: pid 1\n"), "%s", out);
    free(out);
}

Test(userland, a_release_2_program_from_rcS_is_degraded)
{
    char *out;
    cr_assert_eq(verify("degraded-deep-rcs-r2.bin", "--deep", &out), 1, "%s", out);
    cr_expect(strstr(out, "DEGRADED [userland] userland-stopped: /usr/bin/r2box true (pid "), "%s",
              out);
    cr_expect(strstr(out, "userland-settled"), "init itself went on: %s", out);
    /* rcS's shell saw its child die of SIGILL, as a shell on the box would */
    cr_expect(strstr(userland_console(out), "Illegal instruction"), "%s", out);
    free(out);
}

Test(userland, the_deep_json_report_follows_the_schema)
{
    char path[] = "/tmp/wa-userland-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    char opt[128], cmd[2048];
    snprintf(opt, sizeof opt, "--deep --json=%s", path);
    cr_assert_eq(verify("degraded-deep-rcs-r2.bin", opt, NULL), 1);
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import json,sys,jsonschema;"
             "d=json.load(open(sys.argv[2]));"
             "jsonschema.validate(d, json.load(open(sys.argv[1])));"
             "print(*[s[\"name\"] + \":\" + s[\"result\"] for s in d[\"stages\"]])'"
             " '%s/harness/report.schema.json' '%s' 2>&1",
             WA_SRC, path);
    char *out;
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, "boot:pass"), "%s", out);
    cr_expect(strstr(out, "userland:degraded"), "%s", out);
    free(out);
    unlink(path);
}

/* The fast path (the userland run from the rootfs, the kernel probed statically) and the deep
 * path (the kernel runs first) give every example image the same verdict. */
Test(userland, the_default_and_the_deep_run_agree_on_every_example, .timeout = 1200)
{
    DIR *d = opendir(WA_FIXTURES "/images");
    cr_assert(d, "no example images");
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".bin")) continue;
        char *a, *b;
        int va = verify(e->d_name, "", &a), vb = verify(e->d_name, "--deep", &b);
        cr_expect_eq(va, vb, "%s: exit %d by default, %d with --deep\n%s\n---\n%s", e->d_name, va,
                     vb, a, b);
        free(a);
        free(b);
        n++;
    }
    closedir(d);
    cr_expect_geq(n, 20, "only %d example images", n);
}

/* --static stops after the rootfs stage: no userland, nothing emulated. */
Test(userland, static_runs_no_emulation)
{
    char *out;
    int rc = verify("noboot-deep-init-r2.bin", "--static", &out);
    cr_expect(rc >= 0 && rc <= 3, "a verdict: %s", out);
    cr_expect(strstr(out, "\n  rootfs ") && !strstr(out, "userland"), "%s", out);
    free(out);
    cr_expect_eq(verify("noboot-deep-init-r2.bin", "", &out), 2, "%s", out);
    cr_expect(strstr(out, "NO-BOOT [userland] init-stopped"), "%s", out);
    free(out);
    cr_expect_eq(verify("pass.bin", "--static --deep", &out), 64, "%s", out);
    free(out);
}
