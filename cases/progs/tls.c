/* tls.c: what a TLS program does first: set_thread_area (its result printed), then rdhwr $29,
 * the thread pointer (printed: the value set). On the board's 2.4 kernel the first answers
 * ENOSYS and the second is a reserved instruction (SIGILL). No C library (nolibc.h). */
#include "nolibc.h"

static void hex(const char *name, unsigned long v)
{
    char b[16], *e = b + sizeof b;
    *--e = 0;
    do
        *--e = "0123456789abcdef"[v & 15];
    while (v >>= 4);
    long n = 0;
    while (name[n])
        n++;
    sys(4004, 1, (long)name, n);
    sys(4004, 1, (long)"0x", 2);
    sys(4004, 1, (long)e, (long)(b + sizeof b - 1 - e));
    sys(4004, 1, (long)" ", 1);
}

void __start(void)
{
    long r = sys(4283, 0x12345670, 0, 0);
    hex("set_thread_area=", (unsigned long)r);
    unsigned long tp;
    __asm__ volatile(".set push\n.set mips32r2\nrdhwr %0, $29\n.set pop" : "=r"(tp));
    hex("tp=", tp);
    sys(4004, 1, (long)"\n", 1);
    sys(4001, 0, 0, 0);
    for (;;)
        ;
}
