/* ipcset.c: IPC_SET on SysV semaphores, shared memory and message queues through ipc(2), with
 * the old structs (no IPC_64, what 2.4-era C libraries pass) and with IPC_64: each object is
 * made with mode 0666, its struct read with IPC_STAT, given uid 1234, gid 5678 and mode
 * 0100600 (only the permission bits count) with IPC_SET, and read again. Prints one line per
 * object and layout: IPC_SET's result, the mode, uid and gid IPC_STAT shows after, for
 * semaphores whether sem_ctime was set at semget and is no earlier after IPC_SET, and
 * IPC_SET's answer to a bad address. For test_ipcset to compare with qemu-mipsel's; but
 * qemu-mipsel writes its IPC_64 layout for the old call too, so the old semid_ds's sem_ctime
 * (at 32, 2.4's place) is on a line of its own, "old: sem_ctime ...". No C library
 * (nolibc.h). */
#include "nolibc.h"

static long ipc(long call, long first, long second, long third, void *ptr)
{
    return sys6(4117, call, first, second, third, (long)ptr, 0);
}

static unsigned long u32(const unsigned char *b)
{
    return b[0] | b[1] << 8 | b[2] << 16 | (unsigned long)b[3] << 24;
}

static void put32(unsigned char *b, unsigned long v)
{
    for (int i = 0; i < 4; i++)
        b[i] = (unsigned char)(v >> 8 * i);
}

static void fill(unsigned char *b)
{
    for (int i = 0; i < 128; i++)
        b[i] = 0xaa;
}

/* The new owner and mode, where both layouts keep them: uid 4, gid 8, mode 20. */
static void new_owner(unsigned char *b)
{
    put32(b + 4, 1234);
    put32(b + 8, 5678);
    put32(b + 20, 0100600);
}

static void say_owner(long rc, const unsigned char *b)
{
    nl_num("set=", rc);
    nl_hex("mode=", u32(b + 20) & 0xffff);
    nl_num("uid=", (long)u32(b + 4));
    nl_num("gid=", (long)u32(b + 8));
}

static long old_ctime_ok;

static void sem(long v)
{
    static unsigned char b[128];
    unsigned char *arg = b;
    long id = ipc(2, 0, 1, 01666, 0); /* SEMGET IPC_PRIVATE, IPC_CREAT|0666 */
    fill(b);
    ipc(3, id, 0, 2 | v, &arg); /* SEMCTL IPC_STAT */
    unsigned long made = u32(b + (v ? 40 : 32));
    new_owner(b);
    long rc = ipc(3, id, 0, 1 | v, &arg); /* IPC_SET */
    fill(b);
    ipc(3, id, 0, 2 | v, &arg);
    nl_say(v ? "sem64: " : "sem: ");
    say_owner(rc, b);
    unsigned long after = u32(b + (v ? 40 : 32));
    long ok = made != 0 && made != 0xaaaaaaaa && after >= made && after != 0xaaaaaaaa;
    if (v)
        nl_num("ctime=", ok);
    else
        old_ctime_ok = ok;
    unsigned char *bad = (unsigned char *)16;
    nl_num("bad=", ipc(3, id, 0, 1 | v, &bad));
    ipc(3, id, 0, 0, &arg); /* IPC_RMID */
    nl_say("\n");
}

static void shm(long v)
{
    static unsigned char b[128];
    long id = ipc(23, 0, 4096, 01666, 0); /* SHMGET IPC_PRIVATE, 4096 bytes */
    fill(b);
    ipc(24, id, 2 | v, 0, b); /* SHMCTL IPC_STAT */
    new_owner(b);
    long rc = ipc(24, id, 1 | v, 0, b);
    fill(b);
    ipc(24, id, 2 | v, 0, b);
    nl_say(v ? "shm64: " : "shm: ");
    say_owner(rc, b);
    nl_num("bad=", ipc(24, id, 1 | v, 0, (void *)16));
    ipc(24, id, 0, 0, 0); /* IPC_RMID */
    nl_say("\n");
}

static void msg(long v)
{
    static unsigned char b[128];
    long id = ipc(13, 0, 01666, 0, 0); /* MSGGET IPC_PRIVATE */
    fill(b);
    ipc(14, id, 2 | v, 0, b); /* MSGCTL IPC_STAT: qbytes as it is, for IPC_SET */
    new_owner(b);
    long rc = ipc(14, id, 1 | v, 0, b);
    fill(b);
    ipc(14, id, 2 | v, 0, b);
    nl_say(v ? "msg64: " : "msg: ");
    say_owner(rc, b);
    nl_num("bad=", ipc(14, id, 1 | v, 0, (void *)16));
    ipc(14, id, 0, 0, 0); /* IPC_RMID */
    nl_say("\n");
}

void __start(void)
{
    for (long v = 0; v <= 0x100; v += 0x100) { /* the old structs, then IPC_64 */
        sem(v);
        shm(v);
        msg(v);
    }
    nl_num("old: sem_ctime=", old_ctime_ok);
    nl_say("\n");
    sys(4001, 0, 0, 0);
    for (;;)
        ;
}
