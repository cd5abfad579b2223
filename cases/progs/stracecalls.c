/* stracecalls.c: a few system calls whose --strace lines a test knows in advance (the test's
 * comment lists them): a missing file, a read of t/data, a write to fd 1, a call wa-emu does
 * not have (adjtimex), then exit. No C library (nolibc.h); its argument is ignored. */
#include "nolibc.h"

void __start(void)
{
    static char buf[16];
    sys(4005, (long)"/no/such", 0, 0); /* open: ENOENT */
    long fd = sys(4005, (long)"t/data", 0, 0);
    sys(4003, fd, (long)buf, sizeof buf); /* read */
    sys(4006, fd, 0, 0);                  /* close */
    sys(4004, 1, (long)"hi\n", 3);        /* write */
    sys(4124, (long)buf, 0, 0);           /* adjtimex */
    sys(4001, 0, 0, 0);                   /* exit */
    for (;;)
        ;
}
