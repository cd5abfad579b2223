/* test_html.c: `verify --html` and `cases run --html`, checked in a real browser: the pages of
 * the PASS example and of a NO-BOOT one parse as HTML5 without an error (python3-html5lib),
 * hold no external reference, and Debian's headless Chromium renders them (a screenshot that
 * is not blank, the SVG elements for each partition and each process in its DOM, no console
 * message). The screenshots are kept in the build's artifacts/html/ for CI to keep. */
#include <criterion/criterion.h>
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Where the screenshots are kept: artifacts/html in the build directory. */
static void artifacts(char *out, size_t cap)
{
    snprintf(out, cap, "%s", WA_BIN);
    char *s = strrchr(out, '/');
    if (s) *s = 0;
    s = strrchr(out, '/');
    if (s) *s = 0;
    strncat(out, "/artifacts/html", cap - strlen(out) - 1);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", out);
    run(cmd, NULL);
}

/* Render page in Chromium: its DOM into dom, a screenshot into png; the console's messages
 * (there must be none) are returned in *console. */
static void render(const char *page, const char *png, const char *dom, char **console)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "
             "--window-size=1100,1600 --enable-logging=stderr --v=0 --screenshot='%s' "
             "'file://%s' 2>&1 | grep ':CONSOLE(' ; "
             "chromium --headless --no-sandbox --disable-gpu --dump-dom 'file://%s' > '%s' "
             "2>/dev/null",
             png, page, page, dom);
    run(cmd, console);
}

static void check(const char *image, int want_exit, const char *name, int deep, int *parts,
                  int *procs, int *bad, int *findings)
{
    char dir[1024], page[1200], png[1200], dom[1200], cmd[8192], *out;
    artifacts(dir, sizeof dir);
    snprintf(page, sizeof page, "%s/%s.html", dir, name);
    snprintf(png, sizeof png, "%s/%s.png", dir, name);
    snprintf(dom, sizeof dom, "%s/%s.dom.html", dir, name);
    snprintf(cmd, sizeof cmd, "'%s' verify --board ar7-8m %s --html '%s' '%s/images/%s' 2>&1",
             WA_BIN, deep ? "--deep" : "", page, WA_FIXTURES, image);
    cr_assert_eq(run(cmd, &out), want_exit, "%s", out);
    free(out);
    render(page, png, dom, &out);
    cr_expect_eq(out[0], 0, "%s: the browser's console said:\n%s", name, out);
    free(out);
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 '%s/harness/tests/html_check.py' '%s' '%s' '%s' 2>&1", WA_SRC, page,
             png, dom);
    cr_assert_eq(run(cmd, &out), 0, "%s: %s", name, out);
    int console = -1, klines = -1;
    cr_assert_eq(sscanf(out, "parts %d console %d klines %d procs %d bad %d findings %d", parts,
                        &console, &klines, procs, bad, findings),
                 6, "%s", out);
    /* with --deep, the kernel's console lines on the axis: as many as the JSON report has */
    if (deep) {
        char cmd2[2048];
        snprintf(cmd2, sizeof cmd2,
                 "'%s' verify --board ar7-8m --deep --json '%s/images/%s' 2>/dev/null | "
                 "/usr/bin/python3 -c 'import json,sys; c=json.load(sys.stdin)[\"kernel\"]"
                 "[\"console\"]; ms=[x[\"ms\"] for x in c]; assert ms == sorted(ms); "
                 "print(len(c))'",
                 WA_BIN, WA_FIXTURES, image);
        unsigned long long want = run_num(cmd2);
        cr_expect_gt(want, 20);
        cr_expect_eq((unsigned long long)klines, want, "%d kernel lines drawn of %llu", klines,
                     want);
    }
    cr_expect(*procs == 0 || console >= 1, "%s: no console line on the timeline", name);
    free(out);
}

/* The processes the JSON report has, for the DOM's bars. */
static int json_procs(const char *image, const char *opt)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "'%s' verify --board ar7-8m %s --json '%s/images/%s' 2>/dev/null | /usr/bin/python3 "
             "-c 'import json,sys; print(len(json.load(sys.stdin).get(\"timeline\", "
             "{}).get(\"processes\", [])))'",
             WA_BIN, opt, WA_FIXTURES, image);
    return (int)run_num(cmd);
}

Test(html, the_pass_example_renders_with_its_map_and_every_process)
{
    int parts, procs, bad, findings;
    check("pass.bin", 0, "pass-deep", 1, &parts, &procs, &bad, &findings);
    cr_expect_eq(parts, 5, "5 partitions drawn, not %d", parts);
    int want = json_procs("pass.bin", "--deep");
    cr_expect_gt(want, 5);
    cr_expect_eq(procs, want, "%d process bars for %d processes", procs, want);
    cr_expect_eq(bad, 0);
    cr_expect_geq(findings, 4);
}

Test(html, a_noboot_example_renders_its_fault_in_red)
{
    int parts, procs, bad, findings;
    check("noboot-rootfs-offset.bin", 2, "noboot-rootfs-offset", 0, &parts, &procs, &bad,
          &findings);
    cr_expect_eq(parts, 5);
    cr_expect_eq(procs, 0, "nothing ran, %d bars", procs);
    cr_expect_geq(bad, 1, "the misplaced rootfs is not drawn as bad");
    char dir[1024], cmd[2048], *out;
    artifacts(dir, sizeof dir);
    /* in words too: its label in the picture and its row in the table */
    snprintf(cmd, sizeof cmd,
             "grep -o '>! rootfs</text>\\|<strong>! </strong>rootfs' "
             "'%s/noboot-rootfs-offset.html' | wc -l",
             dir);
    cr_expect_eq(run_num(cmd), 2, "the bad part is not named in words");
    /* the brick: the image drawn past mtd4 */
    check("brick-too-large.bin", 3, "brick-too-large", 0, &parts, &procs, &bad, &findings);
    cr_expect_geq(bad, 1);
    snprintf(cmd, sizeof cmd, "grep -o 'written past mtd4' '%s/brick-too-large.html'", dir);
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    free(out);
}

Test(html, cases_run_writes_a_page_a_case_and_an_index)
{
    char dir[] = "/tmp/wa-html-XXXXXX", cmd[4096], *out;
    cr_assert(mkdtemp(dir));
    snprintf(cmd, sizeof cmd,
             "WA_FIXTURES='%s' '%s' cases run '%s/cases/pass-var-at-root.case' "
             "'%s/cases/noboot-bad-checksum.case' --html '%s/h' -j2 2>&1 && ls '%s/h' && "
             "/usr/bin/python3 -c 'import html5lib,sys; "
             "html5lib.HTMLParser(strict=True).parse(open(sys.argv[1]).read())' '%s/h/index.html' "
             "&& grep -o 'href=\"[^\"]*\"' '%s/h/index.html'",
             WA_FIXTURES, WA_BIN, WA_SRC, WA_SRC, dir, dir, dir, dir);
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, "index.html\nnoboot-bad-checksum.html\npass-var-at-root.html\n"), "%s",
              out);
    cr_expect(strstr(out, "href=\"pass-var-at-root.html\"\nhref=\"noboot-bad-checksum.html\""),
              "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    run(cmd, NULL);
}
