/* clock.c: the run's one clock when it has a world (lx_opts.net). Virtual time is made of the
 * guests' work and of their sleep, never of the host's speed: the instructions every guest
 * runs, at the board's CPU clock (one a cycle, as the AR7 machine's time passes), counted by
 * the block hook, and LX_SYSCALL_NS for the kernel's side of each system call; once every
 * guest is blocked the supervisor moves it on to the earliest deadline any of them waits for
 * (a sleep, a timeout of select/poll/futex/semop, an ITIMER_REAL or alarm), so an hour of a
 * box that mostly sleeps takes milliseconds and the same run gives the same times. A guest
 * that computes sees time pass and its own interval timer go off (lx_clock_tell). Each
 * process keeps its deadlines in its process-table entry; when one is due the supervisor
 * sends the process LX_SIG_CLOCK, whose handler sets off a due ITIMER_REAL (SIGALRM) and whose
 * EINTR makes a timed wait look at the clock again. The wall time the guests see is the
 * world's epoch plus virtual time; with --deep it starts at the kernel's boot (boot_ns). Without
 * a world the guests see the host's clocks, nothing is counted and nothing is skipped. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "lx_int.h"

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void lx_clock_start(lx_world *w, const lx_opts *o)
{
    w->clock_on = o->net != NULL;
    w->epoch_s = o->net ? o->net->epoch_s : 0;
    w->t0_ns = host_ns();
    w->skip_ns = o->net ? o->boot_ns : 0;
    w->insns = 0;
    w->hz = o->cpu_hz ? o->cpu_hz : 150000000u;
}

uint64_t lx_vnow(lx_world *w)
{
    if (!w->clock_on) return host_ns() - w->t0_ns;
    uint64_t n = __atomic_load_n(&w->insns, __ATOMIC_ACQUIRE);
    return __atomic_load_n(&w->skip_ns, __ATOMIC_ACQUIRE) +
           (uint64_t)__atomic_load_n(&w->seq, __ATOMIC_RELAXED) * LX_SYSCALL_NS +
           n / w->hz * 1000000000u + n % w->hz * 1000000000u / w->hz;
}

int64_t lx_vreal_ns(lx_world *w)
{
    if (!w->clock_on) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
    }
    return w->epoch_s * 1000000000 + (int64_t)lx_vnow(w);
}

/* The handler of LX_SIG_CLOCK, in a guest process: an ITIMER_REAL that is due goes off
 * (SIGALRM, to the guest's handler like any host signal) and moves to its next period.
 * Process-wide by nature (a handler has no context): the world and this process's pid, set
 * when the guest starts and after each fork. */
static lx_world *volatile clock_world;
static volatile int32_t clock_pid;

static void alarm_due(lx_world *w, int32_t pid)
{
    for (int i = 0; w && i < LX_NPROC; i++) {
        lx_pent *pe = &w->proc[i];
        if (pe->pid != pid || pe->state != 'R') continue;
        uint64_t now = lx_vnow(w);
        if (pe->alarm_ns && pe->alarm_ns <= now) {
            uint64_t iv = pe->alarm_iv_ns;
            pe->alarm_ns = iv ? pe->alarm_ns + ((now - pe->alarm_ns) / iv + 1) * iv : 0;
            raise(SIGALRM);
        }
        break;
    }
}

static void on_clock(int s)
{
    (void)s;
    int saved = errno;
    alarm_due(clock_world, clock_pid);
    errno = saved;
}

void lx_clock_tell(lx_proc *p)
{
    if (!p->vinsns) return;
    __atomic_add_fetch(&p->w->insns, p->vinsns, __ATOMIC_ACQ_REL);
    p->vinsns = 0;
    /* the signal stops the engine at the next block start, as a host timer's would */
    if (p->w->clock_on) alarm_due(p->w, p->pid);
}

void lx_clock_guest(lx_world *w, int32_t pid)
{
    clock_world = w->clock_on ? w : NULL;
    clock_pid = pid;
    if (!w->clock_on) return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_clock;
    sa.sa_flags = SA_RESTART; /* a read or wait4 goes on; a timed wait looks at the clock */
    sigemptyset(&sa.sa_mask);
    sigaction(LX_SIG_CLOCK, &sa, NULL);
}

uint64_t lx_vwait_ns(lx_proc *p, uint64_t deadline)
{
    lx_world *w = p->w;
    uint64_t now = lx_vnow(w);
    if (now >= deadline) return 0;
    lx_pent *pe = lx_pent_find(w, p->pid);
    if (pe) __atomic_store_n(&pe->wake_ns, deadline, __ATOMIC_RELEASE);
    /* a second of the host's time at most: a wake-up lost before the sleep began costs no
     * more (virtual time does not pass with the host's anyway) */
    return deadline - now < 1000000000u ? deadline - now : 1000000000u;
}

uint64_t lx_vdeadline(lx_proc *p, uint64_t rel)
{
    if (p->reissue && p->reissue_deadline) return p->call_deadline = p->reissue_deadline;
    return p->call_deadline = lx_vnow(p->w) + rel;
}

int lx_ns_to_ms(uint64_t ns)
{
    uint64_t ms = (ns + 999999) / 1000000;
    return ms > 86400000 ? 86400000 : (int)ms;
}

void lx_vwait_done(lx_proc *p)
{
    lx_pent *pe = lx_pent_find(p->w, p->pid);
    if (pe) __atomic_store_n(&pe->wake_ns, 0, __ATOMIC_RELEASE);
}

void lx_vsetitimer(lx_proc *p, uint64_t value_ns, uint64_t iv_ns, uint64_t *old_left,
                   uint64_t *old_iv)
{
    lx_world *w = p->w;
    lx_vgetitimer(p, old_left, old_iv);
    lx_lock(w);
    lx_pent *pe = lx_pent_find(w, p->pid);
    if (pe) {
        pe->alarm_ns = value_ns ? lx_vnow(w) + value_ns : 0;
        pe->alarm_iv_ns = value_ns ? iv_ns : 0;
    }
    lx_unlock(w);
}

void lx_vgetitimer(lx_proc *p, uint64_t *left, uint64_t *iv)
{
    lx_lock(p->w);
    lx_pent *pe = lx_pent_find(p->w, p->pid);
    uint64_t now = lx_vnow(p->w), at = pe ? pe->alarm_ns : 0;
    if (left) *left = !at ? 0 : at > now ? at - now : 1000; /* due, about to go off */
    if (iv) *iv = at ? pe->alarm_iv_ns : 0;
    lx_unlock(p->w);
}

/* A process's next deadline: its timed wait or its ITIMER_REAL, whichever comes first; 0:
 * none. */
static uint64_t deadline_of(lx_pent *pe)
{
    uint64_t wake = __atomic_load_n(&pe->wake_ns, __ATOMIC_ACQUIRE);
    uint64_t alarm = __atomic_load_n(&pe->alarm_ns, __ATOMIC_ACQUIRE);
    return wake && (!alarm || wake < alarm) ? wake : alarm;
}

/* Wake the processes whose deadline came; again: also those told already (a wake-up that
 * came before the process went to sleep is lost). */
static void nudge(lx_world *w, int again)
{
    uint64_t now = lx_vnow(w);
    int32_t due[LX_NPROC];
    int n = 0;
    lx_lock(w);
    for (int i = 0; i < LX_NPROC; i++) {
        lx_pent *pe = &w->proc[i];
        if (pe->pid <= 0 || pe->state != 'R') continue;
        uint64_t d = deadline_of(pe);
        if (!d || d > now || (!again && d <= pe->nudged_ns)) continue; /* not due, or told */
        pe->nudged_ns = d;
        due[n++] = pe->pid;
    }
    lx_unlock(w);
    for (int i = 0; i < n; i++)
        kill(due[i], LX_SIG_CLOCK);
}

void lx_clock_nudge(lx_world *w)
{
    nudge(w, 0);
}

int lx_clock_skip(lx_world *w, uint64_t horizon_ns)
{
    uint64_t now = lx_vnow(w), target = UINT64_MAX;
    lx_lock(w);
    for (int i = 0; i < LX_NPROC; i++) {
        lx_pent *pe = &w->proc[i];
        if (pe->pid <= 0 || pe->state != 'R') continue;
        uint64_t d = deadline_of(pe);
        if (d && d < target) target = d;
    }
    int settled = target == UINT64_MAX || (horizon_ns && target >= horizon_ns);
    if (settled && horizon_ns && horizon_ns > now) target = horizon_ns;
    if (target != UINT64_MAX && target > now)
        __atomic_add_fetch(&w->skip_ns, target - now, __ATOMIC_ACQ_REL);
    lx_unlock(w);
    if (!settled) nudge(w, 1); /* every guest sleeps: whoever is due must wake */
    return settled;
}
