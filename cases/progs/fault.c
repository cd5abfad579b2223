/* fault.c: a program without a C library that ends in a CPU exception, for the fault
 * findings. Built with -DKIND=1 it loads a word from an odd address (address error: SIGBUS
 * under qemu-mipsel), 2 stores to address 16 (unmapped: SIGSEGV), 3 runs a break instruction
 * (SIGTRAP). It exits 9 if it survives. */
static long exit_(long rc)
{
    register long v0 __asm__("v0") = 4001;
    register long a0 __asm__("a0") = rc;
    __asm__ volatile("syscall" : "+r"(v0) : "r"(a0) : "memory", "a3");
    return v0;
}

void __start(void)
{
#if KIND == 1
    static char buf[8];
    int x;
    __asm__ volatile("lw %0, 0(%1)" : "=r"(x) : "r"(buf + 1)); /* not lwl/lwr: a plain lw */
#elif KIND == 2
    *(volatile int *)16 = 1;
#else
    __asm__ volatile("break");
#endif
    exit_(9);
    for (;;)
        continue;
}
