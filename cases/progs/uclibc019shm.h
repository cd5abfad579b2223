/* uclibc019shm.h: included first (-include) into a program built on dietlibc that is to see
 * shared memory as uClibc 0.9.8-0.9.20 showed it on MIPS (the TI AR7 SDK ships 0.9.19): its
 * struct shmid_ds is the 72-byte one copied from glibc 2.2 (shm_nattch an unsigned long at
 * 60), while its shmctl calls ipc(SHMCTL, id, cmd, 0, buf) without IPC_64, so a 2.4 kernel
 * answers with the old 64-byte struct and the program reads its stale tail as shm_nattch
 * (../shared/research/shmctl-2.4.md, sections 4.1 and 6). dietlibc's own struct and call are
 * the old pair (64 bytes, u16 nattch at 52: consistent); after its <sys/shm.h>, every
 * struct shmid_ds and shmctl of the program names uClibc's. cases/build-r1.sh builds the
 * noip2 for the 2.4 kernel with it. */
#ifndef WA_UCLIBC019SHM_H
#define WA_UCLIBC019SHM_H
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <time.h>

/* uClibc 0.9.19, libc/sysdeps/linux/mips/bits/ipc.h and bits/shm.h */
struct uclibc019_ipc_perm {
    key_t __key;
    unsigned int uid, gid, cuid, cgid, mode;
    unsigned short __seq, __pad1;
    unsigned long __unused1, __unused2;
};

struct uclibc019_shmid_ds {
    struct uclibc019_ipc_perm shm_perm;
    size_t shm_segsz;
    time_t shm_atime, shm_dtime, shm_ctime;
    pid_t shm_cpid, shm_lpid;
    unsigned long shm_nattch, __unused1, __unused2;
};

_Static_assert(sizeof(struct uclibc019_shmid_ds) == 72, "uClibc 0.9.19's MIPS shmid_ds");
_Static_assert(offsetof(struct uclibc019_shmid_ds, shm_nattch) == 60, "shm_nattch at 60");
_Static_assert(IPC_STAT == 2, "the command as uClibc passes it, without IPC_64 (0x100)");

extern int __ipc(int, int, int, int, void *); /* dietlibc's ipc(2) */

/* libc/misc/sysvipc/shm.c of 0.9.19: no __NR_shmctl on MIPS, so the ipc multiplexer */
static inline int uclibc019_shmctl(int id, int cmd, struct uclibc019_shmid_ds *buf)
{
    return __ipc(24 /* SHMCTL */, id, cmd, 0, buf);
}

#define shmid_ds uclibc019_shmid_ds
#define shmctl uclibc019_shmctl
#endif
