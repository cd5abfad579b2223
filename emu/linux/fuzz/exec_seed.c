/* exec_seed.c: the seed program of fuzz_exec, built for the board with no C library. It runs
 * the system calls of its table in order (number, then six arguments; an argument of the
 * form 0xfffeNNNN is the address NNNN bytes into its scratch buffer, so that mutated
 * arguments still point at the program's own memory now and then), then exits. The fuzzer
 * mutates the ELF headers (the loader's checks) and the table (the calls and their
 * arguments). */
#define P(off) (0xfffe0000 + (off))

struct call {
    unsigned long nr, a[6];
};

static char scratch[8192] = "/p\0/etc\0/proc/self/maps\0/dev/null\0/tmp/x\0hello\n";

/* a plain sample of what programs do first: identity, files, memory, signals, pipes, a
 * socket, time, a fork; the fuzzer makes the rest */
static struct call table[40] = {
    {4020, {0}},                          /* getpid */
    {4122, {P(4096)}},                    /* uname */
    {4045, {0}},                          /* brk */
    {4210, {0, 8192, 3, 0x802, -1ul, 0}}, /* mmap2 anonymous */
    {4005, {P(3), 0x10000, 0}},           /* open /etc O_DIRECTORY */
    {4219, {3, P(2048), 1024}},           /* getdents64 */
    {4005, {P(8), 0, 0}},                 /* open /proc/self/maps */
    {4003, {4, P(2048), 1024}},           /* read */
    {4213, {P(0), P(1024)}},              /* stat64 /p */
    {4005, {P(34), 0x301, 0644}},         /* open /tmp/x O_CREAT|O_TRUNC|O_WRONLY */
    {4004, {5, P(41), 6}},                /* write hello */
    {4042, {P(1024)}},                    /* pipe */
    {4194, {16, P(512), P(768), 16}},     /* rt_sigaction SIGUSR1: SIG_DFL */
    {4037, {0, 0}},                       /* kill(0, 0) */
    {4183, {2, 1, 0}},                    /* socket AF_INET SOCK_STREAM */
    {4054, {1, 0x540d, P(1536)}},         /* ioctl TCGETS */
    {4263, {1, P(1600)}},                 /* clock_gettime */
    {4166, {P(1616), 0}},                 /* nanosleep */
    {4002, {0}},                          /* fork */
    {4114, {-1ul, 0, 0, 0}},              /* wait4 */
    {4006, {3}},                          /* close */
    {4010, {P(34)}},                      /* unlink /tmp/x */
};

static long sys6(unsigned long n, const unsigned long *a)
{
    register unsigned long v0 __asm__("v0") = n;
    register unsigned long a0 __asm__("a0") = a[0];
    register unsigned long a1 __asm__("a1") = a[1];
    register unsigned long a2 __asm__("a2") = a[2];
    register unsigned long a3 __asm__("a3") = a[3];
    register unsigned long t0 __asm__("t0") = a[4];
    register unsigned long t1 __asm__("t1") = a[5];
    __asm__ volatile("addiu $sp, $sp, -32\n\tsw $t0, 16($sp)\n\tsw $t1, 20($sp)\n\t"
                     "syscall\n\taddiu $sp, $sp, 32"
                     : "+r"(v0), "+r"(a3)
                     : "r"(a0), "r"(a1), "r"(a2), "r"(t0), "r"(t1)
                     : "memory", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "hi", "lo");
    return a3 ? -(long)v0 : (long)v0;
}

void __start(void)
{
    for (unsigned i = 0; i < sizeof table / sizeof table[0] && table[i].nr; i++) {
        unsigned long a[6];
        for (int k = 0; k < 6; k++) {
            a[k] = table[i].a[k];
            if ((a[k] >> 16) == 0xfffe) a[k] = (unsigned long)scratch + (a[k] & 0x1fff);
        }
        sys6(table[i].nr, a);
    }
    unsigned long none[6] = {0};
    sys6(4001, none); /* exit(0) */
    for (;;)
        ;
}
