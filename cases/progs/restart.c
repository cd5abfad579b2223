/* restart.c: a program without a C library for SA_RESTART. The parent blocks in read() on an
 * empty pipe while a child sends it SIGUSR1, one at a time: the handler answers each on a
 * second pipe, and the child sends the next only after that answer, so no signal is lost and
 * none is left to a sleep. With SA_RESTART (the default build) every interrupted read runs
 * again, and after five signals and a pause the child writes a byte, which the read returns:
 * exit 0.
 * Built with -DNORESTART the child writes nothing and signals until the parent is gone: the
 * first signal that meets the read makes it return EINTR (one that came before the read only
 * runs the handler): exit 4. Anything else: exit 5. */
#include "nolibc.h"

static volatile int got;
static int ack[2];

static void on_usr1(int s)
{
    got = s;
    sys(4004, ack[1], (long)"a", 1); /* write: the handler ran */
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
    sys(4328, (long)ack, 0, 0);
    long parent = sys(4020, 0, 0, 0);
    if (sys(4002, 0, 0, 0) == 0) { /* fork: the child */
        sys(4006, ack[1], 0, 0);   /* close: the answers end when the parent does */
#ifdef NORESTART
        for (;;) {
#else
        for (int i = 0; i < 5; i++) {
#endif
            sys(4037, parent, 16, 0);                       /* kill(parent, SIGUSR1) */
            if (sys(4003, ack[0], (long)&b, 1) != 1) break; /* the handler's answer, or EOF */
        }
        /* 20 ms with no signal while the parent's read waits again: a host signal of the
         * emulator's own (its 1 ms kick after each signal) must not end it (EINTR) */
        long ts[2] = {0, 20000000};
        sys(4166, (long)ts, 0, 0); /* nanosleep */
        sys(4004, fds[1], (long)"x", 1);
        sys(4001, 0, 0, 0);
    }
    long n = sys(4003, fds[0], (long)&b, 1);
    int rc = n == 1 && b == 'x' && got == 16 ? 0 : n == -4 && got == 16 ? 4 : 5;
    sys(4001, rc, 0, 0);
    for (;;)
        continue;
}
