/* test_events.c: the timeline is bounded (LX_NEVENT), and a run that makes more events says so:
 * busybox's shell sends itself SIGUSR1 to a trap, each delivery an event, a few more times
 * than the timeline holds; lx_result keeps the first LX_NEVENT in order and counts the rest
 * as lost, and a short run loses none. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unicorn/unicorn.h>
#include <unistd.h>

#include "lx.h"
#include "testutil.h"
#include "world.h"

#define ROOTFS WA_FIXTURES "/images/rootfs-user.sqfs"

static void run_signals(int n, lx_result *r)
{
    size_t len;
    uint8_t *img = slurp(ROOTFS, &len);
    sqfs *fs;
    wa_err e = {0};
    cr_assert_eq(sqfs_open(&fs, img, len, NULL, &e), 0, "%s", e.msg);
    int null = open("/dev/null", O_RDWR);
    cr_assert_geq(null, 0);
    const int console[2] = {null, null};
    lx_opts o = {.cpu_model = UC_CPU_MIPS32_24KF, /* Debian's busybox is release 2 */
                 .cpu_name = "24Kf",
                 .ram = 16u << 20,
                 .wall_ms = 120000,
                 .premount = 1,
                 .console = console};
    char script[256];
    snprintf(script, sizeof script,
             "trap 'c=$((c+1))' USR1; c=0; i=0; while [ $i -lt %d ]; do kill -USR1 $$; "
             "i=$((i+1)); done; [ $c = %d ]",
             n, n);
    char *argv[] = {"/bin/busybox", "sh", "-c", script, NULL};
    cr_assert_eq(lx_run(fs, 4, argv, &o, r, &e), 0, "%s", e.msg);
    close(null);
    cr_expect_eq(r->status, 0, "the handler did not run %d times (%s)", n, r->stop);
    sqfs_close(fs);
    free(img);
}

static size_t signals(const lx_result *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nevents; i++)
        n += r->events[i].kind == LX_EV_SIGNAL && r->events[i].value == 16 /* SIGUSR1 on MIPS */;
    return n;
}

Test(events, a_full_timeline_keeps_the_first_and_counts_the_rest, .timeout = 300)
{
    lx_result r;
    run_signals(LX_NEVENT + 100, &r);
    cr_expect_eq(r.nevents, (size_t)LX_NEVENT);
    cr_expect_geq(r.events_lost, 100u, "lost %u", r.events_lost);
    /* the first events are the start of the run, then the deliveries, in time order */
    cr_expect_eq(r.events[0].kind, LX_EV_START);
    for (size_t i = 1; i < r.nevents; i++)
        cr_expect_geq(r.events[i].ms, r.events[i - 1].ms, "event %zu before its predecessor", i);
    cr_expect_geq(signals(&r), (size_t)LX_NEVENT - 10);
    lx_result_free(&r);
}

Test(events, a_short_run_loses_none, .timeout = 120)
{
    lx_result r;
    run_signals(50, &r);
    cr_expect_eq(r.events_lost, 0u);
    cr_expect_eq(signals(&r), 50u);
    lx_result_free(&r);
}
