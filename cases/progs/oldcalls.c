/* oldcalls.c: the system calls of 2.4-era C libraries (uClibc 0.9, BusyBox 0.6x) that today's
 * libraries no longer make, each printed as `name: values` for test_oldcalls to compare with
 * what 2.4 answered and, where qemu-mipsel has the call, with qemu-mipsel: old sigaction,
 * sigprocmask and sigsuspend, the old stat calls, truncate and ftruncate, statfs and fstatfs,
 * ipc(2)'s msgctl and semctl with the old structs, sysmips. Run from the tree's root (t/data is 5
 * bytes, t/link a symlink to it). No C library (nolibc.h). */
#include "nolibc.h"

static volatile int got;

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
    nl_num("sigaction: ", sys(4067, 16, (long)&sa, 0)); /* SIGUSR1 on MIPS is 16 */
    nl_num("", sys(4067, 16, 0, (long)&old));
    nl_hex("flags=", old.flags);
    nl_num("handler_ok=", old.handler == (unsigned long)on_usr1);
    nl_hex("mask=", old.mask[0]);
    nl_hex("", old.mask[1]);
    nl_hex("", old.mask[2]);
    nl_hex("", old.mask[3]);
    nl_say("\n");

    unsigned long set[4] = {1ul << 15, 0, 0, 0}, was[4] = {0xaaaaaaaa, 0xaaaaaaaa, 0, 0};
    nl_num("sigprocmask: ", sys(4126, 1, (long)set, (long)was)); /* SIG_BLOCK SIGUSR1 */
    nl_hex("was=", was[0]);
    nl_hex("", was[1]);
    long pid = sys(4020, 0, 0, 0);
    nl_num("kill=", sys(4037, pid, 16, 0));
    nl_num("got_while_blocked=", got);
    unsigned long none[4] = {0, 0, 0, 0};
    nl_num("sigsuspend=", sys(4072, (long)none, 0, 0));
    nl_num("got=", got);
    sys(4126, 2, 0, (long)was); /* the mask after: SIGUSR1 blocked again */
    nl_hex("mask_after=", was[0]);
    nl_say("\n");

    unsigned long st[18];
    for (int i = 0; i < 18; i++)
        st[i] = 0xaaaaaaaa;
    nl_num("oldstat: ", sys(4018, (long)"t/data", (long)st, 0));
    nl_hex("mode=", st[2]);
    nl_num("nlink=", (long)st[3]);
    nl_num("size=", (long)st[7]);
    nl_hex("after=", st[17]);
    nl_say("\n");
    nl_num("oldlstat: ", sys(4084, (long)"t/link", (long)st, 0));
    nl_hex("mode=", st[2] & 0170000);
    nl_say("\n");
    long fd = sys(4005, (long)"t/data", 0, 0);
    nl_num("oldfstat: ", sys(4028, fd, (long)st, 0));
    nl_num("size=", (long)st[7]);
    nl_num("missing=", sys(4018, (long)"t/none", (long)st, 0));
    nl_say("\n");
    nl_num("truncate: ", sys(4092, (long)"t/data", 1, 0)); /* the read-only root: EROFS */
    nl_num("ftruncate=", sys(4093, 1000, 1, 0));           /* no such descriptor */
    nl_say("\n");

    unsigned long fs[17];
    for (int i = 0; i < 17; i++)
        fs[i] = 0xaaaaaaaa;
    nl_num("statfs: ", sys(4099, (long)"/", (long)fs, 0));
    nl_hex("type=", fs[0]);
    nl_num("bsize=", (long)fs[1]);
    nl_num("namelen=", (long)fs[10]);
    nl_hex("after=", fs[16]);
    nl_num("fstatfs=", sys(4100, fd, (long)fs, 0));
    nl_num("missing=", sys(4099, (long)"/none", (long)fs, 0));
    nl_say("\n");

    /* ipc(2) with the old commands: msgctl and semctl IPC_STAT without IPC_64 */
    long q = sys6(4117, 13, 0, 01600, 0, 0, 0); /* MSGGET IPC_PRIVATE, IPC_CREAT|0600 */
    struct {
        long type;
        char text[8];
    } msg = {1, "hello"};
    nl_num("ipc: msgsnd=", sys6(4117, 11, q, 5, 0, (long)&msg, 0));
    unsigned char ms[80];
    for (int i = 0; i < 80; i++)
        ms[i] = 0xaa;
    nl_num("msgctl=", sys6(4117, 14, q, 2, 0, (long)ms, 0)); /* IPC_STAT, the old struct */
    nl_hex("mode=", *(unsigned long *)(ms + 20) & 0777);
    nl_num("lcbytes=", *(long *)(ms + 48));
    nl_num("cbytes=", *(unsigned short *)(ms + 56));
    nl_num("qnum=", *(unsigned short *)(ms + 58));
    nl_num("qbytes=", *(unsigned short *)(ms + 60));
    nl_num("lspid_ok=", *(long *)(ms + 64) == pid);
    nl_hex("after=", ms[72]);
    sys6(4117, 14, q, 0, 0, 0, 0);               /* IPC_RMID */
    long sem = sys6(4117, 2, 0, 3, 01600, 0, 0); /* SEMGET IPC_PRIVATE, 3 semaphores */
    unsigned char ss[64];
    for (int i = 0; i < 64; i++)
        ss[i] = 0xaa;
    unsigned char *arg = ss;
    nl_num("semctl=", sys6(4117, 3, sem, 0, 2, (long)&arg, 0)); /* IPC_STAT, the old struct */
    nl_num("nsems=", *(unsigned short *)(ss + 52));
    nl_hex("after=", ss[56]);
    sys6(4117, 3, sem, 0, 0, (long)&arg, 0); /* IPC_RMID */
    nl_say("\n");

    long word = 3;
    nl_num("sysmips: atomic_set=", sys(4149, 2001, (long)&word, 5)); /* MIPS_ATOMIC_SET */
    nl_num("word=", word);
    nl_num("fixade=", sys(4149, 7, 0, 0)); /* MIPS_FIXADE */
    nl_num("flush_cache=", sys(4149, 3, 0, 0));
    nl_num("bad=", sys(4149, 12345, 0, 0));
    nl_say("\n");
    sys(4001, 0, 0, 0);
    for (;;)
        ;
}
