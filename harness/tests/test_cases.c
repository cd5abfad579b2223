/* test_cases.c: case files and `wa-emu cases`. The project's examples are the .case files in
 * cases/, run here through `wa-emu cases run` and read back with a real JUnit consumer
 * (junitparser) and the JSON schema of the reports (jsonschema); a wrong expectation and typos in a
 * case file are reported with the file and the line; the finding codes registry is the sources' own
 * list; `cases new` writes a case its image passes; `verify --case` checks one image. */
#include <criterion/criterion.h>
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ENV "WA_FIXTURES='" WA_FIXTURES "' "

static char tmp[64];

static void mktmp(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/wa-cases-XXXXXX");
    cr_assert(mkdtemp(tmp));
}

static void rmtmp(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    run(cmd, NULL);
}

static void write_case(const char *name, const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", tmp, name);
    FILE *f = fopen(p, "w");
    cr_assert(f);
    fputs(text, f);
    fclose(f);
}

static int have_noip2(void)
{
    return !access(WA_FIXTURES "/r1/noip2", F_OK);
}

TestSuite(cases, .init = mktmp, .fini = rmtmp);

/* Every code the sources can report is in the registry, and every registered code is one the
 * sources report (but the registry's own unknown-code). */
Test(cases, the_registry_is_the_sources_list)
{
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 '%s/harness/tests/codes_used.py' '%s' > '%s/used' && "
             "'%s' cases codes | awk '$1 != \"unknown-code\" {print $1}' | sort > '%s/known' && "
             "wc -l < '%s/used' && diff '%s/used' '%s/known' 2>&1",
             WA_SRC, WA_SRC, tmp, WA_BIN, tmp, tmp, tmp, tmp);
    int rc = run(cmd, &out);
    cr_expect_eq(rc, 0, "the sources and `cases codes` differ (< only in the sources):\n%s", out);
    cr_expect_gt(atoi(out), 60, "the scan found only %d codes", atoi(out));
    free(out);
}

/* The examples: every case passes, one JUnit testcase per case file. */
Test(cases, the_examples_pass_and_junit_has_one_testcase_each)
{
    char cmd[4096], *out;
    snprintf(cmd, sizeof cmd, ENV "'%s' cases run '%s/cases' -j2 --junit '%s/j.xml' 2>&1", WA_BIN,
             WA_SRC, tmp);
    int rc = run(cmd, &out);
    cr_expect_eq(rc, 0, "cases run: exit %d\n%s", rc, out);
    cr_expect(strstr(out, " 0 failed"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd,
             "ls '%s/cases/'*.case | wc -l; /usr/bin/python3 -c 'import sys, junitparser\n"
             "x = junitparser.JUnitXml.fromfile(sys.argv[1])\n"
             "for s in x:\n"
             "    print(s.tests, s.failures, s.errors)\n"
             "    for c in s: print(c.name, type(c.result[0]).__name__ if c.result else \"ok\")' "
             "'%s/j.xml' 2>&1",
             WA_SRC, tmp);
    cr_assert_eq(run(cmd, &out), 0, "junitparser:\n%s", out);
    int files = 0, tests = -1, failures = -1, errors = -1;
    cr_assert_eq(sscanf(out, "%d %d %d %d", &files, &tests, &failures, &errors), 4, "%s", out);
    cr_expect_geq(files, 20, "only %d case files", files);
    cr_expect_eq(tests, files, "%d testcases for %d case files:\n%s", tests, files, out);
    cr_expect_eq(failures + errors, 0, "%s", out);
    const char *want = have_noip2() ? "ok" : "Skipped";
    char line[128];
    const char *named[] = {"pass",
                           "noip2-uclibc-shmctl-2.4",
                           "noip2-address-change",
                           "noip2-bad-password",
                           "noip2-dns-failure",
                           "noip2-refused"};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        snprintf(line, sizeof line, "\n%s %s\n", named[i], want);
        cr_expect(strstr(out, line), "no '%s' in\n%s", line + 1, out);
    }
    cr_expect(strstr(out, "\ndegraded-noip2-x86 ok\n"), "%s", out);
    free(out);
}

/* The JSON document: each case's report follows the report schema, and its exit code is the
 * one its verdict has. */
Test(cases, json_has_each_report_by_the_schema)
{
    char cmd[4096], *out;
    snprintf(
        cmd, sizeof cmd,
        ENV
        "'%s' cases run '%s/cases' -j2 --json > '%s/c.json'; "
        "/usr/bin/python3 -c 'import json, sys, jsonschema\n"
        "schema = json.load(open(sys.argv[1]))\n"
        "d = json.load(open(sys.argv[2]))\n"
        "code = {\"PASS\": 0, \"DEGRADED\": 1, \"NO-BOOT\": 2, \"BRICK\": 3}\n"
        "n = 0\n"
        "for c in d[\"cases\"]:\n"
        "    if c[\"status\"] == \"skipped\": continue\n"
        "    if c[\"status\"] != \"passed\": print(c[\"status\"], c[\"name\"], c[\"verdict\"])\n"
        "    jsonschema.validate(c[\"report\"], schema)\n"
        "    assert c[\"report\"][\"verdict\"] == c[\"verdict\"], c[\"name\"]\n"
        "    assert c[\"exit_code\"] == code[c[\"verdict\"]], c[\"name\"]\n"
        "    n += 1\n"
        "print(n, d[\"passed\"], d[\"failed\"])' '%s/harness/report.schema.json' '%s/c.json' "
        "2>&1",
        WA_BIN, WA_SRC, tmp, WA_SRC, tmp);
    int rc = run(cmd, &out);
    cr_expect_eq(rc, 0, "%s", out);
    int n = 0, passed = 0, failed = -1;
    sscanf(out, "%d %d %d", &n, &passed, &failed);
    cr_expect_geq(n, have_noip2() ? 30 : 20, "%s", out);
    cr_expect_eq(failed, 0, "%s", out);
    free(out);
}

/* An expectation the image does not meet: the case fails, naming the file, the line, what
 * was expected and what was seen, in the lines and in the JUnit failure; exit 1. */
Test(cases, a_wrong_expectation_names_file_line_expected_and_seen)
{
    write_case("wrong.case", "about = a checksum that is wrong, expected to pass\n"
                             "image = ${WA_FIXTURES}/images/noboot-bad-checksum.bin\n"
                             "board = ar7-8m\n"
                             "\n"
                             "expect.verdict = PASS\n");
    write_case("right.case", "image = ${WA_FIXTURES}/images/noboot-bad-checksum.bin\n"
                             "board = ar7-8m\n"
                             "expect.verdict = NO-BOOT\n"
                             "expect.finding = checksum-mismatch\n"
                             "expect.no-finding = image-too-large\n"
                             "expect.finding = checksum-mismatch words it does not have\n");
    char cmd[2048], *out, want[512];
    snprintf(cmd, sizeof cmd, ENV "'%s' cases run '%s' -j1 --junit '%s/j.xml' 2>&1", WA_BIN, tmp,
             tmp);
    cr_expect_eq(run(cmd, &out), 1, "%s", out);
    snprintf(want, sizeof want,
             "%s/wrong.case:5: expected verdict PASS, saw NO-BOOT: "
             "checksum-mismatch (",
             tmp);
    cr_expect(strstr(out, want), "no '%s' in\n%s", want, out);
    snprintf(want, sizeof want,
             "%s/right.case:6: expected finding checksum-mismatch with \"words it does not "
             "have\", saw checksum-mismatch: ",
             tmp);
    cr_expect(strstr(out, want), "no '%s' in\n%s", want, out);
    cr_expect(strstr(out, "0 passed, 2 failed"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import sys, junitparser\n"
             "for s in junitparser.JUnitXml.fromfile(sys.argv[1]):\n"
             "    for c in s: print(c.name, c.result[0].message)' '%s/j.xml' 2>&1",
             tmp);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    snprintf(want, sizeof want, "wrong %s/wrong.case:5: expected verdict PASS, saw NO-BOOT", tmp);
    cr_expect(strstr(out, want), "no '%s' in\n%s", want, out);
    free(out);
}

/* A typo in a key, in a finding code, a variable that is not set, a verdict twice: errors
 * with file:line, exit 64, and nothing runs. */
Test(cases, typos_are_errors_with_file_and_line)
{
    static const struct {
        const char *text, *want;
    } bad[] = {
        {"image = x.bin\nexpect.verdict = PASS\nexpect.findng = checksum-mismatch\n",
         "bad.case:3: unknown key 'expect.findng' (did you mean expect.finding?)"},
        {"image = x.bin\nexpect.verdict = PASS\nexpect.finding = noip2-update\n",
         "bad.case:3: 'noip2-update' is not a finding code wa-emu knows (did you mean "
         "noip2-updated?)"},
        {"image = ${WA_NO_SUCH_VARIABLE}/x.bin\nexpect.verdict = PASS\n",
         "bad.case:1: ${WA_NO_SUCH_VARIABLE} is not set"},
        {"image = x.bin\nexpect.verdict = PASSED\n", "bad.case:2: 'PASSED' is not a verdict"},
        {"image = x.bin\nexpect.verdict = PASS\nexpect.verdict = BRICK\n",
         "a case says its verdict once"},
        {"image = x.bin\nworld = no-such-world\nexpect.verdict = PASS\n",
         "bad.case:2: no world 'no-such-world'"},
        {"image = x.bin\nexpect.verdict = PASS\nexpect.running = noip2 after soon\n",
         "bad.case:3: expect.running is PROGRAM or PROGRAM after TIME"},
        {"image = x.bin\nexpect.verdict = PASS\nno equals sign here\n", "bad.case:3: "},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_case("bad.case", bad[i].text);
        write_case("good.case", "image = x.bin\nexpect.verdict = PASS\n");
        char cmd[1024], *out;
        snprintf(cmd, sizeof cmd, "'%s' cases run '%s' 2>&1", WA_BIN, tmp);
        cr_expect_eq(run(cmd, &out), 64, "case %zu: %s", i, out);
        cr_expect(strstr(out, bad[i].want), "case %zu: no '%s' in\n%s", i, bad[i].want, out);
        cr_expect(!strstr(out, "passed"), "case %zu: a case ran:\n%s", i, out);
        free(out);
    }
}

/* An image that is not there: 66, the case named; a case whose fixture is not there is not
 * run and says so (exit 0: nothing failed). */
Test(cases, a_missing_image_is_66_and_a_missing_fixture_is_not_run)
{
    write_case("gone.case", "image = no-such.bin\nexpect.verdict = PASS\n");
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd, "'%s' cases run '%s/gone.case' 2>&1", WA_BIN, tmp);
    cr_expect_eq(run(cmd, &out), 66, "%s", out);
    cr_expect(strstr(out, "gone.case: image ") && strstr(out, "no-such.bin"), "%s", out);
    free(out);
    write_case("gone.case",
               "image = no-such.bin\nneeds = no-such-fixture\nexpect.verdict = PASS\n");
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, "not run: ") && strstr(out, "no-such-fixture, which is not there"), "%s",
              out);
    cr_expect(strstr(out, "0 passed, 0 failed, 1 not run"), "%s", out);
    free(out);
}

/* `cases new` writes what the image does; the case passes on it, and fails on another image
 * (its verdict); it will not overwrite a case unless told to. */
Test(cases, new_writes_a_case_the_image_passes)
{
    const char *img = have_noip2() ? "pass.bin" : "degraded-no-rcs.bin";
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd,
             "cd '%s' && '%s' cases new mine '%s/images/%s' --board ar7-8m 2>&1 && cat mine.case",
             tmp, WA_BIN, WA_FIXTURES, img);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, have_noip2() ? "expect.verdict = PASS\n" : "expect.verdict = DEGRADED\n"),
              "%s", out);
    if (have_noip2()) {
        cr_expect(strstr(out, "expect.finding = noip2-updated\n"), "%s", out);
        cr_expect(strstr(out, "expect.running = /usr/sbin/noip2\n"), "%s", out);
        cr_expect(strstr(out, "expect.request = dynupdate.no-ip.com/ducupdate.php "
                              "user=owner@example.com hosts=box.no-ip.org ip=203.0.113.7\n"),
                  "%s", out);
    }
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' cases run '%s/mine.case' 2>&1", WA_BIN, tmp);
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    free(out);
    /* the same case on another image: its verdict is not the one written down */
    snprintf(cmd, sizeof cmd,
             "'%s' verify --case '%s/mine.case' '%s/images/noboot-bad-record.bin' 2>&1", WA_BIN,
             tmp, WA_FIXTURES);
    cr_expect_eq(run(cmd, &out), 1, "%s", out);
    cr_expect(strstr(out, "case mine: FAILED: ") && strstr(out, "mine.case:7: expected verdict"),
              "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' cases new mine '%s/images/%s' 2>&1", tmp, WA_BIN,
             WA_FIXTURES, img);
    cr_expect_eq(run(cmd, &out), 73, "%s", out);
    cr_expect(strstr(out, "mine.case exists"), "%s", out);
    free(out);
}

/* verify --case: the case's image, board and world; exit 0 when it passes. */
Test(cases, verify_case_checks_one_image)
{
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd,
             ENV "'%s' verify --no-color --case '%s/cases/noboot-rootfs-offset.case' 2>&1", WA_BIN,
             WA_SRC);
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, "verdict: NO-BOOT") && strstr(out, "case noboot-rootfs-offset: passed"),
              "%s", out);
    free(out);
}

/* The example pipeline (ci/gate-example.sh): green on the PASS example's root tree, red on
 * the same tree with an x86 noip2, the reason (noip2) in its JUnit report; the GitHub
 * Actions workflow a user copies runs the same script. */
Test(cases, the_gate_lets_the_pass_example_through_and_stops_the_x86_noip2)
{
    if (!have_noip2())
        cr_skip_test("not run: the PASS example has no noip2 (" WA_FIXTURES "/r1/noip2: "
                     "../shared/fixtures/noip2 was not there when the fixtures were built)");
    char cmd[4096], *out;
    snprintf(cmd, sizeof cmd,
             "'%s/ci/gate-example.sh' '%s' '%s/kernel/vmlinuz' '%s/images/rootfs' "
             "'%s/green' 2>&1",
             WA_SRC, WA_BIN, WA_FIXTURES, WA_FIXTURES, tmp);
    cr_expect_eq(run(cmd, &out), 0, "the gate stopped the PASS example:\n%s", out);
    cr_expect(strstr(out, "1 passed, 0 failed") && strstr(out, "gate: "), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd,
             "cp -a '%s/images/rootfs' '%s/root' && cp /bin/true '%s/root/usr/sbin/noip2' && "
             "'%s/ci/gate-example.sh' '%s' '%s/kernel/vmlinuz' '%s/root' '%s/red' 2>&1",
             WA_FIXTURES, tmp, tmp, WA_SRC, WA_BIN, WA_FIXTURES, tmp, tmp);
    cr_expect_eq(run(cmd, &out), 1, "the gate let the x86 noip2 through:\n%s", out);
    cr_expect(strstr(out, "must not be flashed"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import sys, junitparser\n"
             "for s in junitparser.JUnitXml.fromfile(sys.argv[1]):\n"
             "    print(s.tests, s.failures)\n"
             "    for c in s: print(c.name, type(c.result[0]).__name__, c.result[0].message)' "
             "'%s/red/gate.xml' 2>&1",
             tmp);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    cr_expect(!strncmp(out, "1 1\nnoip2 Failure ", 18), "%s", out);
    cr_expect(strstr(out, "noip2.case:7: expected verdict PASS, saw DEGRADED: elf-not-for-board "
                          "(/usr/sbin/noip2, which /etc/init.d/rcS line 11 starts, cannot run on "
                          "the box: a 64-bit ELF (machine 62), not MIPS32)"),
              "%s", out);
    free(out);
    /* the workflow: valid YAML whose gate step runs the script */
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import sys, yaml\n"
             "w = yaml.safe_load(open(sys.argv[1]))\n"
             "print(*[s.get(\"run\", s.get(\"uses\", \"\")).split()[0] for s in "
             "w[\"jobs\"][\"gate\"][\"steps\"]])' '%s/ci/gate-example.yml' 2>&1",
             WA_SRC);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, "/opt/wa-emu/ci/gate-example.sh"), "%s", out);
    free(out);
}

/* A case whose image is made from parts: the kernel, the example's root tree without its
 * var.tar, and the var tree beside it, packed as `wa-emu pack --rootfs DIR --var DIR` does:
 * what var held is on the RAM disk after the boot, and the boot passes. */
Test(cases, an_image_from_parts_is_packed_and_boots)
{
    char cmd[4096], *out;
    snprintf(cmd, sizeof cmd,
             "cp -a '%s/images/rootfs' '%s/root' && rm '%s/root/etc/var.tar' && "
             "cp -a '%s/images/var' '%s/var' 2>&1",
             WA_FIXTURES, tmp, tmp, WA_FIXTURES, tmp);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    free(out);
    write_case("parts.case", "kernel = ${WA_FIXTURES}/kernel/vmlinuz\n"
                             "rootfs = root\n"
                             "var = var/var\n"
                             "board = ar7-8m\n"
                             "expect.verdict = PASS\n"
                             "expect.console = rcS: system ready\n"
                             "expect.file = /var/etc/resolv.conf\n"
                             "expect.no-finding = var-tar-missing\n");
    snprintf(cmd, sizeof cmd, ENV "'%s' cases run '%s/parts.case' 2>&1", WA_BIN, tmp);
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    free(out);
    /* the same var given twice (the tree has its own var.tar) is refused, naming both */
    snprintf(cmd, sizeof cmd,
             "'%s' pack --kernel '%s/kernel/vmlinuz' --rootfs '%s/images/rootfs' --var '%s/var' "
             "--board ar7-8m -o '%s/x.bin' 2>&1; test ! -e '%s/x.bin'",
             WA_BIN, WA_FIXTURES, WA_FIXTURES, tmp, tmp, tmp);
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, "has its own /etc/var.tar: give var, or the file, not both"), "%s", out);
    free(out);
}
