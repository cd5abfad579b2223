/* test_debug_replay.c: `wa-emu debug --replay` of verify's own JSON reports, driven through
 * a pipe, against references it does not share code with: the report's timeline (init's pid
 * and exit status), binutils' objdump of the busybox the image holds (extracted with
 * `wa-emu extract`) and of vmlinux, and the kernel's System.map. Bad reports are refused
 * with their reason and 64 or 66. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    snprintf(want, sizeof want, "*   1     0 R %s\n", argv1);
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
