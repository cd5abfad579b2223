/* script_run.c: what the boot script did (script_run.h). */
#include "script_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rcs_cmds.h"

#define SHOWN 6 /* findings of one kind; the rest are left out */

/* Does the command line cmd name path as one of its words? */
static int names(const char *cmd, const char *path)
{
    size_t n = strlen(path);
    for (const char *p = cmd; n && (p = strstr(p, path)); p++)
        if ((p == cmd || p[-1] == ' ') && (p[n] == 0 || p[n] == ' ')) return 1;
    return 0;
}

static const char *base(const char *p)
{
    const char *b = strrchr(p, '/');
    return b ? b + 1 : p;
}

/* The first word of a command line, into out. */
static void first_word(const char *text, char *out, size_t cap)
{
    size_t n = strcspn(text, " :");
    snprintf(out, cap, "%.*s", (int)(n < cap ? n : cap - 1), text);
}

static void add_cmd(void *ctx, const char *word, int line, int tested)
{
    wa_script_run *s = ctx;
    if (s->ncmd == WA_SCRIPT_CMDS) return;
    snprintf(s->cmd[s->ncmd].word, sizeof s->cmd[0].word, "%s", word);
    s->cmd[s->ncmd].line = line;
    s->cmd[s->ncmd++].tested = tested;
}

/* The event index of pid's latest start (fork) at or before event i, or -1. */
static long start_of(const lx_result *res, int32_t pid, size_t i)
{
    for (long k = (long)(i < res->nevents ? i : res->nevents - 1); k >= 0; k--)
        if (res->events[k].pid == pid && res->events[k].kind == LX_EV_START) return k;
    return -1;
}

/* What the process started at event k ran: its first exec, else the program its failed
 * exec named, into out; "" when neither. */
static void program_at(const lx_result *res, size_t k, char *out, size_t cap)
{
    int32_t pid = res->events[k].pid;
    out[0] = 0;
    for (size_t i = k + 1; i < res->nevents; i++) {
        const lx_event *e = &res->events[i];
        if (e->pid != pid) continue;
        if (e->kind == LX_EV_EXEC) { /* busybox's shell runs a file it could not exec as a
                                      * script by running itself: the file is what ran */
            const char *t = e->text;
            if (!strncmp(t, "/proc/self/exe ", 15)) t += 15;
            snprintf(out, cap, "%s", t);
            return;
        }
        if (e->kind == LX_EV_NOEXEC && !out[0]) first_word(e->text, out, cap);
        if (e->kind == LX_EV_EXIT || e->kind == LX_EV_KILLED || e->kind == LX_EV_START) return;
    }
}

int wa_script_open(wa_script_run *s, const lx_result *res, sqfs *fs, const char *path)
{
    memset(s, 0, sizeof *s);
    s->res = res;
    snprintf(s->path, sizeof s->path, "%s", path ? path : "");
    s->line_of = calloc(res->nevents ? res->nevents : 1, sizeof *s->line_of);
    if (!s->line_of) return -1;
    if (!s->path[0]) return 0;
    for (size_t i = 0; i < res->nevents && !s->pid; i++)
        if (res->events[i].kind == LX_EV_EXEC && names(res->events[i].text, s->path))
            s->pid = res->events[i].pid, s->exec_at = i;
    /* its lines */
    sqfs_ref ref;
    sqfs_attr a;
    char *text;
    size_t got = 0;
    if (sqfs_lookup(fs, s->path, 1, &ref, NULL) || sqfs_stat(fs, ref, &a, NULL) ||
        !S_ISREG(a.mode) || a.size > (1u << 20) || !(text = malloc(a.size + 1)))
        return 0;
    if (!sqfs_read(fs, ref, 0, text, a.size, &got, NULL) && got == a.size)
        wa_rcs_cmds(text, got, add_cmd, s);
    free(text);
    /* each child of the script against the lines, in order: the next line that runs its
     * program (a loop runs a line again: then from the top) */
    size_t cursor = 0;
    for (size_t i = s->exec_at; s->pid && i < res->nevents; i++) {
        const lx_event *e = &res->events[i];
        if (e->kind != LX_EV_START || e->ppid != s->pid) continue;
        char prog[200], w[128];
        program_at(res, i, prog, sizeof prog);
        first_word(prog, w, sizeof w);
        if (!w[0]) continue;
        for (size_t pass = 0; pass < 2 && !s->line_of[i]; pass++)
            for (size_t c = pass ? 0 : cursor; c < s->ncmd; c++)
                if (!strcmp(s->cmd[c].word, w) || !strcmp(base(s->cmd[c].word), base(w))) {
                    s->line_of[i] = (int)c + 1;
                    cursor = c + 1;
                    break;
                }
    }
    return 0;
}

void wa_script_close(wa_script_run *s)
{
    free(s->line_of);
    s->line_of = NULL;
}

/* The script's command that started pid (via its ancestors), or -1; -2 when the script did
 * not start it at all. */
static int cmd_of(const wa_script_run *s, int32_t pid)
{
    const lx_result *res = s->res;
    size_t at = res->nevents;
    for (int depth = 0; s->pid && pid != s->pid && depth < 32; depth++) {
        long k = start_of(res, pid, at);
        if (k < 0) return -2;
        if (res->events[k].ppid == s->pid) return s->line_of[k] - 1;
        pid = res->events[k].ppid;
        at = (size_t)k;
    }
    return -2;
}

const char *wa_script_where(const wa_script_run *s, int32_t pid, char *buf, size_t cap)
{
    int c = cmd_of(s, pid);
    if (c >= 0)
        snprintf(buf, cap, "%s line %d", s->path, s->cmd[c].line);
    else if (c == -1)
        snprintf(buf, cap, "%s", s->path);
    else
        buf[0] = 0;
    return buf;
}

/* The last thing pid said: its last error message or console line (kinds LX_EV_STDERR,
 * LX_EV_CONSOLE, and with syslog also LX_EV_SYSLOG), or NULL. */
static const char *last_words(const lx_result *res, int32_t pid, int syslog)
{
    const char *w = NULL;
    for (size_t i = 0; i < res->nevents; i++) {
        const lx_event *e = &res->events[i];
        if (e->pid == pid &&
            (e->kind == LX_EV_STDERR || e->kind == LX_EV_CONSOLE ||
             (syslog && e->kind == LX_EV_SYSLOG)) &&
            e->text[0])
            w = e->text;
    }
    return w;
}

/* The children of the script started before event i. */
static int children_before(const wa_script_run *s, size_t i)
{
    int n = 0;
    for (size_t k = s->exec_at; k < i; k++)
        n += s->res->events[k].kind == LX_EV_START && s->res->events[k].ppid == s->pid;
    return n;
}

static int reported(const wa_report *r, const char *prefix)
{
    for (size_t i = 0; i < r->n; i++)
        if (!strncmp(r->f[i].code, prefix, strlen(prefix))) return 1;
    return 0;
}

/* The programs init ran, for the evidence of a script that never ran. */
static void what_ran(const lx_result *res, char *out, size_t cap)
{
    size_t n = (size_t)snprintf(out, cap, "init ran:");
    int shown = 0;
    for (size_t i = 0; i < res->nevents && n < cap && shown < 6; i++)
        if (res->events[i].kind == LX_EV_EXEC) {
            n += (size_t)snprintf(out + n, cap - n, " [%d] %.100s;", res->events[i].pid,
                                  res->events[i].text);
            shown++;
        }
}

static void script_itself(const wa_script_run *s, wa_report *r)
{
    const lx_result *res = s->res;
    char ev[600];
    for (size_t i = s->exec_at; i < res->nevents; i++) {
        const lx_event *e = &res->events[i];
        if (e->pid != s->pid) continue;
        if ((e->kind == LX_EV_STDERR || e->kind == LX_EV_CONSOLE) &&
            strstr(e->text, "syntax error")) {
            int before = children_before(s, i);
            /* ash writes "SCRIPT: line N: " and the error in two writes */
            char msg[420];
            const char *prefix = "";
            for (size_t k = i; k-- > s->exec_at;)
                if (res->events[k].pid == e->pid && res->events[k].kind == e->kind) {
                    size_t pl = strlen(res->events[k].text);
                    if (pl > 2 && !strcmp(res->events[k].text + pl - 2, ": "))
                        prefix = res->events[k].text;
                    break;
                }
            snprintf(msg, sizeof msg, "%s%s", prefix, e->text);
            size_t pl = strlen(s->path);
            const char *tail = !strncmp(msg, s->path, pl) && !strncmp(msg + pl, ": ", 2)
                                   ? msg + pl + 2
                                   : msg; /* "line 15: syntax error: ..." */
            snprintf(ev, sizeof ev, "the shell (pid %d): %s; %d program%s ran before", e->pid, msg,
                     before, before == 1 ? "" : "s");
            wa_add(r, "userland", before ? WA_DEGRADED : WA_NOBOOT, "rcs-syntax-error", ev,
                   "check the script with the box's shell (busybox sh -n SCRIPT) and fix the "
                   "line it names",
                   "the shell refused %s: %s%s", s->path, tail,
                   before ? "; what follows did not run"
                          : "; nothing of the boot ran (no /proc, no /var, no service)");
            return;
        }
        if (e->kind == LX_EV_EXEC && i > s->exec_at && !names(e->text, s->path)) {
            if (children_before(s, i)) return; /* an exec at its end: the script's own plan */
            char w[128], line[32] = "";
            first_word(e->text, w, sizeof w);
            for (size_t c = 0; c < s->ncmd; c++)
                if (!strcmp(s->cmd[c].word, w) || !strcmp(base(s->cmd[c].word), base(w))) {
                    snprintf(line, sizeof line, " line %d", s->cmd[c].line);
                    break;
                }
            snprintf(ev, sizeof ev, "pid %d exec'd %.200s before starting any program", e->pid,
                     e->text);
            wa_add(r, "userland", WA_NOBOOT, "rcs-exec", ev,
                   "move the exec to the script's end, or drop it",
                   "%s%s replaced itself with %.120s (exec): nothing of the boot after it ran",
                   s->path, line, e->text);
            return;
        }
    }
}

void wa_script_judge(const wa_script_run *s, wa_report *r, int (*skip)(void *ctx, int32_t pid),
                     void *ctx)
{
    const lx_result *res = s->res;
    if (!s->path[0]) return;
    if (!s->pid) {
        if (reported(r, "rcs-") || reported(r, "inittab-") || reported(r, "init-")) return;
        char ev[900];
        what_ran(res, ev, sizeof ev);
        wa_add(r, "userland", WA_NOBOOT, "rcs-not-run", ev,
               "check the sysinit line of /etc/inittab and what init runs before it (an exec in "
               "an init script)",
               "init never ran the boot script %s: nothing mounts /proc or /var and no service "
               "starts",
               s->path);
        return;
    }
    script_itself(s, r);
    int failed = 0, gone = 0;
    for (size_t i = 0; i < res->nevents; i++) {
        const lx_event *e = &res->events[i];
        if (e->pid == s->pid || e->pid == 1) continue;
        int end =
            e->kind == LX_EV_EXIT || (e->kind == LX_EV_KILLED && !(e->value == 9 && res->settled));
        if (!end || (skip && skip(ctx, e->pid))) continue;
        int c = cmd_of(s, e->pid);
        if (c == -2) continue; /* not started by the script */
        char where[200], prog[200];
        wa_script_where(s, e->pid, where, sizeof where);
        long k = start_of(res, e->pid, i);
        if (k < 0) continue;
        program_at(res, (size_t)k, prog, sizeof prog);
        if (!prog[0]) snprintf(prog, sizeof prog, "a fork of %.180s", res->events[k].text);
        const char *words = last_words(res, e->pid, 0);
        char ev[700];
        if (e->kind == LX_EV_EXIT && e->value && words && !(c >= 0 && s->cmd[c].tested)) {
            if (failed++ >= SHOWN) continue;
            snprintf(ev, sizeof ev, "pid %d, started by %s: exit %d; its last words: %s", e->pid,
                     where, e->value, words);
            wa_add(r, "userland", WA_DEGRADED, "program-failed", ev, NULL,
                   "%.120s (%s) failed with status %d: %.200s", prog, where, e->value, words);
            continue;
        }
        /* a daemon: a fork that never exec'd, of a parent (not the script's shell) that ended
         * while it ran on; not one whose own fork outlived it (the middle one of a daemon's
         * double fork, as BusyBox 1.00's klogd and syslogd make it: the grandchild runs on,
         * and is judged as a fork of its own) */
        int32_t parent = res->events[k].ppid;
        int execd = 0, parent_ended = 0, forked = 0;
        for (size_t j = (size_t)k + 1; j < i; j++)
            execd |= res->events[j].pid == e->pid && res->events[j].kind == LX_EV_EXEC;
        /* (a child's start is on the timeline when the child first runs, which may be after
         * its parent's end: the parent's end is looked for from the parent's own start) */
        long pk = start_of(res, parent, (size_t)k);
        for (size_t j = pk < 0 ? 0 : (size_t)pk + 1; j < i; j++)
            parent_ended |= res->events[j].pid == parent && res->events[j].kind == LX_EV_EXIT;
        for (size_t j = (size_t)k + 1; j < res->nevents && !forked; j++) {
            const lx_event *c = &res->events[j];
            if (c->ppid != e->pid || c->kind != LX_EV_START) continue;
            int child_ended = 0;
            for (size_t m = j + 1; m < i; m++)
                child_ended |=
                    res->events[m].pid == c->pid &&
                    (res->events[m].kind == LX_EV_EXIT || res->events[m].kind == LX_EV_KILLED);
            forked = !child_ended;
        }
        if (execd || forked || !parent_ended || parent == s->pid ||
            names(res->events[k].text, s->path) || !res->settled)
            continue;
        if (gone++ >= SHOWN) continue;
        const char *last = last_words(res, e->pid, 1);
        snprintf(ev, sizeof ev,
                 "pid %d (a daemon of pid %d), started by %s: %s %d; its last words: %s", e->pid,
                 parent, where, e->kind == LX_EV_EXIT ? "exit" : "signal", e->value,
                 last ? last : "(none)");
        wa_add(
            r, "userland", WA_DEGRADED, "daemon-gone", ev,
            "run it in the foreground (or under --world with what it needs) to see why it ends",
            "%.120s (%s) went to the background and ended before the boot settled (%s %d)%s%.200s",
            prog, where, e->kind == LX_EV_EXIT ? "exit" : "signal", e->value, last ? ": " : "",
            last ? last : "");
    }
}
