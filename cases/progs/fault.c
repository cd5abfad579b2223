/* fault.c: a program without a C library that ends in a CPU exception, for the fault
 * findings. Built with -DKIND=1 it loads a word from an odd address (address error: SIGBUS
 * under qemu-mipsel), 2 stores to address 16 (unmapped: SIGSEGV), 3 runs a break instruction
 * (SIGTRAP), 4 stores into its own code (a read-only segment: SIGSEGV), 5 makes a page of
 * its data read-only with mprotect and stores into it (SIGSEGV), 6 stores into its code at an
 * odd address (swl/swr, which Unicorn runs in a helper: SIGSEGV). It exits 9 if it
 * survives. */
#include "nolibc.h"

void __start(void)
{
#if KIND == 1
    static char buf[8];
    int x;
    __asm__ volatile("lw %0, 0(%1)" : "=r"(x) : "r"(buf + 1)); /* not lwl/lwr: a plain lw */
#elif KIND == 2
    *(volatile int *)16 = 1;
#elif KIND == 4
    __asm__ volatile("sw $0, 0(%0)" : : "r"(__start) : "memory"); /* a plain sw (not swl/swr) */
#elif KIND == 6
    *(volatile int *)(void *)((char *)__start + 1) = 0; /* gcc makes it swl and swr */
#elif KIND == 5
    static char page[8192] __attribute__((aligned(4096)));
    page[100] = 1;
    sys(4125, (long)page, 4096, 1); /* mprotect(page, 4096, PROT_READ) */
    ((volatile char *)page)[100] = 2;
#else
    __asm__ volatile("break");
#endif
    sys(4001, 9, 0, 0);
    for (;;)
        continue;
}
