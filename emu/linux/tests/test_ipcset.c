/* test_ipcset.c: IPC_SET on SysV semaphores, shared memory and message queues applies the
 * caller's uid, gid and permission bits (Linux's ipc_update_perm) and IPC_STAT shows them,
 * with the old structs and with IPC_64; semctl's also sets sem_ctime. cases/progs/ipcset.c
 * under `wa-emu run` against qemu-mipsel, except the old semid_ds's sem_ctime, which
 * qemu-mipsel writes in its IPC_64 place (checked against 2.4's layout alone). */
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
    guestprog_build(dir, sizeof dir, "ipcset", "true");
}

/* out without its "old:" line */
static void drop_old(char *out)
{
    char *l = strstr(out, "old: ");
    if (l) *l = 0;
}

Test(ipcset, applied_as_linux, .init = build, .fini = cleanup)
{
    char cmd[1024], *ours, *ref;
    snprintf(cmd, sizeof cmd, "'%s' run '%s/root.sqfs' -- t/ipcset", WA_BIN, dir);
    cr_assert_eq(run(cmd, &ours), 0, "%s", ours);
    snprintf(cmd, sizeof cmd, "cd '%s/root' && \"$(command -v qemu-mipsel)\" -cpu 4KEcR1 t/ipcset",
             dir);
    cr_assert_eq(run(cmd, &ref), 0, "%s", ref);
    static const char *const want[] = {
        "sem: set=0 mode=0x180 uid=1234 gid=5678 bad=-14 \n",
        "shm: set=0 mode=0x180 uid=1234 gid=5678 bad=-14 \n",
        "msg: set=0 mode=0x180 uid=1234 gid=5678 bad=-14 \n",
        "sem64: set=0 mode=0x180 uid=1234 gid=5678 ctime=1 bad=-14 \n",
        "shm64: set=0 mode=0x180 uid=1234 gid=5678 bad=-14 \n",
        "msg64: set=0 mode=0x180 uid=1234 gid=5678 bad=-14 \n",
        "old: sem_ctime=1 \n",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        cr_expect(strstr(ours, want[i]), "wa-emu lacks `%s`:\n%s", want[i], ours);
    drop_old(ours);
    drop_old(ref);
    cr_expect_str_eq(ours, ref, "wa-emu, then qemu-mipsel");
    free(ours);
    free(ref);
}
