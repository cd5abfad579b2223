/* lx.h: running the image's own MIPS programs the way Linux would: an o32 user-mode
 * personality on a Unicorn MIPS32 little-endian CPU, with the image's SquashFS as the root
 * file system (read-only), RAM file systems, /dev and /proc beside it. Guest processes are
 * host processes (fork in the system call); the guest never reaches the host's files. */
#ifndef WA_LX_H
#define WA_LX_H

#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "net.h"
#include "squashfs.h"
#include "target.h"

struct lx_dbg;

/* An MTD device as the board's kernel registers it: /proc/mtd's line. */
typedef struct lx_mtd {
    char name[32];
    uint32_t size, erasesize;
} lx_mtd;

typedef struct lx_opts {
    int cpu_model;        /* Unicorn UC_CPU_MIPS32_* that runs the code */
    int isa_r1;           /* the board's CPU is MIPS32 release 1: R2-only instructions stop it */
    const char *cpu_name; /* for findings: "4KEc" */
    uint32_t ram;         /* the board's RAM in bytes: every guest byte counts against it */
    uint32_t nproc;       /* guest processes at most (fork fails with EAGAIN past it); 0:
                           * what the board's kernel allows for its RAM (lx_nproc_limit) */
    uint64_t insn_budget; /* per process; 0: no limit */
    uint32_t wall_ms;     /* wall-clock limit for the whole run; 0: none */
    int premount;         /* mount ramfs on /tmp and /var, /dev and /proc first, as rcS would */
    int devfs;            /* without premount: the kernel mounted devfs on /dev before init
                           * (nodes by devfs's names: tts/0, mtdblock/N), as a 2.4 kernel
                           * built with CONFIG_DEVFS_MOUNT does (kprobe_info.devfs) */
    FILE *strace;         /* print each system call here, or NULL */
    /* booting: the program is init, as the kernel starts it */
    int as_init;        /* the first process is pid 1 to the guest */
    char *const *envp;  /* its environment; NULL: PATH, HOME and TERM=vt100 */
    const int *console; /* host descriptors: [0] read, [1] written by the guest's console
                         * (its fds 0, 1, 2 and /dev/console, ttyS0, tty); NULL: 0 and 1 */
    uint32_t settle_ms; /* end the run once every guest process has been asleep (blocked
                         * in the host) this long; 0: run until the first process ends */
    /* the world outside the box (emu/net): where sockets to other hosts go, and /dev/log's
     * receiver; NULL: only the loopback, as on a box with no link */
    const net_world *net;
    uint64_t horizon_ms; /* with a world: the run has settled when its virtual time reaches
                          * this (or nothing is left to wait for before it); 0: none */
    uint64_t steady_ms;  /* with a world: ... or when, every guest asleep, the box has done
                          * nothing new for this long (every event a repeat of one before: a
                          * daemon polling on a timer) and no guest ever talked to the world,
                          * whose services are judged over the whole horizon; 0: never */
    uint32_t cpu_hz;     /* with a world: the board's CPU clock, at which the guests'
                          * instructions make time pass; 0: the AR7's 150 MHz */
    uint64_t boot_ns;    /* with a world: the virtual time init starts at (the kernel's boot
                          * under --deep), so both runs are on one time axis */
    /* the board's kernel, where it differs from today's Linux (board key `kernel`) */
    int linux24;       /* a 2.4 kernel: shmctl(IPC_STAT) without IPC_64 writes the old
                        * 64-byte struct and leaves its padding stale (syscall_ipc.c), as the
                        * world's stale_seed says (NET_STALE_DEFAULT without a world) */
    int uclibc_shmctl; /* not the kernel: the box's uClibc 0.9.19, whose shmctl never sets
                        * IPC_64; every shmctl runs as if it did not (for modern programs) */
    /* gdb: the first process waits before its first instruction for gdb on the listening
     * socket gdb_fd (emu/debug's gdb_listen), and runs as gdb says; while gdb holds it the
     * settle rule and the wall-clock limit do not count */
    int gdb;
    int gdb_fd;
    /* or a debugger of wa-emu's own (`debug --replay`): dbg_fn runs on a thread of the first
     * process with the target t (emu/debug/target.h) stopped before its first instruction,
     * as gdb's stub would, and reads its commands from the host's standard input; it returns
     * 1 to kill the process, 0 to let it run on without a debugger. Held, the process counts
     * as gdb's does for the settle rule and the wall-clock limit. */
    int (*dbg_fn)(void *user, struct lx_dbg *d, dbg_target *t, const dbg_event *first);
    void *dbg_user;
    /* optional: the first process ends while dbg_fn still runs (it let the process go to
     * hold another, `switch PID`); called on the ending process's thread with how it ended
     * ("exited with status 4"), for the console's last words: dbg_fn's thread ends with the
     * process */
    void (*dbg_end_fn)(void *user, int32_t pid, const char *how);
    int tls_emulated; /* a 2.4 kernel, but set_thread_area and rdhwr $29 as a 2.6.x kernel
                       * has them (board key tls = emulated, for test boards that run today's
                       * musl programs); without it a 2.4 kernel answers set_thread_area with
                       * ENOSYS and rdhwr with SIGILL, as 2.4.17 did */
    /* what the guest sees of the kernel: the banner the image's kernel holds ("Linux version
     * 2.4.17_mvl21-malta-mips_fp_le (...) #1 ..."), from the static probe, else the board's
     * kernel key as the release; both NULL: 2.6.8 */
    const char *kernel_banner;
    const char *kernel_release;
    /* the MTD devices the board's kernel makes of the flash, in its order (/proc/mtd); the
     * harness works them out as that kernel's partition logic does (harness/kernel_mtd.h) */
    const lx_mtd *mtd;
    size_t nmtd;
    /* a TI kernel (its ticfg driver): the ADAM2 environment as /proc/ticfg/env shows it,
     * "name\tvalue\n" lines in the environment's order; NULL: no /proc/ticfg */
    const char *ticfg_env;
} lx_opts;

/* The timeline: every process start, exec, exit and signal, in order. */
enum {
    LX_EV_START,     /* a process forked (text: its parent's program) */
    LX_EV_EXEC,      /* a program started (text: its command line) */
    LX_EV_NOEXEC,    /* an execve failed (text: why, value: errno) */
    LX_EV_EXIT,      /* exit status in value */
    LX_EV_KILLED,    /* killed by signal value */
    LX_EV_SIGNAL,    /* signal value delivered to a handler */
    LX_EV_STOP,      /* the emulator stopped it (text: the finding) */
    LX_EV_ENOSYS,    /* an unknown system call (text: which) */
    LX_EV_NET,       /* traffic to the world (text: what was asked and answered) */
    LX_EV_SYSLOG,    /* a line sent to /dev/log (value: its priority, text: the line) */
    LX_EV_STDERR,    /* what a process wrote to its fd 2 (its first few writes; text: the bytes) */
    LX_EV_QUIRK,     /* the board's old kernel answered unlike today's (text: how) */
    LX_EV_WRITEFAIL, /* a write the box refused: EROFS or ENOSPC in value (text: call and path) */
    LX_EV_CONSOLE,   /* a process wrote to the console (its first writes; text: the bytes) */
    LX_EV_MODULE,    /* a kernel module was not loaded (text: the program and the module) */
};
typedef struct lx_event {
    uint64_t ms; /* since the run started */
    int32_t pid, ppid;
    uint8_t kind;
    int32_t value; /* exit status, or MIPS signal number */
    char text[200];
} lx_event;

/* A file the run left on the RAM file systems (the /dev of device nodes aside). */
#define LX_NFILES 512 /* the first this many in path order; a longer path is left out */
typedef struct lx_file {
    char path[256]; /* absolute, as the guest sees it */
    uint64_t size;
    uint32_t mode; /* st_mode: S_IFREG, S_IFDIR or S_IFLNK and the permission bits */
} lx_file;

typedef struct lx_result {
    int exited;      /* 1: exit/exit_group; 0: stopped (see stop) or killed (signal) */
    int settled;     /* the run was ended because every process slept (settle_ms) */
    int steady;      /* ... because the box only repeated itself (steady_ms) */
    int wall_clock;  /* the run was ended at the wall-clock limit (wall_ms) */
    int status;      /* exit status */
    int signal;      /* MIPS signal number it was killed by, or 0 */
    char stop[256];  /* why the emulator stopped it, when it did */
    int stop_signal; /* ... and the MIPS signal the kernel would have ended it with */
    uint64_t insns;  /* instructions counted (block granularity) */
    unsigned unknown_syscalls;
    lx_event *events; /* the timeline of the whole run (malloc'd) */
    size_t nevents;
    unsigned events_lost; /* after the first LX_NEVENT (world.h): not on the timeline */
    lx_file *files;       /* what the RAM file systems held at the end, by path (malloc'd) */
    size_t nfiles;
} lx_result;

/* Run argv[0] (an absolute path inside fs) with argv and a minimal environment. *r is set
 * whatever it returns (the timeline of a program that could not start, too): free it with
 * lx_result_free. */
int lx_run(sqfs *fs, int argc, char **argv, const lx_opts *o, lx_result *r, wa_err *e);
void lx_result_free(lx_result *r);

/* The process a debugger holds (lx_opts.dbg_fn), asked from the debugger's thread: its pid
 * as the guest sees it, the program it runs now, the run's process table, a file of the
 * guest's file systems (malloc'd; 0 or -errno). */
typedef struct lx_ps {
    int32_t pid, ppid; /* as the guest sees them */
    char state;        /* R running, S asleep in a system call, T held by the debugger, Z
                        * exited and not yet reaped */
    char cmd[128];     /* its command line, spaces between the arguments */
} lx_ps;
int32_t lx_dbg_pid(const struct lx_dbg *d);
const char *lx_dbg_prog(const struct lx_dbg *d);
int lx_dbg_ps(const struct lx_dbg *d, lx_ps *out, int max);
int lx_dbg_file(const struct lx_dbg *d, const char *path, uint8_t **data, size_t *len);

/* `switch PID`: another process of the run held, from the debugger's thread of the first
 * (home). lx_dbg_hold asks process guest_pid to stop (running, at its next block; asleep in a
 * system call, the call is interrupted and, once the process is let go, made again unseen by
 * the guest, with the deadline it had) and waits for it: 0 with its target (a peer) and the
 * stop in ev, or -1 with why (no such process, it ended, it did not stop in 10 s). A peer's
 * target works as the home's; lx_dbg_peer_free lets the process run on without the
 * debugger. lx_dbg_let_go does that for the home process (its debugger's thread stays: a
 * later hold of it goes through a peer too). */
typedef struct lx_dbg_peer lx_dbg_peer;
int lx_dbg_hold(struct lx_dbg *home, int32_t guest_pid, lx_dbg_peer **out, dbg_event *ev, char *why,
                size_t cap);
dbg_target *lx_dbg_peer_target(lx_dbg_peer *q);
int32_t lx_dbg_peer_pid(const lx_dbg_peer *q);
const char *lx_dbg_peer_prog(lx_dbg_peer *q);
void lx_dbg_peer_free(lx_dbg_peer *q);
void lx_dbg_let_go(struct lx_dbg *d);
const char *lx_event_name(int kind);

#endif
