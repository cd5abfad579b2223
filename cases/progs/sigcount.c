/* sigcount.c: does every instruction run exactly once while signals arrive? Two volatile
 * counters are incremented in lockstep in a tight loop (a load and a store each) while
 * signals interrupt it; an emulator that stops in the middle of the loop's block and then
 * runs part of it again leaves them apart. Modes:
 *   usr1 [SECONDS]     a forked child sends SIGUSR1 as fast as it can, then SIGUSR2 to stop
 *   alrm HZ [SECONDS]  setitimer(ITIMER_REAL) at HZ until SECONDS of its ticks have come
 * It prints the counters and the handler's calls; exit 0 when the counters are equal and
 * the handler ran, 1 when they differ, 2 when no signal came. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long a, b;
static volatile sig_atomic_t calls, stop;
static long target;

static void on_signal(int s)
{
    (void)s;
    if (++calls >= target && target) stop = 1;
}

static void on_stop(int s)
{
    (void)s;
    stop = 1;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "usr1";
    pid_t child = 0;
    if (!strcmp(mode, "usr1")) {
        double secs = argc > 2 ? atof(argv[2]) : 1.0;
        signal(SIGUSR1, on_signal);
        signal(SIGUSR2, on_stop);
        pid_t parent = getpid();
        child = fork();
        if (child < 0) return 3;
        if (child == 0) {
            for (double end = now() + secs; now() < end;)
                kill(parent, SIGUSR1);
            kill(parent, SIGUSR2);
            _exit(0);
        }
    } else if (!strcmp(mode, "alrm") && argc > 2) {
        long hz = atol(argv[2]);
        double secs = argc > 3 ? atof(argv[3]) : 1.0;
        if (hz <= 0 || hz > 1000000) return 3;
        target = (long)(hz * secs);
        if (target < 1) target = 1;
        signal(SIGALRM, on_signal);
        struct itimerval t = {{0, 1000000 / hz}, {0, 1000000 / hz}};
        if (setitimer(ITIMER_REAL, &t, NULL)) return 3;
    } else {
        fprintf(stderr, "usage: sigcount usr1 [SECONDS] | alrm HZ [SECONDS]\n");
        return 3;
    }
    while (!stop) {
        a++;
        b++;
    }
    if (child) waitpid(child, NULL, 0);
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    printf("%s: a %lu b %lu, %s, %ld handler calls\n", mode, a, b, a == b ? "equal" : "DIFFERENT",
           (long)calls);
    return a != b ? 1 : calls ? 0 : 2;
}
