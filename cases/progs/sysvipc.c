/* sysvipc.c: SysV message queues, shared memory and semaphores through glibc (ipc(2)) and
 * the direct system calls, with a child process on the other side. It prints what it sees
 * (never an id or a time), so its output under wa-emu and under qemu-mipsel must be the same.
 * Each *ctl(IPC_STAT) fills a buffer larger than its struct: the bytes past it must stay. */
#define _GNU_SOURCE /* MSG_EXCEPT */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct msg {
    long type;
    char text[32];
};

static void put(int q, long type, const char *text)
{
    struct msg m = {type, ""};
    snprintf(m.text, sizeof m.text, "%s", text);
    if (msgsnd(q, &m, strlen(text), 0)) printf("msgsnd %ld: %s\n", type, strerror(errno));
}

static void get(int q, long type, size_t size, int flags)
{
    struct msg m = {0, ""};
    ssize_t n = msgrcv(q, &m, size, type, flags);
    if (n < 0)
        printf("msgrcv %ld: %s\n", type, strerror(errno));
    else
        printf("msgrcv %ld: type %ld, %zd bytes \"%.*s\"\n", type, m.type, n, (int)n, m.text);
}

/* A buffer for a *_ds with room past it: the bytes past size must keep their 0xa5. */
static union {
    struct msqid_ds m;
    struct shmid_ds s;
    struct semid_ds e;
    unsigned char b[256];
} ds;
static void canary(const char *what, size_t size)
{
    for (size_t i = size; i < sizeof ds.b; i++)
        if (ds.b[i] != 0xa5) {
            printf("%s: byte %zu past the struct was written\n", what, i);
            return;
        }
}

static void queues(void)
{
    int q = msgget(IPC_PRIVATE, 0600);
    put(q, 2, "two");
    put(q, 1, "one");
    put(q, 3, "three");
    memset(&ds, 0xa5, sizeof ds);
    if (msgctl(q, IPC_STAT, &ds.m)) printf("msgctl: %s\n", strerror(errno));
    canary("msqid_ds", sizeof ds.m);
    printf("queue: %lu messages, %lu bytes, mode %o, last sender is me %d\n",
           (unsigned long)ds.m.msg_qnum, (unsigned long)ds.m.__msg_cbytes,
           (unsigned)ds.m.msg_perm.mode & 0777, ds.m.msg_lspid == getpid());
    get(q, 1, 32, 0);
    get(q, -3, 32, 0);
    get(q, 0, 32, 0);
    get(q, 0, 32, IPC_NOWAIT);
    put(q, 5, "hello");
    get(q, 5, 2, 0);
    get(q, 5, 2, MSG_NOERROR);
    put(q, 5, "five");
    put(q, 6, "six");
    get(q, 5, 32, MSG_EXCEPT);
    get(q, 7, 32, IPC_NOWAIT);
    get(q, 5, 32, 0);
    pid_t c = fork();
    if (c == 0) { /* the child waits for a message the parent sends later */
        get(q, 9, 32, 0);
        fflush(stdout);
        _exit(3);
    }
    usleep(100000);
    put(q, 9, "late");
    int st;
    waitpid(c, &st, 0);
    printf("child: exit %d\n", WEXITSTATUS(st));
    msgctl(q, IPC_RMID, NULL);
    put(q, 1, "gone");
    /* the direct calls */
    int d = (int)syscall(SYS_msgget, IPC_PRIVATE, 0644);
    struct msg m = {4, "direct"};
    long r = syscall(SYS_msgsnd, d, &m, 6, 0);
    memset(&m, 0, sizeof m);
    long n = syscall(SYS_msgrcv, d, &m, 32, 0, 0);
    printf("direct: msgsnd %ld, msgrcv %ld: type %ld \"%s\"\n", r, n, m.type, m.text);
    printf("direct: msgctl(IPC_RMID) %ld\n", syscall(SYS_msgctl, d, IPC_RMID, NULL));
}

static void shared(void)
{
    int s = shmget(IPC_PRIVATE, 10000, 0640);
    memset(&ds, 0xa5, sizeof ds);
    shmctl(s, IPC_STAT, &ds.s);
    canary("shmid_ds", sizeof ds.s);
    printf("shm: %zu bytes, mode %o, %lu attached\n", ds.s.shm_segsz,
           (unsigned)ds.s.shm_perm.mode & 0777, (unsigned long)ds.s.shm_nattch);
    char *a = shmat(s, NULL, 0);
    shmctl(s, IPC_STAT, &ds.s);
    printf("shm: %lu attached\n", (unsigned long)ds.s.shm_nattch);
    pid_t c = fork();
    if (c == 0) { /* the child inherits the attachment */
        strcpy(a + 5000, "from the child");
        shmctl(s, IPC_STAT, &ds.s);
        printf("shm: %lu attached in the child\n", (unsigned long)ds.s.shm_nattch);
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    printf("shm: \"%s\"\n", a + 5000);
    shmctl(s, IPC_STAT, &ds.s);
    printf("shm: %lu attached after the child\n", (unsigned long)ds.s.shm_nattch);
    printf("shm: IPC_RMID %d, shmdt %d\n", shmctl(s, IPC_RMID, NULL), shmdt(a));
    printf("shm: IPC_STAT after both %d (%s)\n", shmctl(s, IPC_STAT, &ds.s), strerror(errno));
}

static void semaphores(void)
{
    int s = semget(IPC_PRIVATE, 3, 0600);
    memset(&ds, 0xa5, sizeof ds);
    semctl(s, 0, IPC_STAT, &ds.e);
    canary("semid_ds", sizeof ds.e);
    printf("sem: %lu semaphores, mode %o\n", (unsigned long)ds.e.sem_nsems,
           (unsigned)ds.e.sem_perm.mode & 0777);
    semctl(s, 1, SETVAL, 2);
    struct sembuf op = {1, -1, 0};
    printf("sem: semop %d, value %d\n", semop(s, &op, 1), semctl(s, 1, GETVAL));
    op.sem_op = -2;
    op.sem_flg = IPC_NOWAIT;
    printf("sem: semop %d (%s)\n", semop(s, &op, 1), strerror(errno));
    struct timespec ts = {0, 50000000};
    op.sem_flg = 0;
    printf("sem: semtimedop %d (%s)\n", semtimedop(s, &op, 1, &ts), strerror(errno));
    printf("sem: IPC_RMID %d\n", semctl(s, 0, IPC_RMID));
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    queues();
    shared();
    semaphores();
    return 0;
}
