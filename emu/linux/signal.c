/* signal.c: signals, delivered to guest handlers with a real MIPS o32 signal frame (struct
 * sigframe, or rt_sigframe for SA_SIGINFO handlers) and taken back by sigreturn and
 * rt_sigreturn. Guest processes are host processes, so a signal travels as the host signal
 * of the same meaning: a guest handler is a host handler that marks the signal pending, and
 * the guest sees it at the next block or at the end of the system call it interrupted
 * (which then returns EINTR, or with SA_RESTART runs again after the handler, for the calls
 * Linux restarts). Default and ignore dispositions
 * are the host's own, so a guest killed by a signal is a host process killed by it and its
 * parent's wait sees that.
 *
 * Threads that share their handlers (clone(CLONE_SIGHAND), LinuxThreads) share the table in
 * the vm (mem_shared.c): one thread's sigaction is every thread's at once, but host
 * dispositions are each process's own. So such a process catches every signal on the host,
 * and a signal with no guest handler takes its action here when it comes up (lx_sig_deliver,
 * lx_sig_defaults): ignored, or the host's default raised (the process dies of it, as it
 * would have), or a stop. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "bytes.h"
#include "lx_int.h"

#define SA_SIGINFO_ 0x8
#define SA_RESTART_ 0x10000000u
#define SA_NODEFER_ 0x40000000u
#define SA_RESETHAND_ 0x80000000u
#define SC_SIZE 592 /* struct sigcontext of o32 */
#define TRAMP_ADDR LX_STACK_TOP

/* A host signal handler cannot be given a context: the one piece of process-wide state of
 * the personality is what the handler marks, read by the process that owns it.
 *
 * Real-time signals queue, as on Linux since 2.4: three sent before the guest takes them run
 * its handler three times (LinuxThreads wakes a thread with one each time; merged, a wakeup is
 * lost and the thread hangs). Classic signals (host numbers below SIGRTMIN) merge: one
 * pending at most. So per host signal, arrived counts what the handler took in and taken what
 * the guest took out (each written on one side only, so neither loses a count to the other);
 * pending is their difference. What the sender gave (code, pid, value) is kept for the first
 * NINFO pending of each signal, each in the slot of its arrival number; one past that is
 * still counted and delivered, but with no sender (code SI_USER, pid 0). */
#define NINFO 8
static volatile sig_atomic_t arrived[65], taken[65], any_pending;
static struct {
    volatile sig_atomic_t seq; /* arrival number + 1 of what the slot holds; 0: none */
    volatile sig_atomic_t code, pid, value;
} info[65][NINFO];

/* What one signal came with, for a SA_SIGINFO handler and rt_sigtimedwait. */
typedef struct {
    int code, pid, value;
} sig_from;

static unsigned n_pending(int h)
{
    return (unsigned)arrived[h] - (unsigned)taken[h];
}

/* The oldest pending h, out of the table; what it came with into from (if not NULL). */
static void take(int h, sig_from *from)
{
    unsigned t = (unsigned)taken[h];
    sig_from f = {0, 0, 0};
    if (info[h][t % NINFO].seq == (sig_atomic_t)(t + 1))
        f = (sig_from){info[h][t % NINFO].code, info[h][t % NINFO].pid, info[h][t % NINFO].value};
    taken[h] = (sig_atomic_t)(t + 1);
    if (from) *from = f;
}
static uc_engine *volatile running; /* stopped by the handler, so the signal is seen at once */

/* Unicorn forgets a stop asked for while it is between two runs (uc_emu_start clears the
 * request before it starts), and a guest computing without system calls would then not see
 * the signal until the next one came. So each signal also arms a one-shot host timer that
 * asks again 1 ms later while a signal is pending. Its host signal is SIGRTMAX, which no
 * guest signal maps to. One timer per host process (timers do not survive a fork). */
static timer_t kick;
static pid_t kick_owner;

/* The same host signal, queued with LX_DBG_SIGVAL, is the debugger asking this process to
 * stop (debug_target.c): a blocking host call it is in returns EINTR (no SA_RESTART), the call
 * is rewound to its syscall instruction and the process parks there (lx_dbg_between). */
static volatile sig_atomic_t dbg_wanted;

static void on_kick(int s, siginfo_t *si, void *ctx)
{
    (void)s, (void)ctx;
    if (si && si->si_code == SI_QUEUE && si->si_value.sival_int == LX_DBG_SIGVAL) {
        dbg_wanted = 1;
        if (running) uc_emu_stop(running);
        return;
    }
    if (any_pending && running) uc_emu_stop(running);
}

int lx_sig_dbg_wanted(void)
{
    return dbg_wanted;
}

int lx_sig_dbg_take(void)
{
    int was = dbg_wanted;
    dbg_wanted = 0;
    return was;
}

int lx_sig_interrupted(lx_proc *p)
{
    (void)p;
    return any_pending || dbg_wanted;
}

static void kick_setup(void)
{
    if (kick_owner == getpid()) return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_kick;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGRTMAX, &sa, NULL);
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGRTMAX;
    if (timer_create(CLOCK_MONOTONIC, &ev, &kick) == 0) kick_owner = getpid();
}

void lx_sig_setup(void)
{
    kick_setup();
}

void lx_sig_running(uc_engine *uc)
{
    if (uc) kick_setup();
    running = uc;
}

static const struct {
    int mips, host;
} sigmap[] = {
    {10, SIGBUS},   {12, SIGSYS},  {16, SIGUSR1},   {17, SIGUSR2}, {18, SIGCHLD}, {19, SIGPWR},
    {20, SIGWINCH}, {21, SIGURG},  {22, SIGIO},     {23, SIGSTOP}, {24, SIGTSTP}, {25, SIGCONT},
    {26, SIGTTIN},  {27, SIGTTOU}, {28, SIGVTALRM}, {29, SIGPROF}, {30, SIGXCPU}, {31, SIGXFSZ},
};

int lx_sig_to_host(int s)
{
    for (size_t i = 0; i < sizeof sigmap / sizeof sigmap[0]; i++)
        if (sigmap[i].mips == s) return sigmap[i].host;
    if (s == 7) return -1; /* SIGEMT: none on the host */
    if (s >= 1 && s <= 15) return s;
    /* real-time signals from the host's SIGRTMIN: glibc keeps 32 and 33 for itself (and
     * refuses handlers for them), and SIGRTMAX is the kick's. LinuxThreads wakes its threads
     * with 32 and 33 */
    if (s >= 32 && s < 32 + (SIGRTMAX - SIGRTMIN)) return SIGRTMIN + (s - 32);
    return -1;
}

int lx_sig_to_mips(int s)
{
    for (size_t i = 0; i < sizeof sigmap / sizeof sigmap[0]; i++)
        if (sigmap[i].host == s) return sigmap[i].mips;
    if (s >= SIGRTMIN && s < SIGRTMAX) return 32 + (s - SIGRTMIN);
    return s;
}

/* The stop lands at the start of the guest's next block, between two of its instructions
 * (exact.c), where the signal is delivered. */
static void on_host_signal(int s, siginfo_t *si, void *ctx)
{
    (void)ctx;
    if (s > 0 && s < 65 && (s >= SIGRTMIN || !n_pending(s))) {
        unsigned a = (unsigned)arrived[s];
        if (a - (unsigned)taken[s] < NINFO) { /* a free slot: the guest reads none past taken */
            info[s][a % NINFO].code = si ? si->si_code : 0;
            info[s][a % NINFO].pid = si ? si->si_pid : 0;
            info[s][a % NINFO].value = si && si->si_code == SI_QUEUE ? si->si_value.sival_int : 0;
            info[s][a % NINFO].seq = (sig_atomic_t)(a + 1);
        }
        arrived[s] = (sig_atomic_t)(a + 1);
    }
    any_pending = 1;
    if (!running) return;
    uc_emu_stop(running);
    if (kick_owner == getpid()) {
        struct itimerspec once = {{0, 0}, {0, 1000000}};
        timer_settime(kick, 0, &once, NULL);
    }
}

/* The host disposition that matches the guest's for MIPS signal s: 0, or -LX_EINVAL when
 * the host refused it (the guest's sigaction fails as it would have). A guest signal with no
 * host one (SIGEMT, the real-time signals past what the host has) keeps its action unused. */
static int shared(const lx_proc *p)
{
    return p->sig != p->sig_own;
}

static int apply(lx_proc *p, int s)
{
    int h = lx_sig_to_host(s);
    if (h < 0 || h == SIGKILL || h == SIGSTOP) return 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    uint32_t hd = p->sig[s].handler;
    if (shared(p) || hd > 1) {
        sa.sa_sigaction = on_host_signal;
        sa.sa_flags = SA_SIGINFO; /* the sender's pid and value, for the guest's siginfo */
    } else {
        sa.sa_handler = hd == 0 ? SIG_DFL : SIG_IGN;
    }
    return sigaction(h, &sa, NULL) ? -LX_EINVAL : 0;
}

/* The host signal set of a guest mask. */
static void host_set(uint64_t mask, sigset_t *m)
{
    sigemptyset(m);
    for (int s = 1; s < 64; s++) {
        int h = lx_sig_to_host(s);
        if ((mask >> (s - 1) & 1) && h > 0) sigaddset(m, h);
    }
}

static void apply_mask(lx_proc *p)
{
    sigset_t m;
    host_set(p->sigmask, &m);
    sigprocmask(SIG_SETMASK, &m, NULL);
}

int lx_sig_init(lx_proc *p)
{
    static const uint32_t code[] = {0x24021017, 0x0000000c, 0x24021061, 0x0000000c};
    uint8_t b[sizeof code];
    for (size_t i = 0; i < 4; i++)
        wr_le32(b + 4 * i, code[i]);
    if (lx_map(p, TRAMP_ADDR, LX_PAGE, 0, NULL)) return -LX_ENOMEM;
    p->tramp = TRAMP_ADDR;
    return lx_put(p, TRAMP_ADDR, b, sizeof b);
}

/* A signal without a guest handler, with shared handlers: what Linux does with it. MIPS's
 * default-ignore signals: SIGCHLD 18, SIGWINCH 20, SIGURG 21, SIGCONT 25; the stops: SIGTSTP
 * 24, SIGTTIN 26, SIGTTOU 27. */
static void default_action(lx_proc *p, int s, int h)
{
    if (p->sig[s].handler == 1 || s == 18 || s == 20 || s == 21 || s == 25) return;
    if (s == 24 || s == 26 || s == 27) {
        kill(getpid(), SIGSTOP);
        return;
    }
    signal(h, SIG_DFL);
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, h);
    sigprocmask(SIG_UNBLOCK, &m, NULL);
    raise(h); /* the host's default: the process ends of it */
}

void lx_sig_defaults(lx_proc *p)
{
    if (!shared(p) || !any_pending) return;
    any_pending = 0;
    for (int h = 1; h < 65; h++) {
        if (!n_pending(h)) continue;
        int s = lx_sig_to_mips(h);
        if (s >= 1 && s < LX_NSIG && !(p->sigmask >> (s - 1) & 1) && p->sig[s].handler <= 1) {
            take(h, NULL);
            if (n_pending(h)) any_pending = 1;
            default_action(p, s, h);
        } else {
            any_pending = 1;
        }
    }
}

static void apply_all(lx_proc *p)
{
    for (int s = 1; s < LX_NSIG; s++)
        (void)apply(p, s); /* what the host took before, it takes again */
}

void lx_sig_share(lx_proc *p)
{
    if (!p->vm || shared(p)) return;
    memcpy(p->vm->sig, p->sig_own, sizeof p->sig_own);
    p->sig = p->vm->sig;
    apply_all(p);
}

void lx_sig_private(lx_proc *p)
{
    if (!shared(p)) return;
    lx_sig_defaults(p); /* what came with no handler, while it still catches everything */
    memcpy(p->sig_own, p->sig, sizeof p->sig_own);
    p->sig = p->sig_own;
    apply_all(p);
}

void lx_sig_reset_on_exec(lx_proc *p)
{
    lx_sig_private(p); /* 2.4's exec gives a thread its own handlers first */
    for (int s = 1; s < LX_NSIG; s++)
        if (p->sig[s].handler > 1) {
            p->sig[s] = (lx_sigact){0};
            (void)apply(p, s); /* SIG_DFL: the host takes it */
        }
}

int lx_sig_pending(lx_proc *p)
{
    (void)p;
    return any_pending;
}

static const int gpr[32] = {
    UC_MIPS_REG_ZERO, UC_MIPS_REG_AT, UC_MIPS_REG_V0, UC_MIPS_REG_V1, UC_MIPS_REG_A0,
    UC_MIPS_REG_A1,   UC_MIPS_REG_A2, UC_MIPS_REG_A3, UC_MIPS_REG_T0, UC_MIPS_REG_T1,
    UC_MIPS_REG_T2,   UC_MIPS_REG_T3, UC_MIPS_REG_T4, UC_MIPS_REG_T5, UC_MIPS_REG_T6,
    UC_MIPS_REG_T7,   UC_MIPS_REG_S0, UC_MIPS_REG_S1, UC_MIPS_REG_S2, UC_MIPS_REG_S3,
    UC_MIPS_REG_S4,   UC_MIPS_REG_S5, UC_MIPS_REG_S6, UC_MIPS_REG_S7, UC_MIPS_REG_T8,
    UC_MIPS_REG_T9,   UC_MIPS_REG_K0, UC_MIPS_REG_K1, UC_MIPS_REG_GP, UC_MIPS_REG_SP,
    UC_MIPS_REG_FP,   UC_MIPS_REG_RA,
};

/* struct sigcontext: regmask, status, pc (u64), regs[32] (u64), fpregs[32], acx, fpc_csr,
 * fpc_eir, used_math, dsp, pad, mdhi, mdlo (u64), hi1..lo3. */
static void save_context(lx_proc *p, uint8_t *sc, uint32_t pc)
{
    memset(sc, 0, SC_SIZE);
    wr_le32(sc + 8, pc);
    for (int i = 1; i < 32; i++)
        wr_le32(sc + 16 + 8 * i, lx_reg(p, gpr[i]));
    wr_le32(sc + 552, lx_reg(p, UC_MIPS_REG_HI));
    wr_le32(sc + 560, lx_reg(p, UC_MIPS_REG_LO));
}

static void restore_context(lx_proc *p, const uint8_t *sc)
{
    for (int i = 1; i < 32; i++)
        lx_set_reg(p, gpr[i], rd_le32(sc + 16 + 8 * i));
    lx_set_reg(p, UC_MIPS_REG_HI, rd_le32(sc + 552));
    lx_set_reg(p, UC_MIPS_REG_LO, rd_le32(sc + 560));
    lx_set_reg(p, UC_MIPS_REG_PC, rd_le32(sc + 8));
}

static void put_mask(uint8_t *b, uint64_t m)
{
    memset(b, 0, 16);
    wr_le32(b, (uint32_t)m);
    wr_le32(b + 4, (uint32_t)(m >> 32));
}

/* After rt_sigsuspend with nothing delivered: the old mask again. */
static void sig_resume(lx_proc *p)
{
    if (!p->suspended) return;
    p->sigmask = p->suspend_old;
    p->suspended = 0;
    apply_mask(p);
}

/* o32's siginfo in b (128 bytes): signo, code, errno (MIPS's order), then the sender's pid
 * and uid and the value. What a guest sent (kill, tkill, sigqueue: SI_USER, SI_TKILL,
 * SI_QUEUE, the same numbers on the host) keeps its code and value; the host kernel's own
 * codes (which MIPS numbers otherwise) are given as SI_USER. The pid is the sender's (a
 * child's, for SIGCHLD); the guest runs as root, so uid 0. */
static void put_info(lx_proc *p, uint8_t *b, int s, const sig_from *f)
{
    memset(b, 0, 128);
    wr_le32(b, (uint32_t)s);
    wr_le32(b + 12, (uint32_t)lx_vpid(p->w, f->pid));
    if (f->code != SI_TKILL && f->code != SI_QUEUE) return;
    wr_le32(b + 4, (uint32_t)f->code);
    if (f->code == SI_QUEUE) wr_le32(b + 20, (uint32_t)f->value);
}

/* Deliver one signal s to its guest handler; resume at pc when the handler returns. */
static void deliver(lx_proc *p, int s, uint32_t pc, const sig_from *from)
{
    lx_sigact *act = &p->sig[s];
    int rt = (act->flags & SA_SIGINFO_) != 0;
    uint32_t size = rt ? 784 : 632, sp = lx_reg(p, UC_MIPS_REG_SP);
    uint32_t frame = (sp - 32 - size) & ~15u;
    uint8_t f[784] = {0};
    uint8_t *sc = f + (rt ? 176 : 24), *mask = f + (rt ? 768 : 616);
    save_context(p, sc, pc);
    put_mask(mask, p->suspended ? p->suspend_old : p->sigmask);
    if (rt) {
        put_info(p, f + 24, s, from);
        wr_le32(f + 152 + 8, sp); /* uc_stack.ss_sp */
    }
    if (!lx_is_mapped(p, frame, size) && !lx_grow_stack(p, frame)) {
        lx_stop(p, LX_SIGSEGV, "no room on the stack for the frame of signal %d", s);
        return;
    }
    lx_put(p, frame, f, size);
    lx_set_reg(p, UC_MIPS_REG_A0, (uint32_t)s);
    lx_set_reg(p, UC_MIPS_REG_A1, rt ? frame + 24 : 0);
    lx_set_reg(p, UC_MIPS_REG_A2, rt ? frame + 152 : frame + 24);
    lx_set_reg(p, UC_MIPS_REG_T9, act->handler);
    lx_set_reg(p, UC_MIPS_REG_SP, frame);
    lx_set_reg(p, UC_MIPS_REG_RA, p->tramp + (rt ? 8 : 0));
    lx_set_reg(p, UC_MIPS_REG_PC, act->handler);
    if (p->suspended) p->sigmask = p->suspend_old;
    p->sigmask |= act->mask;
    if (!(act->flags & SA_NODEFER_)) p->sigmask |= 1ull << (s - 1);
    if (act->flags & SA_RESETHAND_) {
        *act = (lx_sigact){0};
        (void)apply(p, s); /* SIG_DFL: the host takes it */
    }
    apply_mask(p);
    char what[64];
    snprintf(what, sizeof what, "signal %d to the handler at 0x%08x", s, act->handler);
    lx_event_add(p->w, LX_EV_SIGNAL, p->pid, p->ppid, s, what);
}

/* The first pending signal the guest's mask lets through now (with a guest handler, when
 * handled is set), as a MIPS number; 0: none. */
static int next_pending(lx_proc *p, int handled)
{
    for (int h = 1; h < 65; h++) {
        int s = lx_sig_to_mips(h);
        if (!n_pending(h) || s < 1 || s >= LX_NSIG || (p->sigmask >> (s - 1) & 1)) continue;
        if (!handled || p->sig[s].handler > 1) return s;
    }
    return 0;
}

int lx_sig_restarts(lx_proc *p)
{
    int s = next_pending(p, 1);
    return s && (p->sig[s].flags & SA_RESTART_);
}

void lx_sig_deliver(lx_proc *p, uint32_t pc)
{
    if (!any_pending) return sig_resume(p);
    any_pending = 0;
    for (int h = 1; h < 65; h++) {
        if (!n_pending(h)) continue;
        int s = lx_sig_to_mips(h);
        if (s < 1 || s >= LX_NSIG || (p->sigmask >> (s - 1) & 1)) {
            any_pending = 1; /* blocked now: keep it */
            continue;
        }
        sig_from from;
        take(h, &from);
        if (n_pending(h)) any_pending = 1; /* more of a real-time one */
        if (p->sig[s].handler <= 1 && shared(p)) default_action(p, s, h);
        if (p->sig[s].handler > 1) {
            deliver(p, s, pc, &from);
            p->suspended = 0;
            /* a call the debugger rewound runs again after the handler as a new one, as
             * Linux restarts it after a handler */
            p->reissue_at = 0;
            /* one frame at a time; the others (more of this one too, if it queues) at the
             * next check, so they stay marked */
            for (int k = h; k < 65; k++)
                if (n_pending(k)) any_pending = 1;
            return;
        }
    }
    sig_resume(p);
}

/* sigaction and rt_sigaction: MIPS's struct sigaction is flags, handler, then a 128-bit
 * mask (24 bytes read here: signals 1-64). The old call (4067, what 2.4-era uClibc uses)
 * takes only the mask's first word and writes the other three as 0, as Linux's
 * sys_sigaction does; the new action is read before the old one is written (they may be
 * one buffer). */
static int64_t do_sigaction(lx_proc *p, const uint32_t *a, int old)
{
    int s = (int)a[0];
    if (s < 1 || s >= LX_NSIG || s == 9 || s == 23) return a[1] ? -LX_EINVAL : 0;
    uint8_t b[24];
    if (a[1] && lx_get(p, a[1], b, 24)) return -LX_EFAULT;
    lx_vm_lock(p); /* shared handlers: one sigaction at a time */
    int64_t rc = 0;
    lx_sigact now = p->sig[s];
    if (a[1]) {
        p->sig[s] =
            (lx_sigact){.flags = rd_le32(b),
                        .handler = rd_le32(b + 4),
                        .mask = rd_le32(b + 8) | (old ? 0 : (uint64_t)rd_le32(b + 12) << 32)};
        if ((rc = apply(p, s))) p->sig[s] = now;
    }
    lx_vm_unlock(p);
    if (rc) return rc;
    if (a[2]) {
        memset(b, 0, sizeof b);
        wr_le32(b, now.flags);
        wr_le32(b + 4, now.handler);
        put_mask(b + 8, old ? (uint32_t)now.mask : now.mask);
        if (lx_put(p, a[2], b, 24)) return -LX_EFAULT;
    }
    return 0;
}
static int64_t sys_rt_sigaction(lx_proc *p, const uint32_t *a)
{
    return do_sigaction(p, a, 0);
}
static int64_t sys_sigaction(lx_proc *p, const uint32_t *a)
{
    return do_sigaction(p, a, 1);
}

static int64_t change_mask(lx_proc *p, uint32_t how, uint64_t set, int has_set, uint32_t old)
{
    if (old) {
        uint8_t b[16];
        put_mask(b, p->sigmask);
        if (lx_put(p, old, b, 16)) return -LX_EFAULT;
    }
    if (!has_set) return 0;
    set &= ~(1ull << 8 | 1ull << 22); /* SIGKILL and SIGSTOP cannot be blocked */
    if (how == 1)
        p->sigmask |= set;
    else if (how == 2)
        p->sigmask &= ~set;
    else if (how == 3)
        p->sigmask = set;
    else
        return -LX_EINVAL;
    apply_mask(p);
    return 0;
}

static int64_t sys_rt_sigprocmask(lx_proc *p, const uint32_t *a)
{
    uint8_t b[8] = {0};
    if (a[1] && lx_get(p, a[1], b, 8)) return -LX_EFAULT;
    return change_mask(p, a[0], rd_le32(b) | (uint64_t)rd_le32(b + 4) << 32, a[1] != 0, a[2]);
}

/* sigprocmask, the old call: one 32-bit word of mask (old_sigset_t) in and out, signals 1-32;
 * SIG_SETMASK leaves the others as they were, as Linux's sys_sigprocmask does. */
static int64_t sys_sigprocmask(lx_proc *p, const uint32_t *a)
{
    uint8_t b[4] = {0};
    uint32_t was = (uint32_t)p->sigmask;
    if (a[1]) {
        if (lx_get(p, a[1], b, 4)) return -LX_EFAULT;
        uint64_t set = rd_le32(b), m = p->sigmask;
        if (a[0] == 3) set |= m & ~0xffffffffull;
        int64_t rc = change_mask(p, a[0], set, 1, 0);
        if (rc) return rc;
    }
    wr_le32(b, was);
    return a[2] && lx_put(p, a[2], b, 4) ? -LX_EFAULT : 0;
}

/* rt_sigsuspend: wait under the given mask; the handler runs under it too, and the frame
 * keeps the old mask for sigreturn, as the kernel does. */
static int64_t sys_rt_sigsuspend(lx_proc *p, const uint32_t *a)
{
    uint8_t b[8];
    if (lx_get(p, a[0], b, 8)) return -LX_EFAULT;
    p->suspend_old = p->sigmask;
    p->suspended = 1;
    p->sigmask = rd_le32(b) | (uint64_t)rd_le32(b + 4) << 32;
    sigset_t m;
    host_set(p->sigmask, &m);
    while (!next_pending(p, 0)) {
        if (dbg_wanted) { /* the debugger's stop: the call runs again, as if never begun */
            p->sigmask = p->suspend_old;
            p->suspended = 0;
            return -LX_EINTR;
        }
        sigsuspend(&m);
    }
    return -LX_EINTR;
}

/* rt_sigtimedwait(set, info, timeout, size): a signal of the set that our handler already
 * took in (the oldest of a real-time one), else the host's sigtimedwait on the host signals
 * of the set (the guest blocks them, so they wait in the host kernel, queued there). t64:
 * the time64 call, 64-bit seconds and nanoseconds. */
static int64_t timedwait(lx_proc *p, const uint32_t *a, int t64)
{
    uint8_t b[16];
    if (lx_get(p, a[0], b, 8)) return -LX_EFAULT;
    uint64_t set = rd_le32(b) | (uint64_t)rd_le32(b + 4) << 32;
    int s = 0;
    sig_from from = {0, 0, 0};
    for (int h = 1; h < 65 && !s; h++) {
        int m = lx_sig_to_mips(h);
        if (n_pending(h) && m >= 1 && m < 65 && (set >> (m - 1) & 1)) {
            take(h, &from);
            s = m;
        }
    }
    if (!s) {
        struct timespec ts, *tp = NULL;
        if (a[2]) {
            if (lx_get(p, a[2], b, t64 ? 16 : 8)) return -LX_EFAULT;
            ts.tv_sec = (time_t)rd_le32(b);
            ts.tv_nsec = (long)rd_le32(b + (t64 ? 8 : 4));
            tp = &ts;
        }
        sigset_t m;
        host_set(set, &m);
        siginfo_t si;
        int h = sigtimedwait(&m, &si, tp);
        if (h < 0) return errno == EAGAIN ? -LX_EAGAIN : errno == EINTR ? -LX_EINTR : -LX_EINVAL;
        s = lx_sig_to_mips(h);
        from =
            (sig_from){si.si_code, si.si_pid, si.si_code == SI_QUEUE ? si.si_value.sival_int : 0};
    }
    if (a[1]) {
        uint8_t info[128];
        put_info(p, info, s, &from);
        if (lx_put(p, a[1], info, sizeof info)) return -LX_EFAULT;
    }
    return s;
}
static int64_t sys_rt_sigtimedwait(lx_proc *p, const uint32_t *a)
{
    return timedwait(p, a, 0);
}
static int64_t sys_rt_sigtimedwait64(lx_proc *p, const uint32_t *a)
{
    return timedwait(p, a, 1);
}

/* The pending signals the guest blocks, as Linux's sigpending answers: those the handler
 * took in, and those the host kernel holds (a blocked signal waits there: the host mask is
 * the guest's). */
static uint64_t pending_blocked(lx_proc *p)
{
    sigset_t host;
    if (sigpending(&host)) sigemptyset(&host);
    uint64_t m = 0;
    for (int h = 1; h < 65; h++) {
        int s = lx_sig_to_mips(h);
        if (s >= 1 && s <= 64 && (n_pending(h) || sigismember(&host, h) == 1)) m |= 1ull << (s - 1);
    }
    return m & p->sigmask;
}

static int64_t sys_rt_sigpending(lx_proc *p, const uint32_t *a)
{
    uint8_t b[16];
    put_mask(b, pending_blocked(p));
    return lx_put(p, a[0], b, 16) ? -LX_EFAULT : 0;
}

/* sigpending, the old call (2.4-era uClibc): one word, signals 1-32. */
static int64_t sys_sigpending(lx_proc *p, const uint32_t *a)
{
    uint8_t b[4];
    wr_le32(b, (uint32_t)pending_blocked(p));
    return lx_put(p, a[0], b, 4) ? -LX_EFAULT : 0;
}

/* sigreturn / rt_sigreturn: the frame is at sp, where the handler's return left it. */
static int64_t do_sigreturn(lx_proc *p, int rt)
{
    uint32_t sp = lx_reg(p, UC_MIPS_REG_SP);
    uint8_t f[784];
    if (lx_get(p, sp, f, rt ? 784 : 632)) {
        lx_stop(p, LX_SIGSEGV,
                "sigreturn with a bad frame at 0x%08x (the kernel would send SIGSEGV)", sp);
        return LX_NO_RESULT;
    }
    const uint8_t *mask = f + (rt ? 768 : 616);
    p->sigmask = rd_le32(mask) | (uint64_t)rd_le32(mask + 4) << 32;
    apply_mask(p);
    restore_context(p, f + (rt ? 176 : 24));
    return LX_NO_RESULT;
}
static int64_t sys_sigreturn(lx_proc *p, const uint32_t *a)
{
    (void)a;
    return do_sigreturn(p, 0);
}
static int64_t sys_rt_sigreturn(lx_proc *p, const uint32_t *a)
{
    (void)a;
    return do_sigreturn(p, 1);
}

/* alarm(s): the host's alarm, SIGALRM (14) has the same number; with a world, on its clock. */
static int64_t sys_alarm(lx_proc *p, const uint32_t *a)
{
    if (!p->w->clock_on) return alarm(a[0]);
    uint64_t left = 0;
    lx_vsetitimer(p, (uint64_t)a[0] * 1000000000u, 0, &left, NULL);
    return (int64_t)((left + 500000000) / 1000000000) + (left && left < 500000000);
}

/* Interval timers are the host process's own (ITIMER_REAL, VIRTUAL, PROF: SIGALRM, SIGVTALRM,
 * SIGPROF, delivered like any host signal). o32's struct itimerval: four 32-bit fields. */
static void itv_from(const uint8_t *b, struct itimerval *t)
{
    *t = (struct itimerval){{(int32_t)rd_le32(b), (int32_t)rd_le32(b + 4)},
                            {(int32_t)rd_le32(b + 8), (int32_t)rd_le32(b + 12)}};
}
static void itv_to(const struct itimerval *t, uint8_t *b)
{
    wr_le32(b, (uint32_t)t->it_interval.tv_sec);
    wr_le32(b + 4, (uint32_t)t->it_interval.tv_usec);
    wr_le32(b + 8, (uint32_t)t->it_value.tv_sec);
    wr_le32(b + 12, (uint32_t)t->it_value.tv_usec);
}
/* A timer of the world's clock (ns left and its period) as a struct itimerval, and back. */
static struct itimerval itv_of_ns(uint64_t left, uint64_t iv)
{
    return (struct itimerval){
        {(time_t)(iv / 1000000000u), (suseconds_t)(iv % 1000000000u / 1000)},
        {(time_t)(left / 1000000000u), (suseconds_t)(left % 1000000000u / 1000)}};
}
static uint64_t ns_of_tv(const struct timeval *t)
{
    return (uint64_t)t->tv_sec * 1000000000u + (uint64_t)t->tv_usec * 1000u;
}
static int64_t sys_setitimer(lx_proc *p, const uint32_t *a)
{
    uint8_t b[16];
    struct itimerval nv, ov;
    if (a[0] > 2) return -LX_EINVAL;
    if (a[1] && lx_get(p, a[1], b, 16)) return -LX_EFAULT;
    if (a[1])
        itv_from(b, &nv);
    else
        memset(&nv, 0, sizeof nv);
    if (nv.it_value.tv_usec < 0 || nv.it_value.tv_usec >= 1000000 || nv.it_interval.tv_usec < 0 ||
        nv.it_interval.tv_usec >= 1000000)
        return -LX_EINVAL;
    if (a[0] == 0 && p->w->clock_on) { /* ITIMER_REAL on the world's clock (clock.c) */
        uint64_t left, iv;
        lx_vsetitimer(p, ns_of_tv(&nv.it_value), ns_of_tv(&nv.it_interval), &left, &iv);
        ov = itv_of_ns(left, iv);
    } else if (setitimer((int)a[0], &nv, &ov)) {
        return -LX_EINVAL;
    }
    itv_to(&ov, b);
    return a[2] && lx_put(p, a[2], b, 16) ? -LX_EFAULT : 0;
}
static int64_t sys_getitimer(lx_proc *p, const uint32_t *a)
{
    uint8_t b[16];
    struct itimerval t;
    if (a[0] > 2) return -LX_EINVAL;
    if (a[0] == 0 && p->w->clock_on) {
        uint64_t left, iv;
        lx_vgetitimer(p, &left, &iv);
        t = itv_of_ns(left, iv);
    } else if (getitimer((int)a[0], &t)) {
        return -LX_EINVAL;
    }
    itv_to(&t, b);
    return lx_put(p, a[1], b, 16) ? -LX_EFAULT : 0;
}

int64_t lx_sig_sleep(lx_proc *p)
{
    (void)p;
    sigset_t hm;
    sigprocmask(SIG_SETMASK, NULL, &hm);
    while (!any_pending && !dbg_wanted)
        sigsuspend(&hm);
    return -LX_EINTR;
}

static int64_t sys_pause(lx_proc *p, const uint32_t *a)
{
    (void)a;
    return lx_sig_sleep(p);
}

/* In a forked child: signals pending in the parent are not the child's. */
void lx_sig_forked(void)
{
    for (int h = 0; h < 65; h++) {
        arrived[h] = taken[h] = 0;
        for (int i = 0; i < NINFO; i++)
            info[h][i].seq = 0;
    }
    any_pending = 0;
    dbg_wanted = 0;
    kick_setup();
}

static const lx_call calls[] = {
    {LX_NR_alarm, sys_alarm},
    {LX_NR_pause, sys_pause},
    {LX_NR_setitimer, sys_setitimer},
    {LX_NR_getitimer, sys_getitimer},
    {LX_NR_sigreturn, sys_sigreturn},
    {LX_NR_rt_sigreturn, sys_rt_sigreturn},
    {LX_NR_sigaction, sys_sigaction},
    {LX_NR_sigsuspend, sys_rt_sigsuspend}, /* MIPS's takes a pointer to the set, as rt_ does */
    {LX_NR_sigprocmask, sys_sigprocmask},
    {LX_NR_rt_sigaction, sys_rt_sigaction},
    {LX_NR_rt_sigprocmask, sys_rt_sigprocmask},
    {LX_NR_rt_sigpending, sys_rt_sigpending},
    {LX_NR_sigpending, sys_sigpending},
    {LX_NR_rt_sigtimedwait, sys_rt_sigtimedwait},
    {LX_NR_rt_sigsuspend, sys_rt_sigsuspend},
    {LX_NR_sigaltstack, lx_ret_zero},
    {LX_NR_rt_sigtimedwait_time64, sys_rt_sigtimedwait64},
};

const lx_call *lx_sig_call(uint32_t nr)
{
    return lx_find_call(calls, sizeof calls / sizeof calls[0], nr);
}
