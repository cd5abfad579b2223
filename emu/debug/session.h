/* session.h: the debugger's core over one target (target.h), with no command line in it: a
 * table of breakpoints by address, symbol, boot milestone or exception; step, next (over
 * calls, with their delay slots), continue and finish (to the return address of the current
 * frame); address expressions (0x..., a symbol, symbol+off, a register); and a stop as a value
 * with its words. `wa-emu debug` (harness/cmd_debug.c) is one user of it. */
#ifndef WA_DBG_SESSION_H
#define WA_DBG_SESSION_H

#include <stdio.h>

#include "disasm.h"
#include "frames.h"
#include "symbols.h"
#include "target.h"

enum dbg_bp_on {
    DBG_ON_ADDR,
    DBG_ON_MILESTONE,
    DBG_ON_EXCEPTION,
    DBG_ON_WATCH,
    DBG_ON_SYSCALL,
    DBG_ON_PROCESS, /* code: DBG_STOP_FORK, _EXEC or _EXIT */
};

typedef struct dbg_bp {
    int id; /* 0: a free slot */
    int on; /* enum dbg_bp_on */
    uint32_t addr;
    int code;     /* the milestone, the ExcCode (-1: every one), a watch's enum dbg_break_kind,
                   * the system call's number (-1: every one), a process event's stop */
    uint32_t len; /* a watch's bytes */
    unsigned hits;
    char spec[96]; /* as the user wrote it */
} dbg_bp;

#define DBG_MAX_BP 64

typedef struct dbg_session {
    dbg_target t;
    const dbg_syms *syms;          /* may be NULL */
    const char *const *milestones; /* names by code, for `break NAME` (NULL entries: none) */
    int nmilestones;
    /* system calls by name, for `catch syscall NAME` (NULL: by number only): the number of
     * name or -1, and the name of nr or NULL */
    int (*sys_nr)(const char *name);
    const char *(*sys_name)(int nr);
    dbg_disasm *dis;
    dbg_bp bp[DBG_MAX_BP];
    int next_id;
    dbg_event last; /* the last stop */
    int hit;        /* the user breakpoint the last stop was at (id), or 0 */
} dbg_session;

/* 0, or -1 with the reason in why (Capstone missing). */
int dbg_session_init(dbg_session *s, dbg_target t, const dbg_syms *syms,
                     const char *const *milestones, int nmilestones, char *why, size_t cap);
void dbg_session_free(dbg_session *s);

/* The address expr names: 0x hex, decimal, a symbol, symbol+off/symbol-off, or a register
 * ($pc, sp, a0 ...). 0, or -1 with why. */
int dbg_eval(dbg_session *s, const char *expr, uint32_t *out, char *why, size_t cap);

/* break SPEC: an address expression, a milestone name, or `exception [CODE|NAME]`. The new
 * breakpoint's id, or -1 with why. */
int dbg_break_add(dbg_session *s, const char *spec, char *why, size_t cap);
/* watch EXPR [LEN]: a watchpoint of kind DBG_BP_WRITE, _READ or _ACCESS on LEN bytes
 * (default 4) at the address; its id, or -1 with why. */
int dbg_watch_add(dbg_session *s, int kind, const char *expr, uint32_t len, char *why, size_t cap);
/* catch syscall [NAME|NUMBER]: stop at the entry and the return of that system call (every
 * one without a name); catch fork|exec|exit: when the process held forks (after the call),
 * runs a new program (before its first instruction) or calls exit/exit_group (before it). Its
 * id, or -1 with why (the target has no such events). */
int dbg_catch_add(dbg_session *s, const char *spec, char *why, size_t cap);
int dbg_break_delete(dbg_session *s, int id, char *why, size_t cap);
/* The session's breakpoints, watchpoints and catchpoints taken off its target (stopped) and
 * put on t (stopped), which the session holds from now on (`switch PID`). The number of them
 * t refused (they stay in the list, with no effect). */
int dbg_session_retarget(dbg_session *s, dbg_target t);
void dbg_break_list(const dbg_session *s, FILE *out);

/* Run commands: each fills ev with the stop (also kept in s->last); 0, or -1 when the
 * target cannot run (ev says why). */
int dbg_step(dbg_session *s, dbg_event *ev);
int dbg_next(dbg_session *s, dbg_event *ev);
int dbg_continue(dbg_session *s, dbg_event *ev);
int dbg_finish(dbg_session *s, dbg_event *ev);
/* Run until the target has run n instructions (a block start near it, then steps). */
int dbg_run_to_insn(dbg_session *s, uint64_t n, dbg_event *ev);

/* The stop in words ("breakpoint 1, 0x9459d858 <kernel_entry>", "the run ended: ..."). */
void dbg_stop_words(const dbg_session *s, const dbg_event *ev, char *out, size_t cap);

/* One disassembled line for addr ("0x94100000 <_text>:\t3c1c9468\tlui\tgp,0x9468"); -1 when
 * addr cannot be read. */
int dbg_disasm_line(dbg_session *s, uint32_t addr, char *out, size_t cap);

/* The names of ExcCodes and of registers in gdb's order. */
const char *dbg_exc_name(int code);
const char *dbg_reg_name(int reg);

#endif
