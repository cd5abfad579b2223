/* futex.c: futex calls as a single-threaded program makes them (glibc's locks, once, and
 * timed waits): a wait on a changed word, a wait that times out (relative and absolute), a
 * wake with nobody waiting, and a wait in shared memory that another process ends by writing
 * the word. It prints what each returns, so the output under wa-emu and qemu-mipsel must be
 * the same. The child writes the word only after the parent said, through a pipe, that it is
 * about to wait; a write that still comes first makes the wait return EAGAIN at once, which
 * counts as woken too (the word is 1), so no ordering of the two is left to a sleep. */
#include <errno.h>
#include <linux/futex.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long futex(volatile unsigned *w, int op, unsigned val, const struct timespec *ts)
{
    return syscall(SYS_futex, w, op, val, ts, NULL, op == FUTEX_WAIT_BITSET ? ~0u : 0);
}

static void show(const char *what, long rc)
{
    printf("%s: %ld%s%s\n", what, rc, rc < 0 ? " " : "", rc < 0 ? strerror(errno) : "");
}

int main(void)
{
    static volatile unsigned word = 5;
    struct timespec rel = {0, 50000000}, abs;
    show("wait on a changed word", futex(&word, FUTEX_WAIT, 4, &rel));
    show("wait 50 ms", futex(&word, FUTEX_WAIT_PRIVATE, 5, &rel));
    clock_gettime(CLOCK_MONOTONIC, &abs);
    abs.tv_nsec += 50000000;
    if (abs.tv_nsec >= 1000000000) abs.tv_sec++, abs.tv_nsec -= 1000000000;
    show("wait until 50 ms from now", futex(&word, FUTEX_WAIT_BITSET, 5, &abs));
    show("wake nobody", futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL));
    volatile unsigned *shared =
        mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    *shared = 0;
    int ready[2];
    if (pipe(ready)) return 1;
    pid_t c = fork();
    if (c == 0) {
        char b;
        if (read(ready[0], &b, 1) != 1) _exit(1);
        *shared = 1;
        futex(shared, FUTEX_WAKE, 1, NULL);
        _exit(0);
    }
    struct timespec long_wait = {5, 0};
    if (write(ready[1], "w", 1) != 1) return 1;
    long rc = futex(shared, FUTEX_WAIT, 0, &long_wait);
    int woken = rc == 0 || (rc < 0 && errno == EAGAIN && *shared == 1);
    printf("wait for the child's write: %s\n", woken ? "woken" : strerror(errno));
    waitpid(c, NULL, 0);
    printf("word %u\n", *shared);
    return 0;
}
