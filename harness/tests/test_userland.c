/* test_userland.c: the hand-over at init (`verify --deep`, stage userland). The kernel in the
 * AR7 machine execs init; the same program of the same rootfs then runs as pid 1 under the
 * user-mode personality on the board's CPU. What each deep example must do is its case file
 * (cases/deep-*.case and the *-deep-*.case ones, run by test_cases.c); here the deep JSON
 * report follows the schema, the fast path and the deep one agree on every example, and
 * --static does not emulate. */
#include <criterion/criterion.h>
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
 * path (the kernel runs first) give every example image the same verdict. Two images at a
 * time (the machine's two cores); each line of the run is "IMAGE DEFAULT-EXIT DEEP-EXIT". */
Test(userland, the_default_and_the_deep_run_agree_on_every_example, .timeout = 1200)
{
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd,
             "cd '%s/images' && ls *.bin | xargs -P2 -I{} sh -c \"'%s' verify --board ar7-8m "
             "--no-color {} >/dev/null 2>&1; a=\\$?; '%s' verify --deep --board ar7-8m "
             "--no-color {} >/dev/null 2>&1; echo {} \\$a \\$?\"",
             WA_FIXTURES, WA_BIN, WA_BIN);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    int n = 0;
    for (char *l = strtok(out, "\n"); l; l = strtok(NULL, "\n")) {
        char name[256];
        int va = -1, vb = -1;
        cr_assert_eq(sscanf(l, "%255s %d %d", name, &va, &vb), 3, "%s", l);
        if (va != vb) { /* the two reports, to say why */
            char *a, *b;
            verify(name, "", &a);
            verify(name, "--deep", &b);
            cr_expect_eq(va, vb, "%s: exit %d by default, %d with --deep\n%s\n---\n%s", name, va,
                         vb, a, b);
            free(a);
            free(b);
        }
        n++;
    }
    free(out);
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

/* The RAM the kernel leaves: with --deep its own "Memory: NK/MK available" line, by default
 * the estimate, within 1% of it on the example; the number the rootfs stage measures /var
 * against (and the userland run's limit). */
Test(userland, the_ram_left_is_the_kernels_memory_line)
{
    char *out;
    unsigned long long est = 0, deep = 0, k = 0;
    cr_assert_eq(verify("pass.bin", "", &out), 0, "%s", out);
    const char *p = strstr(out, "the kernel leaves ");
    cr_assert(p && strstr(p, "(estimated: RAM 16777216"), "%s", out);
    sscanf(p, "the kernel leaves %llu", &est);
    free(out);
    cr_assert_eq(verify("pass.bin", "--deep", &out), 0, "%s", out);
    const char *m = strstr(out, "\nMemory: "); /* the kernel's console */
    cr_assert(m && sscanf(m, "\nMemory: %lluK/", &k) == 1, "%s", out);
    p = strstr(out, "the kernel leaves ");
    cr_assert(p && sscanf(p, "the kernel leaves %llu", &deep) == 1, "%s", out);
    cr_expect_eq(deep, k * 1024, "%s", out);
    cr_expect(strstr(p, "(the kernel's console: \"Memory: "), "%s", p);
    cr_expect(est > deep * 99 / 100 && est < deep * 101 / 100, "estimate %llu, kernel %llu", est,
              deep);
    free(out);
}

/* A boot that makes more events than the timeline holds (rcS's shell sends itself 9000 signals
 * it traps, each an event): verify says so with how many were lost (INFO
 * userland-timeline-full), and the boot is judged as before; the trap counted every signal. */
Test(userland, a_full_timeline_is_reported, .timeout = 300)
{
    char dir[] = "/tmp/wa-tlfull-XXXXXX", cmd[4096], *out;
    cr_assert(mkdtemp(dir));
    snprintf(cmd, sizeof cmd,
             "cd '%s' && '%s' extract --board ar7-8m '%s/images/pass.bin' -o root >/dev/null && "
             "printf '%%s\\n' \"trap 'n=\\$((n+1))' USR1\" 'n=0; i=0' "
             "'while [ $i -lt 9000 ]; do kill -USR1 $$; i=$((i+1)); done' "
             "'echo \"rcS: $n signals\"' >> root/etc/init.d/rcS && "
             "'%s' repack --board ar7-8m '%s/images/pass.bin' root -o big.bin >/dev/null && "
             "'%s' verify --board ar7-8m --no-color --console big.bin 2>&1",
             dir, WA_BIN, WA_FIXTURES, WA_BIN, WA_FIXTURES, WA_BIN);
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    const char *f = strstr(out, "INFO [userland] userland-timeline-full: the timeline holds the "
                                "run's first 8192 events; ");
    cr_expect(f, "%s", out);
    unsigned lost = 0;
    if (f) sscanf(strstr(f, "events; ") + 8, "%u later ones were not recorded", &lost);
    cr_expect(lost >= 9000 - 8192 && lost < 9000, "%u lost:\n%s", lost, out);
    cr_expect(strstr(out, "rcS: 9000 signals"), "%s", out);
    cr_expect(strstr(out, "verdict: PASS"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    run(cmd, NULL);
}
