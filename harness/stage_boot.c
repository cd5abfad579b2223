/* stage_boot.c: stage 3, the deep path (`verify --deep`). The kernel ADAM2 loaded runs in
 * the AR7 machine (emu/machine) from the hand-off to the exec of init. Reaching init is the
 * boot; a panic, an exception the kernel cannot take, a stall or a budget running out
 * before it is NO-BOOT, with the milestone reached and the kernel's own lines. A WARNING,
 * BUG or Oops on its console is DEGRADED (kconsole.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot_setup.h"
#include "kconsole.h"
#include "machine.h"
#include "stage.h"

static const char *const end_codes[] = {
    [AR7_END_INIT] = "boot-init",
    [AR7_END_PANIC] = "kernel-panic",
    [AR7_END_EXCEPTION] = "kernel-exception",
    [AR7_END_BUS] = "kernel-bus-error",
    [AR7_END_STALL] = "kernel-stall",
    [AR7_END_BUDGET] = "kernel-budget",
    [AR7_END_TIMEOUT] = "kernel-timeout",
    [AR7_END_RESET] = "kernel-reset",
    [AR7_END_EMU] = "emulator-stopped",
};

const char *wa_boot_end_code(int end)
{
    return end >= 0 && end < (int)(sizeof end_codes / sizeof end_codes[0]) ? end_codes[end] : "?";
}

/* The program the kernel ran as init: its own "Run /sbin/init as init process" line (Linux
 * 5.8 and later). Older kernels do not say: run->init_path stays "" and the userland stage
 * takes the first of init= and the kernel's list that the rootfs has. */
static void init_of(const char *console, char *out, size_t cap)
{
    const char *s = console ? strstr(console, "Run /") : NULL;
    const char *e = s ? strstr(s, " as init process") : NULL;
    if (!s || !e || memchr(s, '\n', (size_t)(e - s)) || (size_t)(e - s - 4) >= cap) return;
    memcpy(out, s + 4, (size_t)(e - s - 4));
    out[e - s - 4] = 0;
}

/* The milestones and their instruction counts, for the evidence. */
static void milestones(const ar7_result *b, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = 0;
    for (int m = AR7_M_ENTRY; m < AR7_M_COUNT && n < cap; m++)
        if (b->at[m])
            n += (size_t)snprintf(out + n, cap - n, "%s%s at %llu", n ? ", " : "",
                                  ar7_milestone_name(m), (unsigned long long)b->at[m]);
}

/* The milestones as data for the reports: the instructions to each at the board's CPU clock
 * (board_cpu_hz), the time since ADAM2's hand-off. */
static void marks(const wa_board *board, const ar7_result *b, wa_report *r)
{
    double hz = board_cpu_hz(board);
    for (int m = AR7_M_ENTRY; m < AR7_M_COUNT && r->nmarks < WA_MARKS_MAX; m++) {
        if (!b->at[m]) continue;
        wa_tl_mark *k = &r->marks[r->nmarks++];
        snprintf(k->name, sizeof k->name, "%s", ar7_milestone_name(m));
        k->ms = (uint64_t)((double)b->at[m] * 1000.0 / hz);
        snprintf(k->line, sizeof k->line, "%.*s", (int)sizeof k->line - 1, b->line[m]);
        if (m == AR7_M_INIT) r->kernel_ms = k->ms;
    }
    /* the console's lines with the time each ended: the i-th line is the i-th newline's */
    r->klines = b->nlines ? calloc(b->nlines, sizeof *r->klines) : NULL;
    const char *l = b->console;
    for (size_t i = 0; r->klines && l && *l && i < b->nlines; i++) {
        const char *nl = strchr(l, '\n');
        size_t n = nl ? (size_t)(nl - l) : strlen(l);
        wa_tl_mark *k = &r->klines[r->nklines++];
        snprintf(k->name, sizeof k->name, "console");
        k->ms = (uint64_t)((double)b->line_at[i] * 1000.0 / hz);
        snprintf(k->line, sizeof k->line, "%.*s", (int)(n && l[n - 1] == '\r' ? n - 1 : n), l);
        if (!nl) break;
        l = nl + 1;
    }
}

int stage_boot(wa_run *run, wa_report *r)
{
    wa_boot_setup bs;
    char why[300];
    switch (wa_boot_setup_make(run, &bs, why, sizeof why)) {
    case WA_BOOT_SETUP_CPU:
        wa_add(r, "boot", WA_INFO, "boot-cpu-unknown", NULL,
               "use a cpu the emulator knows (4KEc, 24Kf, ...)", "%s: the kernel was not run", why);
        return WA_STAGE_GO;
    case WA_BOOT_SETUP_EVA:
        wa_add(r, "boot", WA_NOBOOT, "eva-unpack-failed", bs.detail, NULL, "%s", why);
        return WA_STAGE_STOP;
    case WA_BOOT_SETUP_NOMEM:
        wa_add(r, "boot", WA_INCONCLUSIVE, "emulator-failed", NULL, NULL,
               "the AR7 machine cannot run: %s", why);
        return WA_STAGE_STOP;
    }
    const ar7_opts opts = bs.opts;
    ar7_result b;
    wa_err e = {0};
    int rc = ar7_boot(&bs.opts, &b, &e);
    wa_boot_setup_free(&bs);
    if (rc) {
        wa_add(r, "boot", WA_INCONCLUSIVE, "emulator-failed", NULL, NULL,
               "the AR7 machine cannot run: %s", e.msg);
        ar7_result_free(&b);
        return WA_STAGE_STOP;
    }
    char ms[400], ev[1024];
    milestones(&b, ms, sizeof ms);
    marks(run->board, &b, r);
    double ips = b.secs > 0 ? (double)(b.insns - b.idle) / b.secs : 0;
    if (b.end == AR7_END_INIT) {
        snprintf(ev, sizeof ev,
                 "%s; %llu instructions (%llu idle), %.2f s, %.1f M instructions/s; %d timer "
                 "accesses hooked (%d in delay slots left alone), %llu flash reads",
                 ms, (unsigned long long)b.insns, (unsigned long long)b.idle, b.secs, ips / 1e6,
                 b.timer_hooks, b.timer_slots, (unsigned long long)b.flash_reads);
        run->at_init = 1;
        init_of(b.console, run->init_path, sizeof run->init_path);
        wa_add(r, "boot", WA_INFO, "boot-init", ev, NULL,
               "the kernel booted to init%s%s (first instruction at 0x%08x)",
               run->init_path[0] ? " " : "", run->init_path, b.init_pc);
    } else {
        snprintf(ev, sizeof ev, "last milestone: %s (%s); %llu instructions, %.2f s%s%.200s",
                 ar7_milestone_name(b.milestone), ms[0] ? ms : "none", (unsigned long long)b.insns,
                 b.secs, b.trouble[0] && strcmp(b.trouble, b.panic) ? "; first sign: " : "",
                 strcmp(b.trouble, b.panic) ? b.trouble : "");
        /* the wall clock and Unicorn giving up are limits of the emulator, not of the image */
        int limit = b.end == AR7_END_TIMEOUT || b.end == AR7_END_EMU;
        char hint[160];
        if (b.end == AR7_END_TIMEOUT)
            snprintf(hint, sizeof hint,
                     "a limit of this run, not a fault of the image: raise --timeout (it was "
                     "%u ms)",
                     opts.wall_ms);
        else
            snprintf(hint, sizeof hint, "the console below is the kernel's own account");
        wa_add(r, "boot", limit ? WA_INCONCLUSIVE : WA_NOBOOT, end_codes[b.end], ev, hint,
               "the kernel does not reach init%s: %s", limit ? " in this run" : "", b.reason);
        if (b.panic[0] && b.end != AR7_END_PANIC) /* a panic that did not end the run */
            wa_add(r, "boot", WA_INFO, "kernel-panic-line", NULL, NULL, "%s", b.panic);
    }
    wa_kconsole_findings(b.console, r);
    free(r->console);
    r->console = b.console; /* the report owns it now */
    b.console = NULL;
    ar7_result_free(&b);
    return WA_STAGE_GO;
}
