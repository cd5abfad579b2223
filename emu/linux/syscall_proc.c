/* syscall_proc.c: processes, pipes and descriptors. A guest fork is a host fork taken inside
 * the system call (the child goes on with a copy of the same machine), so guest pids are
 * host pids and pipelines run truly in parallel; execve replaces the program in the same
 * process on a fresh machine (scripts through their #! interpreter); pipes are host pipes.
 * kill reaches guest processes only. Signal numbers and wait statuses are translated
 * between MIPS and the host. clone(CLONE_VM) (LinuxThreads) is a fork too, whose child shares
 * the parent's memory (mem_shared.c) and starts on the stack it was given; each thread is a
 * process with its own pid, as on 2.4, so kill reaches the right one. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bytes.h"
#include "lx_int.h"
#include "vfs.h"

/* The child's process-table entry, made by whichever side of the fork gets there first: the
 * parent's `kill $!` right after the fork must find it. The parent's hold (lx_fork_hold)
 * kept a slot for it, and the parent's side lets the hold go once the entry is there. */
static int child_entry(lx_proc *p, int32_t child, int32_t parent, int release, uint32_t mem)
{
    lx_lock(p->w);
    lx_pent *pp = lx_pent_find(p->w, parent), *me = lx_pent_find(p->w, child);
    if (!me && (me = lx_pent_new(p->w, child, parent))) {
        if (pp) {
            memcpy(me->comm, pp->comm, sizeof me->comm);
            memcpy(me->cmd, pp->cmd, sizeof me->cmd);
            memcpy(me->exe, pp->exe, sizeof me->exe);
            me->cmdlen = pp->cmdlen;
        }
        me->mem = mem;
        lx_shm_forked(p->w, parent, child);
    }
    if (release) lx_fork_release(pp);
    lx_unlock(p->w);
    return me ? 0 : -1;
}

/* The host process of a guest one. fork() when its end is to be told with SIGCHLD; otherwise
 * (a LinuxThreads thread: exit signal 0, or the signal its manager reaps on, waited for with
 * __WCLONE) the clone system call with that exit signal, the child set up as glibc's _Fork
 * sets up its own: its thread id where glibc keeps it (the address the kernel clears at exit,
 * PR_GET_TID_ADDRESS) and its robust-mutex list (the world's lock is robust). Without
 * PR_GET_TID_ADDRESS (a kernel without CONFIG_CHECKPOINT_RESTORE) it is a fork. host_clones
 * says which; a clone may share the host's descriptor table (files: CLONE_FILES). */
static int host_clones(int sig, int **tid, void **head, size_t *len)
{
    return sig != SIGCHLD && !prctl(PR_GET_TID_ADDRESS, tid) && *tid &&
           !syscall(SYS_get_robust_list, 0, head, len);
}

static pid_t host_fork(int sig, int files)
{
    int *tid = NULL;
    void *head = NULL;
    size_t len = 0;
    if (!host_clones(sig, &tid, &head, &len)) return fork();
    pid_t pid = (pid_t)syscall(
        SYS_clone, CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | (files ? CLONE_FILES : 0) | sig,
        NULL, NULL, tid, NULL);
    if (pid == 0) syscall(SYS_set_robust_list, head, len);
    return pid;
}

/* fork, and clone as a fork: flags' low byte is the exit signal (MIPS SIGCHLD 18 for fork);
 * vm: CLONE_VM, the child shares the memory; newsp: its stack pointer (0: the parent's). */
static int64_t do_fork(lx_proc *p, uint32_t flags, int vm, uint32_t newsp)
{
    int sig = (flags & 0xff) ? lx_sig_to_host((int)(flags & 0xff)) : 0;
    if (sig < 0) return -LX_EINVAL;
    if (vm) {
        wa_err e = {0};
        if (lx_vm_share(p, &e)) {
            lx_event_add(p->w, LX_EV_QUIRK, p->pid, p->ppid, LX_ENOMEM, e.msg);
            return -LX_ENOMEM;
        }
        if (flags & LX_CLONE_SIGHAND) lx_sig_share(p);
    }
    /* the descriptors can be shared only with a host clone, which shares the host's table */
    int *tid = NULL;
    void *head = NULL;
    size_t len = 0;
    int files_ok = vm && host_clones(sig, &tid, &head, &len);
    int share =
        vm ? lx_files_share(p, files_ok && (flags & LX_CLONE_FILES), flags & LX_CLONE_FS) : 0;
    if (p->vm) { /* what the space holds now, for the hold below */
        lx_vm_lock(p);
        p->mem = p->vm->mem;
        lx_vm_unlock(p);
    }
    uint32_t child_mem = vm ? 0 : p->mem; /* a thread's memory is counted once, for all */
    /* the process limit and the RAM first, as copy_process checks before it copies */
    lx_lock(p->w);
    int64_t held = lx_fork_hold(p->w, lx_pent_find(p->w, p->pid), child_mem);
    lx_unlock(p->w);
    if (held) {
        if (share) lx_files_unshare(p, share);
        return held;
    }
    fflush(NULL);
    if (!(share & LX_SHARE_FILES))
        lx_fd_fork(p); /* the child's references, taken before
                           either side can close */
    /* host signals wait until the child has dropped the parent's pending ones: a signal sent
     * to it right after the fork is then delivered, not dropped with them */
    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    pid_t pid = host_fork(sig, share & LX_SHARE_FILES);
    if (pid == 0) {
        lx_dbg_forked(p);
        lx_sig_forked();
        lx_clock_guest(p->w, getpid());
        p->stderr_events = p->write_events = p->console_events = 0;
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (pid < 0) {
        for (int fd = 0; fd < LX_NFD && !(share & LX_SHARE_FILES); fd++)
            if (p->files->fd[fd].used == 1 && p->files->fd[fd].host < 0) {
                lx_lock(p->w);
                lx_ofd_put(p->w, p->files->fd[fd].ofd);
                lx_unlock(p->w);
            }
        if (share) lx_files_unshare(p, share);
        lx_lock(p->w);
        lx_fork_release(lx_pent_find(p->w, p->pid));
        lx_unlock(p->w);
        return -LX_EAGAIN;
    }
    if (pid == 0) {
        p->ppid = p->pid;
        p->pid = getpid();
        p->tgid = flags & LX_CLONE_THREAD ? (p->tgid ? p->tgid : p->ppid) : 0;
        /* without an entry the supervisor could not see it: it must not run (the hold makes
         * this unreachable) */
        if (child_entry(p, p->pid, p->ppid, 0, child_mem)) raise(SIGKILL);
        if (vm) {
            lx_vm_join(p);
            if (!(flags & LX_CLONE_SIGHAND)) lx_sig_private(p); /* a copy of the parent's */
            lx_files_copy(p, share); /* copies of what it does not share */
        } else
            lx_vm_leave(p, 1); /* a fork of a thread: its own copy of the memory */
        if (newsp) lx_set_reg(p, UC_MIPS_REG_SP, newsp);
        if (p->vm && !p->block_hooked) uc_emu_stop(p->uc); /* the CPU's slices need the hook */
        lx_event_add(p->w, LX_EV_START, p->pid, p->ppid, 0, p->prog);
    } else {
        child_entry(p, pid, p->pid, 1, child_mem);
        if (vm && !p->block_hooked) uc_emu_stop(p->uc);
    }
    return pid;
}

static int64_t sys_fork(lx_proc *p, const uint32_t *a)
{
    (void)a;
    return do_fork(p, 18, 0, 0);
}

/* clone(flags, newsp), the 2.4 kernel's two arguments (uClibc 0.9's LinuxThreads passes
 * nothing else). CLONE_VM|CLONE_VFORK (vfork) runs as a plain fork, as QEMU does.
 * CLONE_SIGHAND (with CLONE_VM) shares the signal handlers (signal.c), CLONE_FILES and CLONE_FS
 * (with CLONE_VM) the descriptors and the directory (files_shared.c; a child whose exit signal
 * is SIGCHLD, a host fork, gets copies, as it does without the flags). CLONE_THREAD is 2.4's:
 * the child is in its parent's thread group, whose id its getpid returns, and is otherwise a
 * clone like the others (2.4 has no group exit or group signals); the thread groups of 2.6 and
 * later (NPTL's, with TLS) are not emulated: ENOSYS, on the timeline. */
static int64_t sys_clone(lx_proc *p, const uint32_t *a)
{
    if ((a[0] & LX_CLONE_THREAD) && !p->o->linux24) {
        if (p->r->unknown_syscalls++ < 8)
            lx_net_event(p, LX_EV_ENOSYS, LX_ENOSYS,
                         "clone(CLONE_THREAD) (%s): the thread groups of 2.6 and later are not "
                         "emulated: ENOSYS",
                         p->prog);
        return -LX_ENOSYS;
    }
    int vm = (a[0] & LX_CLONE_VM) && !(a[0] & LX_CLONE_VFORK);
    return do_fork(p, a[0], vm, a[1]);
}

static int64_t sys_wait4(lx_proc *p, const uint32_t *a)
{
    int st = 0;
    /* WNOHANG, WUNTRACED, and __WCLONE and __WALL for LinuxThreads' threads: the host's too */
    pid_t r = wait4((pid_t)(int32_t)a[0], &st, (int)(a[2] & 0xc0000003u), NULL);
    if (r < 0) return errno == ECHILD ? -LX_ECHILD : errno == EINTR ? -LX_EINTR : -LX_EINVAL;
    if (r == 0) return 0;
    int m = st;
    if (WIFSIGNALED(st))
        m = (st & ~0x7f) | lx_sig_to_mips(WTERMSIG(st));
    else if (WIFSTOPPED(st))
        m = (lx_sig_to_mips(WSTOPSIG(st)) << 8) | 0x7f;
    if (!WIFSTOPPED(st)) lx_reaped(p->w, r, st);
    uint8_t out[4];
    wr_le32(out, (uint32_t)m);
    if (a[1] && lx_put(p, a[1], out, 4)) return -LX_EFAULT;
    return r;
}

static int64_t sys_waitpid(lx_proc *p, const uint32_t *a)
{
    uint32_t w[4] = {a[0], a[1], a[2], 0};
    return sys_wait4(p, w);
}

/* kill: only guest processes (the process table) can be reached. Process groups are not
 * kept apart, so 0 (the caller's group) means every guest including the caller, and -1 every
 * guest but the caller; neither reaches init (pid 1) unless init sends it, as init is its own
 * group and -1 spares it on Linux. -N means the process N. */
static int64_t sys_kill(lx_proc *p, const uint32_t *a)
{
    int s = a[1] ? lx_sig_to_host((int)a[1]) : 0;
    if (s < 0 || a[1] >= LX_NSIG) return -LX_EINVAL;
    int32_t pid = (int32_t)a[0];
    if (pid < -1) pid = -pid;
    pid = lx_hpid(p->w, pid);
    int32_t targets[LX_NPROC];
    int n = 0;
    lx_lock(p->w);
    int self = 0;
    for (int i = 0; i < LX_NPROC; i++) {
        const lx_pent *e = &p->w->proc[i];
        if (!e->pid || e->state != 'R') continue;
        int all = pid == 0 || pid == -1, init = e->pid == p->w->init_host && e->pid != p->pid;
        if (all && e->pid == p->pid)
            self = pid == 0; /* last, after the others */
        else if (all ? !init : e->pid == pid)
            targets[n++] = e->pid;
    }
    lx_unlock(p->w);
    if (!n && !self) return pid == 0 || pid == -1 ? 0 : -LX_ESRCH;
    for (int i = 0; i < n; i++)
        kill(targets[i], s);
    if (self) kill(p->pid, s);
    return 0;
}

/* rt_sigqueueinfo(pid, sig, info): a signal with a value (sigqueue) to one guest process, as
 * the host's sigqueue: the receiver sees SI_QUEUE, the caller's pid and info's value (what
 * glibc's and uClibc's sigqueue fill in; another negative code the caller chose arrives as
 * SI_QUEUE). A code of 0 or more would impersonate kill or the kernel: 2.4 refuses it
 * (EPERM). */
static int64_t sys_rt_sigqueueinfo(lx_proc *p, const uint32_t *a)
{
    uint8_t si[24];
    if (lx_get(p, a[2], si, sizeof si)) return -LX_EFAULT;
    if ((int32_t)rd_le32(si + 4) >= 0) return -LX_EPERM;
    int s = a[1] ? lx_sig_to_host((int)a[1]) : 0;
    if (s < 0 || a[1] >= LX_NSIG) return -LX_EINVAL;
    int32_t pid = (int32_t)a[0], found = 0;
    if (pid <= 0) return -LX_ESRCH;
    pid = lx_hpid(p->w, pid);
    lx_lock(p->w);
    for (int i = 0; i < LX_NPROC && !found; i++)
        found = p->w->proc[i].pid == pid && p->w->proc[i].state == 'R';
    lx_unlock(p->w);
    if (!found) return -LX_ESRCH;
    return sigqueue(pid, s, (union sigval){.sival_int = (int)rd_le32(si + 20)}) ? -LX_ESRCH : 0;
}

static int64_t sys_tkill(lx_proc *p, const uint32_t *a)
{
    uint32_t k[2] = {a[0], a[1]};
    return sys_kill(p, k);
}
static int64_t sys_tgkill(lx_proc *p, const uint32_t *a)
{
    uint32_t k[2] = {a[1], a[2]};
    return sys_kill(p, k);
}

static int64_t pipe_fds(lx_proc *p, int out[2], int flags)
{
    int h[2];
    if (pipe2(h, 0)) return -LX_EMFILE;
    for (int i = 0; i < 2; i++) {
        int fd = lx_fd_new(p, 0);
        if (fd < 0) {
            close(h[0]);
            close(h[1]);
            if (i) lx_fd_unreserve(p, out[0], 0);
            return fd;
        }
        p->files->fd[fd] = (lx_fd){.used = 1, .host = h[i], .cloexec = !!(flags & 0x80000)};
        out[i] = fd;
    }
    if (flags & 0x80) {
        fcntl(h[0], F_SETFL, O_NONBLOCK);
        fcntl(h[1], F_SETFL, O_NONBLOCK);
    }
    return 0;
}

/* pipe: fd[0] in v0, fd[1] in v1 (MIPS's two-register return). */
static int64_t sys_pipe(lx_proc *p, const uint32_t *a)
{
    (void)a;
    int fd[2];
    int64_t rc = pipe_fds(p, fd, 0);
    if (rc) return rc;
    lx_set_reg(p, UC_MIPS_REG_V1, (uint32_t)fd[1]);
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
    return lx_put(p, a[0], out, 8);
}

static int64_t sys_dup(lx_proc *p, const uint32_t *a)
{
    return lx_fd_dup_new(p, a[0], 0, 0);
}
static int64_t sys_dup2(lx_proc *p, const uint32_t *a)
{
    return lx_fd_dup(p, a[0], (int)a[1], 0);
}
static int64_t sys_dup3(lx_proc *p, const uint32_t *a)
{
    return a[0] == a[1] ? -LX_EINVAL : lx_fd_dup(p, a[0], (int)a[1], !!(a[2] & 0x80000));
}

/* Guest O_NONBLOCK 0x80 and O_APPEND 0x8 are the host's O_NONBLOCK and O_APPEND. */
static int64_t sys_fcntl(lx_proc *p, const uint32_t *a)
{
    if (a[0] >= LX_NFD || !p->files->fd[a[0]].used) return -LX_EBADF;
    lx_fd *f = &p->files->fd[a[0]];
    lx_ofd *o = lx_fd_ofd(p, a[0]);
    switch (a[1]) {
    case 0: /* F_DUPFD */
    case 1030: /* F_DUPFD_CLOEXEC */ return lx_fd_dup_new(p, a[0], (int)a[2], a[1] == 1030);
    case 1: return f->cloexec;               /* F_GETFD */
    case 2: f->cloexec = a[2] & 1; return 0; /* F_SETFD */
    case 3:                                  /* F_GETFL */
        if (o) return o->flags & 0x108b;
        {
            int fl = fcntl(f->host, F_GETFL);
            if (fl < 0) return -LX_EBADF;
            return (fl & O_ACCMODE) | (fl & O_NONBLOCK ? 0x80 : 0) | (fl & O_APPEND ? 0x8 : 0);
        }
    case 4: /* F_SETFL */
        if (o) {
            o->flags = (o->flags & ~0x88u) | (a[2] & 0x88u);
            return 0;
        }
        {
            int fl = fcntl(f->host, F_GETFL);
            fl = (fl & ~(O_NONBLOCK | O_APPEND)) | (a[2] & 0x80 ? O_NONBLOCK : 0) |
                 (a[2] & 0x8 ? O_APPEND : 0);
            return fcntl(f->host, F_SETFL, fl) ? -LX_EINVAL : 0;
        }
    case 5:
    case 6:
    case 7:
    case 14:
    case 33:
    case 34:
    case 35: /* locks: always granted */ return 0;
    case 23:
    case 24: return 0; /* F_GETOWN / F_SETOWN */
    }
    return -LX_EINVAL;
}

/* Copy a NULL-terminated guest array of strings into buf. */
static int get_strv(lx_proc *p, uint32_t addr, char **out, int max, char *buf, size_t *used,
                    size_t cap)
{
    int n = 0;
    for (; addr; n++, addr += 4) {
        uint8_t w[4];
        if (lx_get(p, addr, w, 4)) return -LX_EFAULT;
        uint32_t s = rd_le32(w);
        if (!s) break;
        if (n == max - 1) return -LX_E2BIG;
        out[n] = buf + *used;
        int rc = lx_get_str(p, s, buf + *used, cap - *used);
        if (rc) return rc == -LX_ENAMETOOLONG ? -LX_E2BIG : rc;
        *used += strlen(buf + *used) + 1;
    }
    out[n] = NULL;
    return 0;
}

/* Set p->exec_*: the program, its arguments and environment, through a #! line when it is a
 * script, checked as Linux checks before it commits. -errno, the reason in e. */
int lx_exec_prepare(lx_proc *p, const char *file, char *const *argv, char *const *envp, wa_err *e)
{
    char *buf = malloc(sizeof p->exec_buf);
    if (!buf) return -LX_ENOMEM;
    size_t used = 0;
    char *args[258], *envs[256];
    int na = 0, ne = 0;
    int rc = 0;
#define COPY(dst, s)                                                                               \
    do {                                                                                           \
        size_t k_ = strlen(s) + 1;                                                                 \
        if (used + k_ > sizeof p->exec_buf) {                                                      \
            rc = -LX_E2BIG;                                                                        \
            goto out;                                                                              \
        }                                                                                          \
        memcpy(buf + used, s, k_);                                                                 \
        dst = buf + used;                                                                          \
        used += k_;                                                                                \
    } while (0)
    /* a script: "#!interp [arg]" becomes interp [arg] file args[1..] */
    uint8_t data[258];
    size_t len = 0;
    uint32_t mode = 0;
    lx_walk wk;
    lx_vattr at;
    if (!lx_walk_host(p, LX_AT_FDCWD, file, 1, &wk) && !lx_vstat(p, &wk.vn, &at) &&
        S_ISREG(at.mode)) {
        int64_t k = lx_vread(p, &wk.vn, 0, data, sizeof data);
        len = k > 0 ? (size_t)k : 0;
        mode = at.mode;
    }
    char *prog, *name = NULL;
    if (len > 2 && data[0] == '#' && data[1] == '!') {
        char line[256];
        size_t n = 0;
        while (n + 2 < len && n < sizeof line - 1 && data[n + 2] != '\n') {
            line[n] = (char)data[n + 2];
            n++;
        }
        line[n] = 0;
        char *interp = line + strspn(line, " \t"), *arg = interp + strcspn(interp, " \t");
        if (*arg) *arg++ = 0;
        arg += strspn(arg, " \t");
        arg[strcspn(arg, " \t\r")] = 0;
        if (!(mode & 0111)) {
            rc = -LX_EACCES;
            wa_fail(e, WA_E_FORMAT, WA_NO_OFFSET, "%s: not executable (EACCES)", file);
            goto out;
        }
        COPY(prog, interp);
        args[na++] = prog;
        if (*arg) COPY(args[na++], arg);
        COPY(name, file);
        args[na++] = name;
        for (int i = 1; argv[0] && argv[i] && na < 255; i++) /* exec_argv ends with NULL */
            COPY(args[na++], argv[i]);
    } else {
        COPY(prog, file);
        name = prog;
        for (int i = 0; argv[i] && na < 255; i++)
            COPY(args[na++], argv[i]);
        if (!na) args[na++] = prog;
    }
    args[na] = NULL;
    for (int i = 0; envp && envp[i] && ne < 255; i++)
        COPY(envs[ne++], envp[i]);
    envs[ne] = NULL;
    if ((rc = lx_exec_check(p, prog, e))) {
        if (name != prog) { /* the kernel fails the script's exec: the script is named */
            char why[sizeof e->msg];
            snprintf(why, sizeof why, "%s", e->msg);
            wa_fail(e, e->code, e->offset, "%s: its interpreter %s", file, why);
        }
        goto out;
    }
    memcpy(p->exec_buf, buf, used);
    p->exec_file = p->exec_buf + (prog - buf);
    p->exec_name = p->exec_buf + (name - buf);
    for (int i = 0; i <= na; i++)
        p->exec_argv[i] = args[i] ? p->exec_buf + (args[i] - buf) : NULL;
    for (int i = 0; i <= ne; i++)
        p->exec_envp[i] = envs[i] ? p->exec_buf + (envs[i] - buf) : NULL;
#undef COPY
out:
    free(buf);
    return rc;
}

static int64_t sys_execve(lx_proc *p, const uint32_t *a)
{
    char *buf = malloc(sizeof p->exec_buf), *argv[256], *envp[256], file[1024];
    if (!buf) return -LX_ENOMEM;
    size_t used = 0;
    int rc = lx_get_str(p, a[0], file, sizeof file);
    if (!rc) rc = get_strv(p, a[1], argv, 256, buf, &used, sizeof p->exec_buf);
    if (!rc) rc = get_strv(p, a[2], envp, 256, buf, &used, sizeof p->exec_buf);
    wa_err e = {0};
    if (!rc) rc = lx_exec_prepare(p, file, argv, envp, &e);
    free(buf);
    if (rc == -LX_EFAULT && e.code) {
        /* a truncated program: past the point of no return, the kernel kills it */
        snprintf(p->r->stop, sizeof p->r->stop, "%s", e.msg);
        lx_die(p, 10);
    }
    if (rc) {
        if (e.code) lx_event_add(p->w, LX_EV_NOEXEC, p->pid, p->ppid, -rc, e.msg);
        return rc;
    }
    lx_files_exec(p); /* a thread's descriptors and directory its own from here */
    for (int fd = 0; fd < LX_NFD; fd++)
        if (p->files->fd[fd].used == 1 && p->files->fd[fd].cloexec) lx_fd_close(p, (uint32_t)fd);
    lx_sig_reset_on_exec(p);
    p->exec_pending = 1;
    uc_emu_stop(p->uc);
    return 0;
}

/* Every guest is in the run's one process group, the first guest's (proc.c). */
static int64_t ret_pgrp(lx_proc *p, const uint32_t *a)
{
    (void)a;
    return lx_vpid(p->w, getpgrp());
}

/* Priorities: kept and reported, for this process only (the host's scheduler runs every
 * guest alike); another existing process accepts them and reports 0. */
static int64_t prio_target(lx_proc *p, uint32_t which, uint32_t who)
{
    if (which > 2) return -LX_EINVAL;
    if (which || !who || lx_hpid(p->w, (int32_t)who) == p->pid) return 1; /* groups, users: us */
    lx_lock(p->w);
    int found = lx_pent_find(p->w, lx_hpid(p->w, (int32_t)who)) != NULL;
    lx_unlock(p->w);
    return found ? 0 : -LX_ESRCH;
}
static int64_t sys_getpriority(lx_proc *p, const uint32_t *a)
{
    int64_t t = prio_target(p, a[0], a[1]);
    return t < 0 ? t : 20 - (t ? p->nice : 0); /* the kernel's 40..1 for nice -20..19 */
}
static int nice_range(int64_t v)
{
    return v < -20 ? -20 : v > 19 ? 19 : (int)v;
}
static int64_t sys_setpriority(lx_proc *p, const uint32_t *a)
{
    int64_t t = prio_target(p, a[0], a[1]);
    if (t == 1) p->nice = nice_range((int32_t)a[2]);
    return t < 0 ? t : 0;
}
static int64_t sys_nice(lx_proc *p, const uint32_t *a)
{
    p->nice = nice_range((int64_t)p->nice + (int32_t)a[0]);
    return 0;
}

static const lx_call calls[] = {
    {LX_NR_fork, sys_fork},
    {LX_NR_waitpid, sys_waitpid},
    {LX_NR_execve, sys_execve},
    {LX_NR_kill, sys_kill},
    {LX_NR_dup, sys_dup},
    {LX_NR_pipe, sys_pipe},
    {LX_NR_fcntl, sys_fcntl},
    {LX_NR_setpgid, lx_ret_zero},
    {LX_NR_dup2, sys_dup2},
    {LX_NR_getpgrp, ret_pgrp},
    {LX_NR_setsid, lx_ret_pid},
    {LX_NR_wait4, sys_wait4},
    {LX_NR_clone, sys_clone},
    {LX_NR_getpgid, ret_pgrp},
    {LX_NR_getsid, ret_pgrp},
    {LX_NR_fcntl64, sys_fcntl},
    {LX_NR_tkill, sys_tkill},
    {LX_NR_rt_sigqueueinfo, sys_rt_sigqueueinfo},
    {LX_NR_tgkill, sys_tgkill},
    {LX_NR_dup3, sys_dup3},
    {LX_NR_pipe2, sys_pipe2},
    {LX_NR_nice, sys_nice},
    {LX_NR_getpriority, sys_getpriority},
    {LX_NR_setpriority, sys_setpriority},
};

const lx_call *lx_proc_call(uint32_t nr)
{
    return lx_find_call(calls, sizeof calls / sizeof calls[0], nr);
}
