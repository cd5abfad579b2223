/* nolibc.h: o32 system calls for the test programs that have no C library: the number in
 * v0, arguments in a0-a3; the result, or -errno when the kernel sets a3. */
#ifndef WA_NOLIBC_H
#define WA_NOLIBC_H

static inline long sys4(long n, long a, long b, long c, long d)
{
    register long v0 __asm__("v0") = n;
    register long a0 __asm__("a0") = a;
    register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c;
    register long a3 __asm__("a3") = d;
    __asm__ volatile("syscall"
                     : "+r"(v0), "+r"(a3)
                     : "r"(a0), "r"(a1), "r"(a2)
                     : "memory", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "hi",
                       "lo");
    return a3 ? -v0 : v0;
}

/* Six arguments: the fifth and sixth on the stack at sp+16 and sp+20, as o32 passes them. */
static inline long sys6(long n, long a, long b, long c, long d, long e, long f)
{
    register long v0 __asm__("v0") = n;
    register long a0 __asm__("a0") = a;
    register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c;
    register long a3 __asm__("a3") = d;
    __asm__ volatile("addiu $sp, $sp, -32\n\t"
                     "sw %5, 16($sp)\n\t"
                     "sw %6, 20($sp)\n\t"
                     "syscall\n\t"
                     "addiu $sp, $sp, 32"
                     : "+r"(v0), "+r"(a3)
                     : "r"(a0), "r"(a1), "r"(a2), "r"(e), "r"(f)
                     : "memory", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "hi",
                       "lo");
    return a3 ? -v0 : v0;
}

static inline long sys(long n, long a, long b, long c)
{
    return sys4(n, a, b, c, 0);
}

/* What the test programs print: a string, "name" then a decimal number and a space, and
 * "name" then 0x and a hex number and a space. */
static inline void nl_say(const char *s)
{
    long n = 0;
    while (s[n])
        n++;
    sys(4004, 1, (long)s, n);
}

static inline void nl_num(const char *name, long v)
{
    char b[24], *e = b + sizeof b;
    unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
    *--e = 0;
    do
        *--e = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0) *--e = '-';
    nl_say(name);
    nl_say(e);
    nl_say(" ");
}

static inline void nl_hex(const char *name, unsigned long v)
{
    char b[16], *e = b + sizeof b;
    *--e = 0;
    do
        *--e = "0123456789abcdef"[v & 15];
    while (v >>= 4);
    nl_say(name);
    nl_say("0x");
    nl_say(e);
    nl_say(" ");
}

#endif
