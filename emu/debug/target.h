/* target.h: what a debugger needs from a guest it holds, as a table of functions, so the
 * console (`wa-emu debug`) and the gdb stub work the same on the AR7 machine running the
 * image's kernel and on one user-mode process. A target is stopped between two guest
 * instructions whenever the debugger calls into it (never between a branch and its delay
 * slot); resume() runs it until the next stop and says why it stopped. */
#ifndef WA_DEBUG_TARGET_H
#define WA_DEBUG_TARGET_H

#include <stddef.h>
#include <stdint.h>

/* Registers in gdb's MIPS order (the remote protocol's `g` packet and mips-tdep's numbering):
 * r0..r31, then these. */
enum dbg_reg {
    DBG_R_SR = 32, /* CP0 Status */
    DBG_R_LO,
    DBG_R_HI,
    DBG_R_BADVADDR,
    DBG_R_CAUSE,
    DBG_R_PC,
    DBG_NREGS
};

/* Why the target stopped: a value the console and the stub both turn into words or a stop
 * reply. */
enum dbg_stop {
    DBG_STOP_STEP,      /* one instruction (with its delay slot) was run */
    DBG_STOP_BREAK,     /* a breakpoint at pc */
    DBG_STOP_WATCH,     /* a watchpoint: addr was read or written */
    DBG_STOP_MILESTONE, /* a boot milestone (code: enum ar7_milestone) */
    DBG_STOP_SYSCALL,   /* a caught system call (code: its number) */
    DBG_STOP_EXCEPTION, /* a CPU exception (code: ExcCode) */
    DBG_STOP_PROCESS,   /* a process started or ended (pid; code: exit status or -signal) */
    DBG_STOP_INTERRUPT, /* interrupt() was called (Ctrl-C, gdb's 0x03) */
    DBG_STOP_INSN,      /* the instruction count asked for was reached (replay) */
    DBG_STOP_END,       /* the run is over: the target cannot be resumed (text says why) */
    DBG_STOP_ERROR,     /* the emulator failed (text says why) */
    /* a user-mode process held (pid), when caught: */
    DBG_STOP_FORK, /* it forked (code: the child's pid), after the call, in the parent */
    DBG_STOP_EXEC, /* it runs a new program, before its first instruction (text: the path) */
    DBG_STOP_EXIT, /* it calls exit or exit_group (code: the status), before the call */
};

enum dbg_break_kind {
    DBG_BP_SW,     /* execution at addr */
    DBG_BP_HW,     /* execution at addr, without writing guest memory */
    DBG_BP_WRITE,  /* a store to [addr, addr + len) */
    DBG_BP_READ,   /* a load from it */
    DBG_BP_ACCESS, /* either */
};

typedef struct dbg_event {
    int why; /* enum dbg_stop */
    uint32_t pc;
    uint32_t addr;  /* the watched address touched, or 0 */
    int code;       /* see enum dbg_stop */
    int pid;        /* the guest process it concerns (0: the kernel) */
    uint64_t insns; /* instructions run so far */
    char text[200];
} dbg_event;

typedef struct dbg_target dbg_target;

typedef struct dbg_target_ops {
    /* all return 0 on success, -1 when the target cannot do it now */
    int (*read_regs)(void *t, uint32_t regs[DBG_NREGS]);
    int (*write_reg)(void *t, int reg, uint32_t value);
    /* guest virtual addresses as the CPU would translate them now; n bytes or -1 */
    int (*read_mem)(void *t, uint32_t addr, void *buf, size_t n);
    int (*write_mem)(void *t, uint32_t addr, const void *buf, size_t n);
    int (*set_break)(void *t, int kind, uint32_t addr, uint32_t len);
    int (*clear_break)(void *t, int kind, uint32_t addr, uint32_t len);
    /* run until a stop: step != 0 runs one instruction (and its delay slot) */
    int (*resume)(void *t, int step, dbg_event *ev);
    /* ask a running resume() to stop at the next instruction; safe from a signal handler
     * or another thread */
    void (*interrupt)(void *t);
    /* optional (NULL: the target has no such events): stop (on = 1) or no longer stop
     * (on = 0) on an event: why DBG_STOP_MILESTONE with code an enum ar7_milestone,
     * DBG_STOP_EXCEPTION with code an ExcCode (-1: every one), DBG_STOP_SYSCALL with code a
     * system call number, DBG_STOP_INSN when the instruction count reaches at, DBG_STOP_FORK,
     * _EXEC or _EXIT (code 0). 0, or -1 when the target has no such event. */
    int (*catch_event)(void *t, int why, int code, uint64_t at, int on);
    /* optional, a user-mode process (the gdb stub follows forks with them): follow gives the
     * target of the child of the fork this process stopped at (pid: the child's, from the
     * DBG_STOP_FORK event), held where the fork returned 0 in it; asked for by catch_event
     * (DBG_STOP_FORK, code 1: and hold the child). 0, or -1 with why set (the child runs on
     * its own). let_go lets this process run on without the debugger, kill ends it (SIGKILL,
     * optional); a target follow gave is freed by either. */
    int (*follow)(void *t, int pid, struct dbg_target **child, char *why, size_t cap);
    void (*let_go)(void *t);
    void (*kill)(void *t);
} dbg_target_ops;

struct dbg_target {
    const dbg_target_ops *ops;
    void *t;
};

#endif
