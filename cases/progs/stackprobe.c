/* stackprobe.c: a program without a C library that prints the initial stack its kernel built
 * (Linux's create_elf_tables): argc; where each argv and envp pointer and string lies; the
 * auxv entries' types in order; where AT_RANDOM's 16 bytes, the AT_EXECFN string and the
 * platform strings lie; and the gap between the AT_EXECFN string and the page-aligned top
 * above it. Every place is printed twice, as an offset from the initial sp ("sp+...") and from
 * the first argv string ("a+..."), since the stack tops of two kernels differ; the test picks
 * which to compare. Built -nostdlib: no C library start code may touch the stack first. */
#include "nolibc.h"

/* The entry: sp is the kernel's, untouched; $gp for the small data a non-PIC program uses. */
__asm__(".text\n"
        ".globl __start\n"
        ".ent __start\n"
        "__start:\n"
        ".set noreorder\n"
        "lui $gp, %hi(_gp)\n"
        "addiu $gp, $gp, %lo(_gp)\n"
        "move $a0, $sp\n"
        "jal probe\n"
        "addiu $sp, $sp, -32\n"
        ".set reorder\n"
        ".end __start\n");

typedef unsigned long word;

struct out {
    char buf[16384];
    word n;
};

static void put(struct out *o, const char *s)
{
    while (*s && o->n < sizeof o->buf)
        o->buf[o->n++] = *s++;
}

static void num(struct out *o, const char *prefix, long v)
{
    char t[16];
    int k = 0;
    word u = v < 0 ? (word)-v : (word)v;
    put(o, prefix);
    put(o, v < 0 ? "-0x" : "+0x");
    do {
        t[k++] = "0123456789abcdef"[u & 15];
        u >>= 4;
    } while (u);
    while (k && o->n < sizeof o->buf)
        o->buf[o->n++] = t[--k];
}

static void dec(struct out *o, word v)
{
    char t[16];
    int k = 0;
    do {
        t[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (k && o->n < sizeof o->buf)
        o->buf[o->n++] = t[--k];
}

static word len(const char *s)
{
    word n = 0;
    while (s[n])
        n++;
    return n;
}

/* " at sp+X (a+Y)" for an address */
static void at(struct out *o, word sp, word a0, word addr)
{
    num(o, " at sp", (long)(addr - sp));
    num(o, " (a", (long)(addr - a0));
    put(o, ")");
}

static void str(struct out *o, const char *what, int i, word sp, word a0, word addr)
{
    put(o, what);
    if (i >= 0) {
        put(o, "[");
        dec(o, (word)i);
        put(o, "]");
    }
    at(o, sp, a0, addr);
    put(o, " len ");
    dec(o, len((const char *)addr) + 1);
    put(o, " \"");
    put(o, (const char *)addr);
    put(o, "\"\n");
}

void probe(word *sp)
{
    static struct out o;
    word argc = sp[0], *argv = sp + 1, *envp = argv + argc + 1, *auxv = envp;
    while (*auxv)
        auxv++;
    auxv++;
    word a0 = argc ? argv[0] : 0, execfn = 0, k;
    put(&o, "argc ");
    dec(&o, argc);
    num(&o, "\nargv pointers at sp", (long)((word)argv - (word)sp));
    num(&o, ", envp pointers at sp", (long)((word)envp - (word)sp));
    num(&o, ", auxv at sp", (long)((word)auxv - (word)sp));
    for (k = 0; auxv[2 * k]; k++)
        continue;
    num(&o, ", auxv end at sp", (long)((word)(auxv + 2 * k + 2) - (word)sp));
    put(&o, "\n");
    for (k = 0; k < argc; k++)
        str(&o, "argv", (int)k, (word)sp, a0, argv[k]);
    for (k = 0; envp[k]; k++)
        str(&o, "envp", (int)k, (word)sp, a0, envp[k]);
    put(&o, "auxv types");
    for (k = 0; auxv[2 * k]; k++) {
        put(&o, " ");
        dec(&o, auxv[2 * k]);
    }
    put(&o, "\n");
    for (k = 0; auxv[2 * k]; k++) {
        word t = auxv[2 * k], v = auxv[2 * k + 1];
        if (t == 25) { /* AT_RANDOM */
            put(&o, "AT_RANDOM");
            at(&o, (word)sp, a0, v);
            put(&o, " len 16\n");
        } else if (t == 31) { /* AT_EXECFN */
            execfn = v;
            str(&o, "AT_EXECFN", -1, (word)sp, a0, v);
        } else if (t == 15) { /* AT_PLATFORM */
            str(&o, "AT_PLATFORM", -1, (word)sp, a0, v);
        } else if (t == 24) { /* AT_BASE_PLATFORM */
            str(&o, "AT_BASE_PLATFORM", -1, (word)sp, a0, v);
        } else if (t == 6) { /* AT_PAGESZ */
            put(&o, "AT_PAGESZ ");
            dec(&o, v);
            put(&o, "\n");
        }
    }
    if (execfn) { /* the stack's top: the page boundary above the AT_EXECFN string */
        word end = execfn + len((const char *)execfn) + 1, top = (end + 4095) & ~(word)4095;
        put(&o, "top");
        at(&o, (word)sp, a0, top);
        put(&o, " gap ");
        dec(&o, top - end);
        put(&o, "\n");
    }
    num(&o, "sp mod 16 ", (long)((word)sp & 15));
    put(&o, "\n");
    sys(4004, 1, (long)o.buf, (long)o.n); /* write */
    sys(4001, 0, 0, 0);                   /* exit */
    for (;;)
        continue;
}
