/* proc.c: running a guest. lx_run forks the first guest process and supervises the run: it
 * adopts orphans (a subreaper), reaps every process, enforces the wall-clock limit, and when
 * the first process ends, kills what is left so nothing outlives the run. Each guest process
 * runs its program on its own Unicorn engine, a fresh one per execve. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bytes.h"
#include "lx_int.h"
#include "ramfs.h"
#include "vfs.h"

void lx_stop(lx_proc *p, int sig, const char *fmt, ...)
{
    if (p->r->stop[0]) return; /* the first reason stands */
    lx_dbg_fault(p);
    p->r->stop_signal = sig;
    va_list ap;
    va_start(ap, fmt);
    char why[sizeof p->r->stop];
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    /* musl crashes on purpose (a store to 0) when set_thread_area fails: the cause is TLS, said
     * first (after the program's name) so that a short copy of the reason keeps it */
    const char *rest = strstr(why, ": ");
    if (p->tls_refused && rest && !strstr(why, "TLS"))
        snprintf(p->r->stop, sizeof p->r->stop,
                 "%.*s: needs TLS (set_thread_area refused by the board's %s kernel), then %s",
                 (int)(rest - why), why, p->o->kernel_release ? p->o->kernel_release : "2.4",
                 rest + 2);
    else
        snprintf(p->r->stop, sizeof p->r->stop, "%s", why);
    uc_emu_stop(p->uc);
}

/* Its current block when the block hook follows the guest (with --budget or a release-2
 * check); without the hook Unicorn keeps no faulting address. */
const char *lx_where(const lx_proc *p, char *buf, size_t n)
{
    if (p->block_size)
        snprintf(buf, n, "in the block 0x%08x-0x%08x", p->block, p->block + p->block_size);
    else
        snprintf(buf, n, "in a block not tracked (--budget tracks it)");
    return buf;
}

/* Record why, then end the host process the way the kernel would end the guest one. */
void lx_die(lx_proc *p, int s)
{
    lx_clock_tell(p);
    lx_dbg_end(p, s);
    lx_lock(p->w);
    lx_pent *pe = lx_pent_find(p->w, p->pid);
    if (pe) {
        snprintf(pe->stop, sizeof pe->stop, "%.199s", p->r->stop);
        pe->insns = p->r->insns;
        pe->unknown_syscalls = p->r->unknown_syscalls;
    }
    lx_unlock(p->w);
    if (p->r->stop[0]) lx_event_add(p->w, LX_EV_STOP, p->pid, p->ppid, s, p->r->stop);
    lx_fd_close_all(p);
    lx_vm_exit(p);
    int h = lx_sig_to_host(s);
    if (h <= 0) h = SIGKILL;
    signal(h, SIG_DFL);
    sigset_t m;
    sigemptyset(&m);
    sigprocmask(SIG_SETMASK, &m, NULL);
    raise(h);
    _exit(128 + s);
}

static void on_block(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    lx_proc *p = user;
    p->block = (uint32_t)addr;
    p->block_size = size;
    uint32_t n = size / 4;
    /* the syscall instruction of a call an emulator's signal interrupted runs again (it ends its
     * block, so the block that starts there begins with it): it was counted once */
    if (p->reissue_block && p->reissue_block == (uint32_t)addr && n) n--;
    p->reissue_block = 0;
    p->r->insns += n;
    p->vinsns += n;
    if (p->vinsns >= LX_CLOCK_QUANTUM) lx_clock_tell(p);
    lx_cpu_slice(p);
    if (p->o->insn_budget && p->r->insns > p->o->insn_budget) {
        lx_stop(p, LX_SIGKILL, "%s: instruction budget of %llu spent (killed)", p->prog,
                (unsigned long long)p->o->insn_budget);
        return;
    }
    if (lx_isa_checked(p->o)) {
        uint32_t insn;
        const char *name;
        uint32_t at = lx_isa_check_block(p, (uint32_t)addr, size, &insn, &name);
        if (at && !strcmp(name, "rdhwr")) {
            lx_stop(p, LX_SIGILL,
                    "%s: instruction rdhwr (0x%08x) at 0x%08x reads the TLS pointer; the "
                    "board's %s kernel does not emulate rdhwr and would kill the program with "
                    "SIGILL",
                    p->prog, insn, at, p->o->kernel_release ? p->o->kernel_release : "2.4");
            return;
        }
        if (at) {
            lx_stop(p, LX_SIGILL,
                    "%s: instruction %s (0x%08x) at 0x%08x is MIPS32 release 2; the board's %s "
                    "is release 1 and its kernel would kill the program with SIGILL",
                    p->prog, name, insn, at, p->o->cpu_name ? p->o->cpu_name : "CPU");
            return;
        }
    }
    if (lx_sig_pending(p)) lx_sig_deliver(p, (uint32_t)addr);
    (void)uc;
}

static bool on_bad_access(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t v,
                          void *user)
{
    lx_proc *p = user;
    (void)uc, (void)size, (void)v;
    int unmapped = type == UC_MEM_READ_UNMAPPED || type == UC_MEM_WRITE_UNMAPPED ||
                   type == UC_MEM_FETCH_UNMAPPED;
    if (unmapped && lx_vm_fault(p, (uint32_t)addr)) return true; /* another thread mapped it */
    if (unmapped && type != UC_MEM_FETCH_UNMAPPED && lx_grow_stack(p, (uint32_t)addr)) return true;
    char where[80];
    if (p->dbg) lx_dbg_fault_at(p, (uint32_t)addr);
    lx_stop(p, LX_SIGSEGV, "%s: %s of %s address 0x%08x %s (SIGSEGV)", p->prog,
            type == UC_MEM_FETCH_UNMAPPED || type == UC_MEM_FETCH_PROT   ? "execution"
            : type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_WRITE_PROT ? "write"
                                                                         : "read",
            unmapped ? "unmapped" : "protected", (uint32_t)addr, lx_where(p, where, sizeof where));
    return false;
}

/* The process-table entry's name and command line, after an exec. */
static void set_cmd(lx_proc *p, const char *path, int argc, char **argv)
{
    lx_walk wk;
    const char *exe = lx_walk_host(p, LX_AT_FDCWD, path, 1, &wk) ? path : wk.path;
    lx_lock(p->w);
    lx_pent *pe = lx_pent_find(p->w, p->pid);
    if (pe) {
        const char *base = strrchr(path, '/');
        snprintf(pe->comm, sizeof pe->comm, "%s", base ? base + 1 : path);
        snprintf(pe->exe, sizeof pe->exe, "%.127s", exe);
        size_t n = 0;
        for (int i = 0; i < argc && n < sizeof pe->cmd; i++) {
            size_t k = strlen(argv[i]) + 1;
            if (k > sizeof pe->cmd - n) k = sizeof pe->cmd - n;
            memcpy(pe->cmd + n, argv[i], k);
            n += k;
        }
        pe->cmdlen = (uint32_t)n;
    }
    lx_unlock(p->w);
}

/* At an execve: the new program can run on this engine, which keeps what it translated of
 * the code they share (lx_exec_same_code sets code_kept_lo and _hi): a busybox applet forked
 * from a busybox shell then translates little of it again (each translation of the same code
 * was about half of the CPU time of a fork and exec). The engine is the same for the new
 * program as a fresh one would be: its other pages are unmapped (which throws their
 * translations away), its CPU is as it was made, its hooks are the same ones (not with a
 * debugger, whose hooks are per program; the block hook only when the new one would have
 * it too, as removing it would mean a flush of all the translations). Not in a shared space. */
static int keep_engine(lx_proc *p)
{
    uint32_t lo, hi;
    int suspect;
    if (!p->fresh_cpu || p->dbg || p->o->gdb || p->o->dbg_fn || p->vm ||
        !lx_exec_same_code(p, &lo, &hi, &suspect))
        return 0;
    int hook = p->o->insn_budget || suspect || p->w->clock_on;
    if (hook != p->block_hooked) return 0;
    p->code_kept_lo = lo;
    p->code_kept_hi = hi;
    return 1;
}

/* The life of one guest process from its first program on; never returns. */
static void guest(lx_proc *p, const char *path, int argc, char **argv)
{
    static char *const defenv[] = {"PATH=/bin:/sbin:/usr/bin:/usr/sbin", "HOME=/", "TERM=vt100",
                                   NULL};
    char cmdline[512];
    wa_err e = {0};
    char *args[256];
    for (int i = 0; i < argc && i < 255; i++)
        args[i] = argv[i];
    args[argc < 255 ? argc : 255] = NULL;
    int rc = lx_exec_prepare(p, path, args, p->o->envp ? p->o->envp : defenv, &e);
    if (rc) {
        p->w->main_err = e;
        snprintf(p->r->stop, sizeof p->r->stop, "%s", e.msg);
        lx_die(p, rc == -LX_EFAULT ? LX_SIGBUS : LX_SIGKILL);
    }
    int kept = 0; /* the engine of the program before runs this one (keep_engine) */
    for (;;) {
        path = p->exec_file;
        argv = p->exec_argv;
        for (argc = 0; argv[argc]; argc++)
            continue;
        p->prog = path;
        uc_err u = UC_ERR_OK;
        if (kept) {
            uc_context_restore(p->uc, p->fresh_cpu); /* registers as a new engine has them */
        } else {
            u = uc_open(UC_ARCH_MIPS, UC_MODE_MIPS32 | UC_MODE_LITTLE_ENDIAN, &p->uc);
            if (u != UC_ERR_OK) {
                snprintf(p->r->stop, sizeof p->r->stop, "unicorn: %s", uc_strerror(u));
                lx_die(p, LX_SIGKILL);
            }
            uc_ctl_set_cpu_model(p->uc, p->o->cpu_model);
            /* Unicorn's default 1 GB translation cache is touched whole by a flush (2.5 s of
             * page clearing when the block hook is added); 32 MB holds any busybox many times
             * over */
            uc_ctl_set_tcg_buffer_size(p->uc, 32u << 20);
            if (uc_context_alloc(p->uc, &p->fresh_cpu) != UC_ERR_OK) p->fresh_cpu = NULL;
            if (p->fresh_cpu && uc_context_save(p->uc, p->fresh_cpu) != UC_ERR_OK) {
                uc_context_free(p->fresh_cpu);
                p->fresh_cpu = NULL;
            }
        }
        p->exec_pending = 0;
        p->stderr_events = p->write_events = p->console_events = 0;
        p->tls_refused = p->module_refused = 0;
        rc = lx_sig_init(p);
        if (!rc) rc = lx_load(p, path, p->exec_name, argc, argv, p->exec_envp, &e);
        if (rc) {
            if (p->pid == p->w->main_pid && !p->w->main_err.code) p->w->main_err = e;
            snprintf(p->r->stop, sizeof p->r->stop, "%s", e.msg);
            lx_die(p, rc == -LX_EFAULT ? LX_SIGBUS : LX_SIGKILL);
        }
        p->code_kept_lo = p->code_kept_hi = 0;
        set_cmd(p, path, argc, argv);
        snprintf(cmdline, sizeof cmdline, "%s", path);
        for (int i = 1; i < argc; i++) {
            size_t n = strlen(cmdline);
            snprintf(cmdline + n, sizeof cmdline - n, " %s", argv[i]);
        }
        lx_event_add(p->w, LX_EV_EXEC, p->pid, p->ppid, 0, cmdline);
        /* The block hook costs a helper call per block (up to 3x on a loop of short blocks):
         * only when counting instructions (a budget, or a world's clock), or when the program
         * holds release-2 instructions and the board is release 1. */
        uc_hook h;
        if (!kept) {
            uc_hook_add(p->uc, &h, UC_HOOK_INTR, (void *)lx_syscall, p, 1, 0);
            uc_hook_add(p->uc, &h, UC_HOOK_MEM_UNMAPPED | UC_HOOK_MEM_PROT, (void *)on_bad_access,
                        p, 1, 0);
            p->block_hooked = 0;
        }
        p->block = p->block_size = 0;
        if (p->dbg)
            lx_dbg_engine(p);
        else if ((p->o->gdb || p->o->dbg_fn) && p->pid == p->w->main_pid &&
                 lx_dbg_start(p, p->o->gdb_fd))
            fprintf(stderr, "wa-emu: cannot start the debugger's thread\n");
        lx_sig_running(p->uc);
        /* Code translated before the block hook was added lacks its call and must be thrown
         * away; but Unicorn 2.1.1's flush clears the whole translation cache (tcg_region_assign's
         * memset: 32 MB of host pages touched, about 40 ms), so a new program, which has none
         * yet, gets its hook without one (the W501V's boot: ~140 execs) */
        int translated = kept;
        for (;;) {
            if (!p->block_hooked &&
                (p->o->insn_budget || p->isa_suspect || p->w->clock_on || p->vm)) {
                uc_hook_add(p->uc, &h, UC_HOOK_BLOCK, (void *)on_block, p, 1, 0);
                if (translated) uc_ctl_flush_tb(p->uc);
                p->block_hooked = 1;
            }
            u = uc_emu_start(p->uc, lx_reg(p, UC_MIPS_REG_PC), 0xffffffffu, 0, 0);
            translated = 1;
            if (p->r->exited || p->r->stop[0] || p->exec_pending) break;
            if (u != UC_ERR_OK) break;
            lx_dbg_between(p); /* stopped for the debugger (an interrupt, a switch) */
            /* stopped from a signal handler, or to add the block hook: go on */
            if (lx_sig_pending(p)) lx_sig_deliver(p, lx_reg(p, UC_MIPS_REG_PC));
        }
        lx_sig_running(NULL);
        if (p->r->exited) break;
        if (p->r->stop[0]) lx_die(p, p->r->stop_signal ? p->r->stop_signal : LX_SIGKILL);
        if (!p->exec_pending) {
            snprintf(p->r->stop, sizeof p->r->stop, "%s: %s at 0x%08x (SIGSEGV)", path,
                     uc_strerror(u), lx_reg(p, UC_MIPS_REG_PC));
            lx_die(p, u == UC_ERR_INSN_INVALID ? LX_SIGILL : LX_SIGSEGV);
        }
        /* execve: the same process, a new program on a fresh machine, or on this one */
        kept = keep_engine(p);
        if (!kept) {
            uc_close(p->uc);
            uc_context_free(p->fresh_cpu);
            p->fresh_cpu = NULL;
        }
        lx_lock(p->w);
        lx_shm_gone(p->w, p->pid); /* its attachments went with the old address space */
        lx_unlock(p->w);
        if (kept)
            lx_mem_keep(p, p->code_kept_lo, p->code_kept_hi);
        else
            lx_mem_release(p);
        free(p->isa_seen);
        p->isa_seen = NULL;
        p->isa_n = p->isa_cap = 0;
        p->isa_suspect = 0;
    }
    lx_lock(p->w);
    lx_pent *pe = lx_pent_find(p->w, p->pid);
    if (pe) {
        pe->insns = p->r->insns;
        pe->unknown_syscalls = p->r->unknown_syscalls;
    }
    lx_unlock(p->w);
    lx_dbg_end(p, 0);
    lx_fd_close_all(p);
    lx_vm_exit(p);
    _exit(p->r->status);
}

/* Every guest process is asleep in the host (blocked in a system call) or gone (reaped; a
 * zombie not yet reaped is news): the host's own account of each, from /proc/PID/stat. */
static int all_asleep(lx_world *w)
{
    int32_t pids[LX_NPROC];
    int n = 0;
    lx_lock(w);
    for (int i = 0; i < LX_NPROC; i++)
        if (w->proc[i].pid > 0 && w->proc[i].state == 'R') pids[n++] = w->proc[i].pid;
    lx_unlock(w);
    for (int i = 0; i < n; i++) {
        char path[32], buf[256];
        snprintf(path, sizeof path, "/proc/%d/stat", pids[i]);
        FILE *f = fopen(path, "r");
        if (!f) continue; /* gone */
        size_t k = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[k] = 0;
        const char *s = strrchr(buf, ')');
        /* a zombie died since the last reaping: its end is news, not sleep */
        if (s && s[1] == ' ' && (s[2] == 'R' || s[2] == 'D' || s[2] == 'Z')) return 0;
    }
    return 1;
}

/* Kill every guest process still running (the run is over). They are all in the first
 * guest's process group, and a signal to a group reaches a fork under way in it too (Linux's
 * copy_process restarts it), so no child born meanwhile escapes; the table is a second net. */
static void kill_all(lx_world *w)
{
    if (w->main_pid > 0) kill(-w->main_pid, SIGKILL);
    lx_lock(w);
    for (int i = 0; i < LX_NPROC; i++)
        if (w->proc[i].pid > 0 && w->proc[i].state == 'R') kill(w->proc[i].pid, SIGKILL);
    lx_unlock(w);
}

/* Reap q with wait status st: the process table and the timeline. */
void lx_reaped(lx_world *w, int32_t q, int st)
{
    lx_lock(w);
    lx_pent *pe = lx_pent_find(w, q);
    int32_t ppid = pe ? pe->ppid : 0;
    if (pe) pe->state = 'X';
    lx_shm_gone(w, q);
    lx_unlock(w);
    if (WIFSIGNALED(st))
        lx_event_add(w, LX_EV_KILLED, q, ppid, lx_sig_to_mips(WTERMSIG(st)), "");
    else
        lx_event_add(w, LX_EV_EXIT, q, ppid, WEXITSTATUS(st), "");
}

/* The RAM mount whose root is node root, or -1 (a file system a later mount hid, or the text
 * of an open /proc file). */
static int ram_mount_of(const lx_world *w, uint32_t root)
{
    for (int i = 0; i < LX_NMOUNT; i++)
        if (w->mnt[i].path[0] && w->mnt[i].type == LX_MNT_RAM && w->mnt[i].root == root) return i;
    return -1;
}

/* The guest's absolute path of RAM node n: its mount's path and the names up from n. The
 * mount, or -1 when n is in no visible mount, under an unlinked directory, or the path is too
 * long for buf. */
static int node_path(const lx_world *w, uint32_t n, char *buf, size_t len)
{
    uint32_t up[sizeof((lx_file *)0)->path / 2], depth = 0; /* each name takes "/x" at least */
    for (; w->node[n].parent != n; n = w->node[n].parent) {
        if (depth == sizeof up / sizeof up[0] || w->node[n].unlinked) return -1;
        up[depth++] = n;
    }
    int m = ram_mount_of(w, n);
    if (m < 0) return -1;
    const char *mp = w->mnt[m].path;
    size_t at = (size_t)snprintf(buf, len, "%s", strcmp(mp, "/") ? mp : "");
    while (depth && at < len)
        at += (size_t)snprintf(buf + at, len - at, "/%s", w->node[up[--depth]].name);
    if (at >= len) return -1;
    /* under a later mount inside this one (its own files are listed from its root) */
    for (int i = 0; i < LX_NMOUNT; i++) {
        size_t k = strlen(w->mnt[i].path);
        if (i != m && k > strlen(mp) && !strncmp(buf, w->mnt[i].path, k) && buf[k] == '/')
            return -1;
    }
    return m;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const lx_file *)a)->path, ((const lx_file *)b)->path);
}

/* What the run left on the RAM file systems, by path: the files, directories and symlinks
 * (not their roots: those are the mount points), without a /dev of device nodes (premount's
 * or rcS's). Called with the world locked; out of memory leaves the list empty. */
static void ram_files(lx_world *w, lx_result *r)
{
    int devs[LX_NMOUNT] = {0};
    for (uint32_t i = 1; i < LX_NNODE; i++) {
        const lx_node *nd = &w->node[i];
        int m = (S_ISCHR(nd->mode) || S_ISBLK(nd->mode)) && !nd->unlinked
                    ? ram_mount_of(w, nd->parent)
                    : -1;
        if (m >= 0 && !strcmp(w->mnt[m].path, "/dev")) devs[m] = 1;
    }
    lx_file *fs = malloc(sizeof *fs * LX_NNODE);
    if (!fs) return;
    size_t n = 0;
    for (uint32_t i = 1; i < LX_NNODE; i++) {
        const lx_node *nd = &w->node[i];
        if (!(S_ISREG(nd->mode) || S_ISDIR(nd->mode) || S_ISLNK(nd->mode)) || nd->parent == i)
            continue;
        int m = node_path(w, i, fs[n].path, sizeof fs[n].path);
        if (m < 0 || devs[m]) continue;
        fs[n].size = nd->size;
        fs[n].mode = nd->mode;
        n++;
    }
    qsort(fs, n, sizeof *fs, by_path);
    if (n > LX_NFILES) n = LX_NFILES;
    lx_file *fit = realloc(fs, sizeof *fs * (n ? n : 1));
    r->files = fit ? fit : fs;
    r->nfiles = n;
}

/* The first guest's process-table entry, made by whichever side of the fork gets there
 * first: until it is there the supervisor would see no guest at all, all of them asleep, and
 * move the clock on to the horizon before the guest has begun. */
static void main_entry(lx_world *w, const lx_opts *o, int32_t pid)
{
    lx_lock(w);
    w->main_pid = pid;
    if (o->as_init) w->init_host = pid;
    if (!lx_pent_find(w, pid)) lx_pent_new(w, pid, 0);
    lx_unlock(w);
}

/* A process of group g is still running (a zombie is not: its reaper may be slow). */
static int group_runs(pid_t g)
{
    DIR *d = opendir("/proc");
    if (!d) return 0;
    int runs = 0;
    for (struct dirent *de; !runs && (de = readdir(d));) {
        char path[300], buf[512];
        snprintf(path, sizeof path, "/proc/%s/stat", de->d_name);
        FILE *f = de->d_name[0] >= '1' && de->d_name[0] <= '9' ? fopen(path, "r") : NULL;
        if (!f) continue;
        size_t k = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[k] = 0;
        const char *s = strrchr(buf, ')');
        char state;
        int ppid, pgrp;
        if (s && sscanf(s + 1, " %c %d %d", &state, &ppid, &pgrp) == 3 && pgrp == g)
            runs = state != 'Z' && state != 'X';
    }
    closedir(d);
    return runs;
}

/* The keeper: a process of its own group that outlives a SIGKILL of the supervisor. It waits
 * on a pipe only the supervisor writes to; at its end (the run is over, or the supervisor is
 * gone and cannot kill anything) it kills the guests' group, and when the supervisor is gone
 * it removes the FIFO and socket directories the supervisor would have removed. A
 * PR_SET_PDEATHSIG in each guest would not do: it fires when a guest's own parent dies, and
 * orphans live on, on Linux. */
static void keeper(lx_world *w, int rd, pid_t group)
{
    setpgid(0, 0); /* neither the guests' group nor a job group kill of wa-emu's reaches it */
    char c;
    ssize_t k;
    while ((k = recv(rd, &c, 1, 0)) < 0 && errno == EINTR)
        continue;
    kill(-group, SIGKILL);
    /* the supervisor writes a byte when it is done; an end without one is its death (its
     * descriptors close before its children are given to another parent: not getppid) */
    if (k != 1) {
        /* once no guest runs, none can make a FIFO */
        for (int i = 0; i < 200 && group_runs(group); i++)
            usleep(10000);
        lx_rf_fifos_remove(w);
        lx_net_dir_remove(w);
    }
    _exit(0);
}

int lx_run(sqfs *fs, int argc, char **argv, const lx_opts *o, lx_result *r, wa_err *e)
{
    memset(r, 0, sizeof *r);
    if (argc < 1) return wa_fail(e, WA_E_USAGE, WA_NO_OFFSET, "no program to run");
    lx_world *w = lx_world_new(o->ram, e);
    if (!w) return e ? e->code : WA_E_NOMEM;
    w->nproc = o->nproc && o->nproc < LX_NPROC ? o->nproc : lx_nproc_limit(o->ram);
    if (o->wall_ms) w->deadline_ms = lx_now_ms() + o->wall_ms;
    lx_ticfg_init(w, o->ticfg_env);
    lx_clock_start(w, o);
    /* the console device's host ends, apart from the guest's descriptors 0, 1, 2 */
    w->con_in = fcntl(o->console ? o->console[0] : 0, F_DUPFD_CLOEXEC, 10);
    w->con_out = fcntl(o->console ? o->console[1] : 1, F_DUPFD_CLOEXEC, 10);
    struct stat cs;
    if (w->con_out >= 0 && !fstat(w->con_out, &cs)) w->con_dev = cs.st_dev, w->con_ino = cs.st_ino;
    struct rlimit nocore = {0, 0};
    setrlimit(RLIMIT_CORE, &nocore); /* a guest killed by SIGSEGV leaves no core file */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    /* the supervisor waits for children and for the signals that end it (a terminal's ^C,
     * timeout's TERM): those kill the guests first */
    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigaddset(&chld, SIGINT);
    sigaddset(&chld, SIGTERM);
    sigaddset(&chld, SIGHUP);
    sigaddset(&chld, SIGQUIT);
    sigprocmask(SIG_BLOCK, &chld, &old);
    int keep[2]; /* the keeper's line: at its end the guests die (keeper); a socket, as a send
                  * to a keeper gone early must not raise SIGPIPE */
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, keep)) keep[0] = keep[1] = -1;
    fflush(NULL);
    pid_t main = fork();
    if (main < 0) {
        close(keep[0]);
        close(keep[1]);
        lx_world_free(w);
        return wa_fail(e, WA_E_LIMIT, WA_NO_OFFSET, "fork: cannot start the guest");
    }
    if (main == 0) {
        setpgid(0, 0); /* the run's process group (kill_all); both sides set it, as shells do */
        close(keep[0]);
        close(keep[1]); /* or the keeper would wait for the guests */
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        lx_exact_on();
        lx_sig_setup(); /* `switch` asks with SIGRTMAX: never its default (the end) */
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* the run ends with its supervisor */
        /* Unicorn asks for huge pages for the guest's RAM and its code cache: every first
         * touch of 2 MiB zeroes it whole, which costs a short-lived guest more than it saves */
        prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
        lx_proc *p = calloc(1, sizeof *p);
        if (!p) _exit(127);
        *p = (lx_proc){.fs = fs, .w = w, .o = o, .r = r, .pid = getpid(), .ppid = 0};
        p->fsi_own = (lx_fsinfo){.cwd = "/", .umask = 022};
        p->sig = p->sig_own;
        p->files = &p->files_own;
        p->fsi = &p->fsi_own;
        lx_mem_reserve(p); /* without it, Unicorn's own RAM blocks (slower to split and fill) */
        for (int i = 0; i < 3; i++)
            p->files->fd[i] =
                (lx_fd){.used = 1, .host = o->console ? dup(o->console[i ? 1 : 0]) : i};
        main_entry(w, o, p->pid);
        lx_event_add(w, LX_EV_START, p->pid, 0, 0, argv[0]);
        lx_clock_guest(w, p->pid);
        if (o->premount)
            lx_vfs_premount(p);
        else if (o->devfs)
            lx_vfs_devfs(p);
        guest(p, argv[0], argc, argv);
    }
    setpgid(main, main);
    main_entry(w, o, main);
    pid_t kp = keep[0] >= 0 ? fork() : -1;
    if (kp == 0) {
        close(keep[1]);
        keeper(w, keep[0], main);
    }
    if (kp < 0 && keep[1] >= 0) {
        close(keep[1]); /* no keeper: a SIGKILL of wa-emu leaves the orphans */
        keep[1] = -1;
    }
    close(keep[0]);
    /* a terminal's console: the guests' group is its foreground, or their reads of it would
     * stop them (SIGTTIN); its ^C and ^\ then go to the guests, as on the box's console */
    /* ... and so for a debugger's console on our own terminal (lx_opts.dbg_fn reads it) */
    int tty = isatty(w->con_in) ? w->con_in : o->dbg_fn && isatty(0) ? 0 : -1;
    pid_t fg = tty >= 0 ? tcgetpgrp(tty) : -1;
    if (fg > 0 && fg == getpgrp()) tcsetpgrp(tty, main);
    int main_done = 0, ended_by = 0, quiet = 0;
    /* the horizon counts from init's start, which --deep puts after the kernel's boot */
    uint64_t quiet_since = 0,
             horizon = o->horizon_ms ? o->horizon_ms * 1000000 + (o->net ? o->boot_ns : 0) : 0;
    uint32_t seq = 0;
    for (;;) {
        /* with a world, often: each skip of the clock waits for two quiet ticks */
        struct timespec tick = {0, (w->clock_on ? 2 : 50) * 1000 * 1000};
        int got = sigtimedwait(&chld, NULL, &tick);
        if (got > 0 && got != SIGCHLD && !ended_by) {
            ended_by = got;
            kill_all(w);
        }
        int st;
        pid_t q;
        while ((q = waitpid(-1, &st, WNOHANG)) > 0) {
            if (q == kp) continue;
            lx_reaped(w, q, st);
            if (q == main) {
                main_done = 1;
                /* the keeper kills the group too, and ends */
                if (keep[1] >= 0) {
                    (void)!send(keep[1], "", 1, MSG_NOSIGNAL); /* or it is gone already */
                    close(keep[1]);
                    keep[1] = -1;
                }
                if (WIFEXITED(st) && !r->settled) r->status = WEXITSTATUS(st);
                if (WIFSIGNALED(st) && !r->settled) r->signal = lx_sig_to_mips(WTERMSIG(st));
                kill_all(w); /* what the first process leaves behind ends with it */
            }
        }
        if (q < 0 && main_done) break;
        /* a process stopped by a debugger is neither asleep nor late: the time it is held
         * counts for nothing, and the wall-clock limit starts again when it goes on */
        int held = __atomic_load_n(&w->held, __ATOMIC_SEQ_CST) > 0;
        if (held) {
            quiet = 0;
            quiet_since = 0;
            if (w->deadline_ms) w->deadline_ms = lx_now_ms() + o->wall_ms;
        }
        if (held) {
            /* nothing to judge while it is held */
        } else if (!main_done && !r->settled && w->clock_on) {
            /* every guest blocked at two ticks in a row, and no system call between them:
             * the clock moves on to the next deadline (clock.c); none before the horizon,
             * and the run has settled */
            uint32_t s = __atomic_load_n(&w->seq, __ATOMIC_RELAXED);
            /* a child that changed state this tick is news too; the host's account of every
             * process (a /proc read each) is asked only when there is no other news: with a
             * hundred processes booting it was a twentieth of the run's CPU time */
            quiet = s == seq && got != SIGCHLD && all_asleep(w) ? quiet + 1 : 0;
            seq = s;
            lx_clock_nudge(w);
            if (quiet >= 2) {
                quiet = 0;
                lx_lock(w);
                int steady = o->steady_ms && !w->net_used &&
                             lx_vnow(w) - w->novel_ns >= o->steady_ms * 1000000;
                lx_unlock(w);
                if (steady) {
                    r->settled = r->steady = 1;
                    kill_all(w);
                } else if (lx_clock_skip(w, horizon) && (o->settle_ms || horizon)) {
                    r->settled = 1;
                    kill_all(w);
                }
            }
            if (!r->settled && horizon && lx_vnow(w) >= horizon) {
                r->settled = 1;
                kill_all(w);
            }
        } else if (!main_done && !r->settled && o->settle_ms) {
            uint64_t now = lx_now_ms();
            if (!all_asleep(w))
                quiet_since = 0;
            else if (!quiet_since)
                quiet_since = now;
            else if (now - quiet_since >= o->settle_ms) {
                r->settled = 1;
                kill_all(w);
            }
        }
        if (!main_done && w->deadline_ms && lx_now_ms() > w->deadline_ms + 200) {
            snprintf(r->stop, sizeof r->stop, "wall-clock limit of %u ms reached (killed)",
                     o->wall_ms);
            r->wall_clock = 1;
            kill_all(w);
        }
    }
    if (fg > 0 && fg == getpgrp()) {
        /* taking the terminal back from a background group: SIGTTOU must not stop us */
        sigset_t tt, prev;
        sigemptyset(&tt);
        sigaddset(&tt, SIGTTOU);
        sigprocmask(SIG_BLOCK, &tt, &prev);
        tcsetpgrp(tty, fg);
        sigprocmask(SIG_SETMASK, &prev, NULL);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    close(w->con_in);
    close(w->con_out);
    if (ended_by) {
        lx_world_free(w);
        signal(ended_by, SIG_DFL);
        raise(ended_by);
    }
    int rc = WA_OK;
    lx_lock(w);
    for (int i = 0; i < LX_NPROC; i++) {
        lx_pent *pe = &w->proc[i];
        if (pe->pid != main) continue;
        if (pe->stop[0] && !r->stop[0]) snprintf(r->stop, sizeof r->stop, "%s", pe->stop);
        r->insns = pe->insns;
        r->unknown_syscalls = pe->unknown_syscalls;
    }
    r->events_lost = w->ev_lost;
    lx_unlock(w);
    r->exited = !r->signal && !r->stop[0] && !r->settled;
    if (w->main_err.code) {
        if (e) *e = w->main_err;
        rc = w->main_err.code;
    }
    r->events = malloc(sizeof(lx_event) * (w->nev ? w->nev : 1));
    if (r->events) {
        memcpy(r->events, w->ev, sizeof(lx_event) * w->nev);
        r->nevents = w->nev;
    }
    lx_lock(w);
    ram_files(w, r);
    lx_unlock(w);
    lx_world_free(w);
    return rc;
}

void lx_result_free(lx_result *r)
{
    free(r->events);
    r->events = NULL;
    r->nevents = 0;
    free(r->files);
    r->files = NULL;
    r->nfiles = 0;
}
