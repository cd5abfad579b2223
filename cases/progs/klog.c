/* klog.c: syslog(2), the kernel's log buffer as klogd and dmesg use it, each answer printed
 * as `name=value` (a negative value is -errno) for test_klog: open, a console level out of
 * range, a read of the last messages, the buffer's size (a call 2.4 did not have), and a read
 * that waits for the kernel to log (the buffer is empty) until SIGALRM ends it. No C library
 * (nolibc.h). */
#include "nolibc.h"

static volatile int got;

static void on_alarm(int s)
{
    got = s;
}

/* MIPS's struct sigaction as the kernel reads it: flags, handler, 128-bit mask. */
struct ksigaction {
    unsigned long flags, handler, mask[4];
};

void __start(void)
{
    char buf[128];
    nl_num("open=", sys(4103, 1, 0, 0));
    nl_num("level9=", sys(4103, 8, 0, 9));
    nl_num("level4=", sys(4103, 8, 0, 4));
    nl_num("readall=", sys(4103, 3, (long)buf, sizeof buf));
    nl_num("readall_null=", sys(4103, 3, 0, sizeof buf));
    nl_num("size=", sys(4103, 10, 0, 0));
    nl_num("bad=", sys(4103, 11, 0, 0));
    struct ksigaction sa = {0, (unsigned long)on_alarm, {0, 0, 0, 0}}; /* no SA_RESTART */
    sys(4067, 14, (long)&sa, 0);                                       /* SIGALRM */
    sys(4027, 1, 0, 0);                                                /* alarm(1) */
    nl_num("read=", sys(4103, 2, (long)buf, sizeof buf));
    nl_num("got=", got);
    nl_say("\n");
    sys(4001, 0, 0, 0);
}
