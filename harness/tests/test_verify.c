/* test_verify.c: `wa-emu verify` end to end on the example images (cases/build-images.sh):
 * each gets its exact verdict, exit code and the finding that names its cause; the JSON
 * report validates against harness/report.schema.json (python3-jsonschema) and the JUnit
 * report is read by a real JUnit consumer (python3-junitparser). */
#include <criterion/criterion.h>
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int verify(const char *image, const char *extra, char **out)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' verify --board ar7-8m --no-color %s '%s/images/%s' 2>&1",
             WA_BIN, extra, WA_FIXTURES, image);
    return run(cmd, out);
}

struct expect {
    const char *image;
    int exit_code;
    const char *verdict;
    const char *code;  /* the finding code that must name the cause */
    const char *words; /* and words the text report must have, or NULL */
};

static const struct expect cases[] = {
    {"pass.bin", 0, "PASS", NULL, NULL},
    {"noboot-no-checksum.bin", 2, "NO-BOOT", "checksum-missing", NULL},
    {"noboot-bad-checksum.bin", 2, "NO-BOOT", "checksum-mismatch", NULL},
    {"noboot-checksum-range.bin", 2, "NO-BOOT", "checksum-wrong-range", NULL},
    {"noboot-bad-record.bin", 2, "NO-BOOT", "record-checksum", NULL},
    {"noboot-truncated-kernel.bin", 2, "NO-BOOT", "kernel-truncated", NULL},
    {"noboot-rootfs-offset.bin", 2, "NO-BOOT", "rootfs-offset",
     "the rootfs starts 0x10000 bytes after mtd0"},
    {"brick-too-large.bin", 3, "BRICK", "image-too-large", NULL},
    {"noboot-rootfs-xz.bin", 2, "NO-BOOT", "rootfs-unmountable", NULL},
    {"noboot-rootfs-v2-be.bin", 2, "NO-BOOT", "init-wrong-arch", NULL},
    {"noboot-init-missing.bin", 2, "NO-BOOT", "init-missing", NULL},
    {"noboot-init-host-binary.bin", 2, "NO-BOOT", "init-not-executable", NULL},
    {"noboot-var-too-large.bin", 2, "NO-BOOT", "var-too-large", NULL},
    {"degraded-no-rcs.bin", 1, "DEGRADED", "rcs-missing", NULL},
    {"degraded-var-corrupt.bin", 1, "DEGRADED", "var-tar-corrupt", NULL},
    {"degraded-var-tar-missing.bin", 1, "DEGRADED", "var-tar-missing", NULL},
    {"degraded-var-not-mounted.bin", 1, "DEGRADED", "write-failed",
     "/bin/mkdir -p /var/run /var/log /var/tmp (pid"},
    {"noboot-rcs-crlf.bin", 2, "NO-BOOT", "rcs-crlf", "first CR at byte 9 of /etc/init.d/rcS"},
    {"noboot-rcs-not-executable.bin", 2, "NO-BOOT", "rcs-not-executable", "mode 0644"},
    {"noboot-rcs-interpreter-missing.bin", 2, "NO-BOOT", "rcs-interpreter-missing", "#!/bin/bash"},
    {"degraded-noip2-x86.bin", 1, "DEGRADED", "program-cannot-run",
     "/usr/sbin/noip2 cannot run on the box: a 64-bit ELF (machine 62, x86-64), not an o32 MIPS "
     "program (ENOEXEC)"},
    {"pass-var-at-root.bin", 0, "PASS", "var-tar", "/var.tar (unpacked by /etc/init.d/rcS line 6)"},
};

Test(verify, each_example_gets_its_verdict_and_cause)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out;
        int rc = verify(cases[i].image, "", &out);
        cr_expect_eq(rc, cases[i].exit_code, "%s: exit %d, want %d\n%s", cases[i].image, rc,
                     cases[i].exit_code, out);
        char want[64];
        snprintf(want, sizeof want, "verdict: %s", cases[i].verdict);
        cr_expect(strstr(out, want), "%s: no '%s' in\n%s", cases[i].image, want, out);
        if (cases[i].code)
            cr_expect(strstr(out, cases[i].code), "%s: finding %s not named in\n%s", cases[i].image,
                      cases[i].code, out);
        if (cases[i].words)
            cr_expect(strstr(out, cases[i].words), "%s: no \"%s\" in\n%s", cases[i].image,
                      cases[i].words, out);
        free(out);
    }
}

/* The owner's noip2 (cases/build-r1.sh, from ../shared/fixtures/noip2/src) started from rcS,
 * in the worlds of cases/worlds/: what it did is the services stage's verdict, in its own
 * words. */
static const struct {
    const char *image, *world; /* world: cases/worlds/NAME.world, or NULL for the default */
    int exit_code;
    const char *verdict, *code, *words;
    const char *board; /* cases/boards/NAME.board, or NULL for ar7-8m */
} services[] = {
    {"pass.bin", NULL, 0, "PASS", "noip2-updated",
     "updated box.no-ip.org to 203.0.113.7 (answer 1: updated); 1 update in the 65 minutes", NULL},
    /* a new address at 40 minutes: seen at the check of 60 minutes, and sent */
    {"pass.bin", "address-change", 0, "PASS", "noip2-updated",
     "updated box.no-ip.org to 198.51.100.9 (answer 1: updated); 2 updates in the 65 minutes",
     NULL},
    {"pass.bin", "already-set", 0, "PASS", "noip2-updated",
     "box.no-ip.org was already set to 203.0.113.7.", NULL},
    {"pass.bin", "bad-password", 1, "DEGRADED", "noip2-update-refused",
     "with 3 (bad password): Incorrect password for", NULL},
    /* the link down from 25 to 35 minutes, back with a new address: the check at 30 finds no
     * route, the one at 60 sends the new address */
    {"pass.bin", "link-flap", 0, "PASS", "noip2-updated",
     "updated box.no-ip.org to 198.51.100.9 (answer 1: updated); 2 updates in the 65 minutes",
     NULL},
    /* it retries at its interval of 30 minutes: at 0, 30 and 60 */
    {"pass.bin", "dns-failure", 1, "DEGRADED", "noip2-dns-failed",
     "failed 3 times in 65 minutes (udp 192.0.2.53:53 dns: dynupdate.no-ip.com: NXDOMAIN): "
     "Can't gethostbyname for dynupdate.no-ip.com",
     NULL},
    {"pass.bin", "refused", 1, "DEGRADED", "noip2-connect-failed",
     "3 connections failed in 65 minutes (connect 192.0.2.10:8245 (tcp): refused); it logged: "
     "Can't connect to dynupdate.no-ip.com (Connection refused)",
     NULL},
    /* a server that never answers: each connect ends at noip2's alarm of 60 s */
    {"pass.bin", "silent", 1, "DEGRADED", "noip2-connect-failed",
     "3 connections failed in 65 minutes (connect 192.0.2.10:8245 (tcp): no answer)", NULL},
    {"degraded-noip2-no-config.bin", NULL, 1, "DEGRADED", "noip2-not-running",
     "without sending an update: Can't locate configuration file /var/noip/noip.conf", NULL},
    /* shmctl as the box's uClibc 0.9.19 calls it (old call, new struct): fine on today's
     * kernel (it zero-fills the old struct), refused on the 2.4 one (stale bytes at 60) */
    {"noip2-uclibc-shmctl.bin", NULL, 0, "PASS", "noip2-updated", "updated box.no-ip.org", NULL},
    {"noip2-uclibc-shmctl.bin", NULL, 1, "DEGRADED", "noip2-shmctl-mismatch",
     "noip2 refused to start (\"Too many noip2 processes active. Ending!\"): shmctl old call, "
     "new struct: its libc asks without IPC_64 but reads shm_nattch at 60",
     "ar7-8m-2.4"},
    /* a board whose profile says noip2 must run, and an image that never starts it */
    {"degraded-no-rcs.bin", NULL, 1, "DEGRADED", "service-not-started",
     "the board ar7-8m-noip2 says noip2 must run, but the boot never started it", "ar7-8m-noip2"},
};

Test(verify, noip2_in_each_world)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/r1/noip2", WA_FIXTURES);
    if (access(path, F_OK))
        cr_skip_test(
            "not run: no noip2 for the board's CPU (%s): ../shared/fixtures/noip2 with its "
            "source was not there when the fixtures were built",
            path);
    for (size_t i = 0; i < sizeof services / sizeof services[0]; i++) {
        char opt[1024], *out;
        opt[0] = 0;
        if (services[i].world)
            snprintf(opt, sizeof opt, "--world '%s/cases/worlds/%s.world'", WA_SRC,
                     services[i].world);
        if (services[i].board) /* after verify()'s own --board: the last one counts */
            snprintf(opt + strlen(opt), sizeof opt - strlen(opt),
                     " --board '%s/cases/boards/%s.board'", WA_SRC, services[i].board);
        int rc = verify(services[i].image, opt, &out);
        const char *w = services[i].world ? services[i].world : "default";
        cr_expect_eq(rc, services[i].exit_code, "%s in %s: exit %d\n%s", services[i].image, w, rc,
                     out);
        char want[64];
        snprintf(want, sizeof want, "verdict: %s", services[i].verdict);
        cr_expect(strstr(out, want), "%s in %s: no '%s' in\n%s", services[i].image, w, want, out);
        cr_expect(strstr(out, services[i].code), "%s in %s: no %s in\n%s", services[i].image, w,
                  services[i].code, out);
        cr_expect(strstr(out, services[i].words), "%s in %s: no \"%s\" in\n%s", services[i].image,
                  w, services[i].words, out);
        free(out);
    }
}

Test(verify, json_follows_the_schema_for_every_example)
{
    char dir[] = "/tmp/wa-verify-XXXXXX";
    cr_assert(mkdtemp(dir));
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char opt[256], cmd[4096];
        snprintf(opt, sizeof opt, "--json=%s/r%zu.json", dir, i);
        verify(cases[i].image, opt, NULL);
        snprintf(cmd, sizeof cmd,
                 "/usr/bin/python3 -c 'import json,sys,jsonschema;"
                 "d=json.load(open(sys.argv[2]));"
                 "jsonschema.validate(d, json.load(open(sys.argv[1])));"
                 "print(d[\"verdict\"], d[\"exit_code\"], *[f[\"code\"] for f in d[\"findings\"]])'"
                 " '%s/harness/report.schema.json' '%s/r%zu.json' 2>&1",
                 WA_SRC, dir, i);
        char *out;
        int rc = run(cmd, &out);
        cr_expect_eq(rc, 0, "%s: schema validation failed:\n%s", cases[i].image, out);
        char want[64];
        snprintf(want, sizeof want, "%s %d", cases[i].verdict, cases[i].exit_code);
        cr_expect(strncmp(out, want, strlen(want)) == 0, "%s: JSON says %s", cases[i].image, out);
        if (cases[i].code) cr_expect(strstr(out, cases[i].code), "%s: %s", cases[i].image, out);
        free(out);
    }
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    run(cmd, NULL);
}

/* The JSON report carries the userland as data: every process with its guest pid, parent,
 * command line, start and end, what the world saw (here the owner's noip2 updating), and the
 * files rcS left on the ramfs /var (from var.tar and its mkdir -p). */
Test(verify, json_has_the_timeline_as_data)
{
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd,
             "'%s' verify --board ar7-8m --json '%s/images/pass.bin' 2>/dev/null | "
             "/usr/bin/python3 -c 'import json,sys; t=json.load(sys.stdin)[\"timeline\"]\n"
             "for p in t[\"processes\"]: print(\"P\", p[\"pid\"], p[\"ppid\"], "
             "p.get(\"exit\", \"-\"), \"end_ms\" in p, p[\"argv\"])\n"
             "for e in t[\"events\"]: print(\"E\", e[\"kind\"], e[\"text\"])\n"
             "for f in t[\"files\"]: print(\"F\", f[\"type\"], f[\"size\"], f[\"path\"])' 2>&1",
             WA_BIN, WA_FIXTURES);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, "P 1 0 - False /sbin/init\n"), "init runs to the end:\n%s", out);
    cr_expect(strstr(out, " 1 0 True /bin/sh /etc/init.d/rcS\n"), "rcS exits 0:\n%s", out);
    cr_expect(strstr(out, "F dir 0 /var/run\n"), "rcS's mkdir -p on the ramfs:\n%s", out);
    char path[512];
    snprintf(path, sizeof path, "%s/r1/noip2", WA_FIXTURES);
    if (!access(path, F_OK)) {
        cr_expect(strstr(out, "- False /usr/sbin/noip2 -M -c /var/noip/noip.conf\n"),
                  "the noip2 daemon (its fork) runs at the end:\n%s", out);
        cr_expect(strstr(out, "E net http: GET dynupdate.no-ip.com/ducupdate.php "
                              "user=owner@example.com hosts=box.no-ip.org ip=203.0.113.7"),
                  "%s", out);
        cr_expect(strstr(out, "E syslog ") && strstr(out, "box.no-ip.org set to 203.0.113.7"), "%s",
                  out);
        /* its size is the fixture tree's config's: var.tar was made from that tree */
        struct stat st;
        snprintf(path, sizeof path, "%s/images/var/var/noip/noip.conf", WA_FIXTURES);
        cr_assert_eq(stat(path, &st), 0, "%s", path);
        char want[128];
        snprintf(want, sizeof want, "F file %lld /var/noip/noip.conf\n", (long long)st.st_size);
        cr_expect(strstr(out, want), "want %s in:\n%s", want, out);
    }
    free(out);
}

Test(verify, json_to_stdout_is_only_json)
{
    /* the whole of stdout parses as one JSON document (json.load refuses anything after it) */
    char cmd[2048], *out;
    snprintf(
        cmd, sizeof cmd,
        "'%s' verify --board ar7-8m --json '%s/images/pass.bin' 2>/dev/null | /usr/bin/python3 "
        "-c 'import json,sys; d=json.load(sys.stdin); print(d[\"verdict\"], d[\"exit_code\"])' "
        "2>&1",
        WA_BIN, WA_FIXTURES);
    cr_expect_eq(run(cmd, &out), 0, "stdout is not one JSON document: %s", out);
    cr_expect_str_eq(out, "PASS 0\n", "%s", out);
    free(out);
}

Test(verify, junit_is_read_by_junitparser)
{
    char dir[] = "/tmp/wa-junit-XXXXXX";
    cr_assert(mkdtemp(dir));
    const char *imgs[] = {"pass.bin", "noboot-bad-checksum.bin", "brick-too-large.bin"};
    const char *want[] = {"failures=0", "failures=1", "failures=1"};
    const char *stage[] = {"flash:ok", "adam2:Failure", "flash:Failure"};
    for (int i = 0; i < 3; i++) {
        char opt[256], cmd[4096];
        snprintf(opt, sizeof opt, "--junit=%s/j%d.xml", dir, i);
        verify(imgs[i], opt, NULL);
        snprintf(cmd, sizeof cmd,
                 "/usr/bin/python3 -c 'import sys, junitparser;"
                 "x=junitparser.JUnitXml.fromfile(sys.argv[1]);"
                 "s=[t for t in x][0];"
                 "c=[case for case in s];"
                 "print(\"failures=%%d tests=%%d\" %% (s.failures, s.tests), "
                 "*[case.name+\":\"+(type(case.result[0]).__name__ if case.result else \"ok\") "
                 "for case in c])'"
                 " '%s/j%d.xml' 2>&1",
                 dir, i);
        char *out;
        int rc = run(cmd, &out);
        cr_expect_eq(rc, 0, "%s: junitparser failed:\n%s", imgs[i], out);
        cr_expect(strstr(out, want[i]), "%s: %s", imgs[i], out);
        cr_expect(strstr(out, stage[i]), "%s: want %s: %s", imgs[i], stage[i], out);
        free(out);
    }
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    run(cmd, NULL);
}

Test(verify, bad_usage_and_unreadable_input)
{
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd, "'%s' verify 2>&1", WA_BIN);
    cr_expect_eq(run(cmd, NULL), 64);
    snprintf(cmd, sizeof cmd, "'%s' verify /nonexistent/fw.bin 2>&1", WA_BIN);
    cr_expect_eq(run(cmd, &out), 66);
    cr_expect(strstr(out, "/nonexistent/fw.bin"), "message names the file: %s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' verify --board nosuchboard %s/images/pass.bin 2>&1", WA_BIN,
             WA_FIXTURES);
    cr_expect_eq(run(cmd, &out), 64, "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' frobnicate 2>&1", WA_BIN);
    cr_expect_eq(run(cmd, NULL), 64);
    snprintf(cmd, sizeof cmd, "'%s' verify --help", WA_BIN);
    cr_expect_eq(run(cmd, &out), 0);
    cr_expect(strstr(out, "usage: wa-emu verify"));
    free(out);
}
