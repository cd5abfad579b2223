/* test_rtqueue.c: real-time signals queue and classic ones merge, as on Linux since 2.4, seen
 * by cases/progs/rtqueue.c under `wa-emu run` and under qemu-mipsel (the reference): three of
 * a real-time signal sent while it is blocked run the handler three times in the order sent,
 * each with its own siginfo (kill's SI_USER, then sigqueue's values), three SIGUSR1 once; the
 * same through rt_sigsuspend (one handler, the other stays pending under the mask given back)
 * and rt_sigtimedwait (one at a time); rt_sigpending and the old sigpending show the blocked
 * ones. For 32 (LinuxThreads' restart signal) and 40. */
#include <criterion/criterion.h>
#include <string.h>

#include "guestprog.h"

static char dir[64];
static void cleanup(void)
{
    guestprog_clean(dir);
}
static void build(void)
{
    guestprog_build(dir, sizeof dir, "rtqueue", "true");
}

Test(rtqueue, queued_as_linux, .init = build, .fini = cleanup)
{
    char cmd[1024], *ours, *ref;
    snprintf(cmd, sizeof cmd, "'%s' run '%s/root.sqfs' -- t/rtqueue", WA_BIN, dir);
    cr_assert_eq(run(cmd, &ours), 0, "%s", ours);
    snprintf(cmd, sizeof cmd, "cd '%s/root' && \"$(command -v qemu-mipsel)\" -cpu 4KEcR1 t/rtqueue",
             dir);
    cr_assert_eq(run(cmd, &ref), 0, "%s", ref);
    /* what Linux answers, so that the comparison cannot pass on two wrong runs */
    static const char *const want[] = {
        "calls_while_blocked=0 rt_sigpending=0 0x80008000 0x0 sigpending=0 0x80008000 \n",
        "unblocked: usr1_calls=1 rt_calls=3 log=16 :0 :0 :1 32 :0 :0 :1 32 :-1 :7 :1 32 :-1 :8 :1 ",
        "sigsuspend=-4 rt_calls=4 log=32 :-1 :21 :1 rt_sigpending=0 0x80000000 0x0 sigpending=0 "
        "0x80000000 after_unblock rt_calls=5 log=32 :-1 :22 :1 \n",
        "sigtimedwait=16 :0 :0 32 :-1 :31 32 :0 :0 32 :-1 :32 -11 -11 handler_calls=0 \n",
        "unblocked: usr1_calls=1 rt_calls=3 log=16 :0 :0 :1 40 :0 :0 :1 40 :-1 :7 :1 40 :-1 :8 :1 ",
        "sigtimedwait=16 :0 :0 40 :-1 :31 40 :0 :0 40 :-1 :32 -11 -11 handler_calls=0 \n",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        cr_expect(strstr(ours, want[i]), "wa-emu lacks `%s`:\n%s", want[i], ours);
    cr_expect_str_eq(ours, ref, "wa-emu, then qemu-mipsel");
    free(ours);
    free(ref);
}
