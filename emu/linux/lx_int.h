/* lx_int.h: one guest process, and the interfaces between the personality's files. */
#ifndef WA_LX_INT_H
#define WA_LX_INT_H

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <unicorn/unicorn.h>

#include "lx.h"
#include "o32.h"
#include "world.h"

#define LX_PAGE 4096u
#define LX_PAGES (1u << 19) /* pages below 2 GiB: the o32 user space */
#define LX_TASK_SIZE 0x7fff8000u
#define LX_STACK_TOP 0x7fff0000u
#define LX_STACK_MAX (8u << 20)     /* RLIMIT_STACK */
#define LX_STACK_FIRST (128u << 10) /* mapped at start; grows on fault up to LX_STACK_MAX */
#define LX_MMAP_BASE 0x2aaa8000u    /* TASK_UNMAPPED_BASE */
#define LX_NFD 256
#define LX_NSIG 128

/* MIPS signal numbers the emulator itself sends (the same as the host's for these). */
enum {
    LX_SIGILL = 4,
    LX_SIGTRAP = 5,
    LX_SIGFPE = 8,
    LX_SIGKILL = 9,
    LX_SIGBUS = 10,
    LX_SIGSEGV = 11
};

/* The auxv entry types of an o32 program's initial stack (uapi/linux/auxvec.h). */
enum {
    LX_AT_NULL = 0,
    LX_AT_PHDR = 3,
    LX_AT_PHENT = 4,
    LX_AT_PHNUM = 5,
    LX_AT_PAGESZ = 6,
    LX_AT_BASE = 7,
    LX_AT_FLAGS = 8,
    LX_AT_ENTRY = 9,
    LX_AT_UID = 11,
    LX_AT_EUID = 12,
    LX_AT_GID = 13,
    LX_AT_EGID = 14,
    LX_AT_PLATFORM = 15,
    LX_AT_HWCAP = 16,
    LX_AT_CLKTCK = 17,
    LX_AT_SECURE = 23,
    LX_AT_BASE_PLATFORM = 24,
    LX_AT_RANDOM = 25,
    LX_AT_EXECFN = 31,
};

/* A guest file descriptor: a host descriptor (standard streams, pipes, sockets) or one of the
 * world's open file descriptions (image files, RAM files, devices). */
typedef struct lx_fd {
    int used;
    int host; /* >= 0: that host descriptor */
    int ofd;  /* otherwise: index into world->ofd */
    int cloexec;
    int sock; /* a socket (host is its host socket) */
    int sock_type, sock_family;
    uint32_t peer_ip;   /* AF_INET: the address it is connected or last sent to */
    uint16_t peer_port; /* ... and the port */
    uint8_t syslog;     /* connected to /dev/log: what it sends is on the timeline */
} lx_fd;

/* netpeer.c: a socket whose other end is the scripted world (emu/net). The guest's end is one
 * side of a host socketpair; the process that made it holds the other and answers there, at
 * once, after each thing the guest sends (lx_net_pump). */
#define LX_NCONN 8
#define LX_CONSOLE_EVENTS 16 /* console writes on the timeline per program */
#define LX_PROC_EVENTS 4 /* stderr writes, and refused writes, each on the timeline per program */
typedef struct lx_conn {
    int used;
    int peer;     /* the world's end (a host descriptor) */
    uint64_t ino; /* the guest end's socket, by inode (dup and fork share it) */
    int kind;     /* NET_DNS, NET_NOIP, or LX_CONN_SINK (a /dev/log nobody reads) */
    int answered;
    uint32_t got;
    char req[8192]; /* what the guest sent so far (a stream) */
} lx_conn;
enum { LX_CONN_SINK = 100 };

/* files_shared.c: what clone(CLONE_FILES) shares: the descriptors, with the world's sockets
 * behind them (netpeer.c); and what clone(CLONE_FS) shares: the directory and the umask.
 * A process's own, or, for LinuxThreads' threads (both flags with CLONE_VM), the vm's. */
typedef struct lx_files {
    lx_fd fd[LX_NFD];
    lx_conn conn[LX_NCONN];
    int nconn;
} lx_files;
typedef struct lx_fsinfo {
    char cwd[1024];
    uint32_t umask;
} lx_fsinfo;

typedef struct lx_sigact {
    uint32_t handler, flags;
    uint64_t mask; /* signals 1-64 */
} lx_sigact;

/* mem_shared.c: an address space clone(CLONE_VM) made several processes share (LinuxThreads'
 * threads), in shared memory: its pages are in memfd, mapped over each sharer's reservation */
typedef struct lx_vm {
    pthread_mutex_t lock; /* process-shared, robust, recursive; taken before the world's */
    /* the CPU: the board has one, and Unicorn's SC (without CF_PARALLEL) is a load, a compare
     * and a store that another host process could interleave with. A sharer holds it while it
     * runs guest code and lets it go in each system call and, when another waits, every
     * LX_CPU_SLICE blocks: as on a uniprocessor, an LL/SC pair another thread came between
     * fails (its SC compares with the value LL read), and LinuxThreads' locks hold */
    pthread_mutex_t cpu;
    uint32_t cpu_waiters;
    uint32_t gen; /* bumped at every map and unmap: engines catch up when it moved */
    int memfd;
    uint32_t users;
    int32_t pids[LX_NPROC]; /* the sharers */
    int32_t owner;          /* the sharer whose process-table entry counts the RAM */
    uint32_t mem;           /* bytes counted against the RAM, once for all sharers */
    uint32_t brk_start, brk, brk_mapped, stack_low;
    uint8_t mapped[LX_PAGES / 8], counted[LX_PAGES / 8];
    /* the signal handlers CLONE_SIGHAND sharers share (signal.c): written under lock */
    lx_sigact sig[LX_NSIG];
    /* the descriptors and the directory CLONE_FILES and CLONE_FS sharers share
     * (files_shared.c), and how many share each: changed under lock */
    lx_files files;
    lx_fsinfo fsi;
    uint32_t files_users, fsi_users;
} lx_vm;

typedef struct lx_proc {
    uc_engine *uc;
    sqfs *fs;
    lx_world *w;
    const lx_opts *o;
    lx_result *r;
    int32_t pid, ppid;
    int32_t tgid; /* a 2.4 clone(LX_CLONE_THREAD)'s thread group: its leader's pid (0: its own) */
    /* the address space (mem.c) */
    uint8_t mapped[LX_PAGES / 8], counted[LX_PAGES / 8];
    uint8_t ext[LX_PAGES / 8]; /* mapped from outside the reservation (shared memory segments) */
    lx_vm *vm;                 /* shared with other processes (mem_shared.c), or NULL; then
                                * mapped is what this engine has mapped, the space's own
                                * bitmaps, bounds and RAM are vm's */
    uint32_t vm_gen;           /* vm->gen when this engine last caught up */
    int cpu_held;              /* holds vm->cpu */
    uint32_t cpu_blocks;       /* blocks run since it took it */
    uint8_t *host; /* guest address a is host + a (mem.c); NULL: Unicorn's own RAM blocks */
    uint32_t mem;  /* bytes counted against the RAM */
    uint32_t brk_start, brk, brk_mapped; /* heap: [brk_start, brk), mapped up to brk_mapped */
    uint32_t stack_low;                  /* lowest mapped stack address */
    uint32_t block, block_size;          /* the block running now */
    int block_hooked;                    /* the block hook is on (counting, ISA checks) */
    uint32_t vinsns;                     /* instructions run, not yet told to the clock */
    int isa_suspect;                     /* R1 board, and the code holds R2 instructions */
    uint32_t *isa_seen, isa_n, isa_cap;  /* R1 boards: blocks already checked (a hash set) */
    const char *prog;                    /* the program now running, for findings */
    /* descriptors and files: files_own and fsi_own, or the vm's (files_shared.c) */
    lx_files *files, files_own;
    lx_fsinfo *fsi, fsi_own;
    int nice; /* setpriority's value; it changes nothing here */
    /* signals (signal.c) */
    lx_sigact *sig; /* the handlers: sig_own, or the vm's when CLONE_SIGHAND shares them */
    lx_sigact sig_own[LX_NSIG];
    uint64_t sigmask;
    uint64_t suspend_old; /* rt_sigsuspend: the mask to restore */
    int suspended;
    uint32_t tramp;     /* the page with the sigreturn trampolines */
    int stderr_events;  /* writes to fd 2 put on the timeline so far (LX_PROC_EVENTS at most) */
    int console_events; /* writes to the console put on the timeline (LX_CONSOLE_EVENTS) */
    int write_events;   /* refused writes put on the timeline so far (as many at most) */
    int tls_refused;    /* set_thread_area refused (a 2.4 kernel): on the timeline once */
    int module_refused; /* a module call refused: on the timeline once a program */
    /* execve: the new program, run on a fresh engine once this one has stopped */
    int exec_pending;
    struct lx_image *exec_image; /* the program execve checked, read once for the load */
    struct lx_image *image_kept; /* the program loaded last, for an execve of the same files */
    /* the code pages an engine kept from the program before already hold (lx_exec_same_code);
     * both 0 on a fresh engine */
    uint32_t code_kept_lo, code_kept_hi;
    uc_context *fresh_cpu; /* the engine's CPU as it was made, for a program it is kept for */
    char *exec_file, *exec_argv[256], *exec_envp[256];
    char *exec_name; /* the name execve was given (AT_EXECFN): for a script, the script */
    char exec_buf[131072];
    /* the debugger holding this process (debug_target.c), or NULL */
    struct lx_dbg *dbg;
    int dbg_fork_hold; /* a fork's child, to hold itself for the debugger (lx_dbg_fork_child) */
    /* a call a host signal of the emulator's own interrupted (the kick, the debugger's stop,
     * with no guest signal to deliver) runs again from its syscall
     * instruction, unseen by the guest: where it returns to (0: none) and its number, the
     * deadline its timed wait had (0: none), and that the block of the syscall instruction is
     * counted once already (the clock) */
    uint32_t reissue_at, reissue_nr, reissue_block;
    uint64_t reissue_deadline;
    int reissue;            /* the call running now is such a second run */
    uint64_t call_deadline; /* the deadline of the timed wait of the call running now */
} lx_proc;

typedef int64_t (*lx_fn)(lx_proc *p, const uint32_t *a);
/* A handler's result that leaves v0 and a3 alone (sigreturn restored them). */
#define LX_NO_RESULT INT64_MIN

/* One row of a handler table, by the call's number (LX_NR_*, from syscall_o32.tbl, which
 * also has its name, arguments and restart rule); each syscall_*.c has one and exports a
 * finder. */
typedef struct lx_call {
    uint16_t nr;
    lx_fn fn;
} lx_call;
const lx_call *lx_find_call(const lx_call *t, size_t n, uint32_t nr);
/* Handlers every table uses (syscall.c): 0, and the caller's pid. */
int64_t lx_ret_zero(lx_proc *p, const uint32_t *a);
int64_t lx_ret_pid(lx_proc *p, const uint32_t *a);
const lx_call *lx_fs_call(uint32_t nr);
const lx_call *lx_proc_call(uint32_t nr);
const lx_call *lx_mem_call(uint32_t nr);
const lx_call *lx_sig_call(uint32_t nr);
const lx_call *lx_net_call(uint32_t nr);
const lx_call *lx_ipc_call(uint32_t nr);
const lx_call *lx_klog_call(uint32_t nr);

/* SysV IPC flags and commands (uapi/linux/ipc.h, the same on MIPS). */
enum {
    LX_IPC_RMID = 0,
    LX_IPC_SET = 1,
    LX_IPC_STAT = 2,
    LX_IPC_64 = 0x100,
    LX_IPC_CREAT = 0x200,
    LX_IPC_EXCL = 0x400,
    LX_IPC_NOWAIT = 0x800,
};
/* SysV IPC. syscall_ipc.c: the struct ipc64_perm (36 bytes) that starts every o32 *id64_ds,
 * and IPC_SET's part of it (uid, gid and mode, where both layouts keep them). msgq.c: message
 * queues, for ipc(2) and the direct calls. */
void lx_ipc_perm(uint8_t *st, int32_t key, uint32_t uid, uint32_t gid, uint32_t mode);
void lx_ipc_set_perm(const uint8_t *st, uint32_t *uid, uint32_t *gid, uint32_t *mode);
/* Shared memory attachments (syscall_ipc.c): a fork copies the parent's, a process that
 * execs or is reaped loses its own (world locked for these two); lx_unmap drops those its
 * range covers; MAP_SHARED|MAP_ANONYMOUS is an unnamed segment mapped at at (0 or -errno). */
void lx_shm_forked(lx_world *w, int32_t parent, int32_t child);
/* A guest process was waited for (proc.c), with its wait status: its table entry goes, its
 * attachments with it, and its end is on the timeline. */
void lx_reaped(lx_world *w, int32_t pid, int st);
void lx_shm_gone(lx_world *w, int32_t pid);
void lx_shm_unmapped(lx_proc *p, uint32_t addr, uint32_t len);
int64_t lx_shm_anon(lx_proc *p, uint32_t at, uint32_t len);
int64_t lx_msgget(lx_proc *p, int32_t key, uint32_t flg);
int64_t lx_msgsnd(lx_proc *p, int32_t id, uint32_t msgp, uint32_t sz, uint32_t flg);
int64_t lx_msgrcv(lx_proc *p, int32_t id, uint32_t msgp, uint32_t sz, int32_t typ, uint32_t flg);
int64_t lx_msgctl(lx_proc *p, int32_t id, uint32_t cmd, uint32_t buf);

/* Guest memory helpers (syscall.c): 0 or -LX_EFAULT. */
int lx_get(lx_proc *p, uint32_t addr, void *buf, size_t n);
int lx_put(lx_proc *p, uint32_t addr, const void *buf, size_t n);
int lx_get_str(lx_proc *p, uint32_t addr, char *buf, size_t cap);
/* A timeout's struct timespec at addr: 32-bit fields, or 64-bit ones (ts64, the time64
 * calls); 0, -LX_EFAULT, or -LX_EINVAL for a negative or out-of-range value. */
int lx_get_timespec(lx_proc *p, uint32_t addr, int ts64, int64_t *sec, int64_t *ns);
uint32_t lx_reg(lx_proc *p, int reg);
void lx_set_reg(lx_proc *p, int reg, uint32_t v);
/* Stop this process with a finding (the emulator's reason). */
void lx_stop(lx_proc *p, int sig, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* "in the block A-B", or why that is not known: where the guest is, for a finding. */
const char *lx_where(const lx_proc *p, char *buf, size_t n);

/* mem.c: the address space. Maps whole runs of unmapped pages in [addr, addr+len) (pages
 * already mapped are left as they are); count: the pages cost RAM. */
int lx_map(lx_proc *p, uint32_t addr, uint32_t len, int count, wa_err *e);
void lx_unmap(lx_proc *p, uint32_t addr, uint32_t len);
int lx_is_mapped(lx_proc *p, uint32_t addr, uint32_t len);
int lx_any_mapped(lx_proc *p, uint32_t addr, uint32_t len);
/* The host bytes behind [addr, addr+len) when lx_map has just mapped it whole (no page of it
 * was mapped before): written there, the program sees them; NULL when they are elsewhere. */
uint8_t *lx_host_fresh(lx_proc *p, uint32_t addr);
int lx_mem_reserve(lx_proc *p); /* the first process: its address space's host pages */
void lx_mark_mapped(lx_proc *p, uint32_t addr,
                    uint32_t len);               /* mapped by the caller, not counted */
uint32_t lx_free_area(lx_proc *p, uint32_t len); /* 0: none */
/* Give mapped pages the access Linux prot (PROT_READ 1, WRITE 2, EXEC 4) gives them on a
 * MIPS32 without execute-inhibit: any access reads and runs. 0 or -LX_ENOMEM. */
int lx_protect(lx_proc *p, uint32_t addr, uint32_t len, uint32_t prot);
void lx_mem_release(lx_proc *p);                        /* at exit/exec: give the RAM back */
void lx_mem_keep(lx_proc *p, uint32_t lo, uint32_t hi); /* exec: all but [lo, hi) unmapped */
/* mem_shared.c. lx_vm_share: the first clone(CLONE_VM) moves the space into shared memory;
 * lx_vm_join: a CLONE_VM child counts itself a sharer; lx_vm_sync: this engine catches up
 * with what the others mapped (at each system call); lx_vm_fault: ... on a fault at addr, 1
 * when addr is mapped now; lx_vm_changed: this process mapped or unmapped (vm locked);
 * lx_vm_release: pages [pg, end) emptied; lx_vm_leave: private again (copy: a fork's child
 * keeps the bytes; else an execve, which leaves it); lx_vm_exit: a sharer ends. The lock
 * functions do nothing without a shared space. */
int lx_vm_share(lx_proc *p, wa_err *e);
void lx_vm_join(lx_proc *p);
void lx_vm_lock(lx_proc *p);
void lx_vm_unlock(lx_proc *p);
void lx_vm_sync(lx_proc *p);
void lx_vm_sync_locked(lx_proc *p);
int lx_vm_fault(lx_proc *p, uint32_t addr);
void lx_vm_changed(lx_proc *p);
void lx_vm_release(lx_proc *p, uint32_t pg, uint32_t end);
void lx_vm_leave(lx_proc *p, int copy);
void lx_vm_exit(lx_proc *p);
/* The shared CPU (lx_vm.cpu): lx_cpu_take before guest code runs, lx_cpu_give around a system
 * call's handler, lx_cpu_slice from the block hook. Nothing without a shared space. */
#define LX_CPU_SLICE 4096u
void lx_cpu_take(lx_proc *p);
void lx_cpu_give(lx_proc *p);
void lx_cpu_slice(lx_proc *p);
int lx_grow_stack(lx_proc *p, uint32_t addr); /* a fault just below the stack */

/* load.c: map the ELF at path (and its interpreter) and build the initial stack, execfn its
 * AT_EXECFN (NULL: path); -errno with the reason in e. lx_exec_check: the same checks without
 * loading (execve's, before it commits). -LX_EFAULT: a truncated segment (the kernel would
 * kill it with SIGBUS). */
int lx_load(lx_proc *p, const char *path, const char *execfn, int argc, char **argv, char **envp,
            wa_err *e);
int lx_exec_check(lx_proc *p, const char *path, wa_err *e);
/* The program execve checked would find its code segment where the engine has it now, byte
 * for byte, in whole pages of the reservation that count no RAM (the same program again, as a
 * busybox applet a busybox shell forks and execs): 1, with those pages [lo, hi) and whether
 * the new program holds instructions the board cannot run. Then the engine and what it
 * translated of that code can stay (proc.c), its other pages unmapped (lx_mem_keep). */
int lx_exec_same_code(lx_proc *p, uint32_t *lo, uint32_t *hi, int *suspect);
/* syscall_proc.c: set p->exec_* for file (through its #! line), checked; -errno. */
int lx_exec_prepare(lx_proc *p, const char *file, char *const *argv, char *const *envp, wa_err *e);
int64_t lx_do_mmap(lx_proc *p, uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags,
                   uint32_t fd, uint64_t off);

/* fd.c: descriptors over the world's open file descriptions. lx_fd_new reserves the lowest
 * free guest fd >= from (or gives -EMFILE), which the caller fills in, or gives back with
 * lx_fd_unreserve (returning rc) when what it was for failed: a thread sharing the table
 * cannot take it meanwhile. lx_fd_dup_new: dup to the lowest free fd >= from. */
#define LX_FD_RESERVED 2 /* lx_fd.used of a reserved fd */
int lx_fd_new(lx_proc *p, int from);
int64_t lx_fd_unreserve(lx_proc *p, int fd, int64_t rc);
int lx_fd_dup_new(lx_proc *p, uint32_t ofd, int from, int cloexec);
lx_ofd *lx_fd_ofd(lx_proc *p, uint32_t fd); /* NULL unless an open description */
/* The host descriptor behind an open console device, for reading (in) or writing; -1 when the
 * description is not a console (syscall_fs.c). */
int lx_console_host(lx_proc *p, const lx_ofd *o, int in);
int lx_fd_close(lx_proc *p, uint32_t fd);
int lx_fd_dup(lx_proc *p, uint32_t ofd, int nfd, int cloexec);
void lx_fd_fork(lx_proc *p);      /* the child took copies: count its references */
void lx_fd_close_all(lx_proc *p); /* at exit: unless another sharer of the table goes on */

/* files_shared.c. lx_files_share: before a clone(CLONE_VM) with CLONE_FILES (files) or
 * CLONE_FS (fs), the tables become the vm's and the child is counted; gives what is shared
 * (LX_SHARE_*), 0 when the space's tables are another group's; lx_files_unshare: the clone
 * failed; lx_files_copy: a child takes copies of what its parent shared and it does not
 * (got: what it shares); lx_files_exec: an execve's private copies; lx_files_exit: a sharer
 * ends, 1 when the descriptors are its own to close (private, or the last sharer). */
enum { LX_SHARE_FILES = 1, LX_SHARE_FS = 2 };
int lx_files_shared(const lx_proc *p);
int lx_files_share(lx_proc *p, int files, int fs);
void lx_files_unshare(lx_proc *p, int got);
void lx_files_copy(lx_proc *p, int got);
void lx_files_exec(lx_proc *p);
int lx_files_exit(lx_proc *p);
int lx_ofd_new(lx_world *w); /* locked by the caller; -ENFILE when full */
void lx_ofd_put(lx_world *w, int i);

/* clock.c (its comment says how virtual time passes). The host signal the supervisor wakes the
 * guests with after it moved the clock: SIGSTKFLT, which no guest signal maps to. */
#define LX_SIG_CLOCK SIGSTKFLT
#define LX_SYSCALL_NS 2000u /* the kernel's side of a system call, on the clock */
/* A guest tells the clock what it ran at each system call and every LX_CLOCK_QUANTUM
 * instructions (about 0.4 ms at 150 MHz): how late a computing guest's timer may go off. */
#define LX_CLOCK_QUANTUM 65536u
void lx_clock_start(lx_world *w, const lx_opts *o);
void lx_clock_guest(lx_world *w, int32_t pid); /* in each guest process, at its start */
uint64_t lx_vnow(lx_world *w);                 /* virtual ns since the run started */
int64_t lx_vreal_ns(lx_world *w);              /* the guests' wall time, ns since 1970 */
/* A timed wait until deadline (virtual ns): the host nanoseconds to wait now (0: it passed),
 * with the deadline marked for the supervisor until lx_vwait_done. A wait wakes early (EINTR)
 * when the clock moved: it asks again. lx_ns_to_ms rounds up, for poll. */
uint64_t lx_vwait_ns(lx_proc *p, uint64_t deadline);
/* The deadline (virtual ns) of a timed wait of rel ns that the call running now begins: now
 * plus rel, or for a call the debugger interrupted and runs again, the one it had. */
uint64_t lx_vdeadline(lx_proc *p, uint64_t rel);
void lx_vwait_done(lx_proc *p);
int lx_ns_to_ms(uint64_t ns);
/* The guest's clock c (CLOCK_REALTIME, MONOTONIC ...) in ns (syscall.c). */
int64_t lx_guest_clock(lx_proc *p, uint32_t c);
/* ITIMER_REAL in virtual time: value 0 disarms; what was left and its period, in ns. */
void lx_vsetitimer(lx_proc *p, uint64_t value_ns, uint64_t iv_ns, uint64_t *old_left,
                   uint64_t *old_iv);
void lx_vgetitimer(lx_proc *p, uint64_t *left, uint64_t *iv);
/* The supervisor, when every guest is blocked: the clock moves to the earliest deadline; 1
 * when there is none before horizon_ns (0: no horizon): the run has settled. */
int lx_clock_skip(lx_world *w, uint64_t horizon_ns);
/* The supervisor's tick: a process whose deadline came is woken (LX_SIG_CLOCK). */
void lx_clock_nudge(lx_world *w);
/* In a guest, from the block hook and at each system call: the instructions it ran since it
 * last told the clock move it on, and its own timer goes off if that made it due. */
void lx_clock_tell(lx_proc *p);

/* netpeer.c. The world's time: milliseconds since the run started. */
uint64_t lx_net_now(lx_proc *p);
void lx_net_event(lx_proc *p, int kind, int value, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* connect() of AF_INET socket f to ip:port through the world: 1 when the destination is the box
 * itself (the caller connects on the loopback), else 0 or -errno. */
int64_t lx_net_connect(lx_proc *p, lx_fd *f, uint32_t ip, uint16_t port);
/* A datagram to ip:port through the world: 1 for the loopback (the caller sends it), else the
 * bytes taken or -errno. */
int64_t lx_net_sendto(lx_proc *p, lx_fd *f, const uint8_t *b, size_t n, uint32_t ip, uint16_t port);
/* f's other end is the world's: conn kind (0 or -errno). */
int lx_conn_open(lx_proc *p, lx_fd *f, int kind);
/* The interfaces now: the world's, or lo alone (SIOCGIF*, /proc/net). */
int lx_ifaces(lx_proc *p, net_iface out[4]);
/* syscall_net.c: remove the run's socket directory (lx_world.net_dir) with its sockets. */
void lx_net_dir_remove(lx_world *w);
/* Answer what the guests sent on the world's sockets. */
void lx_net_pump(lx_proc *p);

/* vfs.c: paths over the mounts. */
int lx_vfs_premount(lx_proc *p);
int lx_vfs_devfs(lx_proc *p); /* devfs on /dev, as a 2.4 kernel mounts it before init */
int lx_vfs_read_file(lx_proc *p, const char *path, uint8_t **data, size_t *len, uint32_t *mode);
/* path names a regular file of the SquashFS image (not of a mount over it), whose bytes and
 * mode stay as they are for the whole run: 1, with its inode in *ref. */
int lx_vfs_image_file(lx_proc *p, const char *path, sqfs_ref *ref);

/* signal.c */
int lx_sig_init(lx_proc *p);                         /* after load: map the trampoline page */
void lx_sig_deliver(lx_proc *p, uint32_t resume_pc); /* run pending handlers now */
int lx_sig_pending(lx_proc *p);
int64_t lx_sig_sleep(lx_proc *p); /* until a signal comes: -LX_EINTR (pause, a klog read) */
int lx_sig_restarts(lx_proc *p);  /* the handler next to run has SA_RESTART */
/* CLONE_SIGHAND: lx_sig_share makes the handlers the vm's (the caller's space is shared),
 * lx_sig_private this process's own again (a copy); lx_sig_defaults, with shared handlers,
 * takes the default or ignore action of the pending signals that have no handler (see
 * signal.c), before a call decides it was interrupted. Nothing without shared handlers. */
void lx_sig_share(lx_proc *p);
void lx_sig_private(lx_proc *p);
void lx_sig_defaults(lx_proc *p);
/* The debugger asks a process to stop (debug_target.c) with SIGRTMAX queued with this value:
 * the kick's signal, which no guest signal maps to and which interrupts a blocking host call.
 * lx_sig_dbg_wanted: it asked and the process has not parked yet; lx_sig_dbg_take reads and
 * clears it. lx_sig_interrupted: a guest signal or the debugger: a blocking call must return
 * -LX_EINTR (the dispatcher rewinds it for the debugger, invisibly to the guest). */
#define LX_DBG_SIGVAL 0x77646267
int lx_sig_dbg_wanted(void);
void lx_sig_setup(void); /* the handler of SIGRTMAX, before a debugger can send it */
int lx_sig_dbg_take(void);
int lx_sig_interrupted(lx_proc *p);
int lx_sig_to_host(int s);
int lx_sig_to_mips(int s);
void lx_sig_reset_on_exec(lx_proc *p);
void lx_sig_forked(void);
void lx_sig_running(uc_engine *uc); /* the engine a signal should stop, or NULL */

/* isa.c: release-2 instructions on a release-1 board. */
const char *lx_isa_r2_name(uint32_t insn);
/* 1: some word is an instruction the board cannot run (lx_isa_check_block's rule) */
int lx_isa_scan(const lx_opts *o, const uint8_t *code, size_t n);
int lx_isa_checked(const lx_opts *o); /* the board has instructions it cannot run */
uint32_t lx_isa_check_block(lx_proc *p, uint32_t addr, uint32_t size, uint32_t *insn,
                            const char **name);

/* proc.c: end this process as the kernel would, with MIPS signal s (after a finding). */
void lx_die(lx_proc *p, int s) __attribute__((noreturn));
/* debug_target.c: gdb's hold on the first process (lx_opts.gdb). lx_dbg_start serves gdb on
 * the listening socket lfd from a thread and waits there for gdb to let the program go;
 * lx_dbg_engine hooks a new engine (after an execve); lx_dbg_forked lets a fork's child go,
 * or marks it to hold itself when gdb follows forks: lx_dbg_fork_child, once the fork has
 * returned 0 in it; lx_dbg_end reports the process's end (signal: the MIPS signal it dies of,
 * 0: its exit) and waits for gdb to take it in. */
int lx_dbg_start(lx_proc *p, int lfd);
void lx_dbg_engine(lx_proc *p);
void lx_dbg_forked(lx_proc *p);
void lx_dbg_fork_child(lx_proc *p);
void lx_dbg_end(lx_proc *p, int signal);
/* between two runs of the engine: an interrupt parks here, hooks that flush are added */
void lx_dbg_between(lx_proc *p);
/* a system call's entry (ret 0, before its arguments are read) or return (ret 1, its result
 * set): a stop when gdb catches it */
void lx_dbg_syscall(lx_proc *p, uint32_t nr, int ret);
/* lx_stop's reason is being recorded: the instruction running now is where it happened (a
 * faulting store is only acted on at the next system call) */
void lx_dbg_fault(lx_proc *p);
/* ... a load or store to addr that faulted: its instruction is found in the block */
void lx_dbg_fault_at(lx_proc *p, uint32_t addr);

/* exact.c: Unicorn's mid-block exit checks off in guest processes (stops at block starts). */
void lx_exact_on(void);

/* personality.c: the kernel's release and version for uname (65 bytes each at most), and
 * /proc/version's line; lx_no_tls: the kernel gives no TLS (a 2.4 kernel, lx_opts.tls_emulated
 * unset): set_thread_area is ENOSYS and rdhwr $29 a reserved instruction (SIGILL). */
void lx_kernel_names(const lx_opts *o, char *release, size_t rcap, char *version, size_t vcap);
int lx_proc_version_text(const lx_opts *o, char *b, size_t cap);
int lx_no_tls(const lx_opts *o);

/* strace.c: print call nr with its arguments and result r on lx_opts.strace; handled: wa-emu
 * has a handler for it (otherwise the call is named with its number). */
void lx_strace(lx_proc *p, uint32_t nr, const uint32_t *a, int64_t r, int handled);

/* syscall.c: the o32 system call dispatcher (a UC_HOOK_INTR callback). */
void lx_syscall(uc_engine *uc, uint32_t intno, void *user);

#endif
