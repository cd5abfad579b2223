/* test_userland.c: the hand-over at init (`verify --deep`, stage userland). The kernel in the
 * AR7 machine execs init; the same program of the same rootfs then runs as pid 1 under the
 * user-mode personality on the board's CPU. What each deep example must do is its case file
 * (cases/deep-*.case and the *-deep-*.case ones, run by test_cases.c); here the deep JSON
 * report follows the schema, the fast path and the deep one agree on every example, and
 * --static does not emulate. */
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
    int rc = verify("degraded-deep-rcs-r2.bin", "--static", &out);
    cr_expect(rc >= 0 && rc <= 3, "a verdict: %s", out);
    cr_expect(strstr(out, "\n  rootfs ") && !strstr(out, "userland"), "%s", out);
    free(out);
    cr_expect_eq(verify("degraded-deep-rcs-r2.bin", "", &out), 1, "%s", out);
    cr_expect(strstr(out, "DEGRADED [userland] userland-stopped"), "%s", out);
    free(out);
    /* a release-2 init: the static scan of its code says NO-BOOT, and the userland is n/a */
    cr_expect_eq(verify("noboot-deep-init-r2.bin", "--static", &out), 2, "%s", out);
    cr_expect(strstr(out, "NO-BOOT [rootfs] elf-isa: /sbin/init"), "%s", out);
    free(out);
    cr_expect_eq(verify("noboot-deep-init-r2.bin", "", &out), 2, "%s", out);
    cr_expect(strstr(out, "NO-BOOT [rootfs] elf-isa: /sbin/init") && strstr(out, "  userland  n/a"),
              "%s", out);
    free(out);
    cr_expect_eq(verify("pass.bin", "--static --deep", &out), 64, "%s", out);
    free(out);
}
