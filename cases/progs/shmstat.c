/* shmstat.c: the bytes shmctl(IPC_STAT) writes, both ways, through the raw ipc(2) call (no C
 * library's own struct in between): the old call (no IPC_64: on 2.4 the 64-byte struct
 * shmid_ds) and the new one (IPC_64: the 72-byte struct shmid64_ds). Each buffer is filled
 * with 0xee first, so what the kernel did not write shows. The segment is 4096 bytes, mode
 * 0600, attached once. Prints "old RC: 72 hex bytes" and "new RC: ...". */
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
    int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
    void *at = shmat(id, 0, 0);
    if (id < 0 || at == (void *)-1) return 1;
    unsigned char b[72];
    for (int v = 0; v < 2; v++) {
        memset(b, 0xee, sizeof b);
        long rc = syscall(SYS_ipc, 24 /* SHMCTL */, id, IPC_STAT | (v ? 0x100 : 0), 0, b);
        printf("%s %ld:", v ? "new" : "old", rc);
        for (size_t i = 0; i < sizeof b; i++)
            printf(" %02x", b[i]);
        printf("\n");
    }
    shmdt(at);
    shmctl(id, IPC_RMID, 0);
    return 0;
}
