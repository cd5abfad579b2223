/* debug_target.c: the first guest process as a dbg_target (emu/debug/target.h), served to gdb
 * by the stub (emu/debug/gdbstub.c) from a thread of that process, as gdbserver would be. The
 * guest's own thread runs the program; where it must stop (a breakpoint, a step's end, a
 * watched access, an interrupt, its end) it parks inside Unicorn's hook and waits, and the
 * stub reads and writes the stopped engine meanwhile. Code hooks cover only the pages that
 * hold a breakpoint or a step's next instruction (QEMU's blocks never cross a page, so a block
 * is hooked whole or not at all and a step from a hooked instruction is exact); elsewhere the
 * program runs at full speed and an interrupt stops it at the next block. A watchpoint puts
 * every instruction and every load and store through hooks (from the next block on). A fork's
 * child runs without the debugger, unless gdb follows forks (catch_event DBG_STOP_FORK, code
 * 1): then the child holds itself in a slot of the world right where its fork returned 0,
 * and the stub takes it as a peer (follow), as it would a process `switch` holds. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gdbstub.h"
#include "lx_int.h"

enum { PARK_FRESH, PARK_CODE, PARK_OTHER };
#define LX_DBG_PAGES 512

typedef struct lx_dbg {
    lx_proc *p;
    dbg_target target;
    pthread_mutex_t m;
    pthread_cond_t cv;
    int stopped;    /* the guest is parked: the stub owns the engine */
    int where;      /* enum: how it is parked */
    uint32_t at;    /* parked in the code hook: that instruction (not yet run) */
    dbg_event ev;   /* why it parked */
    int step;       /* a step is under way */
    int started;    /* ... and the instruction it steps has begun */
    int interrupt;  /* interrupt() asked for a stop (atomic) */
    int detached;   /* the debugger is gone: run on, park no more */
    int killed;     /* the debugger asked for the end */
    uint32_t prev;  /* the instruction before the current one */
    uint32_t cur;   /* the current one */
    uint32_t fault; /* where lx_stop's reason happened, or 0 */
    gdb_break bp[GDB_NBREAK];
    /* the code hooks: one per page (LX_DBG_PAGES at most), or one over everything */
    uint32_t page[LX_DBG_PAGES];
    uc_hook page_hook[LX_DBG_PAGES];
    int npages;
    int full, want_full;
    uc_hook full_hook, mem_hook;
    /* caught system calls: every one, or by number (o32: 4000 on) */
    int catch_all;
    uint8_t catch_sys[1024];
    int sys_return; /* the syscall stop is the call's return */
    int catch_fork, catch_exec, catch_exit;
    int hold_child; /* a fork's child holds itself for the debugger (gdb follows forks) */
    int console;    /* lx_opts.dbg_fn runs on the stub's thread */
    int serving;    /* the stub's thread serves gdb: this process's end waits for it, as
                     * the thread ends with the process (it may serve a fork's child) */
    int lfd;
    pthread_t stub;
    pthread_t guest; /* the guest's thread (an interrupt wakes it from a blocking call) */
    /* held through a slot of the world (`switch PID`): parked, the guest's own thread answers
     * the console's requests there (serve), as the stub's thread calls the ops otherwise */
    int remote;
    lx_dbgslot *slot;
} lx_dbg;

/* The slots' lock, robust as the world's (a process killed while holding it), and a wait of
 * at most ms on their condition. */
static void slot_lock(lx_world *w)
{
    if (pthread_mutex_lock(&w->dbg_lock) == EOWNERDEAD) pthread_mutex_consistent(&w->dbg_lock);
}

static void slot_unlock(lx_world *w)
{
    pthread_mutex_unlock(&w->dbg_lock);
}

static void slot_wait(lx_world *w, int ms)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_nsec += (long)ms * 1000000;
    while (t.tv_nsec >= 1000000000)
        t.tv_sec++, t.tv_nsec -= 1000000000;
    if (pthread_cond_timedwait(&w->dbg_cv, &w->dbg_lock, &t) == EOWNERDEAD)
        pthread_mutex_consistent(&w->dbg_lock);
}

/* A free slot taken for host pid h (slots locked), its counters kept (a peer still waiting
 * on them sees them move); NULL: every slot is taken. */
static lx_dbgslot *slot_claim(lx_world *w, int32_t h)
{
    for (int i = 0; i < LX_NDBG; i++) {
        lx_dbgslot *s = &w->dbg[i];
        if (s->pid) continue;
        uint32_t stops = s->stops, req = s->req;
        memset(s, 0, sizeof *s);
        s->stops = stops, s->req = s->done = req;
        s->pid = h;
        return s;
    }
    return NULL;
}

static void serve(lx_dbg *d);

/* A MIPS32 branch or jump: the next instruction is its delay slot. */
static int has_delay_slot(uint32_t i)
{
    uint32_t op = i >> 26, rs = i >> 21 & 31, rt = i >> 16 & 31, fn = i & 63;
    if (op == 0) return fn == 8 || fn == 9;                /* jr, jalr */
    if (op == 1) return rt <= 3 || (rt >= 16 && rt <= 19); /* bltz .. bgezall */
    if (op >= 2 && op <= 7) return 1;                      /* j, jal, beq, bne, blez, bgtz */
    if (op >= 20 && op <= 23) return 1;                    /* the likely ones */
    if (op == 17 || op == 18) return rs == 8;              /* bc1, bc2 */
    return 0;
}

static int in_delay_slot(lx_proc *p, uint32_t addr, uint32_t prev)
{
    uint8_t b[4];
    if (prev + 4 != addr || uc_mem_read(p->uc, prev, b, 4)) return 0;
    return has_delay_slot((uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                          (uint32_t)b[3] << 24);
}

static void on_code(uc_engine *uc, uint64_t addr64, uint32_t size, void *user);
static void on_mem(uc_engine *uc, uc_mem_type type, uint64_t addr64, int size, int64_t v,
                   void *user);

/* Hook the page of addr (its blocks are translated again, with the hook). */
static void hook_page(lx_dbg *d, uint32_t addr)
{
    uint32_t page = addr & ~(LX_PAGE - 1);
    if (d->full) return;
    for (int i = 0; i < d->npages; i++)
        if (d->page[i] == page) return;
    if (d->npages == LX_DBG_PAGES) {
        d->want_full = 1; /* so many: every instruction, from the next block */
        return;
    }
    if (uc_hook_add(d->p->uc, &d->page_hook[d->npages], UC_HOOK_CODE, (void *)on_code, d->p, page,
                    page + LX_PAGE - 1) != UC_ERR_OK)
        return;
    uc_ctl_remove_cache(d->p->uc, page, page + LX_PAGE);
    d->page[d->npages++] = page;
}

/* Where the instruction at pc goes next: its own next word, or for a branch or jump its
 * delay slot, the word after it and the target. */
static void hook_successors(lx_dbg *d, uint32_t pc)
{
    uint8_t b[4];
    hook_page(d, pc);
    hook_page(d, pc + 4);
    if (uc_mem_read(d->p->uc, pc, b, 4)) return;
    uint32_t i = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    if (!has_delay_slot(i)) return;
    uint32_t op = i >> 26, target;
    hook_page(d, pc + 8);
    if (op == 2 || op == 3) {
        target = ((pc + 4) & 0xf0000000u) | (i & 0x03ffffffu) << 2;
    } else if (op == 0) {
        target = 0;
        uc_reg_read(d->p->uc, UC_MIPS_REG_0 + (int)(i >> 21 & 31), &target);
    } else {
        target = pc + 4 + (uint32_t)((int32_t)(int16_t)(i & 0xffff) * 4);
    }
    hook_page(d, target);
}

/* What the stub asked for, in hooks: run on the guest's thread when it is let go. */
static void sync_hooks(lx_dbg *d)
{
    for (int i = 0; i < GDB_NBREAK; i++) {
        if (d->bp[i].kind == DBG_BP_SW || d->bp[i].kind == DBG_BP_HW) hook_page(d, d->bp[i].addr);
        if (d->bp[i].kind >= DBG_BP_WRITE) d->want_full = 1;
    }
    if (d->step) hook_successors(d, d->where == PARK_FRESH ? lx_reg(d->p, UC_MIPS_REG_PC) : d->at);
    /* a hook over everything only between two runs of the engine (a cache flush) */
    if (d->want_full && !d->full) uc_emu_stop(d->p->uc);
}

/* Between two runs of the engine: the hooks that need the whole cache flushed. */
static void apply_full(lx_dbg *d)
{
    if (!d->want_full || d->full) return;
    uc_engine *uc = d->p->uc;
    for (int i = 0; i < d->npages; i++)
        uc_hook_del(uc, d->page_hook[i]);
    d->npages = 0;
    uc_hook_add(uc, &d->full_hook, UC_HOOK_CODE, (void *)on_code, d->p, 1, 0);
    uc_hook_add(uc, &d->mem_hook, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, (void *)on_mem, d->p, 1, 0);
    uc_ctl_flush_tb(uc);
    d->full = 1;
}

/* Stop here until the stub lets the guest go; the debugger's end goes through here too. */
static void park(lx_dbg *d, int why, int where, uint32_t pc, uint32_t addr, int code)
{
    lx_proc *p = d->p;
    pthread_mutex_lock(&d->m);
    if (d->detached) {
        pthread_mutex_unlock(&d->m);
        return;
    }
    d->ev = (dbg_event){.why = why,
                        .pc = pc,
                        .addr = addr,
                        .code = code,
                        .pid = lx_vpid(p->w, p->pid), /* init is 1 */
                        .insns = p->r->insns};
    if (why == DBG_STOP_EXCEPTION || why == DBG_STOP_PROCESS)
        snprintf(d->ev.text, sizeof d->ev.text, "%.199s", p->r->stop);
    if (why == DBG_STOP_SYSCALL) strcpy(d->ev.text, d->sys_return ? "return" : "entry");
    if (why == DBG_STOP_EXEC) snprintf(d->ev.text, sizeof d->ev.text, "%.199s", p->prog);
    d->where = where;
    d->at = pc;
    d->step = 0;
    d->stopped = 1;
    lx_sig_dbg_take(); /* parked: whatever stop was asked for is this one */
    __atomic_add_fetch(&p->w->held, 1, __ATOMIC_SEQ_CST);
    if (d->remote) {
        pthread_mutex_unlock(&d->m); /* the stub's end takes it to say it is gone */
        serve(d);
        pthread_mutex_lock(&d->m);
    } else {
        pthread_cond_broadcast(&d->cv);
        while (d->stopped && !d->detached && !d->killed)
            pthread_cond_wait(&d->cv, &d->m);
    }
    lx_sig_dbg_take(); /* a request sent again while it was parked was answered too */
    __atomic_sub_fetch(&p->w->held, 1, __ATOMIC_SEQ_CST);
    int killed = d->killed;
    if (!killed && !d->detached && why != DBG_STOP_PROCESS && why != DBG_STOP_EXCEPTION)
        sync_hooks(d);
    if (where == PARK_FRESH) apply_full(d);
    pthread_mutex_unlock(&d->m);
    if (killed && why != DBG_STOP_PROCESS) {
        snprintf(p->r->stop, sizeof p->r->stop, "%s: killed by the debugger", p->prog);
        lx_die(p, LX_SIGKILL);
    }
}

static void on_code(uc_engine *uc, uint64_t addr64, uint32_t size, void *user)
{
    lx_proc *p = user;
    lx_dbg *d = p->dbg;
    (void)uc, (void)size;
    if (!d || d->detached) return;
    uint32_t addr = (uint32_t)addr64;
    d->prev = d->cur;
    d->cur = addr;
    if (d->step) {
        if (!d->started) {
            d->started = 1; /* the stepped instruction itself */
            return;
        }
        if (!in_delay_slot(p, addr, d->prev)) {
            park(d, DBG_STOP_STEP, PARK_CODE, addr, 0, 0);
            return;
        }
    }
    if (__atomic_load_n(&d->interrupt, __ATOMIC_RELAXED) && !in_delay_slot(p, addr, d->prev)) {
        __atomic_store_n(&d->interrupt, 0, __ATOMIC_RELAXED);
        park(d, DBG_STOP_INTERRUPT, PARK_CODE, addr, 0, 0);
        return;
    }
    for (int i = 0; i < GDB_NBREAK; i++)
        if (d->bp[i].kind >= 0 && d->bp[i].kind <= DBG_BP_HW && d->bp[i].addr == addr) {
            /* gdb keeps breakpoints out of delay slots; one there waits for the branch */
            if (!in_delay_slot(p, addr, d->prev)) park(d, DBG_STOP_BREAK, PARK_CODE, addr, 0, 0);
            return;
        }
}

static void on_mem(uc_engine *uc, uc_mem_type type, uint64_t addr64, int size, int64_t v,
                   void *user)
{
    lx_proc *p = user;
    lx_dbg *d = p->dbg;
    (void)uc, (void)v;
    if (!d || d->detached) return;
    uint32_t addr = (uint32_t)addr64;
    int write = type == UC_MEM_WRITE;
    for (int i = 0; i < GDB_NBREAK; i++) {
        const gdb_break *b = &d->bp[i];
        if (b->kind < DBG_BP_WRITE) continue;
        if (b->kind == DBG_BP_WRITE && !write) continue;
        if (b->kind == DBG_BP_READ && write) continue;
        if (addr + (uint32_t)size <= b->addr || addr >= b->addr + b->len) continue;
        /* before the access, at its instruction: gdb steps it itself (MIPS watchpoints are
         * not steppable) and compares the values */
        park(d, DBG_STOP_WATCH, PARK_OTHER, d->cur, addr < b->addr ? b->addr : addr, 0);
        return;
    }
}

/* The target's operations, called by the stub while the guest is parked. Unicorn 2.1.1
 * has no BadVAddr and Cause to read (a user process has no use for them): they read 0. */
static const int uc_regs[DBG_NREGS] = {
    [DBG_R_SR] = UC_MIPS_REG_CP0_STATUS, [DBG_R_LO] = UC_MIPS_REG_LO,
    [DBG_R_HI] = UC_MIPS_REG_HI,         [DBG_R_BADVADDR] = UC_MIPS_REG_INVALID,
    [DBG_R_CAUSE] = UC_MIPS_REG_INVALID, [DBG_R_PC] = UC_MIPS_REG_PC,
};

static int uc_reg_of(int r)
{
    return r < 32 ? UC_MIPS_REG_0 + r : uc_regs[r];
}

static int t_read_regs(void *t, uint32_t r[DBG_NREGS])
{
    lx_dbg *d = t;
    if (!d->stopped) return -1;
    for (int i = 0; i < DBG_NREGS; i++) {
        r[i] = 0;
        uc_reg_read(d->p->uc, uc_reg_of(i), &r[i]);
    }
    /* inside a hook Unicorn's PC is the block's: the instruction is the one parked at */
    if (d->where != PARK_FRESH) r[DBG_R_PC] = d->at;
    return 0;
}

static int t_write_reg(void *t, int reg, uint32_t v)
{
    lx_dbg *d = t;
    if (!d->stopped || reg < 0 || reg >= DBG_NREGS) return -1;
    if (reg == DBG_R_PC) {
        /* the code hook's instruction would still run: only between two runs of the engine */
        if (d->where != PARK_FRESH) return -1;
    }
    if (reg == 0 || uc_reg_of(reg) == UC_MIPS_REG_INVALID) return v ? -1 : 0;
    return uc_reg_write(d->p->uc, uc_reg_of(reg), &v) == UC_ERR_OK ? 0 : -1;
}

static int t_read_mem(void *t, uint32_t addr, void *buf, size_t n)
{
    lx_dbg *d = t;
    if (!d->stopped || addr + n < addr) return -1;
    return uc_mem_read(d->p->uc, addr, buf, n) == UC_ERR_OK ? 0 : -1;
}

static int t_write_mem(void *t, uint32_t addr, const void *buf, size_t n)
{
    lx_dbg *d = t;
    if (!d->stopped || addr + n < addr) return -1;
    return uc_mem_write(d->p->uc, addr, buf, n) == UC_ERR_OK ? 0 : -1;
}

static int t_set_break(void *t, int kind, uint32_t addr, uint32_t len)
{
    lx_dbg *d = t;
    if (kind < DBG_BP_SW || kind > DBG_BP_ACCESS || !len) return -1;
    for (int i = 0; i < GDB_NBREAK; i++)
        if (d->bp[i].kind < 0) {
            d->bp[i] = (gdb_break){kind, addr, len};
            return 0;
        }
    return -1;
}

static int t_clear_break(void *t, int kind, uint32_t addr, uint32_t len)
{
    lx_dbg *d = t;
    for (int i = 0; i < GDB_NBREAK; i++)
        if (d->bp[i].kind == kind && d->bp[i].addr == addr && d->bp[i].len == len) {
            d->bp[i].kind = -1;
            return 0;
        }
    return -1;
}

static int t_resume(void *t, int step, dbg_event *ev)
{
    lx_dbg *d = t;
    pthread_mutex_lock(&d->m);
    if (!d->stopped) {
        pthread_mutex_unlock(&d->m);
        return -1;
    }
    d->step = step;
    /* parked in the code hook, the instruction there has had its hook call: the next one
     * is the step's end; parked before any, the first call is the stepped one's own */
    d->started = d->where != PARK_FRESH;
    d->cur = d->where == PARK_CODE ? d->at : d->cur;
    d->stopped = 0;
    pthread_cond_broadcast(&d->cv);
    int waits = 0;
    while (!d->stopped && !d->detached) {
        /* an engine stop asked for before the engine (re)started is forgotten by it: while
         * an interrupt is not taken, it is asked for again */
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        t.tv_nsec += 50 * 1000 * 1000;
        if (t.tv_nsec >= 1000000000) t.tv_sec++, t.tv_nsec -= 1000000000;
        if (pthread_cond_timedwait(&d->cv, &d->m, &t) &&
            __atomic_load_n(&d->interrupt, __ATOMIC_RELAXED)) {
            uc_emu_stop(d->p->uc);
            /* asleep in a blocking call, the guest's thread has missed the signal (sent just
             * before the call began): again, seldom, as each one queued is delivered */
            if (++waits % 4 == 0)
                pthread_sigqueue(d->guest, SIGRTMAX, (union sigval){.sival_int = LX_DBG_SIGVAL});
        }
    }
    *ev = d->ev;
    if (!d->stopped) { /* it ran on to its end after its last stop: nothing to resume now */
        ev->why = DBG_STOP_END;
        snprintf(ev->text, sizeof ev->text, "process %d has ended", lx_vpid(d->p->w, d->p->pid));
    }
    pthread_mutex_unlock(&d->m);
    return 0;
}

static void t_interrupt(void *t)
{
    lx_dbg *d = t;
    __atomic_store_n(&d->interrupt, 1, __ATOMIC_RELAXED);
    /* outside the hooked pages: the engine stops at the next block, lx_dbg_between parks;
     * asleep in a blocking call (wait4, select), the signal's EINTR ends the call, which is
     * rewound to run again once the guest is let go (lx_syscall) */
    uc_emu_stop(d->p->uc);
    pthread_sigqueue(d->guest, SIGRTMAX, (union sigval){.sival_int = LX_DBG_SIGVAL});
}

static int t_catch_event(void *t, int why, int code, uint64_t at, int on)
{
    lx_dbg *d = t;
    (void)at;
    if (why == DBG_STOP_FORK || why == DBG_STOP_EXEC || why == DBG_STOP_EXIT) {
        *(why == DBG_STOP_FORK   ? &d->catch_fork
          : why == DBG_STOP_EXEC ? &d->catch_exec
                                 : &d->catch_exit) = on;
        if (why == DBG_STOP_FORK) d->hold_child = on && code == 1;
        return 0;
    }
    if (why != DBG_STOP_SYSCALL) return -1;
    if (code < 0) {
        d->catch_all = on;
        if (!on) memset(d->catch_sys, 0, sizeof d->catch_sys);
        return 0;
    }
    if (code < 4000 || code - 4000 >= (int)sizeof d->catch_sys) return -1;
    d->catch_sys[code - 4000] = (uint8_t)on;
    return 0;
}

static int t_follow(void *t, int pid, dbg_target **child, char *why, size_t cap);
static void t_let_go(void *t);

static const dbg_target_ops ops = {
    .read_regs = t_read_regs,
    .write_reg = t_write_reg,
    .read_mem = t_read_mem,
    .write_mem = t_write_mem,
    .set_break = t_set_break,
    .clear_break = t_clear_break,
    .resume = t_resume,
    .interrupt = t_interrupt,
    .catch_event = t_catch_event,
    .follow = t_follow,
    .let_go = t_let_go,
};

static void *stub_main(void *arg)
{
    lx_dbg *d = arg;
    pthread_mutex_lock(&d->m);
    while (!d->stopped)
        pthread_cond_wait(&d->cv, &d->m);
    dbg_event first = d->ev;
    pthread_mutex_unlock(&d->m);
    wa_err e = {0};
    int end;
    if (d->p->o->dbg_fn) {
        pthread_mutex_lock(&d->m);
        d->console = 1;
        pthread_mutex_unlock(&d->m);
        end = d->p->o->dbg_fn(d->p->o->dbg_user, d, &d->target, &first) ? GDB_END_KILLED
                                                                        : GDB_END_DETACHED;
    } else {
        pthread_mutex_lock(&d->m);
        d->serving = 1;
        pthread_mutex_unlock(&d->m);
        end = gdb_serve(d->lfd, &d->target, &first, 0, &e);
        if (end < 0) fprintf(stderr, "wa-emu: %s\n", e.msg);
    }
    pthread_mutex_lock(&d->m);
    d->serving = d->console = 0;
    if (end == GDB_END_KILLED)
        d->killed = 1;
    else
        d->detached = 1; /* a hangup too: the program runs on, as without a debugger */
    pthread_cond_broadcast(&d->cv);
    pthread_mutex_unlock(&d->m);
    return NULL;
}

void lx_dbg_engine(lx_proc *p)
{
    /* a new program on a new engine: its hooks again, as the breakpoints say */
    lx_dbg *d = p->dbg;
    d->npages = 0;
    d->cur = d->prev = 0;
    if (d->full) {
        d->full = 0;
        d->want_full = 1;
        apply_full(d);
    }
    for (int i = 0; i < GDB_NBREAK; i++)
        if (d->bp[i].kind == DBG_BP_SW || d->bp[i].kind == DBG_BP_HW) hook_page(d, d->bp[i].addr);
    if (d->catch_exec && !d->detached)
        park(d, DBG_STOP_EXEC, PARK_FRESH, lx_reg(p, UC_MIPS_REG_PC), 0, 0);
}

static lx_dbg *slot_attach(lx_proc *p);

void lx_dbg_between(lx_proc *p)
{
    int asked = lx_sig_dbg_take();
    lx_dbg *d = p->dbg;
    if (asked && (!d || d->detached)) d = slot_attach(p); /* `switch` to this process */
    if (!d || d->detached) return;
    apply_full(d);
    if (__atomic_exchange_n(&d->interrupt, 0, __ATOMIC_RELAXED) || asked) {
        d->cur = d->prev = 0;
        park(d, DBG_STOP_INTERRUPT, PARK_FRESH, lx_reg(p, UC_MIPS_REG_PC), 0, 0);
    }
}

int lx_dbg_start(lx_proc *p, int lfd)
{
    lx_dbg *d = calloc(1, sizeof *d);
    if (!d) return -1;
    d->p = p;
    d->lfd = lfd;
    d->guest = pthread_self();
    d->target = (dbg_target){&ops, d};
    for (int i = 0; i < GDB_NBREAK; i++)
        d->bp[i].kind = -1;
    pthread_mutex_init(&d->m, NULL);
    pthread_cond_init(&d->cv, NULL);
    lx_sig_setup(); /* the stub's interrupt sends SIGRTMAX, whose default would kill */
    /* the stub's thread takes no signal: they are the guest's, handled on its thread */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int rc = pthread_create(&d->stub, NULL, stub_main, d);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc) {
        free(d);
        return -1;
    }
    p->dbg = d;
    /* before the program's first instruction, until gdb lets it go */
    park(d, DBG_STOP_STEP, PARK_FRESH, lx_reg(p, UC_MIPS_REG_PC), 0, 0);
    return 0;
}

void lx_dbg_forked(lx_proc *p)
{
    lx_dbg *d = p->dbg;
    /* the stub's thread is not in the child: gdb following forks, it holds itself
     * (lx_dbg_fork_child) once the fork has returned 0 in it */
    p->dbg_fork_hold = d && !d->detached && d->hold_child;
    p->dbg = NULL;
}

void lx_dbg_fork_child(lx_proc *p)
{
    lx_world *w = p->w;
    p->dbg_fork_hold = 0;
    slot_lock(w);
    lx_dbgslot *s = slot_claim(w, p->pid);
    slot_unlock(w);
    lx_dbg *d = s ? slot_attach(p) : NULL;
    if (!d) return; /* every slot taken: the child runs on its own (follow says so) */
    park(d, DBG_STOP_STEP, PARK_OTHER, lx_reg(p, UC_MIPS_REG_PC), 0, 0);
}

/* The load or store of the block at pc that reaches addr with the registers as they are now
 * (a memory hook sees them as its instruction began), or pc: Unicorn's PC in a memory hook is
 * the block's first instruction. */
static uint32_t access_at(lx_proc *p, uint32_t pc, uint32_t addr)
{
    for (uint32_t at = pc; at < pc + 256; at += 4) {
        uint8_t b[4];
        if (uc_mem_read(p->uc, at, b, 4)) break;
        uint32_t i =
            (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
        uint32_t op = i >> 26, base = 0;
        int mem = (op >= 32 && op <= 38) || (op >= 40 && op <= 46) || op == 48 || op == 49 ||
                  op == 53 || op == 56 || op == 57 || op == 61;
        if (mem) {
            uc_reg_read(p->uc, UC_MIPS_REG_0 + (int)(i >> 21 & 31), &base);
            uint32_t ea = base + (uint32_t)(int32_t)(int16_t)(i & 0xffff);
            if (addr - (ea & ~3u) < 8) return at; /* lwl/swr and the like: the word's bytes */
        }
    }
    return pc;
}

void lx_dbg_fault_at(lx_proc *p, uint32_t addr)
{
    lx_dbg *d = p->dbg;
    if (d && !d->fault) d->fault = d->full ? d->cur : access_at(p, lx_reg(p, UC_MIPS_REG_PC), addr);
}

void lx_dbg_fault(lx_proc *p)
{
    lx_dbg *d = p->dbg;
    if (d && !d->fault) d->fault = d->full ? d->cur : lx_reg(p, UC_MIPS_REG_PC);
}

void lx_dbg_end(lx_proc *p, int signal)
{
    lx_dbg *d = p->dbg;
    if (!d) return;
    uint32_t pc = d->fault ? d->fault : d->cur ? d->cur : lx_reg(p, UC_MIPS_REG_PC);
    if (signal && signal != LX_SIGKILL) {
        /* the fault first, where it happened, as gdb shows "received signal" */
        static const struct {
            int sig, exc;
        } exc[] = {
            {LX_SIGSEGV, 2}, {LX_SIGBUS, 4}, {LX_SIGILL, 10}, {LX_SIGFPE, 12}, {LX_SIGTRAP, 9}};
        int code = 2;
        for (size_t i = 0; i < sizeof exc / sizeof exc[0]; i++)
            if (exc[i].sig == signal) code = exc[i].exc;
        park(d, DBG_STOP_EXCEPTION, PARK_OTHER, pc, 0, code);
    }
    park(d, DBG_STOP_PROCESS, PARK_OTHER, pc, 0, signal ? -signal : p->r->status);
    pthread_mutex_lock(&d->m);
    /* the console let this process go (it holds another) and is still at work: its last
     * words before its thread ends with this process */
    if (d->console && p->o->dbg_end_fn) {
        char how[64];
        if (signal)
            snprintf(how, sizeof how, "killed by signal %d", signal);
        else
            snprintf(how, sizeof how, "exited with status %d", p->r->status);
        d->console = 0;
        pthread_mutex_unlock(&d->m);
        p->o->dbg_end_fn(p->o->dbg_user, lx_vpid(p->w, p->pid), how);
        pthread_mutex_lock(&d->m);
    }
    d->detached = 1;
    /* gdb let this process go (it follows a fork's child): the stub's thread, which ends
     * with this process, serves on until gdb is done */
    while (d->serving)
        pthread_cond_wait(&d->cv, &d->m);
    pthread_mutex_unlock(&d->m);
}

void lx_dbg_syscall(lx_proc *p, uint32_t nr, int ret)
{
    lx_dbg *d = p->dbg;
    if (!d || d->detached) return;
    uint32_t pc = lx_reg(p, UC_MIPS_REG_PC);
    if (d->catch_exit && !ret && (nr == LX_NR_exit || nr == LX_NR_exit_group))
        park(d, DBG_STOP_EXIT, PARK_OTHER, pc, 0, (int)lx_reg(p, UC_MIPS_REG_A0));
    /* the parent's side of a fork that made a child: v0 its pid, a3 0 */
    if (d->catch_fork && ret && (nr == LX_NR_fork || nr == LX_NR_clone) &&
        !lx_reg(p, UC_MIPS_REG_A3) && (int32_t)lx_reg(p, UC_MIPS_REG_V0) > 0)
        park(d, DBG_STOP_FORK, PARK_OTHER, pc, 0,
             lx_vpid(p->w, (int32_t)lx_reg(p, UC_MIPS_REG_V0)));
    if (!d->catch_all &&
        (nr < 4000 || nr - 4000 >= sizeof d->catch_sys || !d->catch_sys[nr - 4000]))
        return;
    d->sys_return = ret;
    park(d, DBG_STOP_SYSCALL, PARK_OTHER, lx_reg(p, UC_MIPS_REG_PC), 0, (int)nr);
}

int32_t lx_dbg_pid(const lx_dbg *d)
{
    return lx_vpid(d->p->w, d->p->pid);
}

const char *lx_dbg_prog(const lx_dbg *d)
{
    return d->p->prog ? d->p->prog : "";
}

/* How the host sees pid: 'S' asleep (in a system call), else 'R'. */
static char host_state(int32_t pid)
{
    char path[32], buf[256];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return 'R';
    size_t k = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[k] = 0;
    const char *c = strrchr(buf, ')');
    return c && c[1] == ' ' && (c[2] == 'S' || c[2] == 'D') ? 'S' : 'R';
}

int lx_dbg_ps(const lx_dbg *d, lx_ps *out, int max)
{
    lx_world *w = d->p->w;
    int n = 0;
    int32_t held[LX_NDBG + 1];
    for (int i = 0; i < LX_NDBG; i++)
        held[i] = __atomic_load_n(&w->dbg[i].parked, __ATOMIC_ACQUIRE)
                      ? __atomic_load_n(&w->dbg[i].pid, __ATOMIC_ACQUIRE)
                      : 0;
    held[LX_NDBG] = d->stopped && !d->detached ? d->p->pid : 0;
    lx_lock(w);
    for (int i = 0; i < LX_NPROC && n < max; i++) {
        const lx_pent *pe = &w->proc[i];
        if (!pe->pid || pe->state == 'X') continue;
        lx_ps *o = &out[n++];
        *o = (lx_ps){.pid = lx_vpid(w, pe->pid), .ppid = lx_vpid(w, pe->ppid), .state = 'R'};
        if (pe->state == 'Z') o->state = 'Z';
        for (int k = 0; k <= LX_NDBG && o->state == 'R'; k++)
            if (held[k] == pe->pid) o->state = 'T';
        uint32_t len = pe->cmdlen < sizeof o->cmd ? pe->cmdlen : sizeof o->cmd - 1;
        memcpy(o->cmd, pe->cmd, len);
        for (uint32_t k = 0; k < len; k++) /* argv's NULs as spaces, the last one the end */
            if (!o->cmd[k]) o->cmd[k] = k + 1 < len ? ' ' : 0;
        o->cmd[len] = 0;
        if (!o->cmd[0]) snprintf(o->cmd, sizeof o->cmd, "%s", pe->comm);
    }
    lx_unlock(w);
    for (int i = 0; i < n; i++) /* the host's account, outside the lock */
        if (out[i].state == 'R') out[i].state = host_state(lx_hpid(w, out[i].pid));
    return n;
}

int lx_dbg_file(const lx_dbg *d, const char *path, uint8_t **data, size_t *len)
{
    uint32_t mode;
    return lx_vfs_read_file(d->p, path, data, len, &mode);
}

/* `switch PID`: another process held through a slot of the world. The console (on the
 * stub's thread of the first process) asks the process to stop with a queued SIGRTMAX
 * (lx_sig_dbg_wanted): running, it stops at its next block; asleep in a host call, the call
 * ends with EINTR and is rewound to its syscall instruction (lx_syscall). It parks, and its
 * own thread answers the console's requests in its slot until it is let go (serve). */
enum {
    OP_REGS = 1,
    OP_WREG,
    OP_RMEM,
    OP_WMEM,
    OP_SETBP,
    OP_CLRBP,
    OP_CATCH,
    OP_RESUME,
    OP_DETACH,
    OP_KILL
};

/* The request in s, answered on the parked process's thread; 1 when it lets the process go. */
static int answer(lx_dbg *d, lx_dbgslot *s)
{
    uint32_t n = s->len < LX_DBG_BUF ? s->len : LX_DBG_BUF;
    switch (s->op) {
    case OP_REGS: s->rc = t_read_regs(d, s->regs); return 0;
    case OP_WREG: s->rc = t_write_reg(d, s->kind, s->addr); return 0;
    case OP_RMEM: s->rc = t_read_mem(d, s->addr, s->buf, n); return 0;
    case OP_WMEM: s->rc = t_write_mem(d, s->addr, s->buf, n); return 0;
    case OP_SETBP: s->rc = t_set_break(d, s->kind, s->addr, s->len); return 0;
    case OP_CLRBP: s->rc = t_clear_break(d, s->kind, s->addr, s->len); return 0;
    case OP_CATCH: s->rc = t_catch_event(d, s->kind, s->code, s->at, (int)s->len); return 0;
    case OP_RESUME:
        pthread_mutex_lock(&d->m);
        d->step = s->kind;
        d->started = d->where != PARK_FRESH; /* as t_resume */
        d->cur = d->where == PARK_CODE ? d->at : d->cur;
        d->stopped = 0;
        pthread_mutex_unlock(&d->m);
        s->rc = 0;
        return 1;
    case OP_KILL: /* park ends it, as the home's debugger asking for the end */
    case OP_DETACH:
        pthread_mutex_lock(&d->m);
        if (s->op == OP_KILL) d->killed = 1;
        d->detached = 1;
        d->stopped = 0;
        pthread_mutex_unlock(&d->m);
        s->rc = 0;
        return 1;
    }
    s->rc = -1;
    return 0;
}

static void serve(lx_dbg *d)
{
    lx_world *w = d->p->w;
    lx_dbgslot *s = d->slot;
    slot_lock(w);
    s->ev = d->ev;
    s->parked = 1;
    s->stops++;
    pthread_cond_broadcast(&w->dbg_cv);
    for (;;) {
        /* the console gone (its stub's end), or the slot given up: run on without it */
        if (__atomic_load_n(&d->detached, __ATOMIC_ACQUIRE) || s->pid != d->p->pid) {
            pthread_mutex_lock(&d->m);
            d->detached = 1;
            d->stopped = 0;
            pthread_mutex_unlock(&d->m);
            break;
        }
        if (s->req == s->done) {
            slot_wait(w, 50);
            continue;
        }
        int go = answer(d, s);
        s->done = s->req;
        pthread_cond_broadcast(&w->dbg_cv);
        if (go) break;
    }
    s->parked = 0;
    pthread_cond_broadcast(&w->dbg_cv);
    slot_unlock(w);
}

/* The slot the console made for this process, when it asked it to stop: its debugger (a new
 * one, or the one it had and was let go by) now held through it; NULL: nobody asked. */
static lx_dbg *slot_attach(lx_proc *p)
{
    lx_world *w = p->w;
    lx_dbgslot *s = NULL;
    slot_lock(w);
    for (int i = 0; i < LX_NDBG && !s; i++)
        if (w->dbg[i].pid == p->pid && !w->dbg[i].parked) s = &w->dbg[i];
    slot_unlock(w);
    if (!s) return NULL;
    lx_dbg *d = p->dbg;
    if (!d) {
        if (!(d = calloc(1, sizeof *d))) return NULL;
        d->p = p;
        d->lfd = -1;
        d->guest = pthread_self();
        d->target = (dbg_target){&ops, d};
        pthread_mutex_init(&d->m, NULL);
        pthread_cond_init(&d->cv, NULL);
        p->dbg = d;
    }
    pthread_mutex_lock(&d->m);
    d->remote = 1;
    d->slot = s;
    d->detached = d->killed = d->step = d->interrupt = 0;
    d->cur = d->prev = 0;
    for (int i = 0; i < GDB_NBREAK; i++)
        d->bp[i].kind = -1;
    d->catch_all = d->catch_fork = d->catch_exec = d->catch_exit = 0;
    memset(d->catch_sys, 0, sizeof d->catch_sys);
    pthread_mutex_unlock(&d->m);
    return d;
}

/* The console's side: a process held through slot s. */
struct lx_dbg_peer {
    lx_world *w;
    lx_dbgslot *s;
    int32_t pid; /* the host's */
    int interrupt;
    dbg_target target;
    char prog[128];
};

/* The process has ended (a zombie not yet reaped, or reaped). */
static int peer_gone(lx_world *w, int32_t pid)
{
    lx_lock(w);
    const lx_pent *pe = lx_pent_find(w, pid);
    int gone = !pe || pe->state != 'R';
    lx_unlock(w);
    char path[32], buf[256];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = gone ? NULL : fopen(path, "r");
    if (!gone && !f) return 1;
    if (!f) return gone;
    size_t k = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[k] = 0;
    const char *c = strrchr(buf, ')');
    return c && c[1] == ' ' && (c[2] == 'Z' || c[2] == 'X');
}

static void ask_stop(int32_t pid)
{
    sigqueue(pid, SIGRTMAX, (union sigval){.sival_int = LX_DBG_SIGVAL});
}

/* Post the request filled in q->s (slot locked, process parked) and wait for its answer; its
 * rc, or -1 when the process is gone. */
static int post(lx_dbg_peer *q)
{
    lx_dbgslot *s = q->s;
    if (!s->parked || s->pid != q->pid) return -1;
    s->req++;
    pthread_cond_broadcast(&q->w->dbg_cv);
    while (s->done != s->req) {
        slot_wait(q->w, 50);
        if (s->done != s->req && peer_gone(q->w, q->pid)) return -1;
    }
    return s->rc;
}

static int p_read_regs(void *t, uint32_t r[DBG_NREGS])
{
    lx_dbg_peer *q = t;
    slot_lock(q->w);
    q->s->op = OP_REGS;
    int rc = post(q);
    if (!rc) memcpy(r, q->s->regs, sizeof q->s->regs);
    slot_unlock(q->w);
    return rc;
}

static int p_write_reg(void *t, int reg, uint32_t v)
{
    lx_dbg_peer *q = t;
    slot_lock(q->w);
    q->s->op = OP_WREG, q->s->kind = reg, q->s->addr = v;
    int rc = post(q);
    slot_unlock(q->w);
    return rc;
}

static int p_mem(lx_dbg_peer *q, int op, uint32_t addr, uint8_t *b, size_t n)
{
    int rc = 0;
    slot_lock(q->w);
    for (size_t at = 0; at < n && !rc; at += LX_DBG_BUF) {
        uint32_t k = (uint32_t)(n - at < LX_DBG_BUF ? n - at : LX_DBG_BUF);
        q->s->op = op, q->s->addr = addr + (uint32_t)at, q->s->len = k;
        if (op == OP_WMEM) memcpy(q->s->buf, b + at, k);
        rc = post(q);
        if (!rc && op == OP_RMEM) memcpy(b + at, q->s->buf, k);
    }
    slot_unlock(q->w);
    return rc;
}

static int p_read_mem(void *t, uint32_t addr, void *buf, size_t n)
{
    return p_mem(t, OP_RMEM, addr, buf, n);
}

static int p_write_mem(void *t, uint32_t addr, const void *buf, size_t n)
{
    return p_mem(t, OP_WMEM, addr, (uint8_t *)buf, n);
}

static int p_break(lx_dbg_peer *q, int op, int kind, uint32_t addr, uint32_t len)
{
    slot_lock(q->w);
    q->s->op = op, q->s->kind = kind, q->s->addr = addr, q->s->len = len;
    int rc = post(q);
    slot_unlock(q->w);
    return rc;
}

static int p_set_break(void *t, int kind, uint32_t addr, uint32_t len)
{
    return p_break(t, OP_SETBP, kind, addr, len);
}

static int p_clear_break(void *t, int kind, uint32_t addr, uint32_t len)
{
    return p_break(t, OP_CLRBP, kind, addr, len);
}

static int p_catch_event(void *t, int why, int code, uint64_t at, int on)
{
    lx_dbg_peer *q = t;
    slot_lock(q->w);
    q->s->op = OP_CATCH, q->s->kind = why, q->s->code = code, q->s->at = at;
    q->s->len = (uint32_t)on;
    int rc = post(q);
    slot_unlock(q->w);
    return rc;
}

static int p_resume(void *t, int step, dbg_event *ev)
{
    lx_dbg_peer *q = t;
    lx_dbgslot *s = q->s;
    slot_lock(q->w);
    uint32_t stops = s->stops;
    s->op = OP_RESUME, s->kind = step;
    if (post(q)) {
        slot_unlock(q->w);
        return -1;
    }
    int waits = 0, asking = 0;
    while (s->stops == stops || !s->parked) {
        if (peer_gone(q->w, q->pid)) {
            *ev = (dbg_event){.why = DBG_STOP_END, .pid = lx_vpid(q->w, q->pid)};
            snprintf(ev->text, sizeof ev->text, "process %d has ended", ev->pid);
            slot_unlock(q->w);
            return 0;
        }
        /* Ctrl-C: asked once, and again while it is not taken (sent before a blocking call
         * began, the signal missed it) */
        if (__atomic_exchange_n(&q->interrupt, 0, __ATOMIC_RELAXED)) asking = 1, waits = 0;
        if (asking && waits++ % 4 == 0) ask_stop(q->pid);
        slot_wait(q->w, 50);
    }
    *ev = s->ev;
    slot_unlock(q->w);
    return 0;
}

static void p_interrupt(void *t)
{
    lx_dbg_peer *q = t;
    __atomic_store_n(&q->interrupt, 1, __ATOMIC_RELAXED);
}

static int p_follow(void *t, int pid, dbg_target **child, char *why, size_t cap);
static void p_let_go(void *t);
static void p_kill(void *t);

static const dbg_target_ops peer_ops = {
    .read_regs = p_read_regs,
    .write_reg = p_write_reg,
    .read_mem = p_read_mem,
    .write_mem = p_write_mem,
    .set_break = p_set_break,
    .clear_break = p_clear_break,
    .resume = p_resume,
    .interrupt = p_interrupt,
    .catch_event = p_catch_event,
    .follow = p_follow,
    .let_go = p_let_go,
    .kill = p_kill,
};

int lx_dbg_hold(struct lx_dbg *home, int32_t guest_pid, lx_dbg_peer **out, dbg_event *ev, char *why,
                size_t cap)
{
    lx_world *w = home->p->w;
    int32_t h = lx_hpid(w, guest_pid);
    lx_lock(w);
    const lx_pent *pe = lx_pent_find(w, h);
    int state = pe ? (int)pe->state : 0;
    lx_unlock(w);
    if (!state || state == 'X') {
        snprintf(why, cap, "there is no process %d (ps lists them)", guest_pid);
        return -1;
    }
    if (state != 'R' || peer_gone(w, h)) {
        snprintf(why, cap, "process %d has ended", guest_pid);
        return -1;
    }
    lx_dbg_peer *q = calloc(1, sizeof *q);
    if (!q) {
        snprintf(why, cap, "out of memory");
        return -1;
    }
    slot_lock(w);
    lx_dbgslot *s = slot_claim(w, h);
    int waits = 0, rc = 0;
    /* up to 10 s: a process in a host call that no signal interrupts (a write to a full
     * pipe ends with it) is not taken from its call */
    while (s && !s->parked && rc == 0) {
        if (waits % 4 == 0) ask_stop(h);
        slot_wait(w, 50);
        if (s->parked) break;
        if (peer_gone(w, h))
            rc = 1;
        else if (++waits >= 200)
            rc = 2;
    }
    if (s && !rc) *ev = s->ev;
    if (s && rc) s->pid = 0;
    slot_unlock(w);
    if (!s || rc) {
        free(q);
        if (!s)
            snprintf(why, cap, "%d processes are held already", LX_NDBG);
        else if (rc == 1)
            snprintf(why, cap, "process %d has ended", guest_pid);
        else
            snprintf(why, cap,
                     "process %d did not stop within 10 s (in a host call no signal ends)",
                     guest_pid);
        return -1;
    }
    *q = (lx_dbg_peer){.w = w, .s = s, .pid = h, .target = {&peer_ops, q}};
    lx_lock(w);
    pe = lx_pent_find(w, h);
    snprintf(q->prog, sizeof q->prog, "%s", pe && pe->exe[0] ? pe->exe : pe ? pe->comm : "?");
    lx_unlock(w);
    *out = q;
    return 0;
}

dbg_target *lx_dbg_peer_target(lx_dbg_peer *q)
{
    return &q->target;
}

int32_t lx_dbg_peer_pid(const lx_dbg_peer *q)
{
    return lx_vpid(q->w, q->pid);
}

const char *lx_dbg_peer_prog(lx_dbg_peer *q)
{
    lx_lock(q->w);
    const lx_pent *pe = lx_pent_find(q->w, q->pid);
    if (pe && pe->exe[0]) snprintf(q->prog, sizeof q->prog, "%s", pe->exe);
    lx_unlock(q->w);
    return q->prog;
}

void lx_dbg_peer_free(lx_dbg_peer *q)
{
    if (!q) return;
    slot_lock(q->w);
    if (q->s->pid == q->pid) {
        if (q->s->parked) {
            q->s->op = OP_DETACH;
            post(q);
        }
        q->s->pid = 0;
        pthread_cond_broadcast(&q->w->dbg_cv);
    }
    slot_unlock(q->w);
    free(q);
}

void lx_dbg_let_go(struct lx_dbg *d)
{
    pthread_mutex_lock(&d->m);
    d->detached = 1;
    pthread_cond_broadcast(&d->cv);
    pthread_mutex_unlock(&d->m);
}

/* A fork's child that holds itself (lx_dbg_fork_child), as a peer: its slot is waited for
 * (up to 10 s, as lx_dbg_hold waits), the child being a process of its own. */
static int follow_child(lx_world *w, int guest_pid, dbg_target **child, char *why, size_t cap)
{
    int32_t h = lx_hpid(w, guest_pid);
    lx_dbg_peer *q = calloc(1, sizeof *q);
    if (!q) {
        snprintf(why, cap, "out of memory");
        return -1;
    }
    slot_lock(w);
    lx_dbgslot *s = NULL;
    int rc = 0;
    for (int waits = 0; !rc;) {
        for (int i = 0; i < LX_NDBG && !s; i++)
            if (w->dbg[i].pid == h && w->dbg[i].parked) s = &w->dbg[i];
        if (s) break;
        slot_wait(w, 50);
        if (peer_gone(w, h))
            rc = 1;
        else if (++waits >= 200)
            rc = 2;
    }
    slot_unlock(w);
    if (rc) {
        free(q);
        snprintf(why, cap,
                 rc == 1 ? "process %d ended before it stopped"
                         : "process %d did not stop within 10 s (every debugger slot taken?)",
                 guest_pid);
        return -1;
    }
    *q = (lx_dbg_peer){.w = w, .s = s, .pid = h, .target = {&peer_ops, q}};
    lx_lock(w);
    const lx_pent *pe = lx_pent_find(w, h);
    snprintf(q->prog, sizeof q->prog, "%s", pe && pe->exe[0] ? pe->exe : pe ? pe->comm : "?");
    lx_unlock(w);
    *child = &q->target;
    return 0;
}

static int t_follow(void *t, int pid, dbg_target **child, char *why, size_t cap)
{
    lx_dbg *d = t;
    return follow_child(d->p->w, pid, child, why, cap);
}

static void t_let_go(void *t)
{
    lx_dbg_let_go(t);
}

static int p_follow(void *t, int pid, dbg_target **child, char *why, size_t cap)
{
    lx_dbg_peer *q = t;
    return follow_child(q->w, pid, child, why, cap);
}

static void p_let_go(void *t)
{
    lx_dbg_peer_free(t);
}

static void p_kill(void *t)
{
    lx_dbg_peer *q = t;
    slot_lock(q->w);
    if (q->s->pid == q->pid && q->s->parked) {
        q->s->op = OP_KILL;
        post(q);
    }
    slot_unlock(q->w);
    lx_dbg_peer_free(q); /* gone or going: the slot is given up */
}
