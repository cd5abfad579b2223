/* strace.c: --strace, one line a system call in strace's manner: the call by name with its
 * arguments as syscall_o32.tbl's kinds say (paths as strings, open flags and signals by name,
 * modes in octal), and its result, an error as `-1 ENOENT (No such file or directory)`. A
 * call wa-emu has no handler for is named with its number: `adjtimex (4124) = -1 ENOSYS`. */
#include <stdio.h>
#include <string.h>

#include "lx_int.h"

/* MIPS's signal numbers (asm/signal.h; 7 is SIGEMT, 16-31 differ from x86). */
static const char *const signame[32] = {
    NULL,      "SIGHUP",  "SIGINT",  "SIGQUIT", "SIGILL",    "SIGTRAP", "SIGABRT", "SIGEMT",
    "SIGFPE",  "SIGKILL", "SIGBUS",  "SIGSEGV", "SIGSYS",    "SIGPIPE", "SIGALRM", "SIGTERM",
    "SIGUSR1", "SIGUSR2", "SIGCHLD", "SIGPWR",  "SIGWINCH",  "SIGURG",  "SIGIO",   "SIGSTOP",
    "SIGTSTP", "SIGCONT", "SIGTTIN", "SIGTTOU", "SIGVTALRM", "SIGPROF", "SIGXCPU", "SIGXFSZ",
};

static const struct {
    uint32_t bit;
    const char *name;
} oflags[] = {
    {LX_O_APPEND, "O_APPEND"},     {LX_O_SYNC, "O_SYNC"},           {LX_O_NONBLOCK, "O_NONBLOCK"},
    {LX_O_CREAT, "O_CREAT"},       {LX_O_TRUNC, "O_TRUNC"},         {LX_O_EXCL, "O_EXCL"},
    {LX_O_NOCTTY, "O_NOCTTY"},     {LX_O_LARGEFILE, "O_LARGEFILE"}, {LX_O_DIRECTORY, "O_DIRECTORY"},
    {LX_O_NOFOLLOW, "O_NOFOLLOW"}, {LX_O_CLOEXEC, "O_CLOEXEC"},
};

/* Calls whose result is an address: printed in hex. */
static int returns_address(uint32_t nr)
{
    return nr == LX_NR_brk || nr == LX_NR_mmap || nr == LX_NR_mmap2 || nr == LX_NR_mremap ||
           nr == LX_NR_shmat;
}

static void put_string(FILE *f, lx_proc *p, uint32_t addr)
{
    char s[68];
    int rc = addr ? lx_get_str(p, addr, s, sizeof s) : -LX_EFAULT;
    if (rc == -LX_EFAULT) {
        fprintf(f, addr ? "0x%x" : "NULL", addr);
        return;
    }
    size_t n = rc ? sizeof s - 4 : strlen(s);
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c < 32 || c > 126)
            fprintf(f, "\\%o", c);
        else
            fputc(c, f);
    }
    fputs(rc ? "\"..." : "\"", f);
}

static void put_oflags(FILE *f, uint32_t v)
{
    static const char *const acc[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"};
    fputs(acc[v & LX_O_ACCMODE], f);
    v &= ~(uint32_t)LX_O_ACCMODE;
    for (size_t i = 0; i < sizeof oflags / sizeof oflags[0]; i++)
        if (v & oflags[i].bit) {
            fprintf(f, "|%s", oflags[i].name);
            v &= ~oflags[i].bit;
        }
    if (v) fprintf(f, "|0x%x", v);
}

static void put_arg(FILE *f, lx_proc *p, char kind, uint32_t v)
{
    switch (kind) {
    case 'd':
    case 'f': fprintf(f, "%d", (int32_t)v); break;
    case 'u': fprintf(f, "%u", v); break;
    case 'p': fprintf(f, v ? "0x%x" : "NULL", v); break;
    case 'a':
        if (v == LX_AT_FDCWD)
            fputs("AT_FDCWD", f);
        else
            fprintf(f, "%d", (int32_t)v);
        break;
    case 's': put_string(f, p, v); break;
    case 'o': fprintf(f, "0%o", v); break;
    case 'O': put_oflags(f, v); break;
    case 'k':
        if (v < 32 && signame[v])
            fputs(signame[v], f);
        else
            fprintf(f, "%u", v);
        break;
    default: fprintf(f, "0x%x", v); break;
    }
}

void lx_strace(lx_proc *p, uint32_t nr, const uint32_t *a, int64_t r, int handled)
{
    FILE *f = p->o->strace;
    const lx_sysinfo *s = lx_o32(nr);
    fprintf(f, "[%d] ", p->pid);
    if (!handled) {
        if (s)
            fprintf(f, "%s (%u)", s->name, nr);
        else
            fprintf(f, "syscall_%u (%u)", nr, nr);
    } else {
        fprintf(f, "%s(", s->name);
        for (size_t i = 0; s->args[i] && i < 8; i++) {
            if (s->args[i] == 'o' && i && s->args[i - 1] == 'O' && !(a[i - 1] & LX_O_CREAT))
                break; /* open's mode means something only with O_CREAT */
            if (i) fputs(", ", f);
            put_arg(f, p, s->args[i], a[i]);
        }
        fputc(')', f);
    }
    if (r == LX_NO_RESULT)
        fputs(" = ?\n", f);
    else if (r < 0 && r >= -1133) {
        const char *n = lx_errno_name((int)-r), *t = lx_errno_text((int)-r);
        if (n)
            fprintf(f, " = -1 %s (%s)\n", n, t);
        else
            fprintf(f, " = -1 errno %d\n", (int)-r);
    } else if (returns_address(nr))
        fprintf(f, " = 0x%x\n", (uint32_t)r);
    else
        fprintf(f, " = %lld\n", (long long)r);
}
