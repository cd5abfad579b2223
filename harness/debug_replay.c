/* debug_replay.c: debug --replay (debug_replay.h). */
#include "debug_replay.h"

#include <stdlib.h>
#include <string.h>

#include "board_arg.h"
#include "boot_setup.h"
#include "dbg_console.h"
#include "fileio.h"
#include "o32.h"
#include "replay.h"
#include "report.h"
#include "verify.h"
#include "world_arg.h"

/* The AR7 machine opened at ADAM2's hand-off from what the early stages left in run (each
 * opening has its own copy of the flash: the kernel may write it). 0, or an exit code. */
static int open_machine(wa_run *run, wa_boot_setup *bs, ar7_result *res, ar7 **m)
{
    char why[400];
    wa_err e = {0};
    memset(res, 0, sizeof *res);
    int made = wa_boot_setup_make(run, bs, why, sizeof why);
    if (made) {
        fprintf(stderr, "wa-emu debug: %s: %s\n", run->image_path, why);
        return made == WA_BOOT_SETUP_CPU ? WA_EXIT_USAGE : WA_EXIT_SOFTWARE;
    }
    bs->opts.wall_ms = 0; /* a person holds the run; and the count, not the clock, decides */
    if (ar7_open(&bs->opts, res, m, &e)) {
        fprintf(stderr, "wa-emu debug: the AR7 machine cannot run: %s\n", e.msg);
        wa_boot_setup_free(bs);
        *m = NULL;
        return WA_EXIT_SOFTWARE;
    }
    return 0;
}

static void print_bt(wa_dbg *d)
{
    printf("backtrace:\n");
    wa_dbg_command(d, "bt", stdout);
}

/* The first run, to the kernel's end: its instruction count, how it ended and why. */
static int count_to_end(wa_run *run, uint64_t *at, int *end, char *reason, size_t cap)
{
    wa_boot_setup bs;
    ar7_result res;
    ar7 *m;
    wa_err e = {0};
    int rc = open_machine(run, &bs, &res, &m), failed = 0;
    if (rc) return rc;
    while (!ar7_ended(m) && !failed)
        failed = ar7_run(m, 0, &e) != 0;
    *at = ar7_debug_insns(m);
    *end = res.end;
    snprintf(reason, cap, "%s", res.reason);
    ar7_close(m);
    ar7_result_free(&res);
    wa_boot_setup_free(&bs);
    if (failed) {
        fprintf(stderr, "wa-emu debug: the AR7 machine failed: %s\n", e.msg);
        return WA_EXIT_SOFTWARE;
    }
    return 0;
}

/* The kernel's end: counted in a first run to it, stopped short of it in a second. */
static int replay_kernel(const wa_replay *rp, wa_run *run, const dbg_syms *syms, uint64_t before,
                         int at_start)
{
    wa_report rep;
    wa_report_init(&rep, run->image_path, run->board->name);
    int rc = 0;
    if (wa_debug_early_stages(run, &rep) != WA_STAGE_GO) {
        fprintf(stderr, "wa-emu debug: %s: the kernel is never started:\n", run->image_path);
        wa_report_text(&rep, stderr, 0);
        wa_report_free(&rep);
        return WA_NOBOOT;
    }
    wa_report_free(&rep);
    wa_boot_setup bs;
    ar7_result res;
    ar7 *m;
    uint64_t end_at = 0;
    int end = -1;
    if (!at_start) {
        char reason[512];
        if ((rc = count_to_end(run, &end_at, &end, reason, sizeof reason))) return rc;
        printf("replay: the report's first NO-BOOT finding is the kernel's: %s\n",
               rp->first.message);
        printf("replay: the kernel's run ends after %llu instructions: %s\n",
               (unsigned long long)end_at, reason);
        if (strcmp(wa_boot_end_code(end), rp->first.code))
            printf("replay: warning: the report says %s, this run ends as %s (another wa-emu, or "
                   "a wall-clock limit in the report's run?)\n",
                   rp->first.code, wa_boot_end_code(end));
    }
    if ((rc = open_machine(run, &bs, &res, &m))) return rc;
    wa_dbg d = {.m = m, .r = &res, .board = run->board};
    char why[400];
    if (dbg_session_init(&d.s, ar7_debug_target(m), syms, wa_debug_milestones, AR7_M_COUNT, why,
                         sizeof why)) {
        fprintf(stderr, "wa-emu debug: %s\n", why);
        ar7_close(m);
        ar7_result_free(&res);
        wa_boot_setup_free(&bs);
        return WA_EXIT_SOFTWARE;
    }
    dbg_event ev;
    int id = end == AR7_END_PANIC && syms && dbg_sym_named(syms, "panic")
                 ? dbg_break_add(&d.s, "panic", why, sizeof why)
                 : -1;
    if (at_start) {
        printf("replay: at ADAM2's hand-off, where the kernel's run begins\n");
        memset(&ev, 0, sizeof ev);
        uint32_t r[DBG_NREGS];
        d.s.t.ops->read_regs(d.s.t.t, r);
        ev.why = DBG_STOP_STEP, ev.pc = r[DBG_R_PC];
    } else if (id > 0) {
        printf("replay: to panic(), which the run calls\n");
        dbg_continue(&d.s, &ev);
        dbg_break_delete(&d.s, id, why, sizeof why);
    } else if (end_at > before) {
        printf("replay: to %llu instructions before its end\n", (unsigned long long)before);
        dbg_run_to_insn(&d.s, end_at - before, &ev);
    } else {
        printf("replay: its end is %llu instructions from the start: stopped at the start\n",
               (unsigned long long)end_at);
        memset(&ev, 0, sizeof ev);
        uint32_t r[DBG_NREGS];
        d.s.t.ops->read_regs(d.s.t.t, r);
        ev.why = DBG_STOP_STEP, ev.pc = r[DBG_R_PC];
    }
    wa_dbg_print_stop(&d, &ev, stdout);
    if (ev.why != DBG_STOP_END && ev.why != DBG_STOP_ERROR) print_bt(&d);
    fflush(stdout);
    wa_dbg_console(&d, stdin, stdout);
    dbg_session_free(&d.s);
    ar7_close(m);
    ar7_result_free(&res);
    wa_boot_setup_free(&bs);
    return 0;
}

/* The console over init, on a thread of init's process (lx_opts.dbg_fn); d first, so the
 * console's after() finds the rest. */
typedef struct held {
    wa_dbg d;
    const wa_board *board;
    const dbg_syms *given; /* --symbols: used as they are */
    dbg_syms own;          /* else the ELF symbols of the program init runs, when it has them */
    char prog[256];        /* ... of this program */
    int at_start;          /* stop at its first instruction, not at its end */
    int reached;
} held;

static int sys_nr(const char *name)
{
    for (uint32_t nr = 4000; nr < LX_NR_END; nr++) {
        const lx_sysinfo *s = lx_o32(nr);
        if (s && s->name && !strcmp(s->name, name)) return (int)nr;
    }
    return -1;
}

static const char *sys_name(int nr)
{
    const lx_sysinfo *s = nr >= 0 ? lx_o32((uint32_t)nr) : NULL;
    return s ? s->name : NULL;
}

/* The symbols of the program the process runs now (an execve changes it). */
static void own_syms(wa_dbg *dd)
{
    held *h = (held *)dd;
    const char *prog = wa_dbg_prog(&h->d);
    if (h->given || !strcmp(prog, h->prog)) return;
    snprintf(h->prog, sizeof h->prog, "%s", prog);
    dbg_syms_free(&h->own);
    memset(&h->own, 0, sizeof h->own);
    uint8_t *b;
    size_t len;
    char why[200];
    if (!lx_dbg_file(h->d.lx, prog, &b, &len)) {
        if (dbg_syms_parse(b, len, &h->own, why, sizeof why)) memset(&h->own, 0, sizeof h->own);
        free(b);
    }
    h->d.s.syms = h->own.n ? &h->own : NULL;
}

/* init ends while the console holds another process: which one, and that the run is over
 * (the console ends with init's process) */
static void held_end(void *user, int32_t pid, const char *how)
{
    held *h = user;
    char why[600];
    snprintf(why, sizeof why,
             "replay: init (pid %d) %s while the console held process %d (%s): the run has "
             "ended, and the console with it",
             (int)pid, how, (int)wa_dbg_pid(&h->d), wa_dbg_prog(&h->d));
    wa_dbg_console_ended(&h->d, why, stdout);
}

static int held_console(void *user, struct lx_dbg *lx, dbg_target *t, const dbg_event *first)
{
    held *h = user;
    char why[300];
    h->reached = 1;
    memset(&h->d, 0, sizeof h->d);
    h->d.board = h->board;
    h->d.lx = lx;
    h->d.after = own_syms;
    if (dbg_session_init(&h->d.s, *t, h->given, NULL, 0, why, sizeof why)) {
        printf("wa-emu debug: %s\n", why);
        return 0;
    }
    h->d.s.sys_nr = sys_nr;
    h->d.s.sys_name = sys_name;
    own_syms(&h->d);
    printf("replay: init (pid %d, %s) is held before its first instruction%s\n", lx_dbg_pid(lx),
           lx_dbg_prog(lx), h->at_start ? "" : "; running it to its end");
    if (h->at_start) {
        wa_dbg_print_stop(&h->d, first, stdout);
        fflush(stdout);
        wa_dbg_console(&h->d, stdin, stdout);
        fflush(stdout);
        wa_dbg_release(&h->d);
        dbg_session_free(&h->d.s);
        dbg_syms_free(&h->own);
        return 0;
    }
    int c1 = dbg_catch_add(&h->d.s, "syscall exit", why, sizeof why);
    int c2 = dbg_catch_add(&h->d.s, "syscall exit_group", why, sizeof why);
    dbg_event ev;
    for (;;) {
        int rc = dbg_continue(&h->d.s, &ev);
        own_syms(&h->d);
        if (rc || ev.why != DBG_STOP_SYSCALL || strcmp(ev.text, "return")) break;
    }
    dbg_break_delete(&h->d.s, c1, why, sizeof why);
    dbg_break_delete(&h->d.s, c2, why, sizeof why);
    if (ev.why == DBG_STOP_SYSCALL) {
        uint32_t r[DBG_NREGS] = {0};
        t->ops->read_regs(t->t, r);
        printf("replay: pid %d stopped before its end: %s(%d), the call at 0x%08x\n", ev.pid,
               sys_name(ev.code), (int32_t)r[4], ev.pc - 4);
    } else if (ev.why == DBG_STOP_EXCEPTION || ev.why == DBG_STOP_PROCESS) {
        printf("replay: pid %d stopped before its end: %s\n", ev.pid, ev.text);
    }
    wa_dbg_print_stop(&h->d, &ev, stdout);
    if (ev.why == DBG_STOP_SYSCALL) {
        char line[400];
        if (!dbg_disasm_line(&h->d.s, ev.pc - 4, line, sizeof line)) printf("the call: %s\n", line);
    }
    if (ev.why != DBG_STOP_END && ev.why != DBG_STOP_ERROR) print_bt(&h->d);
    fflush(stdout);
    wa_dbg_console(&h->d, stdin, stdout);
    fflush(stdout);
    wa_dbg_release(&h->d);
    dbg_session_free(&h->d.s);
    dbg_syms_free(&h->own);
    return 0; /* init runs on to its end, as in the report's run */
}

static int replay_init(const wa_replay *rp, wa_run *run, const dbg_syms *syms, int at_start)
{
    net_world world;
    int rc = wa_world_arg(rp->run.world[0] ? rp->run.world : "default", &world, "debug");
    if (rc) return rc;
    held h = {.board = run->board, .given = syms, .at_start = at_start};
    wa_verify_opts vo = {.deep = rp->run.deep,
                         .static_only = rp->run.static_only,
                         .uclibc_shmctl = rp->run.uclibc_shmctl,
                         .timeout_ms = rp->run.timeout_ms,
                         .flash = run->backup,
                         .write_mode = rp->run.write_mode,
                         .dbg_fn = held_console,
                         .dbg_end_fn = held_end,
                         .dbg_user = &h};
    printf("replay: the report's first NO-BOOT finding is init's: %s\n", rp->first.message);
    fflush(stdout);
    wa_report rep;
    wa_verify(run->image_path, run->image, run->image_len, run->board, &world, &vo, &rep);
    /* the console ran in init's process: here only its end is known */
    const wa_finding *f = NULL;
    for (size_t i = 0; i < rep.n && !f; i++)
        if (rep.f[i].severity == WA_NOBOOT && !strcmp(rep.f[i].stage, "userland")) f = &rep.f[i];
    rc = 0;
    if (!f) {
        printf("replay: the run did not end as the report's: init's finding is not there\n");
        wa_report_text(&rep, stdout, 0);
        rc = WA_NOBOOT;
    } else {
        printf("replay: the run ended: %s/%s: %s\n", f->stage, f->code, f->message);
    }
    /* how each process ended and what reached the console, as the report's timeline has
     * them: the same as verify's run's, however the run was held */
    static const char *const ends[] = {"still running", "exited with status", "killed by signal"};
    for (size_t i = 0; i < rep.nprocs; i++) {
        const wa_tl_proc *tp = &rep.procs[i];
        printf("replay: process %d (%s) %s", tp->pid, tp->argv,
               ends[tp->end < 0 || tp->end > 2 ? 0 : tp->end]);
        if (tp->end == 1 || tp->end == 2) printf(" %d", tp->status);
        printf(" at %llu ms\n", (unsigned long long)tp->end_ms);
    }
    for (size_t i = 0; i < rep.nevents; i++)
        if (!strcmp(rep.events[i].kind, "console"))
            printf("replay: console at %llu ms: %s\n", (unsigned long long)rep.events[i].ms,
                   rep.events[i].text);
    wa_report_free(&rep);
    return rc;
}

int wa_debug_replay(const char *report, const char *image, const dbg_syms *syms, uint64_t before,
                    int at_start)
{
    wa_replay *rp = malloc(sizeof *rp);
    char why[1200];
    if (!rp) return WA_EXIT_SOFTWARE;
    int rc = wa_replay_load(report, rp, why, sizeof why);
    if (rc) {
        fprintf(stderr, "wa-emu debug: --replay %s\n", why);
        free(rp);
        return rc;
    }
    const char *path = image ? image : rp->image;
    wa_board board;
    wa_backup backup = {0};
    uint8_t *img = NULL;
    size_t len;
    wa_err e = {0};
    if ((rc = wa_board_arg(rp->board, &board, "debug"))) goto out;
    if (wa_read_file(path, 256u << 20, &img, &len, &e)) {
        fprintf(stderr, "wa-emu debug: %s: %s\n", path, e.msg);
        rc = WA_EXIT_NOINPUT;
        goto out;
    }
    if ((rc = wa_replay_same_image(rp, path, img, len, why, sizeof why))) {
        fprintf(stderr, "wa-emu debug: --replay %s: %s\n", report, why);
        goto out;
    }
    if (rp->run.flash[0] && wa_backup_load(rp->run.flash, &board, &backup, &e)) {
        fprintf(stderr, "wa-emu debug: the report's --flash %s\n", e.msg);
        rc = e.code == WA_E_IO || e.code == WA_E_NOTFOUND ? WA_EXIT_NOINPUT : WA_EXIT_USAGE;
        goto out;
    }
    wa_run run = {.image_path = path,
                  .image = img,
                  .image_len = len,
                  .board = &board,
                  .deep = 1,
                  .uclibc_shmctl = rp->run.uclibc_shmctl,
                  .backup = rp->run.flash[0] ? &backup : NULL,
                  .write_mode = rp->run.write_mode};
    if (rp->kind == WA_REPLAY_KERNEL) {
        rc = replay_kernel(rp, &run, syms, before, at_start);
        wa_run_release(&run);
    } else {
        rc = replay_init(rp, &run, syms, at_start);
    }
out:
    wa_backup_free(&backup);
    free(img);
    free(rp);
    return rc;
}
