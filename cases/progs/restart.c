/* restart.c: a program without a C library for SA_RESTART. A child sends SIGUSR1 to its
 * parent while the parent is blocked in read() on an empty pipe, then writes a byte. With
 * SA_RESTART (the default build) the handler runs and the read goes on to get the byte: exit
 * 0. Built with -DNORESTART the read returns EINTR: exit 4. Anything else: exit 5. */
#include "nolibc.h"

static volatile int got;

static void on_usr1(int s)
{
    got = s;
}

static void nap(long ms)
{
    long ts[2] = {0, ms * 1000000};
    sys(4166, (long)ts, 0, 0); /* nanosleep */
}

void __start(void)
{
    int fds[2];
    char b = 0;
    /* o32 struct sigaction: flags, handler, mask */
    unsigned long act[6] = {0, (unsigned long)on_usr1, 0, 0, 0, 0};
#ifndef NORESTART
    act[0] = 0x10000000; /* SA_RESTART */
#endif
    sys4(4194, 16, (long)act, 0, 16); /* rt_sigaction(SIGUSR1, act, 0, sizeof mask) */
    sys(4328, (long)fds, 0, 0);       /* pipe2 */
    long parent = sys(4020, 0, 0, 0);
    if (sys(4002, 0, 0, 0) == 0) { /* fork: the child */
        nap(200);
        sys(4037, parent, 16, 0); /* kill(parent, SIGUSR1) */
        nap(200);
        sys(4004, fds[1], (long)"x", 1);
        sys(4001, 0, 0, 0);
    }
    long n = sys(4003, fds[0], (long)&b, 1);
    int rc = n == 1 && b == 'x' && got == 16 ? 0 : n == -4 && got == 16 ? 4 : 5;
    sys(4001, rc, 0, 0);
    for (;;)
        continue;
}
