/* test_oldcalls.c: the system calls of 2.4-era userlands (uClibc 0.9, BusyBox 0.6x) answered
 * as Linux 2.4 answered them, seen by cases/progs/oldcalls.c: old sigaction, sigprocmask and
 * sigsuspend as qemu-mipsel answers them; the old stat calls (which qemu-mipsel does not
 * have: ENOSYS there) with 2.4's struct __old_kernel_stat; statfs and fstatfs with MIPS's
 * struct statfs (return codes as qemu-mipsel's, values for the image's SquashFS); sysmips's
 * commands as 2.4's sys_sysmips answers them (not in qemu-mipsel); ipc(2)'s msgctl and semctl
 * IPC_STAT without IPC_64 with 2.4's old struct msqid_ds (72 bytes) and semid_ds (56). */
#include <criterion/criterion.h>
#include <string.h>

#include "guestprog.h"

static char dir[64];
static void cleanup(void)
{
    guestprog_clean(dir);
}
static void build(void)
{
    guestprog_build(dir, sizeof dir, "oldcalls", "printf hello > t/data && ln -s data t/link");
}

/* The line of out that starts with key, into line. */
static void line_of(const char *out, const char *key, char *line, size_t cap)
{
    const char *l = strstr(out, key);
    cr_assert(l, "no `%s` line in:\n%s", key, out);
    size_t n = strcspn(l, "\n");
    cr_assert_lt(n, cap);
    memcpy(line, l, n);
    line[n] = 0;
}

Test(oldcalls, answered_as_linux_24, .init = build, .fini = cleanup)
{
    char cmd[1024], *ours, *ref, a[512], b[512];
    snprintf(cmd, sizeof cmd, "'%s' run '%s/root.sqfs' -- t/oldcalls", WA_BIN, dir);
    cr_assert_eq(run(cmd, &ours), 0, "%s", ours);
    snprintf(cmd, sizeof cmd,
             "cd '%s/root' && \"$(command -v qemu-mipsel)\" -cpu 4KEcR1 t/oldcalls", dir);
    cr_assert_eq(run(cmd, &ref), 0, "%s", ref);
    /* the handler ran once the mask let it, and the old mask came back after sigsuspend */
    static const char *const same[] = {"sigaction:", "sigprocmask:"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        line_of(ours, same[i], a, sizeof a);
        line_of(ref, same[i], b, sizeof b);
        cr_expect_str_eq(a, b, "wa-emu, then qemu-mipsel");
    }
    line_of(ours, "sigaction:", a, sizeof a);
    cr_expect_str_eq(a, "sigaction: 0 0 flags=0x0 handler_ok=1 mask=0x2 0x0 0x0 0x0 ");
    line_of(ours, "sigprocmask:", a, sizeof a);
    cr_expect(strstr(a, "got_while_blocked=0 sigsuspend=-4 got=16 mask_after=0x8000"), "%s", a);
    line_of(ours, "oldstat:", a, sizeof a);
    cr_expect_str_eq(a, "oldstat: 0 mode=0x81a4 nlink=1 size=5 after=0x0 ");
    line_of(ours, "oldlstat:", a, sizeof a);
    cr_expect_str_eq(a, "oldlstat: 0 mode=0xa000 ");
    line_of(ours, "oldfstat:", a, sizeof a);
    cr_expect_str_eq(a, "oldfstat: 0 size=5 missing=-2 ");
    line_of(ours, "truncate:", a, sizeof a);
    cr_expect_str_eq(a, "truncate: -30 ftruncate=-9 ");
    line_of(ours, "statfs:", a, sizeof a);
    cr_expect_str_eq(a, "statfs: 0 type=0x73717368 bsize=4096 namelen=255 after=0x0 fstatfs=0 "
                        "missing=-2 ");
    line_of(ref, "statfs:", b, sizeof b);
    cr_expect(!strncmp(b, "statfs: 0 ", 10) && strstr(b, "fstatfs=0 missing=-2 "), "qemu: %s", b);
    /* 2.4's old structs (qemu-mipsel answers with its own layout: not a reference here) */
    line_of(ours, "ipc:", a, sizeof a);
    cr_expect_str_eq(a, "ipc: msgsnd=0 msgctl=0 mode=0x180 lcbytes=5 cbytes=5 qnum=1 qbytes=16384 "
                        "lspid_ok=1 after=0xaa semctl=0 nsems=3 after=0xaa ");
    line_of(ours, "sysmips:", a, sizeof a);
    cr_expect_str_eq(a, "sysmips: atomic_set=3 word=5 fixade=0 flush_cache=0 bad=-22 ");
    free(ours);
    free(ref);
}
