/* test_script_run.c: what the boot script's run says, judged from timelines made by hand in
 * the orders the emulator records them (a child's start is recorded when the child first
 * runs, which may come after its parent's end), against a boot script in a real mksquashfs
 * image. */
#include <criterion/criterion.h>
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "script_run.h"

static char dir[64];
static uint8_t *img;
static size_t img_len;
static sqfs *fs;

/* rcS line 3 starts a shell that puts a subshell in the background and ends */
static void setup(void)
{
    strcpy(dir, "/tmp/wa-script-XXXXXX");
    cr_assert(mkdtemp(dir));
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && mkdir -p t/etc/init.d && printf '%%s\\n' '#!/bin/sh' 'mount -t proc "
             "proc /proc' \"/bin/sh -c '(sleep 5; echo lost) &'\" > t/etc/init.d/rcS && "
             "mksquashfs t img.sqfs -noappend -quiet -all-root >/dev/null",
             dir);
    cr_assert_eq(run(cmd, NULL), 0);
    snprintf(cmd, sizeof cmd, "%s/img.sqfs", dir);
    img = slurp(cmd, &img_len);
    wa_err e = {0};
    cr_assert_eq(sqfs_open(&fs, img, img_len, NULL, &e), WA_OK, "%s", e.msg);
}

static void teardown(void)
{
    sqfs_close(fs);
    free(img);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    run(cmd, NULL);
}

TestSuite(script_run, .init = setup, .fini = teardown, .timeout = 60);

static lx_event ev(uint64_t ms, int32_t pid, int32_t ppid, int kind, int32_t value,
                   const char *text)
{
    lx_event e = {.ms = ms, .pid = pid, .ppid = ppid, .kind = (uint8_t)kind, .value = value};
    snprintf(e.text, sizeof e.text, "%s", text);
    return e;
}

/* The judgement of a run with these events, settled or not: the daemon-gone finding's
 * message, or NULL. */
static const char *judge(lx_event *events, size_t n, int settled, wa_report *r)
{
    lx_result res = {.settled = settled, .events = events, .nevents = n};
    wa_script_run s;
    cr_assert_eq(wa_script_open(&s, &res, fs, "/etc/init.d/rcS"), 0);
    cr_assert_eq(s.pid, 10, "the script's process was not found");
    wa_report_init(r, "img", "test");
    wa_script_judge(&s, r, NULL, NULL);
    wa_script_close(&s);
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->f[i].code, "daemon-gone")) return r->f[i].message;
    return NULL;
}

#define SH "/bin/sh -c (sleep 5; echo lost) &"

/* The boot up to the daemon's start: init (1) runs rcS (10), which runs mount (11) and the
 * shell (12); the shell forks the subshell (13) and ends. */
static size_t boot(lx_event *e, int start_after_parent_end)
{
    size_t n = 0;
    e[n++] = ev(0, 10, 1, LX_EV_START, 0, "/sbin/init");
    e[n++] = ev(0, 10, 1, LX_EV_EXEC, 0, "/bin/sh /etc/init.d/rcS");
    e[n++] = ev(0, 11, 10, LX_EV_START, 0, "/bin/sh /etc/init.d/rcS");
    e[n++] = ev(0, 11, 10, LX_EV_EXEC, 0, "/bin/mount -t proc proc /proc");
    e[n++] = ev(0, 11, 10, LX_EV_EXIT, 0, "");
    e[n++] = ev(1, 12, 10, LX_EV_START, 0, "/bin/sh /etc/init.d/rcS");
    e[n++] = ev(1, 12, 10, LX_EV_EXEC, 0, SH);
    if (start_after_parent_end) {
        e[n++] = ev(2, 12, 10, LX_EV_EXIT, 0, "");
        e[n++] = ev(2, 13, 12, LX_EV_START, 0, SH);
    } else {
        e[n++] = ev(2, 13, 12, LX_EV_START, 0, SH);
        e[n++] = ev(2, 12, 10, LX_EV_EXIT, 0, "");
    }
    e[n++] = ev(2, 10, 1, LX_EV_EXIT, 0, "");
    return n;
}

/* The subshell sleeps 5 s in a child, says its last words and ends before the boot settled:
 * daemon-gone, whichever of it and its parent the timeline has first. */
Test(script_run, a_daemon_that_ends_is_named_whatever_the_order_of_its_start)
{
    for (int late = 0; late < 2; late++) {
        lx_event e[32];
        size_t n = boot(e, late);
        e[n++] = ev(2, 14, 13, LX_EV_START, 0, SH);
        e[n++] = ev(2, 14, 13, LX_EV_EXEC, 0, "/bin/sleep 5");
        e[n++] = ev(5002, 14, 13, LX_EV_EXIT, 0, "");
        e[n++] = ev(5002, 13, 12, LX_EV_STDERR, 0, "lost");
        e[n++] = ev(5002, 13, 12, LX_EV_EXIT, 0, "");
        wa_report r;
        const char *m = judge(e, n, 1, &r);
        cr_expect(m, "late start %d: no daemon-gone", late);
        if (m)
            cr_expect(strstr(m, "/etc/init.d/rcS line 3") && strstr(m, "lost"), "late start %d: %s",
                      late, m);
        wa_report_free(&r);
    }
}

/* The same daemon still asleep when the run ended (killed by the settle's SIGKILL), or a run
 * that did not settle: no daemon-gone. */
Test(script_run, a_daemon_still_running_or_an_unsettled_run_is_not_named)
{
    for (int late = 0; late < 2; late++) {
        lx_event e[32];
        size_t n = boot(e, late);
        e[n++] = ev(9000, 13, 12, LX_EV_KILLED, 9, "");
        wa_report r;
        cr_expect(!judge(e, n, 1, &r), "late start %d: killed at the settle", late);
        wa_report_free(&r);
        n = boot(e, late);
        e[n++] = ev(5002, 13, 12, LX_EV_EXIT, 0, "");
        cr_expect(!judge(e, n, 0, &r), "late start %d: not settled", late);
        wa_report_free(&r);
    }
}
