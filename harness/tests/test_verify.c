/* test_verify.c: `wa-emu verify` end to end on the example images (cases/build-images.sh):
 * what each example must do is its case file (the .case files in cases/, run by test_cases.c); here
 * the report formats: the JSON report carries the timeline as data and is all of stdout with
 * --json, the per-stage JUnit report is read by a real JUnit consumer (python3-junitparser),
 * and bad usage is refused. */
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
    /* what rcS wrote on the console, with its time and writer */
    cr_expect(strstr(out, "E console rcS: system ready\n"), "%s", out);
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

/* A shell that runs a big-endian ELF as a script echoes its bytes on the console: the JSON
 * report stays valid UTF-8 (strict decoders refuse anything else), the bytes as U+FFFD. */
Test(verify, json_is_utf8_when_the_console_holds_binary_bytes)
{
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd,
             "'%s' verify --board ar7-8m --json '%s/images/degraded-noip2-be.bin' 2>/dev/null | "
             "/usr/bin/python3 -c 'import json,sys; d=json.loads(sys.stdin.buffer.read()."
             "decode(\"utf-8\"))\n"
             "print(d[\"verdict\"], \"\\ufffd\" in d[\"console\"])' 2>&1",
             WA_BIN, WA_FIXTURES);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    cr_expect_str_eq(out, "DEGRADED True\n");
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
