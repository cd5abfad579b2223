/* dbg_console.c: the commands of `wa-emu debug` (dbg_console.h), one table of them. Every
 * bad address, symbol or command is answered with a message and the console goes on. A
 * run command (step, next, continue, finish) can be interrupted with Ctrl-C. */
#include "dbg_console.h"

#include <ctype.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#define LINE_MAX_ 1024
#define X_MAX 4096  /* x/N: at most this many units */
#define STR_MAX 256 /* x/s: bytes of one string shown */

typedef struct cmd {
    const char *name, *alias;
    void (*fn)(wa_dbg *d, const char *args, FILE *out);
    const char *usage, *help;
} cmd;

/* The machine a Ctrl-C interrupts: a signal handler has no argument to carry it. */
static dbg_target *volatile running;

static void on_sigint(int sig)
{
    (void)sig;
    dbg_target *t = running;
    if (t) t->ops->interrupt(t->t);
}

typedef int (*run_fn)(dbg_session *s, dbg_event *ev);

static int run_cmd(wa_dbg *d, run_fn fn, dbg_event *ev)
{
    struct sigaction sa = {.sa_handler = on_sigint}, old;
    sigemptyset(&sa.sa_mask);
    running = &d->s.t;
    sigaction(SIGINT, &sa, &old);
    int rc = fn(&d->s, ev);
    sigaction(SIGINT, &old, NULL);
    running = NULL;
    return rc;
}

static void print_here(wa_dbg *d, uint32_t pc, FILE *out)
{
    char line[400];
    if (dbg_disasm_line(&d->s, pc, line, sizeof line))
        fprintf(out, "0x%08x: (no memory to read there)\n", pc);
    else
        fprintf(out, "%s\n", line);
}

void wa_dbg_print_stop(wa_dbg *d, const dbg_event *ev, FILE *out)
{
    char w[512];
    dbg_stop_words(&d->s, ev, w, sizeof w);
    fprintf(out, "%s\n", w);
    if (ev->why != DBG_STOP_END && ev->why != DBG_STOP_ERROR) print_here(d, ev->pc, out);
}

static int count_arg(const char *args, uint64_t *n, uint64_t max, FILE *out)
{
    while (*args == ' ')
        args++;
    if (!*args) return 0;
    char *end;
    unsigned long long v = strtoull(args, &end, 0);
    while (*end == ' ')
        end++;
    if (*end || !v || v > max || *args == '-') {
        fprintf(out, "'%s' is not a count from 1 to %llu\n", args, (unsigned long long)max);
        return -1;
    }
    *n = v;
    return 0;
}

static void c_step(wa_dbg *d, const char *args, FILE *out)
{
    uint64_t n = 1;
    dbg_event ev;
    if (count_arg(args, &n, 1000000, out)) return;
    for (uint64_t i = 0; i < n; i++) {
        int rc = run_cmd(d, dbg_step, &ev);
        if (rc || ev.why != DBG_STOP_STEP) {
            wa_dbg_print_stop(d, &ev, out);
            return;
        }
        print_here(d, ev.pc, out);
    }
}

static void run_and_print(wa_dbg *d, run_fn fn, FILE *out)
{
    dbg_event ev;
    run_cmd(d, fn, &ev);
    wa_dbg_print_stop(d, &ev, out);
}

static void c_next(wa_dbg *d, const char *args, FILE *out)
{
    (void)args;
    run_and_print(d, dbg_next, out);
}

static void c_continue(wa_dbg *d, const char *args, FILE *out)
{
    (void)args;
    run_and_print(d, dbg_continue, out);
}

static void c_finish(wa_dbg *d, const char *args, FILE *out)
{
    (void)args;
    run_and_print(d, dbg_finish, out);
}

static void c_at_insn(wa_dbg *d, const char *args, FILE *out)
{
    uint64_t n = 0;
    dbg_event ev;
    if (count_arg(args, &n, UINT64_MAX / 2, out)) return;
    if (!n) {
        fprintf(out, "usage: at-insn N\n");
        return;
    }
    if (!d->m) {
        fprintf(out, "at-insn: the kernel's run only (a user-mode process is not counted)\n");
        return;
    }
    if (n <= ar7_debug_insns(d->m)) {
        fprintf(out,
                "instruction %llu has run already (the count is %llu): the run goes "
                "forward only; start again with --at-insn\n",
                (unsigned long long)n, (unsigned long long)ar7_debug_insns(d->m));
        return;
    }
    running = &d->s.t;
    dbg_run_to_insn(&d->s, n, &ev);
    running = NULL;
    wa_dbg_print_stop(d, &ev, out);
}

static void c_break(wa_dbg *d, const char *args, FILE *out)
{
    char why[300];
    while (*args == ' ')
        args++;
    if (!*args) {
        fprintf(out, "usage: break ADDRESS|SYMBOL|MILESTONE|exception [NAME]\n");
        return;
    }
    int id = dbg_break_add(&d->s, args, why, sizeof why);
    if (id < 0) {
        fprintf(out, "cannot break: %s\n", why);
        return;
    }
    const dbg_bp *b = NULL;
    for (int i = 0; i < DBG_MAX_BP; i++)
        if (d->s.bp[i].id == id) b = &d->s.bp[i];
    if (b && b->on == DBG_ON_ADDR) {
        char sym[128];
        dbg_sym_format(d->s.syms, b->addr, sym, sizeof sym);
        fprintf(out, "breakpoint %d at 0x%08x%s%s%s\n", id, b->addr, sym[0] ? " <" : "", sym,
                sym[0] ? ">" : "");
    } else {
        fprintf(out, "breakpoint %d on %s\n", id, args);
    }
}

static void c_catch(wa_dbg *d, const char *args, FILE *out)
{
    char why[300];
    int id = dbg_catch_add(&d->s, args, why, sizeof why);
    if (id < 0) {
        fprintf(out, "cannot catch: %s\n", why);
        return;
    }
    for (int i = 0; i < DBG_MAX_BP; i++)
        if (d->s.bp[i].id == id) fprintf(out, "catchpoint %d (%s)\n", id, d->s.bp[i].spec);
}

int32_t wa_dbg_pid(wa_dbg *d)
{
    return d->peer ? lx_dbg_peer_pid(d->peer) : d->lx ? lx_dbg_pid(d->lx) : 0;
}

const char *wa_dbg_prog(wa_dbg *d)
{
    return d->peer ? lx_dbg_peer_prog(d->peer) : d->lx ? lx_dbg_prog(d->lx) : "";
}

void wa_dbg_release(wa_dbg *d)
{
    lx_dbg_peer_free(d->peer);
    d->peer = NULL;
}

static void c_ps(wa_dbg *d, const char *args, FILE *out)
{
    (void)args;
    if (!d->lx) {
        fprintf(out, "ps: the processes of a user-mode run (debug --replay of init's end)\n");
        return;
    }
    lx_ps *ps = malloc(sizeof *ps * 256);
    if (!ps) return;
    int n = lx_dbg_ps(d->lx, ps, 256), held = wa_dbg_pid(d);
    fprintf(out, "  PID  PPID S COMMAND\n");
    for (int i = 0; i < n; i++)
        fprintf(out, "%c%4d %5d %c %s\n", ps[i].pid == held ? '*' : ' ', ps[i].pid, ps[i].ppid,
                ps[i].state, ps[i].cmd);
    free(ps);
}

/* switch PID: hold that process instead (the one held runs on, without the debugger); the
 * breakpoints and catchpoints go with the console. */
static void c_switch(wa_dbg *d, const char *args, FILE *out)
{
    if (!d->lx) {
        fprintf(out, "switch: the processes of a user-mode run (debug --replay of init's end)\n");
        return;
    }
    char *end;
    long pid = strtol(args, &end, 10);
    while (*end == ' ')
        end++;
    if (end == args || *end || pid <= 0 || pid > 0x3fffffff) {
        fprintf(out, "usage: switch PID (a pid ps lists)\n");
        return;
    }
    int32_t was = wa_dbg_pid(d);
    if (pid == was) {
        fprintf(out, "process %ld is the one held\n", pid);
        return;
    }
    lx_dbg_peer *q;
    dbg_event ev;
    char why[300];
    if (lx_dbg_hold(d->lx, (int32_t)pid, &q, &ev, why, sizeof why)) {
        fprintf(out, "cannot switch: %s\n", why);
        return;
    }
    int refused = dbg_session_retarget(&d->s, *lx_dbg_peer_target(q));
    lx_dbg_peer *before = d->peer;
    d->peer = q;
    if (d->after) d->after(d); /* the symbols of its program */
    fprintf(out, "process %ld (%s) is held; process %d runs on\n", pid, wa_dbg_prog(d), (int)was);
    if (refused) fprintf(out, "%d breakpoints have no effect in it\n", refused);
    wa_dbg_print_stop(d, &ev, out);
    fflush(out);
    /* let go last: init let go may end the run (and this thread) at once */
    if (before)
        lx_dbg_peer_free(before);
    else
        lx_dbg_let_go(d->lx);
}

static void watch_kind(wa_dbg *d, int kind, const char *args, FILE *out)
{
    char expr[128] = "", why[300];
    unsigned len = 4;
    if (sscanf(args, " %127s %u", expr, &len) < 1 || !len || len > 4096) {
        fprintf(out, "usage: watch ADDRESS [BYTES 1-4096]\n");
        return;
    }
    int id = dbg_watch_add(&d->s, kind, expr, len, why, sizeof why);
    if (id < 0)
        fprintf(out, "cannot watch: %s\n", why);
    else
        fprintf(out, "watchpoint %d on %u bytes at %s\n", id, len, expr);
}

static void c_watch(wa_dbg *d, const char *a, FILE *out)
{
    watch_kind(d, DBG_BP_WRITE, a, out);
}

static void c_rwatch(wa_dbg *d, const char *a, FILE *out)
{
    watch_kind(d, DBG_BP_READ, a, out);
}

static void c_awatch(wa_dbg *d, const char *a, FILE *out)
{
    watch_kind(d, DBG_BP_ACCESS, a, out);
}

static void c_delete(wa_dbg *d, const char *args, FILE *out)
{
    char *end, why[200];
    long id = strtol(args, &end, 10);
    while (*end == ' ')
        end++;
    if (end == args || *end || id <= 0) {
        fprintf(out, "usage: delete N (the number info break shows)\n");
        return;
    }
    if (dbg_break_delete(&d->s, (int)id, why, sizeof why)) fprintf(out, "%s\n", why);
}

static void c_info(wa_dbg *d, const char *args, FILE *out);

static void c_regs(wa_dbg *d, const char *args, FILE *out)
{
    (void)args;
    uint32_t r[DBG_NREGS];
    if (d->s.t.ops->read_regs(d->s.t.t, r)) {
        fprintf(out, "the registers cannot be read now\n");
        return;
    }
    for (int i = 0; i < 32; i++)
        fprintf(out, "%-4s %08x%s", dbg_reg_name(i), r[i], i % 4 == 3 ? "\n" : "   ");
    fprintf(out, "pc   %08x   hi   %08x   lo   %08x\n", r[DBG_R_PC], r[DBG_R_HI], r[DBG_R_LO]);
    if (!d->m) { /* a user-mode process: no CP0 of its own to show */
        fprintf(out, "pid %d, running %s\n", (int)wa_dbg_pid(d), wa_dbg_prog(d));
        return;
    }
    fprintf(out, "status %08x   cause %08x   epc %08x   badvaddr %08x\n", r[DBG_R_SR],
            r[DBG_R_CAUSE], ar7_debug_epc(d->m), r[DBG_R_BADVADDR]);
    fprintf(out, "instructions run: %llu\n", (unsigned long long)ar7_debug_insns(d->m));
}

static void c_x(wa_dbg *d, const char *fmt, const char *args, FILE *out)
{
    uint64_t n = 1;
    char kind = 'x', why[300];
    if (*fmt == '/') { /* /N[ix] */
        fmt++;
        char *end;
        unsigned long long v = isdigit((unsigned char)*fmt) ? strtoull(fmt, &end, 10) : 1;
        if (!isdigit((unsigned char)*fmt)) end = (char *)fmt;
        if (*end == 'i' || *end == 'x' || *end == 's') kind = *end++;
        if (*end || !v || v > X_MAX) {
            fprintf(out, "usage: x/Ni, x/Nx or x/Ns ADDRESS (N from 1 to %d)\n", X_MAX);
            return;
        }
        n = v;
    } else if (*fmt) {
        fprintf(out, "usage: x/Ni, x/Nx or x/Ns ADDRESS\n");
        return;
    }
    uint32_t a;
    while (*args == ' ')
        args++;
    if (!*args) {
        fprintf(out, "x: which address?\n");
        return;
    }
    if (dbg_eval(&d->s, args, &a, why, sizeof why)) {
        fprintf(out, "%s\n", why);
        return;
    }
    if (kind == 'i' && (a & 3)) {
        fprintf(out, "0x%08x is not an instruction address (not a multiple of 4)\n", a);
        return;
    }
    for (uint64_t i = 0; kind == 's' && i < n; i++) { /* n strings, one after the other */
        char str[STR_MAX + 1];
        size_t k = 0;
        uint32_t from = a;
        while (k < STR_MAX && !d->s.t.ops->read_mem(d->s.t.t, a, &str[k], 1) && str[k])
            k++, a++;
        str[k] = 0;
        if (!k && d->s.t.ops->read_mem(d->s.t.t, a, str, 1)) {
            fprintf(out, "0x%08x: cannot read memory there\n", from);
            return;
        }
        fprintf(out, "0x%08x: \"", from);
        for (size_t j = 0; j < k; j++)
            fprintf(out,
                    isprint((unsigned char)str[j]) && str[j] != '"' && str[j] != '\\' ? "%c"
                                                                                      : "\\x%02x",
                    (unsigned char)str[j]);
        fprintf(out, "\"%s\n", k == STR_MAX ? "..." : "");
        a++;
    }
    for (uint64_t i = 0; kind != 's' && i < n; i++) {
        uint32_t at = a + (uint32_t)(i * 4), w;
        if (kind == 'i') {
            char line[400];
            if (dbg_disasm_line(&d->s, at, line, sizeof line)) {
                fprintf(out, "0x%08x: cannot read memory there\n", at);
                return;
            }
            fprintf(out, "%s\n", line);
            continue;
        }
        if (i % 4 == 0) {
            char sym[128];
            dbg_sym_format(d->s.syms, at, sym, sizeof sym);
            fprintf(out, "%s0x%08x%s%s%s:", i ? "\n" : "", at, sym[0] ? " <" : "", sym,
                    sym[0] ? ">" : "");
        }
        if (d->s.t.ops->read_mem(d->s.t.t, at, &w, 4)) {
            fprintf(out, "\n0x%08x: cannot read memory there\n", at);
            return;
        }
        fprintf(out, " 0x%08x", w);
    }
    if (kind == 'x') fputc('\n', out);
}

static void c_bt(wa_dbg *d, const char *args, FILE *out)
{
    (void)args;
    dbg_frame f[64];
    int n = dbg_backtrace(&d->s.t, d->s.syms, f, 64);
    if (!n) fprintf(out, "no frames: the registers cannot be read now\n");
    for (int i = 0; i < n; i++) {
        char sym[128];
        if (i && f[i].called && f[i - 1].func && f[i].called != f[i - 1].func) {
            dbg_sym_format(d->s.syms, f[i].called, sym, sizeof sym);
            fprintf(out,
                    "    0x%08x in %s, which tail-called the frame above (its call at "
                    "0x%08x went there)\n",
                    f[i].called, sym[0] ? sym : "??", f[i].pc - 8);
        }
        /* a caller's pc is its return address: name the call (the word before) */
        dbg_sym_format(d->s.syms, i ? f[i].pc - 8 : f[i].pc, sym, sizeof sym);
        fprintf(out, "#%-2d 0x%08x in %s (sp 0x%08x", i, f[i].pc, sym[0] ? sym : "??", f[i].sp);
        if (f[i].func) fprintf(out, ", frame %u bytes", f[i].size);
        fprintf(out, ")\n");
    }
}

static void c_flash(wa_dbg *d, const char *args, FILE *out)
{
    (void)args;
    static const char *const what[] = {"rootfs", "kernel", "bootloader", "config", "kernel+rootfs"};
    const wa_board *b = d->board;
    fprintf(out, "board %s: %u bytes of flash at 0x%08x (kseg1)\n", b->name, b->flash_size,
            BOARD_FLASH_KSEG1);
    for (int i = 0; i < 5; i++)
        fprintf(out, "  mtd%d %-13s 0x%08x-0x%08x  %8u bytes\n", i, what[i], b->mtd[i].start,
                b->mtd[i].end, b->mtd[i].end - b->mtd[i].start);
}

/* The partition table the kernel printed ("0x...-0x... : \"name\"" lines). */
static int kernel_only(wa_dbg *d, const char *what, FILE *out)
{
    if (!d->m) fprintf(out, "%s: the kernel's (this is a user-mode process)\n", what);
    return !d->m;
}

static void c_mtd(wa_dbg *d, const char *args, FILE *out)
{
    (void)args;
    if (kernel_only(d, "mtd", out)) return;
    const char *c = d->r->console;
    int n = 0;
    while (c && *c) {
        const char *nl = strchr(c, '\n');
        size_t len = nl ? (size_t)(nl - c) : strlen(c);
        const char *q = memmem(c, len, " : \"", 4);
        if (q && len > 2 && c[0] == '0' && c[1] == 'x') {
            fprintf(out, "%.*s\n", (int)len, c);
            n++;
        } else if (memmem(c, len, "MTD partitions on", 17) ||
                   memmem(c, len, "partitions found on MTD", 23)) {
            fprintf(out, "%.*s\n", (int)len, c);
        }
        if (!nl) break;
        c = nl + 1;
    }
    if (!n)
        fprintf(out, "the kernel has not listed MTD partitions yet (`break partitions`, then "
                     "`continue`)\n");
}

static void c_log(wa_dbg *d, const char *args, FILE *out)
{
    (void)args;
    if (kernel_only(d, "log", out)) return;
    if (!d->r->console_len) {
        fprintf(out, "the kernel has written nothing to its console yet\n");
        return;
    }
    fwrite(d->r->console, 1, d->r->console_len, out);
    if (d->r->console[d->r->console_len - 1] != '\n') fputc('\n', out);
}

static void c_help(wa_dbg *d, const char *args, FILE *out);
static void c_quit(wa_dbg *d, const char *args, FILE *out)
{
    (void)d;
    (void)args;
    (void)out;
}

static const cmd cmds[] = {
    {"break", "b", c_break, "break ADDR|SYMBOL|MILESTONE|exception [NAME]",
     "stop there (milestones: kernel-entry banner flash-probe partitions root-mounted "
     "init-exec)"},
    {"watch", NULL, c_watch, "watch ADDR [BYTES]", "stop after a store there (RAM or device)"},
    {"rwatch", NULL, c_rwatch, "rwatch ADDR [BYTES]", "stop after a load from there"},
    {"awatch", NULL, c_awatch, "awatch ADDR [BYTES]", "stop after a load or a store there"},
    {"catch", NULL, c_catch, "catch syscall [NAME|NUMBER], catch fork|exec|exit",
     "stop at a system call's entry and return, or when the process forks, runs a new program "
     "or calls exit (user-mode processes)"},
    {"ps", NULL, c_ps, "ps",
     "the run's processes (user mode): pid, parent, state (R running, S asleep in a system "
     "call, T held, Z ended), command; * the one held"},
    {"switch", NULL, c_switch, "switch PID",
     "hold process PID instead (one asleep in a system call stops at its syscall "
     "instruction; the call runs again, unseen, once it is let go); the one held runs on"},
    {"delete", "d", c_delete, "delete N", "remove breakpoint N"},
    {"info", "i", c_info, "info break|registers", "list the breakpoints, or the registers"},
    {"step", "s", c_step, "step [N]", "run N instructions (a branch with its delay slot is one)"},
    {"stepi", "si", c_step, "stepi [N]", "the same as step"},
    {"next", "n", c_next, "next", "step, over a call (jal, jalr, bal) and its delay slot"},
    {"continue", "c", c_continue, "continue", "run until a breakpoint or the end of the run"},
    {"finish", "fin", c_finish, "finish", "run until the current function returns"},
    {"at-insn", NULL, c_at_insn, "at-insn N", "run until N instructions have run"},
    {"regs", NULL, c_regs, "regs", "the registers: GPRs, pc, hi, lo, status, cause, epc"},
    {"x", NULL, NULL, "x/Ni ADDR, x/Nx ADDR, x/Ns ADDR",
     "N instructions disassembled, N words, or N strings"},
    {"bt", "backtrace", c_bt, "bt", "the call stack (symbols and prologue analysis)"},
    {"flash", NULL, c_flash, "flash", "the board's flash partition map"},
    {"mtd", NULL, c_mtd, "mtd", "the MTD partitions as the kernel found them"},
    {"log", NULL, c_log, "log", "the kernel console so far"},
    {"help", "h", c_help, "help", "this list"},
    {"quit", "q", c_quit, "quit", "leave (exit code 0)"},
};

static void c_help(wa_dbg *d, const char *args, FILE *out)
{
    (void)d;
    (void)args;
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        fprintf(out, "  %-46s %s\n", cmds[i].usage, cmds[i].help);
    fprintf(out, "ADDR: 0x9459d858, kernel_entry, panic+0x10, $ra, sp ...\n");
}

static void c_info(wa_dbg *d, const char *args, FILE *out)
{
    while (*args == ' ')
        args++;
    if (!strncmp(args, "break", 5) || !strcmp(args, "b") || !strncmp(args, "watch", 5))
        dbg_break_list(&d->s, out);
    else if (!strncmp(args, "reg", 3) || !strcmp(args, "r"))
        c_regs(d, "", out);
    else
        fprintf(out, "usage: info break|registers\n");
}

int wa_dbg_command(wa_dbg *d, const char *line, FILE *out)
{
    while (*line == ' ' || *line == '\t')
        line++;
    char word[32];
    size_t n = 0;
    while (line[n] && line[n] != ' ' && line[n] != '\t' && line[n] != '/' && n + 1 < sizeof word)
        n++;
    memcpy(word, line, n);
    word[n] = 0;
    const char *rest = line + n;
    if (!word[0]) return 0;
    if (!strcmp(word, "x")) {
        char fmt[32] = "";
        size_t k = 0;
        while (rest[k] && rest[k] != ' ' && k + 1 < sizeof fmt)
            fmt[k] = rest[k], k++;
        fmt[k] = 0;
        c_x(d, fmt, rest + k, out);
        return 0;
    }
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        const cmd *c = &cmds[i];
        if (strcmp(word, c->name) && !(c->alias && !strcmp(word, c->alias))) continue;
        if (*rest == '/') break; /* only x takes a /format */
        if (c->fn == c_quit) return 1;
        c->fn(d, rest, out);
        return 0;
    }
    fprintf(out, "unknown command '%s': 'help' lists the commands\n", word);
    return 0;
}

void wa_dbg_console_ended(wa_dbg *d, const char *why, FILE *out)
{
    if (d->tty) rl_deprep_terminal();
    fprintf(out, "\n%s\n", why);
    fflush(out);
}

void wa_dbg_console(wa_dbg *d, FILE *in, FILE *out)
{
    int tty = isatty(fileno(in)) && isatty(fileno(out));
    d->tty = tty;
    char *last = NULL;
    for (;;) {
        char buf[LINE_MAX_], *line;
        if (tty) {
            line = readline(WA_DBG_PROMPT);
            if (!line) break;
            if (*line) {
                add_history(line);
                free(last);
                last = strdup(line);
            } else if (last) { /* an empty line repeats the last command, as in gdb */
                free(line);
                line = strdup(last);
                if (!line) break;
            }
        } else {
            fputs(WA_DBG_PROMPT, out);
            fflush(out);
            if (!fgets(buf, sizeof buf, in)) break;
            size_t len = strlen(buf);
            if (len && buf[len - 1] != '\n' && !feof(in)) { /* longer than a line may be */
                int c;
                while ((c = fgetc(in)) != EOF && c != '\n')
                    ;
                fprintf(out, "a command line is at most %d bytes\n", LINE_MAX_ - 2);
                continue;
            }
            buf[strcspn(buf, "\r\n")] = 0;
            line = buf;
        }
        int quit = wa_dbg_command(d, line, out);
        if (d->after) d->after(d);
        fflush(out);
        if (tty) free(line);
        if (quit) break;
    }
    free(last);
    if (!tty) fputc('\n', out);
}
