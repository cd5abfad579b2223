/* itimer.c: interval timers: ITIMER_REAL every 30 ms until a handler has counted three
 * SIGALRMs, what getitimer reads back, and ITIMER_VIRTUAL (SIGVTALRM) after 20 ms of CPU
 * time. It prints what it sees, so the output under wa-emu and qemu-mipsel must be the same. */
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms, vt;

static void on_alrm(int s)
{
    (void)s;
    alarms++;
}
static void on_vt(int s)
{
    (void)s;
    vt = 1;
}

int main(void)
{
    signal(SIGALRM, on_alrm);
    signal(SIGVTALRM, on_vt);
    struct itimerval t = {{0, 30000}, {0, 30000}}, g, old;
    printf("setitimer %d\n", setitimer(ITIMER_REAL, &t, NULL));
    getitimer(ITIMER_REAL, &g);
    printf("interval %ld us, running %d\n", (long)g.it_interval.tv_usec,
           g.it_value.tv_sec > 0 || g.it_value.tv_usec > 0);
    while (alarms < 3)
        pause();
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, &old);
    printf("alarms %d, old interval %ld us\n", (int)alarms, (long)old.it_interval.tv_usec);
    getitimer(ITIMER_REAL, &g);
    printf("stopped %d\n", !g.it_value.tv_sec && !g.it_value.tv_usec);
    struct itimerval v = {{0, 0}, {0, 20000}};
    setitimer(ITIMER_VIRTUAL, &v, NULL);
    for (volatile unsigned long i = 0; !vt; i++)
        continue;
    printf("SIGVTALRM after CPU time\n");
    printf("bad timer %d\n", setitimer(7, &v, NULL));
    return 0;
}
