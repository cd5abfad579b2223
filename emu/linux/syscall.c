/* syscall.c: the o32 system call dispatcher and the calls that belong to no file of their own
 * (identity, time, limits, uname, getrandom, TLS). Arguments are a0-a3 then the user stack at
 * sp+16; a result in [-1133, -1] is an error: a3 = 1 and v0 = the errno. An unknown call
 * returns ENOSYS and is counted; it never "succeeds". */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "bytes.h"
#include "lx_int.h"
#include "vfs.h"

const lx_call *lx_find_call(const lx_call *t, size_t n, uint32_t nr)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].nr == nr) return &t[i];
    return NULL;
}

int lx_get(lx_proc *p, uint32_t addr, void *buf, size_t n)
{
    return !n || uc_mem_read(p->uc, addr, buf, n) == UC_ERR_OK ? 0 : -LX_EFAULT;
}
int lx_put(lx_proc *p, uint32_t addr, const void *buf, size_t n)
{
    return !n || uc_mem_write(p->uc, addr, buf, n) == UC_ERR_OK ? 0 : -LX_EFAULT;
}
int lx_get_str(lx_proc *p, uint32_t addr, char *buf, size_t cap)
{
    for (size_t i = 0; i < cap; i++) {
        if (uc_mem_read(p->uc, addr + (uint32_t)i, buf + i, 1) != UC_ERR_OK) return -LX_EFAULT;
        if (!buf[i]) return 0;
    }
    return -LX_ENAMETOOLONG;
}
uint32_t lx_reg(lx_proc *p, int reg)
{
    uint32_t v = 0;
    uc_reg_read(p->uc, reg, &v);
    return v;
}
void lx_set_reg(lx_proc *p, int reg, uint32_t v)
{
    uc_reg_write(p->uc, reg, &v);
}

static int64_t sys_exit(lx_proc *p, const uint32_t *a)
{
    p->r->exited = 1;
    p->r->status = (int)(a[0] & 0xff);
    uc_emu_stop(p->uc);
    return LX_NO_RESULT; /* it does not return */
}

/* set_thread_area: 2.6.x and later; the board's 2.4 kernel has none (ENOSYS, on the
 * timeline once a program: a program built for TLS cannot run on that kernel). */
static int64_t sys_set_thread_area(lx_proc *p, const uint32_t *a)
{
    if (lx_no_tls(p->o)) {
        if (!p->tls_refused++)
            lx_net_event(p, LX_EV_QUIRK, LX_ENOSYS,
                         "%s: set_thread_area: the board's %s kernel has no TLS (ENOSYS); a "
                         "program built for TLS (today's glibc, musl) cannot run on it",
                         p->prog, p->o->kernel_release ? p->o->kernel_release : "2.4");
        return -LX_ENOSYS;
    }
    lx_set_reg(p, UC_MIPS_REG_CP0_USERLOCAL, a[0]);
    return 0;
}

/* uname: the board kernel's release and version (personality.c). */
static int64_t sys_uname(lx_proc *p, const uint32_t *a)
{
    char u[6][65] = {"Linux", "wa1003a", "", "", "mips", "(none)"};
    lx_kernel_names(p->o, u[2], sizeof u[2], u[3], sizeof u[3]);
    return lx_put(p, a[0], u, sizeof u);
}

static int64_t put_time(lx_proc *p, uint32_t addr, const struct timespec *ts, uint32_t div)
{
    uint8_t out[8];
    wr_le32(out, (uint32_t)ts->tv_sec);
    wr_le32(out + 4, (uint32_t)(ts->tv_nsec / div));
    return lx_put(p, addr, out, 8);
}

int lx_get_timespec(lx_proc *p, uint32_t addr, int ts64, int64_t *sec, int64_t *ns)
{
    uint8_t t[16];
    if (lx_get(p, addr, t, ts64 ? 16 : 8)) return -LX_EFAULT;
    *sec = ts64 ? (int64_t)rd_le64(t) : (int32_t)rd_le32(t);
    *ns = ts64 ? (int64_t)rd_le64(t + 8) : (int32_t)rd_le32(t + 4);
    return *sec < 0 || *ns < 0 || *ns >= 1000000000 ? -LX_EINVAL : 0;
}

/* The monotonic clocks (MONOTONIC, MONOTONIC_RAW, BOOTTIME) and REALTIME are the world's
 * (clock.c: virtual when the run has a world, the host's otherwise); the CPU-time clocks the
 * host process's. */
int64_t lx_guest_clock(lx_proc *p, uint32_t c)
{
    struct timespec ts;
    if (c == 2 || c == 3) {
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
    }
    if (c == 1 || c == 4 || c == 7) {
        if (p->w->clock_on) return (int64_t)lx_vnow(p->w);
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
    }
    return lx_vreal_ns(p->w);
}

static struct timespec ns_ts(int64_t ns)
{
    return (struct timespec){(time_t)(ns / 1000000000), (long)(ns % 1000000000)};
}

static int64_t sys_clock_gettime(lx_proc *p, const uint32_t *a)
{
    struct timespec ts = ns_ts(lx_guest_clock(p, a[0]));
    return put_time(p, a[1], &ts, 1);
}
/* clock_gettime64: struct __kernel_timespec, two 64-bit fields. */
static int64_t sys_clock_gettime64(lx_proc *p, const uint32_t *a)
{
    struct timespec ts = ns_ts(lx_guest_clock(p, a[0]));
    uint8_t out[16];
    wr_le32(out, (uint32_t)ts.tv_sec);
    wr_le32(out + 4, (uint32_t)((uint64_t)ts.tv_sec >> 32));
    wr_le32(out + 8, (uint32_t)ts.tv_nsec);
    wr_le32(out + 12, 0);
    return lx_put(p, a[1], out, 16) ? -LX_EFAULT : 0;
}
static int64_t sys_clock_getres(lx_proc *p, const uint32_t *a)
{
    struct timespec ts = {0, 1};
    return a[1] ? put_time(p, a[1], &ts, 1) : 0;
}
static int64_t sys_gettimeofday(lx_proc *p, const uint32_t *a)
{
    struct timespec ts = ns_ts(lx_vreal_ns(p->w));
    return a[0] ? put_time(p, a[0], &ts, 1000) : 0;
}
static int64_t sys_time(lx_proc *p, const uint32_t *a)
{
    time_t t = (time_t)(lx_vreal_ns(p->w) / 1000000000);
    uint8_t out[4];
    wr_le32(out, (uint32_t)t);
    if (a[0] && lx_put(p, a[0], out, 4)) return -LX_EFAULT;
    return (uint32_t)t;
}

/* Sleep until deadline (virtual ns, clock.c); a guest signal ends it early (EINTR, and what
 * was left in rem when asked). */
static int64_t sleep_until(lx_proc *p, uint64_t deadline, uint32_t rem)
{
    uint64_t ns;
    while ((ns = lx_vwait_ns(p, deadline))) {
        struct timespec ts = ns_ts((int64_t)ns);
        int r = nanosleep(&ts, NULL);
        lx_vwait_done(p);
        if (r && lx_sig_interrupted(p)) {
            uint64_t now = lx_vnow(p->w);
            struct timespec left = ns_ts(deadline > now ? (int64_t)(deadline - now) : 0);
            /* the debugger's stop runs the call again with its deadline: the guest sees
             * nothing of it */
            if (rem && lx_sig_pending(p)) put_time(p, rem, &left, 1);
            return -LX_EINTR;
        }
    }
    lx_vwait_done(p);
    return 0;
}
static int64_t do_sleep(lx_proc *p, uint32_t req, uint32_t rem)
{
    uint8_t in[8];
    if (lx_get(p, req, in, 8)) return -LX_EFAULT;
    int64_t sec = (int32_t)rd_le32(in), ns = (int32_t)rd_le32(in + 4);
    if (sec < 0 || ns < 0 || ns >= 1000000000) return -LX_EINVAL;
    return sleep_until(p, lx_vdeadline(p, (uint64_t)sec * 1000000000u + (uint64_t)ns), rem);
}
static int64_t sys_nanosleep(lx_proc *p, const uint32_t *a)
{
    return do_sleep(p, a[0], a[1]);
}
static int64_t sys_clock_nanosleep(lx_proc *p, const uint32_t *a)
{
    if (a[1] & 1) { /* TIMER_ABSTIME: on the guest's clock a[0] */
        uint8_t in[8];
        if (lx_get(p, a[2], in, 8)) return -LX_EFAULT;
        int64_t at = (int64_t)(int32_t)rd_le32(in) * 1000000000 + (int32_t)rd_le32(in + 4);
        int64_t rel = at - lx_guest_clock(p, a[0]);
        return sleep_until(p, lx_vdeadline(p, (uint64_t)(rel > 0 ? rel : 0)), 0);
    }
    return do_sleep(p, a[2], a[3]);
}

/* futex: each guest process has one thread, so a wake finds nobody, and a wait returns when
 * the word changes (another process writing shared memory; polled), at a signal or at the
 * timeout (relative for FUTEX_WAIT, absolute for FUTEX_WAIT_BITSET). ts64: the time64 call. */
static int64_t do_futex(lx_proc *p, const uint32_t *a, int ts64)
{
    uint32_t op = a[1] & 0x7f;         /* without FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME */
    if (op == 1 || op == 10) return 0; /* FUTEX_WAKE, FUTEX_WAKE_BITSET */
    if (op != 0 && op != 9) return -LX_ENOSYS;
    uint8_t w[4];
    uint64_t until = UINT64_MAX; /* virtual ns (clock.c) */
    if (a[3]) {
        int64_t sec, ns;
        int rc = lx_get_timespec(p, a[3], ts64, &sec, &ns);
        if (rc) return rc;
        if (sec > 100000000) sec = 100000000;
        int64_t rel = sec * 1000000000 + ns;
        if (op == 9) rel -= lx_guest_clock(p, a[1] & 256 ? 0 : 1); /* absolute */
        until = lx_vdeadline(p, (uint64_t)(rel > 0 ? rel : 0));
    }
    if (lx_get(p, a[0], w, 4)) return -LX_EFAULT;
    if (rd_le32(w) != a[2]) return -LX_EAGAIN;
    for (;;) {
        if (lx_sig_interrupted(p)) return -LX_EINTR;
        uint64_t left = until == UINT64_MAX ? 1000000 : lx_vwait_ns(p, until);
        if (!left) return -LX_ETIMEDOUT;
        usleep(left < 1000000 ? (useconds_t)(left / 1000 + 1) : 1000);
        lx_vwait_done(p);
        if (lx_get(p, a[0], w, 4)) return -LX_EFAULT;
        if (rd_le32(w) != a[2]) return 0;
    }
}
static int64_t sys_futex(lx_proc *p, const uint32_t *a)
{
    return do_futex(p, a, 0);
}
static int64_t sys_futex_time64(lx_proc *p, const uint32_t *a)
{
    return do_futex(p, a, 1);
}

/* The board has one CPU: the affinity mask is CPU 0, 4 bytes (NR_CPUS 1), and a mask without
 * it is refused. */
static int64_t sys_sched_getaffinity(lx_proc *p, const uint32_t *a)
{
    uint8_t m[4] = {1, 0, 0, 0};
    if (a[1] < 4) return -LX_EINVAL;
    return lx_put(p, a[2], m, 4) ? -LX_EFAULT : 4;
}
static int64_t sys_sched_setaffinity(lx_proc *p, const uint32_t *a)
{
    uint8_t m[1];
    if (!a[1]) return -LX_EINVAL;
    if (lx_get(p, a[2], m, 1)) return -LX_EFAULT;
    return m[0] & 1 ? 0 : -LX_EINVAL;
}

static int64_t sys_times(lx_proc *p, const uint32_t *a)
{
    uint64_t ticks = p->r->insns / 1000000; /* 100 Hz at about 100 M instructions a second */
    uint8_t out[16] = {0};
    wr_le32(out, (uint32_t)ticks);
    if (a[0] && lx_put(p, a[0], out, 16)) return -LX_EFAULT;
    return (uint32_t)(lx_vnow(p->w) / 10000000);
}

static int64_t sys_getrandom(lx_proc *p, const uint32_t *a)
{
    uint8_t buf[256];
    uint32_t n = a[1] < sizeof buf ? a[1] : sizeof buf;
    for (uint32_t i = 0; i < n; i++) /* deterministic, like /dev/urandom here */
        buf[i] = (uint8_t)((i * 2654435761u) >> 13);
    return lx_put(p, a[0], buf, n) ? -LX_EFAULT : (int64_t)n;
}

/* Resource limits: the ones wa-emu applies (stack 8 MiB, 256 descriptors), and the CPU time,
 * which is the host process's own (setting it sets the host's: SIGXCPU, then SIGKILL, end the
 * guest as they would on Linux, on emulated time). Others are accepted and not applied. pid:
 * the host pid, 0 for the caller. */
static int64_t limit_of(int32_t pid, uint32_t res, uint64_t *cur, uint64_t *max)
{
    struct rlimit r;
    *cur = *max = ~0ull;
    if (res == 0 && !prlimit(pid, RLIMIT_CPU, NULL, &r)) { /* RLIMIT_CPU */
        *cur = r.rlim_cur == RLIM_INFINITY ? ~0ull : r.rlim_cur;
        *max = r.rlim_max == RLIM_INFINITY ? ~0ull : r.rlim_max;
    }
    if (res == 3) *cur = LX_STACK_MAX;  /* RLIMIT_STACK */
    if (res == 5) *cur = *max = LX_NFD; /* RLIMIT_NOFILE */
    if (res == 4) *cur = *max = 0;      /* RLIMIT_CORE */
    return res < 16 ? 0 : -LX_EINVAL;
}
static int64_t set_limit(int32_t pid, uint32_t res, uint64_t cur, uint64_t max)
{
    if (res >= 16 || cur > max) return -LX_EINVAL;
    if (res != 0) return 0;
    struct rlimit r = {cur == ~0ull ? RLIM_INFINITY : cur, max == ~0ull ? RLIM_INFINITY : max};
    return prlimit(pid, RLIMIT_CPU, &r, NULL) ? -LX_EPERM : 0;
}
static int64_t sys_getrlimit(lx_proc *p, const uint32_t *a)
{
    uint64_t cur, max;
    int64_t rc = limit_of(0, a[0], &cur, &max);
    uint8_t out[8];
    wr_le32(out, cur > 0x7fffffff ? 0x7fffffff : (uint32_t)cur);
    wr_le32(out + 4, max > 0x7fffffff ? 0x7fffffff : (uint32_t)max);
    return rc ? rc : lx_put(p, a[1], out, 8);
}
/* o32's struct rlimit: 32-bit fields, RLIM_INFINITY 0x7fffffff on MIPS */
static int64_t sys_setrlimit(lx_proc *p, const uint32_t *a)
{
    uint8_t in[8];
    if (lx_get(p, a[1], in, 8)) return -LX_EFAULT;
    uint32_t cur = rd_le32(in), max = rd_le32(in + 4);
    return set_limit(0, a[0], cur >= 0x7fffffff ? ~0ull : cur, max >= 0x7fffffff ? ~0ull : max);
}
static int64_t sys_prlimit64(lx_proc *p, const uint32_t *a)
{
    uint64_t cur, max;
    int32_t pid = a[0] ? lx_hpid(p->w, (int32_t)a[0]) : 0;
    if (pid) {
        lx_lock(p->w);
        int found = lx_pent_find(p->w, pid) != NULL;
        lx_unlock(p->w);
        if (!found) return -LX_ESRCH;
    }
    int64_t rc = limit_of(pid, a[1], &cur, &max);
    if (rc) return rc;
    uint8_t in[16];
    if (a[2] && lx_get(p, a[2], in, 16)) return -LX_EFAULT;
    if (a[2] && (rc = set_limit(pid, a[1], rd_le64(in), rd_le64(in + 8)))) return rc;
    if (!a[3]) return 0;
    uint8_t out[16];
    wr_le32(out, (uint32_t)cur);
    wr_le32(out + 4, (uint32_t)(cur >> 32));
    wr_le32(out + 8, (uint32_t)max);
    wr_le32(out + 12, (uint32_t)(max >> 32));
    return lx_put(p, a[3], out, 16);
}

/* The RAM as /proc/meminfo gives it (meminfo.c), in bytes with mem_unit 1, as both 2.4 and
 * 6.1 scale it when the total fits; sharedram is 0 on 2.4 (si_meminfo) and shmem on 6.1. */
static int64_t sys_sysinfo(lx_proc *p, const uint32_t *a)
{
    uint8_t s[64] = {0};
    lx_memfig m;
    lx_mem_figures(p, &m);
    lx_lock(p->w);
    int n = 0;
    for (int i = 0; i < LX_NPROC; i++)
        n += p->w->proc[i].pid && p->w->proc[i].state == 'R';
    lx_unlock(p->w);
    wr_le32(s, (uint32_t)(lx_vnow(p->w) / 1000000000));
    wr_le32(s + 16, (uint32_t)(m.total * LX_PAGE));
    wr_le32(s + 20, (uint32_t)(m.free * LX_PAGE));
    wr_le32(s + 24, p->o->linux24 ? 0u : (uint32_t)(m.cached * LX_PAGE));
    wr_le16(s + 40, (uint16_t)n);
    wr_le32(s + 52, 1);
    return lx_put(p, a[0], s, sizeof s);
}

static int64_t sys_cacheflush(lx_proc *p, const uint32_t *a)
{
    uc_ctl_remove_cache(p->uc, a[0], (uint64_t)a[0] + a[1]); /* code written at run time */
    return 0;
}

/* sysmips(cmd, arg1, arg2): MIPS_ATOMIC_SET (2001) stores arg2 at arg1 and returns the old
 * word (v0, a3 = 0 whatever its value: LinuxThreads on MIPS I locks with it), MIPS_FIXADE (7)
 * and FLUSH_CACHE (3) do nothing here, SETNAME (1) is taken, MIPS_RDNVRAM (10) is EIO and any
 * other command EINVAL, as in Linux 2.4 and 2.6. */
static int64_t sys_sysmips(lx_proc *p, const uint32_t *a)
{
    switch (a[0]) {
    case 1:
    case 3:
    case 7: return 0;
    case 10: return -LX_EIO;
    case 2001: {
        uint8_t old[4], v[4];
        if ((a[1] & 3) || lx_get(p, a[1], old, 4)) return -LX_EFAULT;
        wr_le32(v, a[2]);
        if (lx_put(p, a[1], v, 4)) return -LX_EFAULT;
        lx_set_reg(p, UC_MIPS_REG_V0, rd_le32(old));
        lx_set_reg(p, UC_MIPS_REG_A3, 0);
        return LX_NO_RESULT;
    }
    }
    return -LX_EINVAL;
}

/* Kernel modules: wa-emu loads none. The first module call of a program (insmod's) is on the
 * timeline with the module it was for, the name the call gives (2.4's create_module and
 * init_module take it) or else the program's first argument that is not an option, and
 * answers ENOSYS, as a kernel without module support; so do the others after it. A 2.6 kernel
 * has no create_module, query_module or get_kernel_syms (ENOSYS, not a refusal). */
static int64_t refuse_module(lx_proc *p, const char *call, uint32_t name_addr)
{
    if (p->module_refused++) return -LX_ENOSYS;
    char mod[128] = "", cmd[160] = "";
    if (name_addr && lx_get_str(p, name_addr, mod, sizeof mod)) mod[0] = 0;
    lx_lock(p->w);
    lx_pent *pe = lx_pent_find(p->w, p->pid);
    if (pe) {
        size_t at = 0, first = 1;
        while (at < pe->cmdlen) { /* argv, NUL-separated */
            const char *arg = pe->cmd + at;
            size_t n = strnlen(arg, pe->cmdlen - at);
            size_t k = strlen(cmd);
            snprintf(cmd + k, sizeof cmd - k, "%s%.*s", k ? " " : "", (int)n, arg);
            if (!first && !mod[0] && n && arg[0] != '-')
                snprintf(mod, sizeof mod, "%.*s", (int)n, arg);
            first = 0;
            at += n + 1;
        }
    }
    lx_unlock(p->w);
    lx_net_event(p, LX_EV_MODULE, LX_ENOSYS,
                 "%s: kernel module %s not loaded (%s): wa-emu does not load kernel modules",
                 cmd[0] ? cmd : p->prog, mod[0] ? mod : "(unnamed)", call);
    return -LX_ENOSYS;
}
static int64_t sys_init_module(lx_proc *p, const uint32_t *a)
{
    return refuse_module(p, "init_module", p->o->linux24 ? a[0] : 0);
}
static int64_t sys_create_module(lx_proc *p, const uint32_t *a)
{
    return p->o->linux24 ? refuse_module(p, "create_module", a[0]) : -LX_ENOSYS;
}
static int64_t sys_query_module(lx_proc *p, const uint32_t *a)
{
    return p->o->linux24 ? refuse_module(p, "query_module", a[0]) : -LX_ENOSYS;
}
static int64_t sys_get_kernel_syms(lx_proc *p, const uint32_t *a)
{
    return p->o->linux24 ? refuse_module(p, "get_kernel_syms", 0) : -LX_ENOSYS;
}
/* rmmod: no module is loaded */
static int64_t sys_delete_module(lx_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    return -LX_ENOENT;
}

int64_t lx_ret_zero(lx_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    return 0;
}
int64_t lx_ret_pid(lx_proc *p, const uint32_t *a)
{
    (void)a;
    return lx_vpid(p->w, p->pid);
}
/* getpid: the thread group's id (2.4's sys_getpid returns current->tgid) */
static int64_t ret_tgid(lx_proc *p, const uint32_t *a)
{
    (void)a;
    return lx_vpid(p->w, p->tgid ? p->tgid : p->pid);
}
static int64_t ret_ppid(lx_proc *p, const uint32_t *a)
{
    (void)a;
    return lx_vpid(p->w, p->ppid);
}
/* Known calls the emulated kernel does not have (as one built without CONFIG_RSEQ): ENOSYS,
 * not recorded as unknown. */
static int64_t ret_enosys(lx_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    return -LX_ENOSYS;
}
static int64_t ret_eperm(lx_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    return -LX_EPERM;
}
static int64_t sys_yield(lx_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    sched_yield();
    return 0;
}

static const lx_call calls[] = {
    {LX_NR_exit, sys_exit},
    {LX_NR_time, sys_time},
    {LX_NR_getpid, ret_tgid},
    {LX_NR_setuid, lx_ret_zero},
    {LX_NR_getuid, lx_ret_zero},
    {LX_NR_times, sys_times},
    {LX_NR_setgid, lx_ret_zero},
    {LX_NR_getgid, lx_ret_zero},
    {LX_NR_geteuid, lx_ret_zero},
    {LX_NR_getegid, lx_ret_zero},
    {LX_NR_getppid, ret_ppid},
    {LX_NR_sethostname, lx_ret_zero},
    {LX_NR_setrlimit, sys_setrlimit},
    {LX_NR_getrlimit, sys_getrlimit},
    {LX_NR_getrusage, lx_ret_zero},
    {LX_NR_gettimeofday, sys_gettimeofday},
    {LX_NR_settimeofday, ret_eperm},
    {LX_NR_getgroups, lx_ret_zero},
    {LX_NR_setgroups, lx_ret_zero},
    {LX_NR_reboot, ret_eperm},
    {LX_NR_sysinfo, sys_sysinfo},
    {LX_NR_uname, sys_uname},
    {LX_NR_create_module, sys_create_module},
    {LX_NR_init_module, sys_init_module},
    {LX_NR_delete_module, sys_delete_module},
    {LX_NR_get_kernel_syms, sys_get_kernel_syms},
    {LX_NR_cacheflush, sys_cacheflush},
    {LX_NR_sysmips, sys_sysmips},
    {LX_NR_sched_yield, sys_yield},
    {LX_NR_nanosleep, sys_nanosleep},
    {LX_NR_setresuid, lx_ret_zero},
    {LX_NR_setresgid, lx_ret_zero},
    {LX_NR_query_module, sys_query_module},
    {LX_NR_prctl, lx_ret_zero},
    {LX_NR_gettid, lx_ret_pid},
    {LX_NR_futex, sys_futex},
    {LX_NR_sched_setaffinity, sys_sched_setaffinity},
    {LX_NR_sched_getaffinity, sys_sched_getaffinity},
    {LX_NR_exit_group, sys_exit},
    {LX_NR_set_tid_address, lx_ret_pid},
    {LX_NR_clock_gettime, sys_clock_gettime},
    {LX_NR_clock_getres, sys_clock_getres},
    {LX_NR_clock_nanosleep, sys_clock_nanosleep},
    {LX_NR_set_thread_area, sys_set_thread_area},
    {LX_NR_set_robust_list, lx_ret_zero},
    {LX_NR_prlimit64, sys_prlimit64},
    {LX_NR_getrandom, sys_getrandom},
    {LX_NR_rseq, ret_enosys},
    {LX_NR_clock_gettime64, sys_clock_gettime64},
    {LX_NR_futex_time64, sys_futex_time64},
};

static const lx_call *find(uint32_t nr)
{
    const lx_call *c = lx_find_call(calls, sizeof calls / sizeof calls[0], nr);
    const lx_call *(*const tables[])(uint32_t) = {
        lx_fs_call, lx_proc_call, lx_mem_call, lx_sig_call, lx_net_call, lx_ipc_call, lx_klog_call};
    for (size_t i = 0; !c && i < sizeof tables / sizeof tables[0]; i++)
        c = tables[i](nr);
    return c;
}

/* Exceptions other than syscall: what the kernel would send. For an unaligned load or store
 * MIPS Linux (2.4 and later) emulates the access for a user program unless it asked not to
 * (MIPS_FIXADE); qemu-mipsel sends SIGBUS, and so does wa-emu, which does not know the
 * faulting instruction (Unicorn 2.1.1 keeps no PC for it). */
#define UNALIGNED "SIGBUS; the box's kernel would emulate an unaligned access"
static const struct {
    uint32_t intno;
    const char *what, *sig;
    int signal;
} faults[] = {
    {12, "address error on load", UNALIGNED, LX_SIGBUS},
    {13, "address error on store", UNALIGNED, LX_SIGBUS},
    {18, "break instruction", "SIGTRAP", LX_SIGTRAP},
    {19, "coprocessor unusable", "SIGILL", LX_SIGILL},
    {20, "reserved instruction", "SIGILL", LX_SIGILL},
    {21, "integer overflow", "SIGFPE", LX_SIGFPE},
    {22, "trap instruction", "SIGFPE", LX_SIGFPE},
    {23, "floating-point exception", "SIGFPE", LX_SIGFPE},
};

/* Whether Linux runs call nr again after a handler with SA_RESTART rather than fail with EINTR
 * (those returning -ERESTARTSYS): syscall_o32.tbl's restart column. */
static int restarts(uint32_t nr)
{
    const lx_sysinfo *s = lx_o32(nr);
    return s && s->restart;
}

/* A write the box refused (a read-only root, a full RAM disk), on the timeline with the path:
 * the *at calls name it in their second argument, the descriptor calls through their open
 * file, the others in their first. */
static void write_failed(lx_proc *p, const lx_call *c, const uint32_t *a, int64_t r)
{
    static const char *const by_fd[] = {"write",       "writev", "pwrite64", "ftruncate",
                                        "ftruncate64", "fchmod", "fchown",   "fallocate"};
    if (p->write_events >= LX_PROC_EVENTS) return;
    p->write_events++;
    const char *name = lx_o32(c->nr)->name;
    char path[256] = "?";
    int fd_call = 0;
    for (size_t i = 0; i < sizeof by_fd / sizeof by_fd[0]; i++)
        fd_call |= !strcmp(name, by_fd[i]);
    size_t n = strlen(name);
    if (fd_call) {
        lx_ofd *o = lx_fd_ofd(p, a[0]);
        if (o) snprintf(path, sizeof path, "%.255s", o->path);
    } else if (lx_get_str(p, a[n > 2 && !strcmp(name + n - 2, "at") ? 1 : 0], path, sizeof path)) {
        strcpy(path, "?");
    }
    lx_net_event(p, LX_EV_WRITEFAIL, (int)-r, "%s %s: %s", name, path,
                 r == -LX_EROFS ? "Read-only file system" : "No space left on device");
}

void lx_syscall(uc_engine *uc, uint32_t intno, void *user)
{
    lx_proc *p = user;
    /* already stopped by a faulting store: Unicorn 2.1.1 skips the store and, with no exit
     * check after it (exact.c), runs the rest of the block up to here; the call must not
     * happen */
    if (p->r->stop[0]) return;
    lx_vm_sync(p);    /* what other threads mapped is there for the call to read */
    lx_clock_tell(p); /* the call sees the time its instructions took */
    /* a call the emulator's own signal interrupted runs again: once on the clock, unseen */
    uint32_t at = lx_reg(p, UC_MIPS_REG_PC);
    p->reissue = intno == 17 && p->reissue_at && p->reissue_at == at &&
                 p->reissue_nr == lx_reg(p, UC_MIPS_REG_V0);
    p->reissue_at = 0;
    if (!p->reissue) {
        p->reissue_deadline = 0;
        __atomic_add_fetch(&p->w->seq, 1, __ATOMIC_RELAXED); /* the supervisor sees a guest ran */
    }
    p->call_deadline = 0;
    if (intno != 17) {
        const char *what = "CPU exception", *sig = "SIGSEGV";
        int signal = LX_SIGSEGV;
        for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
            if (faults[i].intno == intno)
                what = faults[i].what, sig = faults[i].sig, signal = faults[i].signal;
        char where[80];
        lx_stop(p, signal, "%s: %s (exception %u) %s (%s)", p->prog, what, intno,
                lx_where(p, where, sizeof where), sig);
        return;
    }
    if (p->dbg && !p->reissue)
        lx_dbg_syscall(p, lx_reg(p, UC_MIPS_REG_V0), 0); /* gdb may
                                                          * change them */
    uint32_t nr = lx_reg(p, UC_MIPS_REG_V0), a[8], sp = lx_reg(p, UC_MIPS_REG_SP);
    a[0] = lx_reg(p, UC_MIPS_REG_A0);
    a[1] = lx_reg(p, UC_MIPS_REG_A1);
    a[2] = lx_reg(p, UC_MIPS_REG_A2);
    a[3] = lx_reg(p, UC_MIPS_REG_A3);
    uint8_t st[16] = {0}; /* arguments 5-8 on the stack, two at a time (the last may be unmapped) */
    lx_get(p, sp + 16, st, 8);
    lx_get(p, sp + 24, st + 8, 8);
    for (int i = 0; i < 4; i++)
        a[4 + i] = rd_le32(st + 4 * i);
    const lx_call *c = find(nr);
    int64_t r;
    if (c) {
        lx_cpu_give(p); /* the other threads run while this one is in the kernel */
        r = c->fn(p, a);
        lx_cpu_take(p);
    } else {
        r = -LX_ENOSYS;
        p->r->unknown_syscalls++;
    }
    lx_sig_defaults(p); /* shared handlers: a signal without one interrupts nothing */
    if (r == -LX_EINTR && !lx_sig_pending(p)) {
        /* No guest signal: a host signal of the emulator's own ended the call (signal.c's
         * kick, 1 ms after each signal, or the debugger asking this process to stop). Back to
         * the syscall instruction with v0 and a3 as they were: the call runs again as if it
         * had never been interrupted (its deadline kept, counted once). For the debugger the
         * process parks there first (lx_dbg_between). */
        lx_set_reg(p, UC_MIPS_REG_PC, at - 4);
        p->reissue_at = at;
        p->reissue_nr = nr;
        p->reissue_block = at - 4;
        p->reissue_deadline = p->call_deadline;
        p->reissue = 0;
        if (lx_sig_dbg_wanted()) uc_emu_stop(p->uc);
        return;
    }
    p->reissue = 0;
    if (p->o->strace) lx_strace(p, nr, a, r, c != NULL);
    if ((r == -LX_EROFS || r == -LX_ENOSPC) && c) write_failed(p, c, a, r);
    if (!c) {
        char what[64];
        const lx_sysinfo *s = lx_o32(nr);
        snprintf(what, sizeof what, "unknown system call %u (%s): ENOSYS", nr,
                 s ? s->name : "not an o32 call");
        if (p->r->unknown_syscalls <= 8) lx_event_add(p->w, LX_EV_ENOSYS, p->pid, p->ppid, 0, what);
    }
    if (r == -LX_EINTR && restarts(nr) && lx_sig_restarts(p)) {
        /* back to the syscall instruction, v0 and a3 as they were: it runs after the handler */
        lx_set_reg(p, UC_MIPS_REG_PC, lx_reg(p, UC_MIPS_REG_PC) - 4);
        r = LX_NO_RESULT;
    }
    if (r != LX_NO_RESULT) {
        int err = r < 0 && r >= -1133;
        lx_set_reg(p, UC_MIPS_REG_V0, (uint32_t)(err ? -r : r));
        lx_set_reg(p, UC_MIPS_REG_A3, (uint32_t)err);
    }
    if (p->dbg_fork_hold) lx_dbg_fork_child(p); /* a fork's child that gdb follows */
    if (p->dbg && !p->r->exited && !p->exec_pending && !p->r->stop[0]) lx_dbg_syscall(p, nr, 1);
    if (lx_sig_pending(p) && !p->r->exited && !p->exec_pending && !p->r->stop[0])
        lx_sig_deliver(p, lx_reg(p, UC_MIPS_REG_PC));
}
