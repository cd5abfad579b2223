/* cmd_debug.c: `wa-emu debug fw.bin`: the image's own kernel in the AR7 machine, held by the
 * debugger. The flash, ADAM2 and kernel stages run as in verify; the machine opens at ADAM2's
 * hand-off and the console (dbg_console.h) takes commands. With --trace it runs without a
 * console instead and writes every block (or instruction) it runs, disassembled. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "argnum.h"
#include "board_arg.h"
#include "boot_setup.h"
#include "cli.h"
#include "dbg_console.h"
#include "debug_replay.h"
#include "fileio.h"
#include "gdbstub.h"
#include "finding.h"
#include "report.h"
#include "stage.h"

/* The milestones by the names `break` takes, indexed by enum ar7_milestone; ADAM2's jump is
 * where the console starts. */
const char *const wa_debug_milestones[AR7_M_COUNT] = {
    [AR7_M_NONE] = "adam2-jump",   [AR7_M_ENTRY] = "kernel-entry", [AR7_M_BANNER] = "banner",
    [AR7_M_FLASH] = "flash-probe", [AR7_M_PARTS] = "partitions",   [AR7_M_ROOT] = "root-mounted",
    [AR7_M_INIT] = "init-exec",
};

static void help(FILE *to)
{
    fprintf(to,
            "usage: wa-emu debug [OPTIONS] IMAGE\n"
            "       wa-emu debug --replay REPORT.json [--before N|--at-start] [--symbols FILE] "
            "[IMAGE]\n\n"
            "Runs the image's kernel in the AR7 machine (as verify --deep does) under a\n"
            "debugger, stopped at ADAM2's hand-off, and reads commands ('help' lists them):\n"
            "break ADDR|SYMBOL|MILESTONE, step, next, continue, finish, regs, x/Ni, x/Nx, bt,\n"
            "flash, mtd, log, quit. The run is deterministic: the same commands give the same\n"
            "stops and instruction counts.\n"
            "  -b, --board B        board profile (default wa1003a)\n"
            "      --symbols FILE   the kernel's System.map or vmlinux (ELF) for names\n"
            "      --at-insn N      run N instructions before the first prompt\n"
            "      --console        echo the kernel console on standard error as it is written\n"
            "      --trace FILE     no console: write every block the CPU runs, disassembled,\n"
            "                       from --trace-from on, to FILE ('-': standard output)\n"
            "      --trace-insn     every instruction instead of every block\n"
            "      --trace-from WHERE  an address, symbol or milestone (default kernel-entry)\n"
            "      --trace-limit N  stop after N blocks or instructions (default 100000)\n"
            "      --gdb HOST:PORT  serve the machine to gdb instead of the console (HOST\n"
            "                       127.0.0.1 when not given; PORT 0: any, printed on\n"
            "                       stderr); after gdb detaches the kernel runs to its end\n"
            "      --replay REPORT  make the run of a verify --json report again (its image,\n"
            "                       or IMAGE when given: the same bytes; its board, world and\n"
            "                       options) and stop just before its first NO-BOOT finding a\n"
            "                       run reached: the kernel's end, or init's (its exit call,\n"
            "                       its fatal signal or fault), then the console\n"
            "      --before N       with --replay of the kernel's end: stop N instructions\n"
            "                       before it (default 1000; at panic() when --symbols has it)\n"
            "      --at-start       with --replay: stop where that run begins instead (ADAM2's\n"
            "                       hand-off, init's first instruction)\n"
            "  -h, --help           this text\n\n"
            "Exit: 0 after quit or the end of the input (or a trace written), 2 when the image\n"
            "does not reach the kernel (or the replayed run its finding), 64 usage error or a\n"
            "report that is not one of this image, 66 unreadable image or report.\n");
}

typedef struct trace {
    FILE *f;
    wa_dbg *d;
    int per_insn;
    uint64_t n, limit;
} trace;

static void on_trace(void *user, uint32_t addr, uint32_t size)
{
    trace *t = user;
    if (t->n >= t->limit) return;
    char line[400];
    if (!t->per_insn) {
        char sym[128];
        dbg_sym_format(t->d->s.syms, addr, sym, sizeof sym);
        fprintf(t->f, "block 0x%08x%s%s%s, %u instructions\n", addr, sym[0] ? " <" : "", sym,
                sym[0] ? ">" : "", size / 4);
        for (uint32_t a = addr; a < addr + size; a += 4)
            if (!dbg_disasm_line(&t->d->s, a, line, sizeof line)) fprintf(t->f, "  %s\n", line);
    } else if (!dbg_disasm_line(&t->d->s, addr, line, sizeof line)) {
        fprintf(t->f, "%s\n", line);
    }
    if (++t->n == t->limit) t->d->s.t.ops->interrupt(t->d->s.t.t);
}

/* --gdb: the machine, stopped at ADAM2's hand-off, served to one gdb connection; once gdb
 * detaches (or hangs up) the kernel runs on to the end of its boot, as without a debugger,
 * and how it ended is printed. The port goes to stderr on a line of its own before the
 * first accept, so a script can read it and connect. */
static int serve_gdb(wa_dbg *d, const char *spec)
{
    wa_err e = {0};
    int port;
    int lfd = gdb_listen(spec, &port, &e);
    if (lfd < 0) {
        fprintf(stderr, "wa-emu debug: --gdb %s: %s\n", spec, e.msg);
        return WA_EXIT_USAGE;
    }
    fprintf(stderr, "wa-emu debug: gdb: listening on port %d\n", port);
    fflush(stderr);
    uint32_t r[DBG_NREGS];
    d->s.t.ops->read_regs(d->s.t.t, r);
    dbg_event first = {.why = DBG_STOP_STEP, .pc = r[DBG_R_PC]};
    int end = gdb_serve(lfd, &d->s.t, &first, 1, &e);
    close(lfd);
    if (end < 0) {
        fprintf(stderr, "wa-emu debug: gdb: %s\n", e.msg);
        return WA_EXIT_SOFTWARE;
    }
    if (end == GDB_END_KILLED) return 0;
    dbg_event ev = {0};
    while (end != GDB_END_GONE && ev.why != DBG_STOP_END && ev.why != DBG_STOP_ERROR)
        if (d->s.t.ops->resume(d->s.t.t, 0, &ev)) break;
    if (end != GDB_END_GONE) wa_dbg_print_stop(d, &ev, stdout);
    return 0;
}

static int run_trace(wa_dbg *d, const char *path, const char *from, int per_insn, uint64_t limit)
{
    char why[300];
    dbg_event ev;
    int id = dbg_break_add(&d->s, from, why, sizeof why);
    if (id < 0) {
        fprintf(stderr, "wa-emu debug: --trace-from %s: %s\n", from, why);
        return WA_EXIT_USAGE;
    }
    if (dbg_continue(&d->s, &ev)) {
        wa_dbg_print_stop(d, &ev, stderr);
        fprintf(stderr, "wa-emu debug: the run ended before %s: nothing traced\n", from);
        return 0;
    }
    dbg_break_delete(&d->s, id, why, sizeof why);
    FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;
    if (!f) {
        fprintf(stderr, "wa-emu debug: --trace %s: cannot create it\n", path);
        return WA_EXIT_CANTCREAT;
    }
    trace t = {.f = f, .d = d, .per_insn = per_insn, .limit = limit};
    int rc = 0;
    if (ar7_debug_trace(d->m, on_trace, &t, per_insn)) {
        fprintf(stderr, "wa-emu debug: Unicorn refused the trace hook\n");
        rc = WA_EXIT_SOFTWARE;
    }
    while (!rc && t.n < t.limit) { /* breakpoints of the kernel's own (break) do not stop it */
        dbg_continue(&d->s, &ev);
        if (ev.why == DBG_STOP_END || ev.why == DBG_STOP_ERROR || ev.why == DBG_STOP_INTERRUPT)
            break;
    }
    ar7_debug_trace(d->m, NULL, NULL, 0);
    char w[512];
    dbg_stop_words(&d->s, &ev, w, sizeof w);
    fprintf(stderr, "wa-emu debug: traced %llu %s from %s; %s\n", (unsigned long long)t.n,
            per_insn ? "instructions" : "blocks", from, w);
    if (f != stdout && fclose(f)) {
        fprintf(stderr, "wa-emu debug: --trace %s: write error\n", path);
        rc = WA_EXIT_CANTCREAT;
    }
    return rc;
}

/* The stages before the kernel runs, as verify runs them; WA_STAGE_GO when the machine can
 * start. Their findings are printed when it cannot. */
int wa_debug_early_stages(wa_run *run, wa_report *rep)
{
    static const wa_stage_fn early[] = {stage_flash, stage_adam2, stage_kernel};
    for (size_t i = 0; i < sizeof early / sizeof early[0]; i++)
        if (early[i](run, rep) != WA_STAGE_GO) return WA_STAGE_STOP;
    return run->boot ? WA_STAGE_GO : WA_STAGE_STOP;
}

int cmd_debug(int argc, char **argv)
{
    static const struct option opts[] = {
        {"board", required_argument, 0, 'b'},
        {"symbols", required_argument, 0, 'S'},
        {"at-insn", required_argument, 0, 'A'},
        {"console", no_argument, 0, 'C'},
        {"trace", required_argument, 0, 'T'},
        {"trace-insn", no_argument, 0, 'I'},
        {"trace-from", required_argument, 0, 'F'},
        {"trace-limit", required_argument, 0, 'L'},
        {"gdb", required_argument, 0, 'G'},
        {"replay", required_argument, 0, 'R'},
        {"before", required_argument, 0, 'B'},
        {"at-start", no_argument, 0, 'P'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    const char *bname = "wa1003a", *syms_path = NULL, *trace_path = NULL, *from = "kernel-entry";
    const char *gdb_spec = NULL, *replay = NULL;
    uint64_t at = 0, limit = 100000, before = 0;
    int per_insn = 0, echo = 0, board_given = 0, at_start = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "b:h", opts, NULL)) != -1) {
        switch (c) {
        case 'b':
            bname = optarg;
            board_given = 1;
            break;
        case 'S': syms_path = optarg; break;
        case 'A':
            if (wa_argnum("debug", "at-insn", "a number of instructions", optarg, 1, UINT64_MAX / 2,
                          &at))
                return WA_EXIT_USAGE;
            break;
        case 'C': echo = 1; break;
        case 'T': trace_path = optarg; break;
        case 'I': per_insn = 1; break;
        case 'F': from = optarg; break;
        case 'L':
            if (wa_argnum("debug", "trace-limit", "a number of entries", optarg, 1, 1u << 30,
                          &limit))
                return WA_EXIT_USAGE;
            break;
        case 'G': gdb_spec = optarg; break;
        case 'R': replay = optarg; break;
        case 'P': at_start = 1; break;
        case 'B':
            if (wa_argnum("debug", "before", "a number of instructions", optarg, 1, UINT64_MAX / 2,
                          &before))
                return WA_EXIT_USAGE;
            break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return WA_EXIT_USAGE;
        }
    }
    if (replay) {
        if (optind < argc - 1 || trace_path || gdb_spec || at || echo || board_given) {
            fprintf(stderr, "wa-emu debug: --replay takes a report, at most one image, and "
                            "--before and --symbols (the board and the rest are the report's)\n");
            return WA_EXIT_USAGE;
        }
        dbg_syms rsyms = {0};
        char rwhy[400];
        if (syms_path && dbg_syms_load(syms_path, &rsyms, rwhy, sizeof rwhy)) {
            fprintf(stderr, "wa-emu debug: --symbols %s\n", rwhy);
            return WA_EXIT_NOINPUT;
        }
        int rrc = wa_debug_replay(replay, optind < argc ? argv[optind] : NULL,
                                  rsyms.n ? &rsyms : NULL, before ? before : 1000, at_start);
        dbg_syms_free(&rsyms);
        return rrc;
    }
    if (before || at_start) {
        fprintf(stderr, "wa-emu debug: --before and --at-start go with --replay REPORT\n");
        return WA_EXIT_USAGE;
    }
    if (optind != argc - 1) {
        fprintf(stderr, "wa-emu debug: expected one image file\n");
        help(stderr);
        return WA_EXIT_USAGE;
    }
    if ((per_insn || strcmp(from, "kernel-entry")) && !trace_path) {
        fprintf(stderr, "wa-emu debug: --trace-insn and --trace-from go with --trace FILE\n");
        return WA_EXIT_USAGE;
    }
    const char *path = argv[optind];
    wa_board board;
    int rc = wa_board_arg(bname, &board, "debug");
    if (rc) return rc;
    dbg_syms syms = {0};
    char why[400];
    if (syms_path && dbg_syms_load(syms_path, &syms, why, sizeof why)) {
        fprintf(stderr, "wa-emu debug: --symbols %s\n", why);
        return WA_EXIT_NOINPUT;
    }
    uint8_t *img;
    size_t len;
    wa_err e = {0};
    if (wa_read_file(path, 256u << 20, &img, &len, &e)) {
        fprintf(stderr, "wa-emu debug: %s: %s\n", path, e.msg);
        dbg_syms_free(&syms);
        return WA_EXIT_NOINPUT;
    }
    wa_run run = {.image_path = path, .image = img, .image_len = len, .board = &board, .deep = 1};
    wa_report rep;
    wa_report_init(&rep, path, board.name);
    wa_boot_setup bs;
    int made = -1;
    ar7 *m = NULL;
    ar7_result res;
    memset(&res, 0, sizeof res);
    if (wa_debug_early_stages(&run, &rep) != WA_STAGE_GO) {
        fprintf(stderr, "wa-emu debug: %s: the kernel is never started:\n", path);
        wa_report_text(&rep, stderr, 0);
        rc = wa_verdict_of(&rep) ? wa_verdict_of(&rep) : WA_NOBOOT;
        goto out;
    }
    if ((made = wa_boot_setup_make(&run, &bs, why, sizeof why))) {
        fprintf(stderr, "wa-emu debug: %s: %s\n", path, why);
        rc = made == WA_BOOT_SETUP_CPU ? WA_EXIT_USAGE : WA_EXIT_SOFTWARE;
        goto out;
    }
    bs.opts.wall_ms = 0; /* a person holds the run: no wall-clock limit */
    bs.opts.echo = echo ? stderr : NULL;
    if (ar7_open(&bs.opts, &res, &m, &e)) {
        fprintf(stderr, "wa-emu debug: the AR7 machine cannot run: %s\n", e.msg);
        rc = WA_EXIT_SOFTWARE;
        goto out;
    }
    wa_dbg d = {.m = m, .r = &res, .board = &board};
    if (dbg_session_init(&d.s, ar7_debug_target(m), syms.n ? &syms : NULL, wa_debug_milestones,
                         AR7_M_COUNT, why, sizeof why)) {
        fprintf(stderr, "wa-emu debug: %s\n", why);
        rc = WA_EXIT_SOFTWARE;
        goto out;
    }
    if (trace_path) {
        rc = run_trace(&d, trace_path, from, per_insn, limit);
    } else if (gdb_spec) {
        rc = serve_gdb(&d, gdb_spec);
    } else {
        uint32_t pc;
        uint32_t r[DBG_NREGS];
        d.s.t.ops->read_regs(d.s.t.t, r);
        pc = r[DBG_R_PC];
        printf("%s: board %s; stopped at ADAM2's hand-off to 0x%08x (a0=%u a1=0x%08x a2=0x%08x "
               "a3=0x%08x)\n",
               path, board.name, pc, r[4], r[5], r[6], r[7]);
        if (at) {
            dbg_event ev;
            dbg_run_to_insn(&d.s, at, &ev);
            wa_dbg_print_stop(&d, &ev, stdout);
        }
        wa_dbg_console(&d, stdin, stdout);
        rc = 0;
    }
    dbg_session_free(&d.s);
out:
    ar7_close(m);
    ar7_result_free(&res);
    if (!made) wa_boot_setup_free(&bs);
    wa_report_free(&rep);
    wa_run_release(&run);
    free(img);
    dbg_syms_free(&syms);
    return rc;
}
