/* world.h: what all guest processes of one run share. Guest processes are host processes
 * (fork in the system call), so this lives in one shared anonymous mapping made before the
 * first fork: the process table and timeline, the open file descriptions (offsets shared
 * across fork as on Linux), the mounts, the RAM file systems' nodes and blocks, SysV shared
 * memory, and the RAM all of it costs, counted against the board's. */
#ifndef WA_LX_WORLD_H
#define WA_LX_WORLD_H

#include <pthread.h>
#include <stdint.h>

#include "lx.h"
#include "squashfs.h"

#define LX_NPROC 128
#define LX_NEVENT 8192 /* a vendor boot of a hundred programs makes a few thousand */
#define LX_NSEEN 4096  /* distinct events told apart (a hash set); past it, each is new */
#define LX_NOFD 1024
#define LX_NNODE 2048
#define LX_NMOUNT 16
#define LX_NSHM 32
#define LX_NAME 60
#define LX_BLOCK 4096u
#define LX_POPULATE 64u   /* fresh blocks given host pages at once (world.c) */
#define LX_NIND 16        /* index blocks per file: 16 x 1024 x 4 KiB = 64 MiB */
#define LX_TICFG_ENV 8192 /* /proc/ticfg/env's text at most (ADAM2 keeps 40 variables) */

/* A guest process as the process table (and /proc) sees it. */
typedef struct lx_pent {
    int32_t pid, ppid; /* 0: free slot */
    uint32_t state;    /* 'R' running, 'Z' exited and not yet reaped, 'X' reaped */
    char comm[16];
    char cmd[128]; /* argv, NUL-separated, as /proc/PID/cmdline */
    char exe[128]; /* the program's path, as /proc/PID/exe */
    uint32_t cmdlen;
    uint32_t mem;    /* bytes of guest memory it holds (counted against the RAM) */
    uint8_t forking; /* in fork: a slot and its memory are held for the child (lx_fork_hold) */
    uint64_t start_ms;
    uint64_t wake_ns;               /* in a timed wait until then (virtual ns; clock.c), or 0 */
    uint64_t alarm_ns, alarm_iv_ns; /* its ITIMER_REAL: first expiry and period (virtual ns) */
    uint64_t nudged_ns;             /* the deadline it was last woken for (clock.c) */
    uint64_t insns;
    uint32_t unknown_syscalls;
    char stop[200]; /* the emulator's finding, when it stopped the process */
} lx_pent;

/* An open file description: what open() made, shared by dup() and fork(). */
enum { LX_OF_FREE, LX_OF_SQ, LX_OF_RAM, LX_OF_DEV };
typedef struct lx_ofd {
    uint32_t refs;
    uint8_t kind;
    uint32_t flags;          /* the guest's open flags */
    uint32_t mode;           /* S_IF* of the file */
    uint32_t node;           /* LX_OF_RAM: the node */
    uint32_t rdev;           /* LX_OF_DEV: major << 8 | minor */
    sqfs_ref ref;            /* LX_OF_SQ: the inode */
    uint64_t off;            /* bytes read or written; for a directory, entries returned */
    uint32_t dir_fs, dir_id; /* the vnode it was opened on (with ref), see lx_ofd_vnode */
    char path[1024];         /* its absolute path, for *at() calls */
} lx_ofd;

/* A node of a RAM file system (ramfs/tmpfs, /dev, and the text of an open /proc file). */
typedef struct lx_node {
    uint32_t mode; /* 0: free */
    uint32_t parent;
    char name[LX_NAME];
    uint32_t uid, gid, rdev;
    uint32_t opens;    /* open descriptions; an unlinked node is freed at the last close */
    uint8_t unlinked;  /* no longer in a directory */
    uint8_t uncounted; /* the text of an open /proc file: kernel memory, not the RAM's */
    uint64_t size;
    int64_t mtime;
    uint32_t ind[LX_NIND]; /* index blocks (1024 block numbers each); 0: none */
} lx_node;

/* LX_MNT_SYSCTL: /proc/sys under a proc mount, a RAM file system that is part of proc (not
 * in /proc/mounts; sysctl.c) */
enum { LX_MNT_RAM = 1, LX_MNT_PROC, LX_MNT_SYSCTL };
typedef struct lx_mount {
    char path[128]; /* "" : free */
    uint8_t type;
    uint32_t root; /* LX_MNT_RAM, LX_MNT_SYSCTL: its root node */
} lx_mount;
static inline int lx_mnt_ram(int type)
{
    return type == LX_MNT_RAM || type == LX_MNT_SYSCTL;
}

#define LX_SHM_PAGES 1024 /* 4 MiB of SysV shared memory at most */
#define LX_NSEM 16

/* The IPC objects' owner (uid, gid) and permission bits are IPC_SET's, else 0 and what they
 * were made with; the creator is root, as every guest is. */
typedef struct lx_shm {
    int32_t key, id; /* id 0: free */
    uint32_t uid, gid, mode;
    uint32_t size, page; /* its first page in the shared-memory pool */
    uint8_t removed;     /* IPC_RMID: freed with its last attachment */
} lx_shm;

#define LX_NSHMATT 128
typedef struct lx_shmatt {
    int32_t pid; /* the attached process; 0: free row */
    int32_t id;  /* the segment */
    uint32_t addr, len;
} lx_shmatt;

typedef struct lx_sem {
    int32_t key, id; /* id 0: free */
    uint32_t uid, gid, mode, nsems;
    uint32_t ctime; /* made, IPC_SET, SETVAL or SETALL: the guests' wall time in s */
    int32_t val[LX_NSEM];
} lx_sem;

#define LX_NMSQ 16
#define LX_MSGMNB 16384 /* text bytes a queue holds at most (Linux's default) */
#define LX_MSGMAX 8192  /* text bytes in one message (Linux's limit) */
#define LX_MSGQ_MSGS 256

typedef struct lx_msq {
    int32_t key, id; /* id 0: free */
    uint32_t uid, gid, mode, qbytes;
    uint32_t cbytes, qnum; /* text bytes and messages queued */
    int32_t lspid, lrpid;  /* last sender, last receiver */
    uint32_t stime, rtime, ctime;
    uint32_t used; /* bytes of buf in use */
    /* the messages in the order sent: type (4 bytes), text length (4), text */
    uint8_t buf[LX_MSGMNB + 8 * LX_MSGQ_MSGS];
} lx_msq;

/* The debugger's line to a process it holds that is not the one its console runs in
 * (debug_target.c, `switch PID`): the process parks answering one request at a time, under
 * dbg_lock and signalled on dbg_cv (process-shared, in this mapping). */
#define LX_NDBG 4
#define LX_DBG_BUF 4096
typedef struct lx_dbgslot {
    int32_t pid;        /* the host pid of the process held; 0: a free slot */
    int32_t parked;     /* it is stopped and answers requests */
    uint32_t stops;     /* its stops so far: a new one is what a resume waits for */
    uint32_t req, done; /* the request posted last, and the last one answered */
    int32_t op, kind, code, rc;
    uint32_t addr, len;
    uint64_t at;
    dbg_event ev; /* why it stopped last */
    uint32_t regs[DBG_NREGS];
    uint8_t buf[LX_DBG_BUF];
} lx_dbgslot;

typedef struct lx_world {
    pthread_mutex_t lock; /* process-shared and robust: lx_lock */
    uint32_t ram;         /* the board's RAM in bytes (0: no limit) */
    uint32_t ram_files;   /* bytes in RAM file systems and shared memory */
    uint32_t nproc;       /* guest processes at most (lx_nproc_limit) */
    uint64_t t0_ms;
    uint64_t deadline_ms; /* wall-clock limit, absolute; 0: none */
    /* the clock (clock.c) */
    int clock_on;             /* virtual time: the run has a world */
    int64_t epoch_s;          /* the wall time at the start, when clock_on */
    uint64_t t0_ns;           /* the host's monotonic time at the start */
    uint64_t skip_ns;         /* virtual time skipped while every guest was blocked, and the
                               * kernel's boot before init (lx_opts.boot_ns) */
    uint32_t seq;             /* system calls made: the supervisor's sign that a guest ran */
    uint64_t insns;           /* instructions the guests ran, as far as each has told (clock.c) */
    uint32_t hz;              /* the board's CPU clock: one instruction a cycle */
    int held;                 /* guest processes stopped by a debugger now (debug_target.c) */
    pthread_mutex_t dbg_lock; /* process-shared and robust, with dbg_cv: the slots' */
    pthread_cond_t dbg_cv;
    lx_dbgslot dbg[LX_NDBG];
    lx_pent proc[LX_NPROC];
    lx_event ev[LX_NEVENT];
    uint32_t nev, ev_lost;
    /* what is new (world.c, lx_event_add): each event's kind, value and text as a hash, kept
     * even when the timeline is full; the virtual time of the last one not seen before, and
     * whether a guest ever talked to the world (the steady rule of lx_opts.steady_ms) */
    uint64_t seen[LX_NSEEN];
    uint32_t nseen;
    uint64_t novel_ns;
    int net_used;
    lx_ofd ofd[LX_NOFD];
    lx_node node[LX_NNODE];
    lx_mount mnt[LX_NMOUNT];
    lx_shm shm[LX_NSHM];
    lx_shmatt shmatt[LX_NSHMATT];
    lx_sem sem[LX_NSHM];
    lx_msq msq[LX_NMSQ];
    int32_t shm_next_id;
    uint8_t shm_used[LX_SHM_PAGES / 8];
    uint8_t *shm_pool; /* LX_SHM_PAGES pages, in the same mapping */
    uint32_t nblocks, nfree;
    uint32_t fresh;      /* blocks from here on were never handed out: still zero */
    uint32_t *free_list; /* nblocks entries, in the same mapping */
    uint8_t *blocks;     /* nblocks x LX_BLOCK, in the same mapping */
    uint64_t map_size;
    int32_t main_pid;          /* the first guest process */
    int32_t init_host;         /* the host pid the guest sees as pid 1 (lx_opts.as_init), or 0 */
    int con_in, con_out;       /* host descriptors behind the console devices */
    uint64_t con_dev, con_ino; /* what con_out is, to know a guest's descriptor for it */
    char fifo_dir[64];         /* the host directory of the FIFOs' host ends ("": none yet) */
    char net_dir[64];          /* the host directory of the loopback's sockets ("": none yet) */
    wa_err main_err;           /* why its program could not be loaded */
    /* the ADAM2 environment as TI's ticfg driver shows it (lx_opts.ticfg_env), as the guests'
     * writes to /proc/ticfg/env leave it (ticfg.c) */
    int ticfg;
    char ticfg_env[LX_TICFG_ENV];
} lx_world;

lx_world *lx_world_new(uint32_t ram, wa_err *e);
void lx_world_free(lx_world *w);
void lx_lock(lx_world *w);
void lx_unlock(lx_world *w);
uint64_t lx_now_ms(void);

/* RAM accounting: bytes held by all live processes and the RAM file systems. */
uint64_t lx_ram_used(lx_world *w);

/* Blocks of the RAM file systems (locked by the caller); 0: out of RAM. Blocks not counted
 * (a /proc file's text) come from LX_TEXT_BLOCKS more than the RAM holds, so that /proc can
 * be read when the RAM is full, as the kernel's own buffers are not the user's RAM. */
#define LX_TEXT_BLOCKS 64
uint32_t lx_block_alloc(lx_world *w, int counted);
void lx_block_free(lx_world *w, uint32_t b, int counted);
uint8_t *lx_block(lx_world *w, uint32_t b);

/* The timeline (takes the lock itself). */
void lx_event_add(lx_world *w, int kind, int32_t pid, int32_t ppid, int32_t value,
                  const char *text);

/* Pids as the guest sees them: pid 1 is the host process playing init, every other pid is
 * the host's own (the host's pid 1 is never a guest). */
int32_t lx_vpid(const lx_world *w, int32_t host);
int32_t lx_hpid(const lx_world *w, int32_t guest);

/* The guest process limit of a board with ram bytes: Linux's fork_init sets max_threads to
 * one eighth of RAM over the 8 KiB kernel stack of a 32-bit MIPS (256 on 16 MB), at least
 * MIN_THREADS (20); the table holds LX_NPROC. ram 0: no limit but the table's. */
uint32_t lx_nproc_limit(uint32_t ram);
/* A fork of the process at pe (world locked): 0 with a slot and mem bytes of RAM held for its
 * child until lx_fork_release, or -LX_EAGAIN when the limit or the RAM would be passed, as
 * copy_process refuses past max_threads (the holds of forks under way count). */
int lx_fork_hold(lx_world *w, lx_pent *pe, uint32_t mem);
void lx_fork_release(lx_pent *pe);

/* Process table (locked by the caller). */
lx_pent *lx_pent_find(lx_world *w, int32_t pid);
lx_pent *lx_pent_new(lx_world *w, int32_t pid, int32_t ppid);

#endif
