/* test_debug_replay.c: `wa-emu debug --replay` of verify's own JSON reports, driven through
 * a pipe, against references it does not share code with: the report's timeline (init's pid
 * and exit status), binutils' objdump of the busybox the image holds (extracted with
 * `wa-emu extract`) and of vmlinux, and the kernel's System.map. Bad reports are refused
 * with their reason and 64 or 66. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#define IMG WA_FIXTURES "/images/"
#define SYSMAP WA_FIXTURES "/kernel/System.map"

/* verify --json of image into a report file (its path in out) */
static void report_of(const char *image, const char *opts, char *out, size_t cap)
{
    snprintf(out, cap, "/tmp/wa-replay-%d-%s.json", (int)getpid(), image);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s' verify %s --json=%s %s%s.bin >/dev/null", WA_BIN, opts, out,
             IMG, image);
    run(cmd, NULL);
    cr_assert_eq(access(out, R_OK), 0, "no report: %s", cmd);
}

static int replay(const char *opts, const char *cmds, char **out)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "printf '%s' | '%s' debug %s 2>&1", cmds, WA_BIN, opts);
    return run(cmd, out);
}

/* The word objdump shows at addr in elf, and its mnemonic. */
static void objdump_word(const char *elf, uint32_t addr, char *mnem, size_t cap)
{
    char cmd[512], *out;
    snprintf(cmd, sizeof cmd,
             "mipsel-linux-gnu-objdump -d --start-address=0x%x --stop-address=0x%x '%s' | "
             "grep '^ *%x:'",
             addr, addr + 4, elf, addr);
    cr_assert_eq(run(cmd, &out), 0, "objdump has no instruction at 0x%08x in %s", addr, elf);
    char *t = strchr(out, '\t');
    cr_assert(t);
    t = strchr(t + 1, '\t');
    cr_assert(t, "objdump: %s", out);
    t++;
    t[strcspn(t, " \t\n")] = 0;
    snprintf(mnem, cap, "%s", t);
    free(out);
}

Test(replay, init_exits_stops_before_its_exit_group_with_the_reports_pid_and_callers,
     .timeout = 300)
{
    char rep[256], cmd[1024], *out;
    report_of("noboot-deep-init-exits", "--deep --board ar7-8m", rep, sizeof rep);
    /* the report's own account: the pid of the process that exited 3 (init) */
    snprintf(
        cmd, sizeof cmd,
        "/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); "
        "print([p[\"pid\"] for p in d[\"timeline\"][\"processes\"] if p.get(\"exit\")==3][0])' "
        "%s",
        rep);
    int pid = (int)run_num(cmd);
    /* the busybox init's #! runs, from the image itself */
    char dir[] = "/tmp/wa-replay-bb-XXXXXX";
    cr_assert(mkdtemp(dir));
    snprintf(cmd, sizeof cmd, "'%s' extract %snoboot-deep-init-exits.bin -o %s /bin >/dev/null",
             WA_BIN, IMG, dir);
    cr_assert_eq(run(cmd, NULL), 0);
    char bb[300];
    snprintf(bb, sizeof bb, "%s/busybox", dir);

    char opts[512];
    snprintf(opts, sizeof opts, "--replay %s", rep);
    int rc = replay(opts, "regs\\nbt\\nquit\\n", &out);
    cr_assert_eq(rc, 0, "%s", out);
    char want[64];
    snprintf(want, sizeof want, "replay: pid %d stopped before its end: exit_group(3)", pid);
    char *at = strstr(out, want);
    cr_assert(at, "no stop before pid %d's exit: %s", pid, out);
    char *call = strstr(at, "the call at 0x");
    cr_assert(call);
    uint32_t sys = (uint32_t)strtoul(call + 12, NULL, 16);
    char m[32];
    objdump_word(bb, sys, m, sizeof m);
    cr_assert_str_eq(m, "syscall", "objdump at 0x%08x: %s", sys, m);
    /* the registers as the call sees them: v0 exit_group (4246), a0 the status */
    cr_assert(strstr(out, "v0   00001096"), "%s", out);
    cr_assert(strstr(out, "a0   00000003"), "%s", out);
    /* the backtrace: the stop's pc first, every caller's pc after a call (objdump) */
    int frames = 0;
    for (char *f = strstr(out, "#0  "); f; f = strstr(f + 1, "\n#")) {
        if (*f == '\n') f++;
        int n;
        unsigned pc;
        if (sscanf(f, "#%d 0x%x", &n, &pc) != 2) break;
        if (n == 0) {
            cr_assert_eq(pc, sys + 4);
        } else {
            objdump_word(bb, pc - 8, m, sizeof m);
            cr_assert(!strcmp(m, "jal") || !strcmp(m, "jalr") || !strcmp(m, "bal"),
                      "frame %d's pc 0x%08x does not follow a call: %s", n, pc, m);
        }
        frames++;
        if (n == 0 && frames > 1) break; /* the second bt repeats the first */
    }
    cr_assert_geq(frames, 2, "a backtrace with the caller: %s", out);
    cr_assert(strstr(out, "replay: the run ended: userland/init-exited"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "rm -rf %s %s", dir, rep);
    run(cmd, NULL);
}

Test(replay, the_xz_root_panic_stops_at_panic_or_short_of_the_end, .timeout = 600)
{
    char rep[256], opts[512], *out;
    report_of("noboot-rootfs-xz", "--deep --board ar7-8m", rep, sizeof rep);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "awk '$3 == \"panic\" {print \"0x\" $1}' %s", SYSMAP);
    unsigned long long panic = run_num(cmd);
    snprintf(opts, sizeof opts, "--replay %s --symbols %s", rep, SYSMAP);
    cr_assert_eq(replay(opts, "quit\\n", &out), 0, "%s", out);
    char want[64];
    snprintf(want, sizeof want, "breakpoint 1, 0x%08llx <panic>", panic & 0xffffffffull);
    cr_assert(strstr(out, want), "no stop at panic: %s", out);
    cr_assert(strstr(out, " in mount_block_root") || strstr(out, " in mount_root"), "%s", out);
    free(out);

    /* without symbols: 1000 instructions before the end, which continue then reaches */
    snprintf(opts, sizeof opts, "--replay %s --before 1000", rep);
    cr_assert_eq(replay(opts, "regs\\ncontinue\\nquit\\n", &out), 0, "%s", out);
    unsigned long long end, stop;
    char *e = strstr(out, "the kernel's run ends after ");
    cr_assert(e, "%s", out);
    end = strtoull(e + 28, NULL, 10);
    char *s = strstr(out, "instructions run: ");
    cr_assert(s, "%s", out);
    stop = strtoull(s + 18, NULL, 10);
    cr_assert_eq(stop + 1000, end);
    cr_assert(strstr(out, "the run is over: the kernel panicked: Kernel panic"), "%s", out);
    free(out);
    unlink(rep);
}

/* a report made into another with python: expr edits d */
static void edited(const char *from, const char *to, const char *expr)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); %s; "
             "json.dump(d, open(sys.argv[2], \"w\"))' %s %s",
             expr, from, to);
    cr_assert_eq(run(cmd, NULL), 0, "%s", cmd);
}

Test(replay, what_is_not_a_report_of_this_image_is_refused_with_its_reason, .timeout = 120)
{
    char rep[256], bad[300], opts[1024], *out;
    report_of("noboot-deep-init-exits", "--board ar7-8m", rep, sizeof rep);
    snprintf(bad, sizeof bad, "%s.bad", rep);
    static const struct {
        const char *edit; /* NULL: the bytes below */
        const char *bytes, *why;
        int rc;
    } cases[] = {
        {NULL, "{\"schema\": ", "not JSON", 64},
        {NULL, "[1, 2]", "not a wa-emu verify report", 64},
        {"d[\"schema\"]=\"other/2\"", NULL, "not a wa-emu verify report", 64},
        {"del d[\"run\"]", NULL, "has no \"run\" record", 64},
        {"d[\"run\"][\"image_crc32\"]=\"xyz\"", NULL, "run.image_crc32", 64},
        {"[f.update(severity=\"info\") for f in d[\"findings\"]]", NULL, "has no NO-BOOT finding",
         64},
        {"d[\"run\"][\"image_size\"]+=1", NULL, "is not the image the report verified", 64},
        {"d[\"image\"]=\"/nonexistent/fw.bin\"", NULL, "/nonexistent/fw.bin", 66},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (cases[i].edit) {
            edited(rep, bad, cases[i].edit);
        } else {
            FILE *f = fopen(bad, "w");
            fputs(cases[i].bytes, f);
            fclose(f);
        }
        snprintf(opts, sizeof opts, "--replay %s", bad);
        int rc = replay(opts, "quit\\n", &out);
        cr_expect_eq(rc, cases[i].rc, "case %zu: %d: %s", i, rc, out);
        cr_expect(strstr(out, cases[i].why), "case %zu: %s", i, out);
        cr_expect(!strstr(out, "(wa-emu)"), "case %zu: a console was opened: %s", i, out);
        free(out);
    }
    /* another image than the report's, given on the command line */
    snprintf(opts, sizeof opts, "--replay %s %spass.bin", rep, IMG);
    cr_expect_eq(replay(opts, "quit\\n", &out), 64, "%s", out);
    cr_expect(strstr(out, "is not the image the report verified"), "%s", out);
    free(out);
    snprintf(opts, sizeof opts, "--replay /nonexistent/report.json");
    cr_expect_eq(replay(opts, "quit\\n", &out), 66, "%s", out);
    free(out);
    unlink(bad);
    unlink(rep);
}

/* init as a script that runs itself again (an exec of the process held), runs ls (a fork)
 * and exits 4: the image made from the example's with wa-emu extract and repack */
Test(replay, at_start_catches_inits_exec_fork_and_exit_and_ps_lists_them, .timeout = 300)
{
    char dir[] = "/tmp/wa-replay-fx-XXXXXX", cmd[2048], *out;
    cr_assert(mkdtemp(dir));
    snprintf(
        cmd, sizeof cmd,
        "'%s' extract %snoboot-deep-init-exits.bin -o %s/root >/dev/null && "
        "printf '#!/bin/sh\\n[ \"$1\" = again ] || exec /bin/sh /sbin/init again\\n"
        "/bin/ls / >/dev/null\\nexit 4\\n' > %s/root/sbin/init && chmod 755 %s/root/sbin/init && "
        "'%s' repack --board ar7-8m %snoboot-deep-init-exits.bin %s/root -o %s/fw.bin "
        ">/dev/null && '%s' verify --board ar7-8m --json=%s/r.json %s/fw.bin >/dev/null; "
        "test -s %s/r.json",
        WA_BIN, IMG, dir, dir, dir, WA_BIN, IMG, dir, dir, WA_BIN, dir, dir, dir);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    free(out);
    /* the report's command line of pid 1, its last program's */
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); "
             "print([p[\"argv\"] for p in d[\"timeline\"][\"processes\"] if p[\"pid\"]==1][0])' "
             "%s/r.json",
             dir);
    cr_assert_eq(run(cmd, &out), 0);
    char argv1[256];
    snprintf(argv1, sizeof argv1, "%.*s", (int)strcspn(out, "\n"), out);
    free(out);
    cr_assert_str_eq(argv1, "/bin/sh /sbin/init again");

    char opts[512];
    snprintf(opts, sizeof opts, "--replay %s/r.json --at-start", dir);
    int rc = replay(opts,
                    "ps\\ncatch exec\\ncatch fork\\ncatch exit\\ncatch vfork\\ncontinue\\n"
                    "continue\\nps\\ncontinue\\nquit\\n",
                    &out);
    cr_assert_eq(rc, 0, "%s", out);
    cr_assert(strstr(out, "replay: init (pid 1, /bin/sh) is held before its first instruction"),
              "%s", out);
    cr_assert(strstr(out, "cannot catch: 'vfork'"), "%s", out);
    char *e = strstr(out, "catchpoint 1 (exec): process 1 runs /bin/sh, ");
    cr_assert(e, "no exec stop: %s", out);
    char *f = strstr(e, "catchpoint 2 (fork): process 1 forked process ");
    cr_assert(f, "no fork stop after the exec: %s", out);
    int child = atoi(f + strlen("catchpoint 2 (fork): process 1 forked process "));
    cr_assert_gt(child, 1);
    /* ps after the fork: init held (*) with the report's command line, the child under it */
    char want[300];
    snprintf(want, sizeof want, "*   1     0 T %s\n", argv1);
    char *ps = strstr(f, "  PID  PPID S COMMAND\n");
    cr_assert(ps, "%s", f);
    cr_assert(strstr(ps, want), "no '%s' in %s", want, ps);
    snprintf(want, sizeof want, " %4d     1 ", child);
    cr_assert(strstr(ps, want), "no child %d of 1 in %s", child, ps);
    char *x = strstr(ps, "catchpoint 3 (exit): process 1 calls exit with status 4, ");
    cr_assert(x, "no exit stop after the fork: %s", out);
    cr_assert(strstr(x, "replay: the run ended: userland/init-exited: init (/sbin/init) exited "
                        "with status 4"),
              "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    run(cmd, NULL);
}

/* wa-emu debug driven a command at a time: its output up to each prompt. */
typedef struct console {
    FILE *in;
    int out;
    pid_t pid;
    char buf[1 << 16];
    size_t n;
} console;

static void console_start(console *c, const char *opts)
{
    int to[2], from[2];
    cr_assert(!pipe(to) && !pipe(from));
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "exec '%s' debug %s 2>&1", WA_BIN, opts);
    fflush(NULL);
    c->pid = fork();
    cr_assert(c->pid >= 0);
    if (!c->pid) {
        dup2(to[0], 0);
        dup2(from[1], 1);
        close(to[1]);
        close(from[0]);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    close(to[0]);
    close(from[1]);
    c->in = fdopen(to[1], "w");
    c->out = from[0];
    c->n = 0;
}

/* What it printed up to its next prompt (or its end), malloc'd. */
static char *console_reply(console *c)
{
    char *at;
    c->buf[c->n] = 0;
    while (!(at = strstr(c->buf, "(wa-emu) "))) {
        ssize_t k =
            c->n + 1 < sizeof c->buf ? read(c->out, c->buf + c->n, sizeof c->buf - c->n - 1) : 0;
        if (k <= 0) break;
        c->n += (size_t)k;
        c->buf[c->n] = 0;
    }
    size_t len = at ? (size_t)(at - c->buf) : c->n;
    char *r = strndup(c->buf, len);
    size_t used = at ? len + 9 : c->n;
    memmove(c->buf, c->buf + used, c->n - used);
    c->n -= used;
    return r;
}

static char *console_cmd(console *c, const char *line)
{
    fprintf(c->in, "%s\n", line);
    fflush(c->in);
    return console_reply(c);
}

/* The rest of its output after the input ends, and its exit status. */
static int console_end(console *c, char **rest)
{
    fclose(c->in);
    size_t cap = 1 << 16, n = 0;
    char *r = malloc(cap);
    memcpy(r, c->buf, c->n);
    n = c->n;
    ssize_t k;
    while ((k = read(c->out, r + n, cap - n - 1)) > 0)
        if ((n += (size_t)k) + 1 == cap) r = realloc(r, cap *= 2);
    r[n] = 0;
    close(c->out);
    int st;
    waitpid(c->pid, &st, 0);
    *rest = r;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* ps until process pid shows state (a handshake on what the host sees, no sleep): the
 * listing where it did. */
static char *ps_until(console *c, int pid, char state)
{
    char want[32];
    snprintf(want, sizeof want, " %4d ", pid);
    for (int i = 0; i < 20000; i++) {
        char *ps = console_cmd(c, "ps");
        for (char *l = ps; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
            int p, pp;
            char s;
            if (sscanf(l + 1, "%d %d %c", &p, &pp, &s) == 3 && p == pid && s == state) return ps;
        }
        free(ps);
    }
    cr_assert_fail("process %d never showed state %c", pid, state);
    return NULL;
}

/* Held by switch while asleep in a system call: the pc is its syscall instruction (objdump of
 * the image's busybox), v0 the call's number, and the caller's frame follows a call. */
static void check_asleep_in(console *c, const char *bb, const char *what, const uint32_t *nrs,
                            int n)
{
    char *regs = console_cmd(c, "regs");
    unsigned pc = 0, v0 = 0;
    char *p = strstr(regs, "\npc   ");
    cr_assert(p, "%s", regs);
    pc = (unsigned)strtoul(p + 6, NULL, 16);
    p = strstr(regs, "   v0   ");
    cr_assert(p, "%s", regs);
    v0 = (unsigned)strtoul(p + 8, NULL, 16);
    int ok = 0;
    for (int i = 0; i < n; i++)
        ok |= v0 == nrs[i];
    cr_assert(ok, "%s: v0 %u is not the call's number: %s", what, v0, regs);
    char m[32];
    objdump_word(bb, pc, m, sizeof m);
    cr_assert_str_eq(m, "syscall", "%s: objdump at 0x%08x: %s", what, pc, m);
    free(regs);
    char *bt = console_cmd(c, "bt");
    unsigned f0, f1;
    char *l1 = strstr(bt, "\n#1  0x");
    cr_assert(sscanf(bt, "#0  0x%x", &f0) == 1 && l1 && sscanf(l1 + 1, "#1  0x%x", &f1) == 1,
              "%s: %s", what, bt);
    cr_assert_eq(f0, pc);
    objdump_word(bb, f1 - 8, m, sizeof m);
    cr_assert(!strcmp(m, "jal") || !strcmp(m, "jalr") || !strcmp(m, "bal"),
              "%s: the caller's pc 0x%08x does not follow a call: %s", what, f1, m);
    free(bt);
}

/* init (a script made with extract and repack) runs /bin/sleep 5 and waits for it: switch
 * to the child, to init asleep in wait4, to the child asleep in nanosleep, back to init, and
 * continue; the run ends as verify's without the debugger: each process's exit status and
 * end time, and the console, against verify's own JSON report. */
Test(replay, switch_holds_a_process_asleep_in_a_call_and_the_run_ends_as_without_it, .timeout = 300)
{
    char dir[] = "/tmp/wa-replay-sw-XXXXXX", cmd[2048], *out;
    cr_assert(mkdtemp(dir));
    snprintf(cmd, sizeof cmd,
             "'%s' extract %snoboot-deep-init-exits.bin -o %s/root >/dev/null && "
             "printf '#!/bin/sh\\n/bin/sleep 5\\necho \"init: sleep ended with $?\"\\nexit 4\\n' "
             "> %s/root/sbin/init && chmod 755 %s/root/sbin/init && "
             "'%s' repack --board ar7-8m %snoboot-deep-init-exits.bin %s/root -o %s/fw.bin "
             ">/dev/null && '%s' verify --board ar7-8m --json=%s/r.json %s/fw.bin >/dev/null; "
             "test -s %s/r.json",
             WA_BIN, IMG, dir, dir, dir, WA_BIN, IMG, dir, dir, WA_BIN, dir, dir, dir);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    free(out);
    char bb[300];
    snprintf(bb, sizeof bb, "%s/root/bin/busybox", dir);
    /* verify's account, without a debugger: "argv exit end_ms" per process, the console */
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); "
             "[print(\"(%%s) exited with status %%d at %%d ms\" %% (p[\"argv\"], p[\"exit\"], "
             "p[\"end_ms\"])) for p in d[\"timeline\"][\"processes\"]]; "
             "[print(\"console at %%d ms: %%s\" %% (e[\"ms\"], e[\"text\"])) for e in "
             "d[\"timeline\"][\"events\"] if e[\"kind\"] == \"console\"]' %s/r.json",
             dir);
    char *ref;
    cr_assert_eq(run(cmd, &ref), 0, "%s", cmd);
    cr_assert(strstr(ref, "(/bin/sleep 5) exited with status 0"), "%s", ref);

    console c;
    snprintf(cmd, sizeof cmd, "--replay %s/r.json --at-start", dir);
    console_start(&c, cmd);
    free(console_reply(&c));
    free(console_cmd(&c, "catch fork"));
    char *f = console_cmd(&c, "continue");
    char *at = strstr(f, "process 1 forked process ");
    cr_assert(at, "%s", f);
    int child = atoi(at + strlen("process 1 forked process "));
    free(f);
    free(console_cmd(&c, "delete 1"));
    char line[64];
    snprintf(line, sizeof line, "switch %d", child);
    char *sw = console_cmd(&c, line);
    snprintf(cmd, sizeof cmd, "process %d (", child);
    cr_assert(strstr(sw, cmd) && strstr(sw, "is held; process 1 runs on"), "%s", sw);
    free(sw);
    free(ps_until(&c, 1, 'S')); /* init let go: asleep in its wait for the child */
    sw = console_cmd(&c, "switch 1");
    cr_assert(strstr(sw, "process 1 (") && strstr(sw, "syscall"), "%s", sw);
    free(sw);
    static const uint32_t waits[] = {4114, 4007}; /* wait4, waitpid */
    check_asleep_in(&c, bb, "init", waits, 2);
    char *ps = console_cmd(&c, "ps");
    cr_assert(strstr(ps, "*   1     0 T "), "%s", ps);
    free(ps);
    free(ps_until(&c, child, 'S')); /* the child let go: asleep in its sleep */
    sw = console_cmd(&c, line);
    free(sw);
    static const uint32_t sleeps[] = {4166, 4265}; /* nanosleep, clock_nanosleep */
    check_asleep_in(&c, bb, "sleep", sleeps, 2);
    free(ps_until(&c, 1, 'S'));
    free(console_cmd(&c, "switch 1"));
    check_asleep_in(&c, bb, "init again", waits, 2);
    free(console_cmd(&c, "continue"));
    char *rest;
    cr_assert_eq(console_end(&c, &rest), 0, "%s", rest);
    cr_assert(strstr(rest, "replay: the run ended: userland/init-exited: init (/sbin/init) exited "
                           "with status 4"),
              "%s", rest);
    /* every line of verify's account is the replay's too */
    for (char *l = ref; *l;) {
        char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) : strlen(l);
        char want[400];
        snprintf(want, sizeof want, "%.*s\n", (int)len, l);
        cr_expect(strstr(rest, want), "verify's '%.*s' is not the replay's:\n%s", (int)len, l,
                  rest);
        l += len + (nl != NULL);
    }
    free(rest);
    free(ref);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    run(cmd, NULL);
}

/* init ends while the console holds another process (it let init go with `switch`): the
 * console says which process it held and that the run has ended, and the run's account
 * follows, as verify's. init is held at its fork until the switch lets it go, so it can only
 * end after it; the console's output is read to its end without closing its input. */
Test(replay, the_run_ending_under_a_switch_ends_the_console_with_its_reason, .timeout = 300)
{
    char dir[] = "/tmp/wa-replay-end-XXXXXX", cmd[2048], *out;
    cr_assert(mkdtemp(dir));
    snprintf(cmd, sizeof cmd,
             "'%s' extract %snoboot-deep-init-exits.bin -o %s/root >/dev/null && "
             "printf '#!/bin/sh\\n/bin/sleep 30 &\\necho \"init: leaving\"\\nexit 4\\n' "
             "> %s/root/sbin/init && chmod 755 %s/root/sbin/init && "
             "'%s' repack --board ar7-8m %snoboot-deep-init-exits.bin %s/root -o %s/fw.bin "
             ">/dev/null && '%s' verify --board ar7-8m --json=%s/r.json %s/fw.bin >/dev/null; "
             "test -s %s/r.json",
             WA_BIN, IMG, dir, dir, dir, WA_BIN, IMG, dir, dir, WA_BIN, dir, dir, dir);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    free(out);
    console c;
    snprintf(cmd, sizeof cmd, "--replay %s/r.json --at-start", dir);
    console_start(&c, cmd);
    free(console_reply(&c));
    free(console_cmd(&c, "catch fork"));
    char *f = console_cmd(&c, "continue");
    char *at = strstr(f, "process 1 forked process ");
    cr_assert(at, "%s", f);
    int child = atoi(at + strlen("process 1 forked process "));
    free(f);
    free(console_cmd(&c, "delete 1"));
    char line[64];
    snprintf(line, sizeof line, "switch %d", child);
    /* init may end before the console's next prompt: what the switch printed and the rest
     * of the output, read to its end (no prompt comes again) */
    char *sw = console_cmd(&c, line), *more = console_reply(&c);
    char *end = malloc(strlen(sw) + strlen(more) + 1);
    cr_assert(end);
    strcat(strcpy(end, sw), more);
    free(sw);
    free(more);
    cr_assert(strstr(end, "is held; process 1 runs on"), "%s", end);
    char want[200];
    snprintf(want, sizeof want,
             "replay: init (pid 1) exited with status 4 while the console held process %d (",
             child);
    cr_expect(strstr(end, want) && strstr(end, "the run has ended, and the console with it"), "%s",
              end);
    cr_expect(strstr(end, "replay: the run ended: userland/init-exited: init (/sbin/init) "
                          "exited with status 4"),
              "%s", end);
    snprintf(want, sizeof want, "replay: process %d (/bin/sh /sbin/init) killed by signal 9",
             child);
    cr_expect(strstr(end, want), "%s", end);
    free(end);
    char *rest;
    cr_expect_eq(console_end(&c, &rest), 0, "%s", rest);
    free(rest);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    run(cmd, NULL);
}
