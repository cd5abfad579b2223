/* stage_userland.c: stage 5, the hand-over. Where the kernel would exec init (the fast path:
 * nothing before said NO-BOOT; --deep: the kernel in the AR7 machine reached the exec of
 * init), the same program of the same rootfs runs as pid 1 under
 * the user-mode personality (emu/linux), the way the kernel starts it: the rootfs alone (init
 * and rcS mount the rest), HOME=/ and TERM=linux, the console on fds 0, 1 and 2 with nobody
 * typing. The run ends when every process has been asleep for a while (the boot settled), or
 * at the wall-clock limit. init ending, or being killed, is the kernel's "Attempted to kill
 * init!" panic: NO-BOOT. Another process killed by a signal or stopped by the emulator is
 * DEGRADED; the timeline, exits and unknown system calls are reported. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "board_cpu.h"
#include "kernel_mtd.h"
#include "lx.h"
#include "script_run.h"
#include "stage.h"

#define SETTLE_MS 500 /* everything asleep this long: the boot is done */
#define WALL_MS 30000 /* unless verify --timeout says otherwise */
/* every guest asleep and, for this long of virtual time, nothing new: a daemon that polls on
 * a timer (the WAG200G's atm_monitor runs a shell every 5 s for ever) repeats itself to the
 * horizon at a real cost each round; a box that never talked to the world has settled */
#define STEADY_MS (5 * 60000)
#define MAX_CONSOLE 65536 /* of the userland's console kept in the report */

/* The kernel's choice when its console did not name it: init= from the command line, else
 * the first of its list the rootfs has. */
static int count_entry(void *ctx, const char *name, sqfs_ref ref, uint32_t mode)
{
    (void)name, (void)ref, (void)mode;
    ++*(int *)ctx;
    return 0;
}

/* The image's /dev is an empty directory: the kernel's devfs is what fills it on the box. */
static int dev_empty(sqfs *fs)
{
    sqfs_ref dev;
    int n = 0;
    return !sqfs_lookup(fs, "/dev", 1, &dev, NULL) &&
           !sqfs_readdir(fs, dev, count_entry, &n, NULL) && n == 0;
}

static const char *pick_init(const wa_run *run, sqfs *fs)
{
    sqfs_ref ref;
    for (int i = 0; i < run->boot->argc; i++)
        if (!strncmp(run->boot->argv[i], "init=", 5)) return run->boot->argv[i] + 5;
    for (size_t i = 0; i < sizeof wa_init_list / sizeof wa_init_list[0]; i++)
        if (!sqfs_lookup(fs, wa_init_list[i], 1, &ref, NULL)) return wa_init_list[i];
    return NULL;
}

/* The console the userland wrote, after the kernel's, in the report. */
static void append_console(wa_report *r, FILE *f)
{
    static const char sep[] = "\n--- userland (wa-emu user mode from the exec of init) ---\n";
    long n = ftell(f);
    if (n <= 0) return;
    size_t keep = n > MAX_CONSOLE ? MAX_CONSOLE : (size_t)n;
    size_t old = r->console ? strlen(r->console) : 0;
    char *c = realloc(r->console, old + sizeof sep + keep + 1);
    if (!c) return;
    memcpy(c + old, sep, sizeof sep - 1);
    size_t at = old + sizeof sep - 1;
    fseek(f, n - (long)keep, SEEK_SET);
    size_t got = fread(c + at, 1, keep, f);
    c[at + got] = 0;
    r->console = c;
}

/* A short account of the timeline for the evidence; the SIGKILLs that end a settled run are
 * counted as "still running", not as kills. */
static void summary(const lx_result *res, char *out, size_t cap)
{
    size_t n = 0;
    int started = 0, exits = 0, killed = 0, running = 0, enosys = 0;
    for (size_t i = 0; i < res->nevents; i++) {
        const lx_event *ev = &res->events[i];
        int end = ev->kind == LX_EV_KILLED && ev->value == 9 && res->settled;
        started += ev->kind == LX_EV_EXEC;
        exits += ev->kind == LX_EV_EXIT;
        killed += ev->kind == LX_EV_KILLED && !end;
        running += end;
        enosys += ev->kind == LX_EV_ENOSYS;
    }
    n += (size_t)snprintf(out, cap,
                          "%d programs run, %d exits, %d killed, %d still running, %d unknown "
                          "calls:",
                          started, exits, killed, running, enosys);
    for (size_t i = 0; i < res->nevents && n < cap; i++) {
        const lx_event *ev = &res->events[i];
        if (ev->kind == LX_EV_EXEC)
            n += (size_t)snprintf(out + n, cap - n, " [%d] %s;", ev->pid, ev->text);
        else if (ev->kind == LX_EV_EXIT && ev->value)
            n += (size_t)snprintf(out + n, cap - n, " [%d] exit %d;", ev->pid, ev->value);
        else if (ev->kind == LX_EV_KILLED && !(ev->value == 9 && res->settled))
            n += (size_t)snprintf(out + n, cap - n, " [%d] signal %d;", ev->pid, ev->value);
    }
}

/* The system calls the personality does not know (each returned ENOSYS), once each. */
static void unknown_calls(const lx_result *res, wa_report *r)
{
    char ev[512];
    size_t n = 0;
    ev[0] = 0;
    for (size_t i = 0; i < res->nevents && n < sizeof ev; i++) {
        const lx_event *e = &res->events[i];
        if (e->kind != LX_EV_ENOSYS || strstr(ev, e->text)) continue;
        n += (size_t)snprintf(ev + n, sizeof ev - n, "%s%s", n ? "; " : "", e->text);
    }
    if (n)
        wa_add(r, "userland", WA_INFO, "userland-enosys", ev, NULL,
               "system calls wa-emu does not emulate returned ENOSYS");
}

/* The kernel modules the boot asked for (insmod), once each: wa-emu loads none, so what they
 * would have made (drivers, /proc entries) is missing from the rest of the boot. */
static void modules(const lx_result *res, wa_report *r)
{
    int n = 0;
    for (size_t i = 0; i < res->nevents && n < 16; i++) {
        const lx_event *e = &res->events[i];
        if (e->kind != LX_EV_MODULE) continue;
        n++;
        wa_add(r, "userland", WA_INFO, "userland-module", e->text,
               "what the module would have made (its driver, its /proc entries) is missing from "
               "the rest of this boot",
               "pid %d: %s", e->pid, e->text);
    }
}

/* The program pid last ran, from the timeline. */
static const char *program_of(const lx_result *res, int32_t pid)
{
    const char *prog = "?";
    for (size_t i = 0; i < res->nevents; i++)
        if (res->events[i].pid == pid && res->events[i].kind == LX_EV_EXEC)
            prog = res->events[i].text;
    return prog;
}

/* ", started by /etc/init.d/rcS line 11" for a process the boot script started, else "". */
static const char *by_line(const wa_script_run *sr, int32_t pid, char *buf, size_t cap)
{
    char w[160];
    wa_script_where(sr, pid, w, sizeof w);
    snprintf(buf, cap, "%s%s", w[0] ? ", started by " : "", w);
    return buf;
}

/* Processes other than init stopped by the emulator, or killed by a signal (but for the
 * SIGKILL that ends the run); a stopped process is not reported again as killed. */
static void crashes(const lx_result *res, const wa_script_run *sr, wa_report *r)
{
    char where[200];
    int shown = 0;
    for (size_t i = 0; i < res->nevents && shown < 5; i++) {
        const lx_event *ev = &res->events[i];
        if (ev->pid == 1) continue;
        if (ev->kind == LX_EV_STOP) {
            wa_add(r, "userland", WA_DEGRADED, "userland-stopped", ev->text, NULL,
                   "%.80s (pid %d%s) was stopped: the box would kill it", program_of(res, ev->pid),
                   ev->pid, by_line(sr, ev->pid, where, sizeof where));
            shown++;
        } else if (ev->kind == LX_EV_KILLED && ev->value != 9) {
            int stopped = 0;
            for (size_t k = 0; k < i; k++)
                stopped |= res->events[k].pid == ev->pid && res->events[k].kind == LX_EV_STOP;
            if (stopped) continue;
            wa_add(r, "userland", WA_DEGRADED, "userland-killed", NULL, NULL,
                   "%.80s (pid %d%s) was killed by signal %d", program_of(res, ev->pid), ev->pid,
                   by_line(sr, ev->pid, where, sizeof where), ev->value);
            shown++;
        }
    }
}

/* An execve that failed for a reason the box would fail for too. Not the noise of a healthy
 * boot: a shell's PATH search (the program itself is not there: ENOENT), or a script without
 * #! (ENOEXEC on a file that is no ELF: the shell runs it itself). A missing interpreter is
 * ENOENT on a program that is there; an ELF for another CPU or byte order ENOEXEC; a file
 * without the exec bit EACCES. */
static int exec_failure(sqfs *fs, const lx_event *ev, char *path, size_t cap)
{
    const char *colon = strstr(ev->text, ": "); /* the event is "PATH: why (ERRNO)" */
    if (!colon || (size_t)(colon - ev->text) >= cap) return 0;
    memcpy(path, ev->text, (size_t)(colon - ev->text));
    path[colon - ev->text] = 0;
    sqfs_ref ref;
    int there = !sqfs_lookup(fs, path, 1, &ref, NULL);
    if (ev->value == 2) return there; /* ENOENT */
    if (ev->value == 8) {             /* ENOEXEC */
        uint8_t magic[4];
        size_t got = 0;
        return there && !sqfs_read(fs, ref, 0, magic, 4, &got, NULL) && got == 4 &&
               !memcmp(magic, "\177ELF", 4);
    }
    return 1;
}

/* Writes the boot needed that the box refused (EROFS, ENOSPC), once per program and reason. */
static void write_failures(const lx_result *res, const wa_script_run *sr, wa_report *r)
{
    char where[200];
    char seen[4][160];
    int n = 0;
    for (size_t i = 0; i < res->nevents && n < 4; i++) {
        const lx_event *ev = &res->events[i];
        if (ev->kind != LX_EV_WRITEFAIL) continue;
        const char *prog = program_of(res, ev->pid);
        char key[160];
        snprintf(key, sizeof key, "%.120s %d", prog, ev->value);
        int dup = 0;
        for (int k = 0; k < n; k++)
            dup |= !strcmp(seen[k], key);
        if (dup) continue;
        snprintf(seen[n++], sizeof seen[0], "%s", key);
        int rofs = ev->value == 30; /* EROFS */
        wa_add(r, "userland", WA_DEGRADED, "write-failed", ev->text,
               rofs ? "the root is a read-only SquashFS: mount a RAM disk there first (rcS: mount "
                      "-t ramfs ramfs /var) or write under one"
                    : "the RAM disk is full: what the RAM disks hold counts against the board's "
                      "RAM; make what the boot writes (var.tar) smaller",
               "%.80s (pid %d%s) could not write: %s", prog, ev->pid,
               by_line(sr, ev->pid, where, sizeof where), ev->text);
    }
}

/* Programs the boot started that could not run, once each. */
static void exec_failures(const lx_result *res, sqfs *fs, const wa_script_run *sr, wa_report *r)
{
    char where[200];
    char seen[8][128];
    int n = 0;
    for (size_t i = 0; i < res->nevents && n < 8; i++) {
        const lx_event *ev = &res->events[i];
        char path[128];
        if (ev->kind != LX_EV_NOEXEC || !exec_failure(fs, ev, path, sizeof path)) continue;
        int dup = 0;
        for (int k = 0; k < n; k++)
            dup |= !strcmp(seen[k], path);
        if (dup) continue;
        snprintf(seen[n++], sizeof seen[0], "%s", path);
        const char *by = "?"; /* what the process ran when it tried (a fork: its parent's) */
        for (size_t k = 0; k < i; k++)
            if (res->events[k].pid == ev->pid &&
                (res->events[k].kind == LX_EV_EXEC || res->events[k].kind == LX_EV_START))
                by = res->events[k].text;
        char ev_text[300];
        snprintf(ev_text, sizeof ev_text, "execve by pid %d (%.80s): %s", ev->pid, by, ev->text);
        char byl[180];
        by_line(sr, ev->pid, byl, sizeof byl); /* ", started by SCRIPT line N" or "" */
        snprintf(where, sizeof where, "%s%s%s", byl[0] ? " (" : "", byl + (byl[0] ? 2 : 0),
                 byl[0] ? ")" : "");
        wa_add(r, "userland", WA_DEGRADED, "program-cannot-run", ev_text,
               "build it for the board's CPU (MIPS32 little-endian, o32), give it its exec bit "
               "and put its interpreter and libraries in the image",
               "%s cannot run on the box: %s%s", path, ev->text + strlen(path) + 2, where);
    }
}

/* A process another finding named already: one whose exec failed as the box's would, that
 * the box refused a write, that the emulator stopped or a signal killed. */
struct named {
    const lx_result *res;
    sqfs *fs;
};

static int already_named(void *ctx, int32_t pid)
{
    const struct named *n = ctx;
    for (size_t i = 0; i < n->res->nevents; i++) {
        const lx_event *ev = &n->res->events[i];
        char path[128];
        if (ev->pid != pid) continue;
        if (ev->kind == LX_EV_WRITEFAIL || ev->kind == LX_EV_STOP || ev->kind == LX_EV_KILLED ||
            (ev->kind == LX_EV_NOEXEC && exec_failure(n->fs, ev, path, sizeof path)))
            return 1;
    }
    return 0;
}

/* The timeline as data for the reports: one entry a process (from its start or first exec to
 * its end; the SIGKILL that ends a settled run is no end of its own), the events that are
 * not about processes' lives, and the files left on the RAM disks. */
static void timeline(const lx_result *res, wa_report *r)
{
    wa_tl_proc *ps = calloc(res->nevents ? res->nevents : 1, sizeof *ps);
    wa_tl_event *es = calloc(res->nevents ? res->nevents : 1, sizeof *es);
    if (!ps || !es) {
        free(ps);
        free(es);
        return;
    }
    size_t np = 0, ne = 0;
    for (size_t i = 0; i < res->nevents; i++) {
        const lx_event *ev = &res->events[i];
        wa_tl_proc *p = NULL;
        for (size_t k = 0; k < np && !p; k++)
            if (ps[k].pid == ev->pid && !ps[k].end) p = &ps[k];
        switch (ev->kind) {
        case LX_EV_START:
        case LX_EV_EXEC:
            if (!p) {
                p = &ps[np++];
                *p = (wa_tl_proc){.pid = ev->pid, .ppid = ev->ppid, .start_ms = ev->ms};
            }
            if (ev->kind == LX_EV_EXEC) {
                snprintf(p->argv, sizeof p->argv, "%s", ev->text);
            } else { /* a fork runs its parent's program until it execs (the parent may have
                      * ended already: its exit can come first on the timeline) */
                snprintf(p->argv, sizeof p->argv, "%s", ev->text);
                for (size_t k = 0; k + 1 < np; k++)
                    if (ps[k].pid == ev->ppid) snprintf(p->argv, sizeof p->argv, "%s", ps[k].argv);
            }
            break;
        case LX_EV_EXIT:
        case LX_EV_KILLED:
            if (p && !(ev->kind == LX_EV_KILLED && ev->value == 9 && res->settled)) {
                p->end = ev->kind == LX_EV_EXIT ? 1 : 2;
                p->status = ev->value;
                p->end_ms = ev->ms;
            }
            break;
        default: {
            wa_tl_event *e = &es[ne++];
            *e = (wa_tl_event){.ms = ev->ms, .pid = ev->pid, .value = ev->value};
            snprintf(e->kind, sizeof e->kind, "%s", lx_event_name(ev->kind));
            snprintf(e->text, sizeof e->text, "%s", ev->text);
        }
        }
    }
    free(r->procs);
    free(r->events);
    r->procs = ps, r->nprocs = np;
    r->events = es, r->nevents = ne;
    free(r->files);
    r->files = calloc(res->nfiles ? res->nfiles : 1, sizeof *r->files);
    r->nfiles = r->files ? res->nfiles : 0;
    for (size_t i = 0; i < r->nfiles; i++) {
        wa_tl_file *f = &r->files[i];
        snprintf(f->path, sizeof f->path, "%s", res->files[i].path);
        f->size = res->files[i].size;
        f->mode = res->files[i].mode;
    }
}

int stage_userland(wa_run *run, wa_report *r)
{
    /* the kernel did not get there */
    int there = run->deep ? run->at_init : wa_verdict_of(r) != WA_NOBOOT;
    /* the root the kernel mounts (kernel_root.h), not any SquashFS the image holds */
    if (!there || !run->layout || !run->root.has_sqfs || !run->boot) return WA_STAGE_NA;
    const wa_cpu *cpu = wa_cpu_find(run->board->cpu);
    if (!cpu) return WA_STAGE_NA; /* a CPU wa-emu has no model of: the board stage said so */
    const mtd4_sqfs *s = &run->root.sq;
    sqfs *fs;
    if (sqfs_open(&fs, run->image + s->offset, run->layout->trailer.data_len - s->offset, NULL,
                  NULL))
        return WA_STAGE_GO; /* the rootfs stage reported it */
    const char *init = run->init_path[0] ? run->init_path : pick_init(run, fs);
    if (!init) {
        sqfs_close(fs);
        return WA_STAGE_GO;
    }
    /* the console: input nobody types into (a pipe held open), output kept in a file */
    int in[2];
    FILE *out = tmpfile();
    if (!out || pipe(in)) {
        if (out) fclose(out);
        sqfs_close(fs);
        wa_add(r, "userland", WA_INCONCLUSIVE, "emulator-failed", NULL, NULL,
               "cannot make the console of the userland run");
        return WA_STAGE_STOP;
    }
    int con[2] = {in[0], fileno(out)};
    static char *const envp[] = {"HOME=/", "TERM=linux", NULL};
    lx_opts o = {
        .cpu_model = cpu->user_model,
        .isa_r1 = cpu->isa_r1,
        .cpu_name = cpu->name,
        .ram = run->ram_left ? run->ram_left : run->board->ram_size, /* what the kernel leaves */
        .nproc = run->board->nproc,
        .wall_ms = run->deep_wall_ms ? run->deep_wall_ms : WALL_MS,
        .as_init = 1,
        .envp = envp,
        .console = con,
        .settle_ms = SETTLE_MS,
        .steady_ms = STEADY_MS,
        .net = run->world,
        .horizon_ms = run->world ? run->world->duration_ms : 0,
        .cpu_hz = board_cpu_hz(run->board),
        .boot_ns = r->kernel_ms * 1000000, /* --deep: init starts when the kernel ran it */
        .linux24 = board_linux24(run->board),
        .uclibc_shmctl = run->uclibc_shmctl,
        .tls_emulated = run->board->tls_emulated,
        /* the kernel the image holds, as its static probe found it; else the board's key */
        .kernel_banner = run->kernel && run->kernel->banner[0] ? run->kernel->banner : NULL,
        .kernel_release = run->board->kernel[0] ? run->board->kernel : NULL,
        .dbg_fn = run->dbg_fn,
        .dbg_user = run->dbg_user,
        .dbg_end_fn = run->dbg_end_fn,
    };
    o.devfs = run->kernel && run->kernel->devfs && dev_empty(fs);
    /* the MTD devices and, with TI's kernel, /proc/ticfg/env: as the kernel that mounts the
     * root finds its partitions (kernel_root.h) */
    lx_mtd mtd[WA_KMTD_MAX];
    char ticfg[8192];
    o.mtd = mtd;
    o.nmtd = wa_kernel_mtd(run->board, run->root.by, &run->root.ar7, mtd);
    if (run->root.by == WA_ROOT_ENV || (run->root.by == WA_ROOT_GUESS && o.linux24)) {
        wa_ticfg_env(run->board, ticfg, sizeof ticfg);
        o.ticfg_env = ticfg;
    }
    char *argv[] = {(char *)init, NULL};
    lx_result res;
    wa_err e = {0};
    int rc = lx_run(fs, 1, argv, &o, &res, &e);
    close(in[0]);
    close(in[1]);
    fflush(out);
    append_console(r, out);
    fclose(out);
    char ev[2048];
    summary(&res, ev, sizeof ev);
    if (rc)
        wa_add(r, "userland", WA_NOBOOT, "init-exec", e.msg,
               "the kernel started it; its loader and the image's must agree",
               "%s cannot be started as init: %s", init, e.msg);
    else if (res.settled && res.steady)
        wa_add(r, "userland", WA_INFO, "userland-settled", ev, NULL,
               "%s ran as pid 1 and the boot settled (every process asleep; for %d virtual "
               "minutes the box only did again what it had done before, without the network)",
               init, STEADY_MS / 60000);
    else if (res.settled)
        wa_add(r, "userland", WA_INFO, "userland-settled", ev, NULL,
               "%s ran as pid 1 and the boot settled (every process asleep)", init);
    else if (res.wall_clock)
        wa_add(r, "userland", WA_INCONCLUSIVE, "userland-timeout", ev,
               "a limit of this run, not a fault of the image: raise --timeout; if it never "
               "settles, look for a process that loops or respawns in the timeline",
               "the boot did not settle within the wall-clock limit of %u ms", o.wall_ms);
    else if (res.stop[0])
        wa_add(r, "userland", WA_NOBOOT, "init-stopped", ev,
               "build init for the board's CPU (MIPS32 release 1 for a 4KEc)",
               "init (%s) was stopped: %s; the kernel panics (\"Attempted to kill init!\")", init,
               res.stop);
    else if (res.signal)
        wa_add(r, "userland", WA_NOBOOT, "init-killed", ev, NULL,
               "init (%s) was killed by signal %d: the kernel panics (\"Attempted to kill "
               "init!\")",
               init, res.signal);
    else
        wa_add(r, "userland", WA_NOBOOT, "init-exited", ev, NULL,
               "init (%s) exited with status %d: the kernel panics (\"Attempted to kill init! "
               "exitcode=0x%08x\")",
               init, res.status, res.status << 8);
    if (!rc) {
        wa_script_run *sr = malloc(sizeof *sr);
        struct named nm = {&res, fs};
        if (sr && !wa_script_open(sr, &res, fs, run->script)) {
            crashes(&res, sr, r);
            exec_failures(&res, fs, sr, r);
            write_failures(&res, sr, r);
            if (!res.wall_clock) wa_script_judge(sr, r, already_named, &nm);
            wa_script_close(sr);
        }
        free(sr);
    }
    unknown_calls(&res, r);
    if (res.events_lost)
        wa_add(r, "userland", WA_INFO, "userland-timeline-full", NULL, NULL,
               "the timeline holds the run's first %zu events; %u later ones were not recorded, "
               "so a finding that needs them may be missing",
               res.nevents, res.events_lost);
    modules(&res, r);
    timeline(&res, r);
    lx_result_free(&res);
    sqfs_close(fs);
    return WA_STAGE_GO;
}
