/* oldshmctl.c: shmctl as uClibc 0.9.8-0.9.20 made it on MIPS (the TI AR7 SDK ships 0.9.19):
 * ipc(SHMCTL, id, cmd, 0, buf) without IPC_64, while its struct shmid_ds is the 72-byte one
 * with shm_nattch a u32 at 60 (../shared/research/shmctl-2.4.md). cases/build-r1.sh links it
 * into a noip2 (with oldshmctl.h) that calls shmctl the way the box's own build would. */
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

int old_shmctl(int id, int cmd, struct shmid_ds *buf);
int old_shmctl(int id, int cmd, struct shmid_ds *buf)
{
    /* uClibc's IPC_STAT is 2; musl's is 0x102 (IPC_64 in it): the command as uClibc had it */
    return (int)syscall(SYS_ipc, 24 /* SHMCTL */, id, cmd & ~0x100, 0, buf);
}
