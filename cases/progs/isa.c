/* isa.c: a program without a C library for the ISA findings: it prints a line and exits
 * with status 7 through o32 system calls. Built with -DR2 it first runs seb, a MIPS32
 * release-2 instruction that a release-1 core (the AR7's 4KEc) does not have. */
#include "nolibc.h"

void __start(void)
{
    int x = 0x1ff;
#ifdef R2
    __asm__ volatile("seb %0, %0" : "+r"(x));
#endif
    static const char msg[] = "isa ok\n";
    sys(4004, 1, (long)msg, sizeof msg - 1);
    sys(4001, 7, 0, 0);
    for (;;)
        continue;
}
