/* fake_target.h: a dbg_target with 64 KiB of memory at 0x400000 and a register file, for the
 * gdb stub's tests and its fuzz target: every operation checks its arguments as a real
 * target must (memory outside the window fails), and resume stops at once (a step moves the
 * PC by 4; a continue stops at the first breakpoint set, or with the process's exit). With a
 * kid, a continue forks (fork_at) and follow gives the kid as the child. */
#ifndef WA_FAKE_TARGET_H
#define WA_FAKE_TARGET_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "target.h"

#define FAKE_BASE 0x400000u
#define FAKE_SIZE 0x10000u

typedef struct fake {
    uint32_t regs[DBG_NREGS];
    uint8_t mem[FAKE_SIZE];
    uint32_t bp[16];
    int nbp, resumes, interrupts, exit_at; /* exit_at: the continue that ends it (0: none) */
    int until_interrupt[2]; /* a pipe when a continue runs until interrupt() (else -1s) */
    int catch_all, caught[8], ncaught; /* the system calls asked for */
    int fork_at, hold_child;           /* the continue that forks; DBG_STOP_FORK code 1 asked */
    struct fake *kid;                  /* the fork's child follow gives (NULL: it fails) */
    dbg_target kid_t;
    int follows, let_gos;
} fake;

static int fake_read_regs(void *t, uint32_t r[DBG_NREGS])
{
    memcpy(r, ((fake *)t)->regs, sizeof((fake *)t)->regs);
    return 0;
}

static int fake_write_reg(void *t, int reg, uint32_t v)
{
    if (reg < 0 || reg >= DBG_NREGS) return -1;
    ((fake *)t)->regs[reg] = v;
    return 0;
}

static int fake_in(uint32_t addr, size_t n)
{
    return addr >= FAKE_BASE && n <= FAKE_SIZE && addr - FAKE_BASE <= FAKE_SIZE - n;
}

static int fake_read_mem(void *t, uint32_t addr, void *buf, size_t n)
{
    if (!fake_in(addr, n)) return -1;
    memcpy(buf, ((fake *)t)->mem + (addr - FAKE_BASE), n);
    return 0;
}

static int fake_write_mem(void *t, uint32_t addr, const void *buf, size_t n)
{
    if (!fake_in(addr, n)) return -1;
    memcpy(((fake *)t)->mem + (addr - FAKE_BASE), buf, n);
    return 0;
}

static int fake_set_break(void *t, int kind, uint32_t addr, uint32_t len)
{
    fake *f = t;
    if (kind < DBG_BP_SW || kind > DBG_BP_ACCESS || !len || f->nbp == 16) return -1;
    f->bp[f->nbp++] = addr;
    return 0;
}

static int fake_clear_break(void *t, int kind, uint32_t addr, uint32_t len)
{
    fake *f = t;
    for (int i = 0; i < f->nbp; i++)
        if (f->bp[i] == addr) {
            f->bp[i] = f->bp[--f->nbp];
            return 0;
        }
    return -1;
}

static int fake_resume(void *t, int step, dbg_event *ev)
{
    fake *f = t;
    memset(ev, 0, sizeof *ev);
    ev->pid = 42;
    f->resumes++;
    char c;
    if (!step && f->until_interrupt[0] > 0 && read(f->until_interrupt[0], &c, 1) == 1) {
        ev->why = DBG_STOP_INTERRUPT;
        ev->pc = f->regs[DBG_R_PC];
        return 0;
    }
    if (!step && f->kid && f->fork_at == f->resumes) {
        ev->why = DBG_STOP_FORK;
        ev->code = 43;
        ev->pc = f->regs[DBG_R_PC];
        return 0;
    }
    if (!step && f->exit_at && f->resumes >= f->exit_at) {
        ev->why = DBG_STOP_PROCESS;
        ev->code = 3;
        return 0;
    }
    if (step || !f->nbp) {
        f->regs[DBG_R_PC] += 4;
        ev->why = DBG_STOP_STEP;
    } else {
        f->regs[DBG_R_PC] = f->bp[0];
        ev->why = DBG_STOP_BREAK;
    }
    ev->pc = f->regs[DBG_R_PC];
    return 0;
}

static void fake_interrupt(void *t)
{
    fake *f = t;
    __atomic_add_fetch(&f->interrupts, 1, __ATOMIC_SEQ_CST);
    if (f->until_interrupt[1] > 0) (void)!write(f->until_interrupt[1], "", 1);
}

static int fake_catch_event(void *t, int why, int code, uint64_t at, int on)
{
    fake *f = t;
    (void)at;
    if (why == DBG_STOP_FORK) {
        f->hold_child = on && code == 1;
        return 0;
    }
    if (why != DBG_STOP_SYSCALL) return -1;
    if (code < 0) {
        f->catch_all = on;
        f->ncaught = 0;
        return 0;
    }
    if (f->ncaught == 8) return -1;
    f->caught[f->ncaught++] = code;
    return 0;
}

static const dbg_target_ops fake_ops;

static int fake_follow(void *t, int pid, dbg_target **child, char *why, size_t cap)
{
    fake *f = t;
    if (!f->kid || pid != 43) {
        snprintf(why, cap, "no child %d", pid);
        return -1;
    }
    f->follows++;
    f->kid_t = (dbg_target){&fake_ops, f->kid};
    *child = &f->kid_t;
    return 0;
}

static void fake_let_go(void *t)
{
    ((fake *)t)->let_gos++;
}

static const dbg_target_ops fake_ops = {
    .read_regs = fake_read_regs,
    .write_reg = fake_write_reg,
    .read_mem = fake_read_mem,
    .write_mem = fake_write_mem,
    .set_break = fake_set_break,
    .clear_break = fake_clear_break,
    .resume = fake_resume,
    .interrupt = fake_interrupt,
    .catch_event = fake_catch_event,
    .follow = fake_follow,
    .let_go = fake_let_go,
};

#endif
