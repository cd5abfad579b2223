/* session.c: breakpoints, stepping and stop words over a dbg_target (session.h). Temporary
 * breakpoints (next, finish) share the target with the user's: an address is set in the
 * target while any of them wants it, and cleared when none does. */
#include "session.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "mips_insn.h"

static const char *const exc_names[32] = {
    "Int", "Mod", "TLBL", "TLBS", "AdEL", "AdES",       "IBE",          "DBE",           "Sys",
    "Bp",  "RI",  "CpU",  "Ov",   "Tr",   [15] = "FPE", [23] = "WATCH", [24] = "MCheck",
};

static const char *const reg_names[DBG_NREGS] = {
    "zero", "at", "v0", "v1", "a0", "a1", "a2", "a3", "t0", "t1",       "t2",    "t3", "t4",
    "t5",   "t6", "t7", "s0", "s1", "s2", "s3", "s4", "s5", "s6",       "s7",    "t8", "t9",
    "k0",   "k1", "gp", "sp", "s8", "ra", "sr", "lo", "hi", "badvaddr", "cause", "pc",
};

const char *dbg_exc_name(int code)
{
    return code >= 0 && code < 32 && exc_names[code] ? exc_names[code] : "?";
}

const char *dbg_reg_name(int reg)
{
    return reg >= 0 && reg < DBG_NREGS ? reg_names[reg] : "?";
}

int dbg_session_init(dbg_session *s, dbg_target t, const dbg_syms *syms,
                     const char *const *milestones, int nmilestones, char *why, size_t cap)
{
    memset(s, 0, sizeof *s);
    s->t = t;
    s->syms = syms;
    s->milestones = milestones;
    s->nmilestones = nmilestones;
    s->next_id = 1;
    s->dis = dbg_disasm_open();
    if (!s->dis) {
        snprintf(why, cap, "Capstone cannot disassemble MIPS32");
        return -1;
    }
    return 0;
}

void dbg_session_free(dbg_session *s)
{
    dbg_disasm_close(s->dis);
    s->dis = NULL;
}

static int reg_named(const char *n)
{
    if (*n == '$') n++;
    if (!strcmp(n, "fp")) return 30;
    for (int i = 0; i < DBG_NREGS; i++)
        if (!strcmp(n, reg_names[i])) return i;
    if (isdigit((unsigned char)n[0])) {
        char *end;
        long r = strtol(n, &end, 10);
        if (!*end && r >= 0 && r < 32) return (int)r;
    }
    return -1;
}

static int number(const char *p, uint32_t *out)
{
    if (!*p) return -1;
    char *end;
    unsigned long long v = strtoull(p, &end, 0);
    if (*end || v > 0xffffffffull || *p == '-' || *p == '+') return -1;
    *out = (uint32_t)v;
    return 0;
}

int dbg_eval(dbg_session *s, const char *expr, uint32_t *out, char *why, size_t cap)
{
    char e[128];
    while (*expr == ' ' || *expr == '*')
        expr++;
    if (strlen(expr) >= sizeof e || !*expr) {
        snprintf(why, cap, "'%s' is not an address", expr);
        return -1;
    }
    snprintf(e, sizeof e, "%s", expr);
    uint32_t base, off = 0;
    char *op = strpbrk(e + 1, "+-");
    int neg = op && *op == '-';
    if (op) {
        if (number(op + 1, &off)) {
            snprintf(why, cap, "'%s': the offset '%s' is not a number", expr, op + 1);
            return -1;
        }
        *op = 0;
    }
    int r;
    const dbg_sym *y;
    if (isdigit((unsigned char)e[0])) {
        if (number(e, &base)) {
            snprintf(why, cap, "'%s' is not a number", e);
            return -1;
        }
    } else if ((r = reg_named(e)) >= 0 && (e[0] == '$' || !dbg_sym_named(s->syms, e))) {
        uint32_t regs[DBG_NREGS];
        if (s->t.ops->read_regs(s->t.t, regs)) {
            snprintf(why, cap, "the registers cannot be read now");
            return -1;
        }
        base = regs[r];
    } else if ((y = dbg_sym_named(s->syms, e))) {
        base = y->addr;
    } else {
        snprintf(why, cap, "no symbol '%s'%s", e,
                 s->syms ? "" : " (no symbols: give --symbols System.map or vmlinux)");
        return -1;
    }
    *out = neg ? base - off : base + off;
    return 0;
}

/* The target wants a code breakpoint at addr while a user or temporary one is there. */
static int code_users(const dbg_session *s, uint32_t addr)
{
    int n = 0;
    for (int i = 0; i < DBG_MAX_BP; i++)
        n += s->bp[i].id && s->bp[i].on == DBG_ON_ADDR && s->bp[i].addr == addr;
    return n;
}

static int catch_of(dbg_session *s, const dbg_bp *b, int on)
{
    if (!s->t.ops->catch_event) return -1;
    int why = b->on == DBG_ON_MILESTONE ? DBG_STOP_MILESTONE
              : b->on == DBG_ON_SYSCALL ? DBG_STOP_SYSCALL
              : b->on == DBG_ON_PROCESS ? b->code
                                        : DBG_STOP_EXCEPTION;
    return s->t.ops->catch_event(s->t.t, why, b->code, 0, on);
}

static int parse_exc(const char *p, int *code)
{
    while (*p == ' ')
        p++;
    if (!*p) {
        *code = -1;
        return 0;
    }
    for (int i = 0; i < 32; i++)
        if (exc_names[i] && !strcasecmp(p, exc_names[i])) {
            *code = i;
            return 0;
        }
    uint32_t v;
    if (number(p, &v) || v >= 32) return -1;
    *code = (int)v;
    return 0;
}

static dbg_bp *free_slot(dbg_session *s, char *why, size_t cap)
{
    for (int i = 0; i < DBG_MAX_BP; i++)
        if (!s->bp[i].id) return &s->bp[i];
    snprintf(why, cap, "all %d breakpoints are in use: delete one", DBG_MAX_BP);
    return NULL;
}

int dbg_break_add(dbg_session *s, const char *spec, char *why, size_t cap)
{
    while (*spec == ' ')
        spec++;
    dbg_bp *b = free_slot(s, why, cap);
    if (!b) return -1;
    dbg_bp n = {.on = DBG_ON_ADDR};
    snprintf(n.spec, sizeof n.spec, "%s", spec);
    int ms = -1;
    for (int i = 0; i < s->nmilestones; i++)
        if (s->milestones[i] && !strcmp(spec, s->milestones[i])) ms = i;
    if (ms >= 0) {
        n.on = DBG_ON_MILESTONE;
        n.code = ms;
    } else if (!strncmp(spec, "exception", 9) && (!spec[9] || spec[9] == ' ')) {
        n.on = DBG_ON_EXCEPTION;
        if (parse_exc(spec + 9, &n.code)) {
            snprintf(why, cap, "'%s': an exception is a name (TLBL, AdEL, RI ...) or 0-31",
                     spec + 9);
            return -1;
        }
    } else if (dbg_eval(s, spec, &n.addr, why, cap)) {
        return -1;
    } else if (n.addr & 3) {
        snprintf(why, cap, "0x%08x is not a MIPS32 instruction address (not a multiple of 4)",
                 n.addr);
        return -1;
    }
    if (n.on == DBG_ON_ADDR) {
        if (!code_users(s, n.addr) && s->t.ops->set_break(s->t.t, DBG_BP_HW, n.addr, 4)) {
            snprintf(why, cap, "the target cannot break at 0x%08x", n.addr);
            return -1;
        }
    } else if (catch_of(s, &n, 1)) {
        snprintf(why, cap, "this target has no %s stops",
                 n.on == DBG_ON_MILESTONE ? "milestone" : "exception");
        return -1;
    }
    n.id = s->next_id++;
    *b = n;
    return b->id;
}

int dbg_catch_add(dbg_session *s, const char *spec, char *why, size_t cap)
{
    static const struct {
        const char *name;
        int why;
    } events[] = {{"fork", DBG_STOP_FORK}, {"exec", DBG_STOP_EXEC}, {"exit", DBG_STOP_EXIT}};
    while (*spec == ' ')
        spec++;
    for (size_t i = 0; i < sizeof events / sizeof events[0]; i++) {
        if (strcmp(spec, events[i].name)) continue;
        dbg_bp n = {.on = DBG_ON_PROCESS, .code = events[i].why};
        snprintf(n.spec, sizeof n.spec, "%s", spec);
        dbg_bp *b = free_slot(s, why, cap);
        if (!b) return -1;
        if (catch_of(s, &n, 1)) {
            snprintf(why, cap, "this target has no process to catch the %s of", spec);
            return -1;
        }
        n.id = s->next_id++;
        *b = n;
        return b->id;
    }
    if (strncmp(spec, "syscall", 7) || (spec[7] && spec[7] != ' ')) {
        snprintf(why, cap, "'%s': catch syscall [NAME|NUMBER], or catch fork|exec|exit", spec);
        return -1;
    }
    const char *p = spec + 7;
    while (*p == ' ')
        p++;
    dbg_bp n = {.on = DBG_ON_SYSCALL, .code = -1};
    snprintf(n.spec, sizeof n.spec, "syscall %s", *p ? p : "(any)");
    uint32_t v;
    if (!*p)
        n.code = -1;
    else if (!number(p, &v) && v < 100000)
        n.code = (int)v;
    else if (!s->sys_nr || (n.code = s->sys_nr(p)) < 0) {
        snprintf(why, cap, "'%s' is not a system call this target knows", p);
        return -1;
    }
    dbg_bp *b = free_slot(s, why, cap);
    if (!b) return -1;
    if (catch_of(s, &n, 1)) {
        snprintf(why, cap, "this target cannot stop at system call %s", p);
        return -1;
    }
    n.id = s->next_id++;
    *b = n;
    return b->id;
}

int dbg_watch_add(dbg_session *s, int kind, const char *expr, uint32_t len, char *why, size_t cap)
{
    dbg_bp *b = free_slot(s, why, cap);
    if (!b) return -1;
    dbg_bp n = {.on = DBG_ON_WATCH, .code = kind, .len = len ? len : 4};
    snprintf(n.spec, sizeof n.spec, "%s", expr);
    if (dbg_eval(s, expr, &n.addr, why, cap)) return -1;
    if (s->t.ops->set_break(s->t.t, kind, n.addr, n.len)) {
        snprintf(why, cap, "the target cannot watch %u bytes at 0x%08x", n.len, n.addr);
        return -1;
    }
    n.id = s->next_id++;
    *b = n;
    return b->id;
}

/* Breakpoint b on the session's target (on 1) or off it (on 0). */
static int apply_bp(dbg_session *s, const dbg_bp *b, int on)
{
    if (b->on == DBG_ON_WATCH)
        return on ? s->t.ops->set_break(s->t.t, b->code, b->addr, b->len)
                  : s->t.ops->clear_break(s->t.t, b->code, b->addr, b->len);
    if (b->on == DBG_ON_ADDR)
        return on ? s->t.ops->set_break(s->t.t, DBG_BP_HW, b->addr, 4)
                  : s->t.ops->clear_break(s->t.t, DBG_BP_HW, b->addr, 4);
    return catch_of(s, b, on);
}

int dbg_session_retarget(dbg_session *s, dbg_target t)
{
    int refused = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass) s->t = t;
        for (int i = 0; i < DBG_MAX_BP; i++) {
            const dbg_bp *b = &s->bp[i];
            if (!b->id) continue;
            int first = 1; /* an address or event once, however many breakpoints share it */
            for (int j = 0; j < i; j++)
                if (s->bp[j].id && s->bp[j].on == b->on && s->bp[j].addr == b->addr &&
                    s->bp[j].code == b->code && s->bp[j].len == b->len)
                    first = 0;
            if (first && apply_bp(s, b, pass) && pass) refused++;
        }
    }
    s->hit = 0;
    return refused;
}

int dbg_break_delete(dbg_session *s, int id, char *why, size_t cap)
{
    for (int i = 0; i < DBG_MAX_BP; i++) {
        dbg_bp *b = &s->bp[i];
        if (b->id != id || id <= 0) continue;
        dbg_bp old = *b;
        memset(b, 0, sizeof *b);
        if (old.on == DBG_ON_WATCH)
            s->t.ops->clear_break(s->t.t, old.code, old.addr, old.len);
        else if (old.on == DBG_ON_ADDR && !code_users(s, old.addr))
            s->t.ops->clear_break(s->t.t, DBG_BP_HW, old.addr, 4);
        else if (old.on != DBG_ON_ADDR) { /* another of the same kind keeps it on */
            int keep = 0;
            for (int j = 0; j < DBG_MAX_BP; j++)
                keep |= s->bp[j].id && s->bp[j].on == old.on && s->bp[j].code == old.code;
            if (!keep) catch_of(s, &old, 0);
        }
        return 0;
    }
    snprintf(why, cap, "no breakpoint %d", id);
    return -1;
}

void dbg_break_list(const dbg_session *s, FILE *out)
{
    int any = 0;
    for (int i = 0; i < DBG_MAX_BP; i++) {
        const dbg_bp *b = &s->bp[i];
        if (!b->id) continue;
        if (!any) fprintf(out, "Num  What\n");
        any = 1;
        if (b->on == DBG_ON_ADDR) {
            char sym[128];
            dbg_sym_format(s->syms, b->addr, sym, sizeof sym);
            fprintf(out, "%-4d breakpoint at 0x%08x%s%s%s", b->id, b->addr, sym[0] ? " <" : "", sym,
                    sym[0] ? ">" : "");
        } else if (b->on == DBG_ON_WATCH) {
            fprintf(out, "%-4d watchpoint (%s) on %u bytes at 0x%08x", b->id,
                    b->code == DBG_BP_WRITE  ? "write"
                    : b->code == DBG_BP_READ ? "read"
                                             : "access",
                    b->len, b->addr);
        } else if (b->on == DBG_ON_SYSCALL || b->on == DBG_ON_PROCESS) {
            fprintf(out, "%-4d catch %s", b->id, b->spec);
        } else if (b->on == DBG_ON_MILESTONE) {
            fprintf(out, "%-4d milestone %s", b->id, s->milestones[b->code]);
        } else {
            fprintf(out, "%-4d exception %s", b->id, b->code < 0 ? "(any)" : dbg_exc_name(b->code));
        }
        if (b->hits) fprintf(out, " (hit %u time%s)", b->hits, b->hits == 1 ? "" : "s");
        fputc('\n', out);
    }
    if (!any) fprintf(out, "No breakpoints.\n");
}

/* Which user breakpoint the stop is, counted as a hit. */
static void note(dbg_session *s, dbg_event *ev)
{
    s->hit = 0;
    for (int i = 0; i < DBG_MAX_BP && !s->hit; i++) {
        dbg_bp *b = &s->bp[i];
        if (!b->id) continue;
        if ((ev->why == DBG_STOP_BREAK && b->on == DBG_ON_ADDR && b->addr == ev->pc) ||
            (ev->why == DBG_STOP_MILESTONE && b->on == DBG_ON_MILESTONE && b->code == ev->code) ||
            (ev->why == DBG_STOP_WATCH && b->on == DBG_ON_WATCH &&
             (ev->addr & 0x1fffffffu) - (b->addr & 0x1fffffffu) < b->len) ||
            (b->on == DBG_ON_PROCESS && b->code == ev->why) ||
            (ev->why == DBG_STOP_SYSCALL && b->on == DBG_ON_SYSCALL &&
             (b->code < 0 || b->code == ev->code)) ||
            (ev->why == DBG_STOP_EXCEPTION && b->on == DBG_ON_EXCEPTION &&
             (b->code < 0 || b->code == ev->code))) {
            b->hits++;
            s->hit = b->id;
        }
    }
    s->last = *ev;
}

static int run(dbg_session *s, int step, dbg_event *ev)
{
    int rc = s->t.ops->resume(s->t.t, step, ev);
    if (rc) {
        ev->why = DBG_STOP_ERROR;
        if (!ev->text[0]) snprintf(ev->text, sizeof ev->text, "the target cannot run");
    }
    return ev->why == DBG_STOP_ERROR || ev->why == DBG_STOP_END ? -1 : 0;
}

int dbg_step(dbg_session *s, dbg_event *ev)
{
    int rc = run(s, 1, ev);
    note(s, ev);
    return rc;
}

int dbg_continue(dbg_session *s, dbg_event *ev)
{
    int rc = run(s, 0, ev);
    note(s, ev);
    return rc;
}

/* Run to addr (a temporary breakpoint) until there with sp >= min_sp (the frame that asked,
 * not a deeper recursion), or until anything else stops the target. */
static int run_to(dbg_session *s, uint32_t addr, uint32_t min_sp, dbg_event *ev)
{
    int own = !code_users(s, addr);
    if (own && s->t.ops->set_break(s->t.t, DBG_BP_HW, addr, 4)) {
        memset(ev, 0, sizeof *ev);
        ev->why = DBG_STOP_ERROR;
        snprintf(ev->text, sizeof ev->text, "the target cannot break at 0x%08x", addr);
        return -1;
    }
    int rc;
    for (;;) {
        rc = run(s, 0, ev);
        if (rc || ev->why != DBG_STOP_BREAK || ev->pc != addr) break;
        uint32_t r[DBG_NREGS];
        if (s->t.ops->read_regs(s->t.t, r) || r[29] >= min_sp) {
            ev->why = DBG_STOP_STEP; /* arrived: a step's end, not a user breakpoint */
            if (!own) ev->why = DBG_STOP_BREAK;
            break;
        }
    }
    if (own) s->t.ops->clear_break(s->t.t, DBG_BP_HW, addr, 4);
    note(s, ev);
    return rc;
}

int dbg_next(dbg_session *s, dbg_event *ev)
{
    uint32_t r[DBG_NREGS], w;
    if (s->t.ops->read_regs(s->t.t, r) || s->t.ops->read_mem(s->t.t, r[DBG_R_PC], &w, 4) ||
        !mips_is_call(w))
        return dbg_step(s, ev);
    return run_to(s, r[DBG_R_PC] + 8, r[29], ev); /* after the call and its delay slot */
}

int dbg_finish(dbg_session *s, dbg_event *ev)
{
    dbg_frame f[2];
    if (dbg_backtrace(&s->t, s->syms, f, 2) < 2) {
        memset(ev, 0, sizeof *ev);
        ev->why = DBG_STOP_ERROR;
        snprintf(ev->text, sizeof ev->text,
                 "finish: the caller of this frame is not known (no return address found)");
        return -1;
    }
    return run_to(s, f[1].pc, f[1].sp, ev);
}

int dbg_run_to_insn(dbg_session *s, uint64_t n, dbg_event *ev)
{
    if (!s->t.ops->catch_event || s->t.ops->catch_event(s->t.t, DBG_STOP_INSN, 0, n, 1)) {
        memset(ev, 0, sizeof *ev);
        ev->why = DBG_STOP_ERROR;
        snprintf(ev->text, sizeof ev->text, "this target cannot stop at an instruction count");
        return -1;
    }
    int rc = run(s, 0, ev);
    s->t.ops->catch_event(s->t.t, DBG_STOP_INSN, 0, 0, 0);
    while (!rc && ev->why == DBG_STOP_INSN && ev->insns < n) {
        rc = run(s, 1, ev);
        if (!rc && ev->why == DBG_STOP_STEP && ev->insns >= n)
            ev->why = DBG_STOP_INSN;
        else if (!rc && ev->why == DBG_STOP_STEP)
            ev->why = DBG_STOP_INSN; /* keep stepping */
        else
            break;
    }
    note(s, ev);
    return rc;
}

int dbg_disasm_line(dbg_session *s, uint32_t addr, char *out, size_t cap)
{
    uint32_t w;
    if (s->t.ops->read_mem(s->t.t, addr, &w, 4)) return -1;
    char sym[128], text[256];
    dbg_sym_format(s->syms, addr, sym, sizeof sym);
    dbg_disasm_one(s->dis, s->syms, addr, w, text, sizeof text);
    snprintf(out, cap, "0x%08x%s%s%s:\t%08x\t%s", addr, sym[0] ? " <" : "", sym, sym[0] ? ">" : "",
             w, text);
    return 0;
}

void dbg_stop_words(const dbg_session *s, const dbg_event *ev, char *out, size_t cap)
{
    char sym[128], at[160];
    dbg_sym_format(s->syms, ev->pc, sym, sizeof sym);
    snprintf(at, sizeof at, "0x%08x%s%s%s", ev->pc, sym[0] ? " <" : "", sym, sym[0] ? ">" : "");
    switch (ev->why) {
    case DBG_STOP_STEP: snprintf(out, cap, "stepped to %s", at); break;
    case DBG_STOP_BREAK:
        if (s->hit)
            snprintf(out, cap, "breakpoint %d, %s", s->hit, at);
        else
            snprintf(out, cap, "breakpoint at %s", at);
        break;
    case DBG_STOP_WATCH:
        snprintf(out, cap, "watchpoint: %s of 0x%08x, now at %s", ev->code ? "write" : "read",
                 ev->addr, at);
        break;
    case DBG_STOP_MILESTONE:
        snprintf(out, cap, "milestone %s (breakpoint %d), %s",
                 ev->code >= 0 && ev->code < s->nmilestones && s->milestones[ev->code]
                     ? s->milestones[ev->code]
                     : "?",
                 s->hit, at);
        break;
    case DBG_STOP_EXCEPTION:
        snprintf(out, cap, "exception %s at 0x%08x (breakpoint %d), now at the vector %s",
                 dbg_exc_name(ev->code), ev->addr, s->hit, at);
        break;
    case DBG_STOP_SYSCALL: {
        const char *name = s->sys_name ? s->sys_name(ev->code) : NULL;
        char nr[16];
        snprintf(nr, sizeof nr, "%d", ev->code);
        snprintf(out, cap, "catchpoint %d (%s system call %s), %s", s->hit,
                 strcmp(ev->text, "return") ? "call to" : "return from", name ? name : nr, at);
        break;
    }
    case DBG_STOP_PROCESS:
        snprintf(out, cap, "process %d changed (%d), %s", ev->pid, ev->code, at);
        break;
    case DBG_STOP_FORK:
        snprintf(out, cap, "catchpoint %d (fork): process %d forked process %d, %s", s->hit,
                 ev->pid, ev->code, at);
        break;
    case DBG_STOP_EXEC:
        snprintf(out, cap, "catchpoint %d (exec): process %d runs %s, %s", s->hit, ev->pid,
                 ev->text, at);
        break;
    case DBG_STOP_EXIT:
        snprintf(out, cap, "catchpoint %d (exit): process %d calls exit with status %d, %s", s->hit,
                 ev->pid, ev->code, at);
        break;
    case DBG_STOP_INTERRUPT: snprintf(out, cap, "interrupted at %s", at); break;
    case DBG_STOP_INSN:
        snprintf(out, cap, "instruction %llu reached, %s", (unsigned long long)ev->insns, at);
        break;
    case DBG_STOP_END: snprintf(out, cap, "the run is over: %s", ev->text); break;
    default: snprintf(out, cap, "error: %s", ev->text[0] ? ev->text : "the target failed");
    }
}
