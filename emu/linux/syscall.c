/* syscall.c: Linux o32 system calls, from a table of number, name and handler. Arguments are
 * a0-a3 then the user stack at sp+16; a result in [-1133, -1] is an error: a3 = 1 and v0 =
 * the errno. An unknown call returns ENOSYS and is counted; it never "succeeds". */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "bytes.h"
#include "lx_int.h"

#define MIPS_ENOSYS 89
#define MIPS_ENOTTY 25
#define MIPS_EFAULT 14
#define MIPS_EBADF 9
#define MIPS_ENOMEM 12
#define MIPS_EINVAL 22

/* Copy guest bytes to a host buffer; -EFAULT when unmapped. */
static int get(lx_proc *p, uint32_t addr, void *buf, size_t n)
{
    return uc_mem_read(p->uc, addr, buf, n) == UC_ERR_OK ? 0 : -MIPS_EFAULT;
}

static int64_t sys_exit(lx_proc *p, const uint32_t *a)
{
    p->r->exited = 1;
    p->r->status = (int)(a[0] & 0xff);
    uc_emu_stop(p->uc);
    return 0;
}

/* Only the standard streams reach the host, and only to write or read them. */
static int host_fd(lx_proc *p, uint32_t fd)
{
    return fd < LX_NFD && p->fd[fd].used && p->fd[fd].host >= 0 ? p->fd[fd].host : -1;
}

static int64_t sys_write(lx_proc *p, const uint32_t *a)
{
    int fd = host_fd(p, a[0]);
    if (fd < 0) return -MIPS_EBADF;
    uint8_t buf[65536];
    uint32_t n = a[2] < sizeof buf ? a[2] : sizeof buf;
    if (get(p, a[1], buf, n)) return -MIPS_EFAULT;
    ssize_t k = write(fd, buf, n);
    return k < 0 ? -errno : k;
}

static int64_t sys_writev(lx_proc *p, const uint32_t *a)
{
    int64_t total = 0;
    for (uint32_t i = 0; i < a[2] && i < 64; i++) {
        uint8_t iov[8];
        if (get(p, a[1] + 8 * i, iov, 8)) return -MIPS_EFAULT;
        uint32_t w[3] = {a[0], rd_le32(iov), rd_le32(iov + 4)};
        int64_t k = sys_write(p, w);
        if (k < 0) return total ? total : k;
        total += k;
    }
    return total;
}

static int64_t sys_read(lx_proc *p, const uint32_t *a)
{
    if (a[0] < LX_NFD && p->fd[a[0]].used && p->fd[a[0]].host < 0)
        return lx_fs_call(4003, NULL)(p, a);
    int fd = host_fd(p, a[0]);
    if (fd < 0) return -MIPS_EBADF;
    uint8_t buf[65536];
    uint32_t n = a[2] < sizeof buf ? a[2] : sizeof buf;
    ssize_t k = read(fd, buf, n);
    if (k < 0) return -errno;
    return uc_mem_write(p->uc, a[1], buf, (size_t)k) == UC_ERR_OK ? k : -MIPS_EFAULT;
}

static int64_t sys_brk(lx_proc *p, const uint32_t *a)
{
    uint32_t want = a[0];
    if (want < p->brk_start || want > p->brk_start + (256u << 20)) return p->brk;
    uint32_t need = (want + LX_PAGE - 1) & ~(LX_PAGE - 1);
    if (need > p->brk_mapped) {
        if (lx_map(p, p->brk_mapped, need - p->brk_mapped, NULL)) return p->brk;
        p->brk_mapped = need;
    }
    p->brk = want;
    return p->brk;
}

/* Anonymous private mappings only (this step runs static programs). */
static int64_t do_mmap(lx_proc *p, uint32_t len, uint32_t flags)
{
    if (!(flags & 0x800) || !len) return -MIPS_EINVAL; /* MAP_ANONYMOUS */
    uint32_t n = (len + LX_PAGE - 1) & ~(LX_PAGE - 1);
    if (p->mmap_next + (uint64_t)n > 0x7f000000u) return -MIPS_ENOMEM;
    uint32_t at = p->mmap_next;
    if (lx_map(p, at, n, NULL)) return -MIPS_ENOMEM;
    p->mmap_next += n;
    return at;
}
static int64_t sys_mmap(lx_proc *p, const uint32_t *a)
{
    return do_mmap(p, a[1], a[3]);
}

static int64_t sys_set_thread_area(lx_proc *p, const uint32_t *a)
{
    uint32_t v = a[0];
    uc_reg_write(p->uc, UC_MIPS_REG_CP0_USERLOCAL, &v);
    return 0;
}

static int64_t sys_uname(lx_proc *p, const uint32_t *a)
{
    char u[6][65] = {"Linux", "wa1003a", "2.6.8", "#1", "mips", "(none)"};
    uint8_t out[6 * 65];
    memcpy(out, u, sizeof out);
    return uc_mem_write(p->uc, a[0], out, sizeof out) == UC_ERR_OK ? 0 : -MIPS_EFAULT;
}

static int64_t sys_clock_gettime(lx_proc *p, const uint32_t *a)
{
    struct timespec ts;
    clock_gettime(a[0] == 1 ? CLOCK_MONOTONIC : CLOCK_REALTIME, &ts);
    uint8_t out[8];
    wr_le32(out, (uint32_t)ts.tv_sec);
    wr_le32(out + 4, (uint32_t)ts.tv_nsec);
    return uc_mem_write(p->uc, a[1], out, 8) == UC_ERR_OK ? 0 : -MIPS_EFAULT;
}

static int64_t ret_zero(lx_proc *p, const uint32_t *a)
{
    return 0;
}
static int64_t ret_pid(lx_proc *p, const uint32_t *a)
{
    return p->pid;
}
static int64_t ret_enotty(lx_proc *p, const uint32_t *a)
{
    return -MIPS_ENOTTY;
}

static const struct lx_call {
    uint16_t nr;
    const char *name;
    lx_fn fn;
} calls[] = {
    {4001, "exit", sys_exit},
    {4003, "read", sys_read},
    {4004, "write", sys_write},
    {4020, "getpid", ret_pid},
    {4024, "getuid", ret_zero},
    {4045, "brk", sys_brk},
    {4047, "getgid", ret_zero},
    {4049, "geteuid", ret_zero},
    {4050, "getegid", ret_zero},
    {4054, "ioctl", ret_enotty},
    {4064, "getppid", ret_zero},

    {4090, "mmap", sys_mmap},
    {4091, "munmap", ret_zero},
    {4122, "uname", sys_uname},
    {4125, "mprotect", ret_zero},
    {4146, "writev", sys_writev},
    {4194, "rt_sigaction", ret_zero},
    {4195, "rt_sigprocmask", ret_zero},
    {4210, "mmap2", sys_mmap},
    {4222, "gettid", ret_pid},
    {4246, "exit_group", sys_exit},
    {4252, "set_tid_address", ret_pid},
    {4263, "clock_gettime", sys_clock_gettime},
    {4283, "set_thread_area", sys_set_thread_area},

    {4309, "set_robust_list", ret_zero},
};

void lx_syscall(uc_engine *uc, uint32_t intno, void *user)
{
    lx_proc *p = user;
    if (intno != 17) {
        snprintf(p->r->stop, sizeof p->r->stop,
                 "CPU exception %u in the block 0x%08x-0x%08x (the kernel would send a signal)",
                 intno, p->block, p->block + p->block_size);
        uc_emu_stop(uc);
        return;
    }
    uint32_t nr, a[6], sp;
    uc_reg_read(uc, UC_MIPS_REG_V0, &nr);
    uc_reg_read(uc, UC_MIPS_REG_A0, &a[0]);
    uc_reg_read(uc, UC_MIPS_REG_A1, &a[1]);
    uc_reg_read(uc, UC_MIPS_REG_A2, &a[2]);
    uc_reg_read(uc, UC_MIPS_REG_A3, &a[3]);
    uc_reg_read(uc, UC_MIPS_REG_SP, &sp);
    uint8_t st[8] = {0};
    get(p, sp + 16, st, 8);
    a[4] = rd_le32(st);
    a[5] = rd_le32(st + 4);
    const struct lx_call *c = NULL;
    for (size_t i = 0; i < sizeof calls / sizeof calls[0] && !c; i++)
        if (calls[i].nr == nr) c = &calls[i];
    struct lx_call more = {(uint16_t)nr, NULL, lx_proc_call(nr, &more.name)};
    if (!more.fn) more.fn = lx_fs_call(nr, &more.name);
    if (!c && more.fn) c = &more;
    int64_t r;
    if (c) {
        r = c->fn(p, a);
    } else {
        r = -MIPS_ENOSYS;
        p->r->unknown_syscalls++;
    }
    if (p->o->strace)
        fprintf(p->o->strace, "%s(0x%x, 0x%x, 0x%x, 0x%x) = %lld\n", c ? c->name : "unknown", a[0],
                a[1], a[2], a[3], (long long)r);
    if (p->o->strace && !c) fprintf(p->o->strace, "  (syscall %u: ENOSYS)\n", nr);
    uint32_t v0 = (uint32_t)(r < 0 && r >= -1133 ? -r : r), a3 = r < 0 && r >= -1133;
    uc_reg_write(uc, UC_MIPS_REG_V0, &v0);
    uc_reg_write(uc, UC_MIPS_REG_A3, &a3);
}
