/* syscall_proc.c: processes, pipes and descriptors. A guest fork is a host fork taken inside
 * the system call (the child goes on with a copy of the same machine), so guest pids are
 * host pids and pipelines run truly in parallel; execve replaces the program in the same
 * process on a fresh machine; pipes are host pipes. Signal numbers and wait statuses are
 * translated between MIPS and the host. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bytes.h"
#include "lx_int.h"

enum {
    E_BADF = 9,
    E_CHILD = 10,
    E_FAULT = 14,
    E_INVAL = 22,
    E_MFILE = 24,
    E_NOENT = 2,
    E_NOEXEC = 8,
    E_ACCES = 13,
    E_2BIG = 7,
    E_NOSYS = 89
};

/* MIPS signal numbers <-> host (x86/arm generic) for the signals that differ. */
static const struct {
    int mips, host;
} sigmap[] = {
    {10, SIGBUS},   {12, SIGSYS},  {16, SIGUSR1},   {17, SIGUSR2}, {18, SIGCHLD}, {19, SIGPWR},
    {20, SIGWINCH}, {21, SIGURG},  {22, SIGIO},     {23, SIGSTOP}, {24, SIGTSTP}, {25, SIGCONT},
    {26, SIGTTIN},  {27, SIGTTOU}, {28, SIGVTALRM}, {29, SIGPROF}, {30, SIGXCPU}, {31, SIGXFSZ},
};

static int to_host(int s)
{
    for (size_t i = 0; i < sizeof sigmap / sizeof sigmap[0]; i++)
        if (sigmap[i].mips == s) return sigmap[i].host;
    return s <= 15 ? s : -1; /* 1-9, 11, 13-15 are the same */
}
static int to_mips(int s)
{
    for (size_t i = 0; i < sizeof sigmap / sizeof sigmap[0]; i++)
        if (sigmap[i].host == s) return sigmap[i].mips;
    return s;
}

static int new_fd(lx_proc *p, int from)
{
    for (int fd = from; fd < LX_NFD; fd++)
        if (!p->fd[fd].used) return fd;
    return -E_MFILE;
}

static int64_t sys_fork(lx_proc *p, const uint32_t *a)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) return -11; /* EAGAIN */
    if (pid == 0) p->pid = (uint32_t)getpid();
    return pid;
}

/* clone as fork: CLONE_VM|CLONE_VFORK (glibc's vfork) is run as a plain fork, as QEMU does;
 * threads (CLONE_THREAD) are not supported. */
static int64_t sys_clone(lx_proc *p, const uint32_t *a)
{
    if (a[0] & 0x10000) return -E_NOSYS;
    return sys_fork(p, a);
}

static int64_t sys_wait4(lx_proc *p, const uint32_t *a)
{
    int st = 0;
    pid_t r = wait4((pid_t)(int32_t)a[0], &st, (int)(a[2] & 3), NULL);
    if (r < 0) return errno == ECHILD ? -E_CHILD : -E_INVAL;
    if (r > 0 && a[1]) {
        int m = st;
        if (WIFSIGNALED(st))
            m = (st & ~0x7f) | to_mips(WTERMSIG(st));
        else if (WIFSTOPPED(st))
            m = (to_mips(WSTOPSIG(st)) << 8) | 0x7f;
        uint8_t out[4];
        wr_le32(out, (uint32_t)m);
        if (uc_mem_write(p->uc, a[1], out, 4) != UC_ERR_OK) return -E_FAULT;
    }
    return r;
}

static int64_t sys_waitpid(lx_proc *p, const uint32_t *a)
{
    uint32_t w[4] = {a[0], a[1], a[2], 0};
    return sys_wait4(p, w);
}

static int64_t sys_kill(lx_proc *p, const uint32_t *a)
{
    int s = a[1] ? to_host((int)a[1]) : 0;
    if (s < 0) return -E_INVAL;
    return kill((pid_t)(int32_t)a[0], s) ? -errno : 0;
}

static int64_t pipe_fds(lx_proc *p, int out[2], int flags)
{
    int h[2];
    if (pipe2(h, 0)) return -E_MFILE;
    for (int i = 0; i < 2; i++) {
        int fd = new_fd(p, 0);
        if (fd < 0) {
            close(h[0]);
            close(h[1]);
            if (i) p->fd[out[0]].used = 0;
            return fd;
        }
        p->fd[fd] = (lx_fd){.used = 1, .host = h[i], .cloexec = !!(flags & 0x80000)};
        out[i] = fd;
    }
    return 0;
}

/* pipe: fd[0] in v0, fd[1] in v1 (MIPS's two-register return). */
static int64_t sys_pipe(lx_proc *p, const uint32_t *a)
{
    int fd[2];
    int64_t rc = pipe_fds(p, fd, 0);
    if (rc) return rc;
    uint32_t v1 = (uint32_t)fd[1];
    uc_reg_write(p->uc, UC_MIPS_REG_V1, &v1);
    return fd[0];
}

static int64_t sys_pipe2(lx_proc *p, const uint32_t *a)
{
    int fd[2];
    int64_t rc = pipe_fds(p, fd, (int)a[1]);
    if (rc) return rc;
    uint8_t out[8];
    wr_le32(out, (uint32_t)fd[0]);
    wr_le32(out + 4, (uint32_t)fd[1]);
    return uc_mem_write(p->uc, a[0], out, 8) == UC_ERR_OK ? 0 : -E_FAULT;
}

/* Make guest fd nfd a copy of ofd (host descriptors are duplicated on the host). */
static int64_t dup_to(lx_proc *p, uint32_t ofd, int nfd, int cloexec)
{
    if (ofd >= LX_NFD || !p->fd[ofd].used) return -E_BADF;
    if (nfd < 0 || nfd >= LX_NFD) return -E_BADF;
    if ((int)ofd == nfd) return nfd;
    lx_fd copy = p->fd[ofd];
    if (copy.host >= 0 && (copy.host = dup(copy.host)) < 0) return -E_MFILE;
    if (p->fd[nfd].used && p->fd[nfd].host >= 0) close(p->fd[nfd].host);
    copy.cloexec = cloexec;
    p->fd[nfd] = copy;
    return nfd;
}

static int64_t sys_dup(lx_proc *p, const uint32_t *a)
{
    int fd = new_fd(p, 0);
    return fd < 0 ? fd : dup_to(p, a[0], fd, 0);
}
static int64_t sys_dup2(lx_proc *p, const uint32_t *a)
{
    return dup_to(p, a[0], (int)a[1], 0);
}
static int64_t sys_dup3(lx_proc *p, const uint32_t *a)
{
    return a[0] == a[1] ? -E_INVAL : dup_to(p, a[0], (int)a[1], !!(a[2] & 0x80000));
}

static int64_t sys_fcntl(lx_proc *p, const uint32_t *a)
{
    if (a[0] >= LX_NFD || !p->fd[a[0]].used) return -E_BADF;
    lx_fd *f = &p->fd[a[0]];
    switch (a[1]) {
    case 0: /* F_DUPFD */
    case 1030: /* F_DUPFD_CLOEXEC */ {
        int fd = new_fd(p, (int)a[2]);
        return fd < 0 ? fd : dup_to(p, a[0], fd, a[1] == 1030);
    }
    case 1: return f->cloexec;                           /* F_GETFD */
    case 2: f->cloexec = a[2] & 1; return 0;             /* F_SETFD */
    case 3: return f->host >= 0 && f->host <= 2 ? 2 : 0; /* F_GETFL */
    case 4: return 0;                                    /* F_SETFL */
    }
    return -E_INVAL;
}

/* The host side of closing: pipes must see their writers go. */
static int64_t sys_close_fd(lx_proc *p, const uint32_t *a)
{
    if (a[0] >= LX_NFD || !p->fd[a[0]].used) return -E_BADF;
    if (p->fd[a[0]].host >= 0) close(p->fd[a[0]].host);
    p->fd[a[0]].used = 0;
    return 0;
}

/* Copy a NULL-terminated guest array of strings into buf; NULL-terminated out. */
static int get_strv(lx_proc *p, uint32_t addr, char **out, int max, char *buf, size_t *used,
                    size_t cap)
{
    int n = 0;
    for (; addr; n++, addr += 4) {
        uint8_t w[4];
        if (uc_mem_read(p->uc, addr, w, 4) != UC_ERR_OK) return -E_FAULT;
        uint32_t s = rd_le32(w);
        if (!s) break;
        if (n == max - 1) return -E_2BIG;
        out[n] = buf + *used;
        for (;;) {
            if (*used == cap) return -E_2BIG;
            if (uc_mem_read(p->uc, s++, buf + *used, 1) != UC_ERR_OK) return -E_FAULT;
            if (!buf[(*used)++]) break;
        }
    }
    out[n] = NULL;
    return 0;
}

static int64_t sys_execve(lx_proc *p, const uint32_t *a)
{
    size_t used = 0;
    char *file = p->exec_buf;
    for (;;) {
        if (used == sizeof p->exec_buf) return -E_2BIG;
        if (uc_mem_read(p->uc, a[0] + (uint32_t)used, file + used, 1) != UC_ERR_OK) return -E_FAULT;
        if (!file[used++]) break;
    }
    if (file[0] != '/') { /* relative to the cwd */
        char rel[1024];
        if (used > sizeof rel) return -78; /* ENAMETOOLONG */
        memcpy(rel, file, used);
        int n = snprintf(file, sizeof p->exec_buf, "%s/%s", p->cwd, rel);
        if (n < 0 || (size_t)n >= sizeof p->exec_buf) return -78;
        used = (size_t)n + 1;
    }
    int rc = get_strv(p, a[1], p->exec_argv, 64, p->exec_buf, &used, sizeof p->exec_buf);
    if (!rc) rc = get_strv(p, a[2], p->exec_envp, 64, p->exec_buf, &used, sizeof p->exec_buf);
    if (rc) return rc;
    /* what Linux checks before it commits: the file is there, regular, and an ELF */
    sqfs_ref ref;
    sqfs_attr at;
    uint8_t magic[4];
    size_t got;
    if (sqfs_lookup(p->fs, file, 1, &ref, NULL) || sqfs_stat(p->fs, ref, &at, NULL))
        return -E_NOENT;
    if (!S_ISREG(at.mode) || !(at.mode & 0111)) return -E_ACCES;
    if (sqfs_read(p->fs, ref, 0, magic, 4, &got, NULL) || got < 4 || memcmp(magic, "\177ELF", 4))
        return -E_NOEXEC;
    if (!p->exec_argv[0]) p->exec_argv[0] = file, p->exec_argv[1] = NULL;
    p->exec_file = file;
    for (int fd = 0; fd < LX_NFD; fd++)
        if (p->fd[fd].used && p->fd[fd].cloexec) {
            if (p->fd[fd].host >= 0) close(p->fd[fd].host);
            p->fd[fd].used = 0;
        }
    p->exec_pending = 1;
    uc_emu_stop(p->uc);
    return 0;
}

static int64_t ret_zero(lx_proc *p, const uint32_t *a)
{
    return 0;
}
static int64_t ret_pgrp(lx_proc *p, const uint32_t *a)
{
    return getpgrp();
}

static const struct {
    uint16_t nr;
    const char *name;
    lx_fn fn;
} calls[] = {
    {4002, "fork", sys_fork},     {4006, "close", sys_close_fd}, {4007, "waitpid", sys_waitpid},
    {4011, "execve", sys_execve}, {4037, "kill", sys_kill},      {4041, "dup", sys_dup},
    {4042, "pipe", sys_pipe},     {4055, "fcntl", sys_fcntl},    {4057, "setpgid", ret_zero},
    {4063, "dup2", sys_dup2},     {4065, "getpgrp", ret_pgrp},   {4114, "wait4", sys_wait4},
    {4120, "clone", sys_clone},   {4132, "getpgid", ret_pgrp},   {4220, "fcntl64", sys_fcntl},
    {4327, "dup3", sys_dup3},     {4328, "pipe2", sys_pipe2},
};

lx_fn lx_proc_call(uint32_t nr, const char **name)
{
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
        if (calls[i].nr == nr) {
            if (name) *name = calls[i].name;
            return calls[i].fn;
        }
    return NULL;
}
