/* tls.c: what a TLS program does first: set_thread_area (its result printed), then rdhwr $29,
 * the thread pointer (printed: the value set). On the board's 2.4 kernel the first answers
 * ENOSYS and the second is a reserved instruction (SIGILL). No C library (nolibc.h). */
#include "nolibc.h"

void __start(void)
{
    long r = sys(4283, 0x12345670, 0, 0);
    nl_hex("set_thread_area=", (unsigned long)r);
    unsigned long tp;
    __asm__ volatile(".set push\n.set mips32r2\nrdhwr %0, $29\n.set pop" : "=r"(tp));
    nl_hex("tp=", tp);
    sys(4004, 1, (long)"\n", 1);
    sys(4001, 0, 0, 0);
    for (;;)
        ;
}
