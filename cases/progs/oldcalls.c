/* oldcalls.c: the system calls of 2.4-era C libraries (uClibc 0.9, BusyBox 0.6x) that today's
 * libraries no longer make, each printed as `name: values` for test_oldcalls to compare with
 * what 2.4 answered and, where qemu-mipsel has the call, with qemu-mipsel: old sigaction,
 * sigprocmask and sigsuspend, the old stat calls, truncate and ftruncate, statfs and fstatfs,
 * ipc(2)'s msgctl and semctl with the old structs, sysmips. Run from the tree's root (t/data is 5
 * bytes, t/link a symlink to it). No C library (nolibc.h). */
#include "nolibc.h"

static volatile int got;

static void say(const char *s)
{
    long n = 0;
    while (s[n])
        n++;
    sys(4004, 1, (long)s, n);
}
static void num(const char *name, long v)
{
    char b[24], *e = b + sizeof b;
    unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
    *--e = 0;
    do
        *--e = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0) *--e = '-';
    say(name);
    say(e);
    say(" ");
}
static void hex(const char *name, unsigned long v)
{
    char b[16], *e = b + sizeof b;
    *--e = 0;
    do
        *--e = "0123456789abcdef"[v & 15];
    while (v >>= 4);
    say(name);
    say("0x");
    say(e);
    say(" ");
}

static void on_usr1(int s)
{
    got = s;
}

/* MIPS's struct sigaction as the kernel reads it: flags, handler, 128-bit mask. */
struct ksigaction {
    unsigned long flags, handler, mask[4];
};

void __start(void)
{
    struct ksigaction sa = {0, (unsigned long)on_usr1, {1ul << 1, 0xffffffff, 7, 7}}, old;
    for (int i = 0; i < 4; i++)
        old.mask[i] = 0xaaaaaaaa;
    old.flags = old.handler = 0xaaaaaaaa;
    num("sigaction: ", sys(4067, 16, (long)&sa, 0)); /* SIGUSR1 on MIPS is 16 */
    num("", sys(4067, 16, 0, (long)&old));
    hex("flags=", old.flags);
    num("handler_ok=", old.handler == (unsigned long)on_usr1);
    hex("mask=", old.mask[0]);
    hex("", old.mask[1]);
    hex("", old.mask[2]);
    hex("", old.mask[3]);
    say("\n");

    unsigned long set[4] = {1ul << 15, 0, 0, 0}, was[4] = {0xaaaaaaaa, 0xaaaaaaaa, 0, 0};
    num("sigprocmask: ", sys(4126, 1, (long)set, (long)was)); /* SIG_BLOCK SIGUSR1 */
    hex("was=", was[0]);
    hex("", was[1]);
    long pid = sys(4020, 0, 0, 0);
    num("kill=", sys(4037, pid, 16, 0));
    num("got_while_blocked=", got);
    unsigned long none[4] = {0, 0, 0, 0};
    num("sigsuspend=", sys(4072, (long)none, 0, 0));
    num("got=", got);
    sys(4126, 2, 0, (long)was); /* the mask after: SIGUSR1 blocked again */
    hex("mask_after=", was[0]);
    say("\n");

    unsigned long st[18];
    for (int i = 0; i < 18; i++)
        st[i] = 0xaaaaaaaa;
    num("oldstat: ", sys(4018, (long)"t/data", (long)st, 0));
    hex("mode=", st[2]);
    num("nlink=", (long)st[3]);
    num("size=", (long)st[7]);
    hex("after=", st[17]);
    say("\n");
    num("oldlstat: ", sys(4084, (long)"t/link", (long)st, 0));
    hex("mode=", st[2] & 0170000);
    say("\n");
    long fd = sys(4005, (long)"t/data", 0, 0);
    num("oldfstat: ", sys(4028, fd, (long)st, 0));
    num("size=", (long)st[7]);
    num("missing=", sys(4018, (long)"t/none", (long)st, 0));
    say("\n");
    num("truncate: ", sys(4092, (long)"t/data", 1, 0)); /* the read-only root: EROFS */
    num("ftruncate=", sys(4093, 1000, 1, 0));           /* no such descriptor */
    say("\n");

    unsigned long fs[17];
    for (int i = 0; i < 17; i++)
        fs[i] = 0xaaaaaaaa;
    num("statfs: ", sys(4099, (long)"/", (long)fs, 0));
    hex("type=", fs[0]);
    num("bsize=", (long)fs[1]);
    num("namelen=", (long)fs[10]);
    hex("after=", fs[16]);
    num("fstatfs=", sys(4100, fd, (long)fs, 0));
    num("missing=", sys(4099, (long)"/none", (long)fs, 0));
    say("\n");

    /* ipc(2) with the old commands: msgctl and semctl IPC_STAT without IPC_64 */
    long q = sys6(4117, 13, 0, 01600, 0, 0, 0); /* MSGGET IPC_PRIVATE, IPC_CREAT|0600 */
    struct {
        long type;
        char text[8];
    } msg = {1, "hello"};
    num("ipc: msgsnd=", sys6(4117, 11, q, 5, 0, (long)&msg, 0));
    unsigned char ms[80];
    for (int i = 0; i < 80; i++)
        ms[i] = 0xaa;
    num("msgctl=", sys6(4117, 14, q, 2, 0, (long)ms, 0)); /* IPC_STAT, the old struct */
    hex("mode=", *(unsigned long *)(ms + 20) & 0777);
    num("lcbytes=", *(long *)(ms + 48));
    num("cbytes=", *(unsigned short *)(ms + 56));
    num("qnum=", *(unsigned short *)(ms + 58));
    num("qbytes=", *(unsigned short *)(ms + 60));
    num("lspid_ok=", *(long *)(ms + 64) == pid);
    hex("after=", ms[72]);
    sys6(4117, 14, q, 0, 0, 0, 0);               /* IPC_RMID */
    long sem = sys6(4117, 2, 0, 3, 01600, 0, 0); /* SEMGET IPC_PRIVATE, 3 semaphores */
    unsigned char ss[64];
    for (int i = 0; i < 64; i++)
        ss[i] = 0xaa;
    unsigned char *arg = ss;
    num("semctl=", sys6(4117, 3, sem, 0, 2, (long)&arg, 0)); /* IPC_STAT, the old struct */
    num("nsems=", *(unsigned short *)(ss + 52));
    hex("after=", ss[56]);
    sys6(4117, 3, sem, 0, 0, (long)&arg, 0); /* IPC_RMID */
    say("\n");

    long word = 3;
    num("sysmips: atomic_set=", sys(4149, 2001, (long)&word, 5)); /* MIPS_ATOMIC_SET */
    num("word=", word);
    num("fixade=", sys(4149, 7, 0, 0)); /* MIPS_FIXADE */
    num("flush_cache=", sys(4149, 3, 0, 0));
    num("bad=", sys(4149, 12345, 0, 0));
    say("\n");
    sys(4001, 0, 0, 0);
    for (;;)
        ;
}
