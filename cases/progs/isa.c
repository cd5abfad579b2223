/* isa.c: a program without a C library for the ISA findings: it prints a line and exits
 * with status 7 through o32 system calls. Built with -DR2 it first runs seb, a MIPS32
 * release-2 instruction that a release-1 core (the AR7's 4KEc) does not have. */
static long syscall3(long n, long a, long b, long c)
{
    register long v0 __asm__("v0") = n;
    register long a0 __asm__("a0") = a;
    register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c;
    register long a3 __asm__("a3");
    __asm__ volatile("syscall"
                     : "+r"(v0), "=r"(a3)
                     : "r"(a0), "r"(a1), "r"(a2)
                     : "memory", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "hi",
                       "lo");
    return v0;
}

void __start(void)
{
    int x = 0x1ff;
#ifdef R2
    __asm__ volatile("seb %0, %0" : "+r"(x));
#endif
    static const char msg[] = "isa ok\n";
    syscall3(4004, 1, (long)msg, sizeof msg - 1);
    syscall3(4001, 7, 0, 0);
    for (;;)
        continue;
}
