/* case.c: reading case files and checking a report against them (case.h). */
#include "case.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "board.h"
#include "flash_write.h"
#include "codes.h"
#include "kvtext.h"

int wa_verdict_parse(const char *s)
{
    static const int verdicts[] = {WA_PASS, WA_DEGRADED, WA_NOBOOT, WA_BRICK, WA_INCONCLUSIVE};
    for (size_t i = 0; i < sizeof verdicts / sizeof verdicts[0]; i++)
        if (!strcmp(s, wa_verdict_name(verdicts[i]))) return verdicts[i];
    return -1;
}

/* The keys, and for the expectations their kind. */
static const struct {
    const char *key;
    int kind; /* enum wa_expect_kind, or -1: a setting */
} keys[] = {
    {"about", -1},
    {"image", -1},
    {"kernel", -1},
    {"rootfs", -1},
    {"var", -1},
    {"needs", -1},
    {"board", -1},
    {"world", -1},
    {"deep", -1},
    {"static", -1},
    {"uclibc-shmctl", -1},
    {"timeout", -1},
    {"flash", -1},
    {"write", -1},
    {"expect.verdict", WA_X_VERDICT},
    {"expect.finding", WA_X_FINDING},
    {"expect.no-finding", WA_X_NO_FINDING},
    {"expect.running", WA_X_RUNNING},
    {"expect.request", WA_X_REQUEST},
    {"expect.syslog", WA_X_SYSLOG},
    {"expect.console", WA_X_CONSOLE},
    {"expect.file", WA_X_FILE},
};

/* The edit distance of a and b, for "did you mean" (short strings; capped at 9). */
static int distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40) return 9;
    int d[41][41];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            int del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
            d[i][j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
    return d[la][lb] > 9 ? 9 : d[la][lb];
}

/* " (did you mean X?)" for the nearest of n names (each at stride bytes from names) within
 * two edits of s, or "". */
static const char *did_you_mean(const char *s, const void *names, size_t n, size_t stride,
                                char *buf, size_t cap)
{
    const char *best = NULL;
    int bd = 3;
    for (size_t i = 0; i < n; i++) {
        const char *name = *(const char *const *)((const char *)names + i * stride);
        int d = distance(s, name);
        if (d < bd) bd = d, best = name;
    }
    if (!best) return "";
    snprintf(buf, cap, " (did you mean %s?)", best);
    return buf;
}

/* ${NAME} replaced by the environment's NAME; 0, or -1 with the name that is not set. */
static int expand(const char *in, char *out, size_t cap, char *unset, size_t ucap)
{
    size_t n = 0;
    for (const char *p = in; *p;) {
        const char *end;
        if (p[0] == '$' && p[1] == '{' && (end = strchr(p, '}'))) {
            snprintf(unset, ucap, "%.*s", (int)(end - p - 2), p + 2);
            const char *v = getenv(unset);
            if (!v) return -1;
            n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, "%s", v);
            p = end + 1;
        } else {
            if (n + 1 < cap) out[n] = *p;
            n++, p++;
        }
    }
    if (n >= cap) {
        snprintf(unset, ucap, "(too long)");
        return -1;
    }
    out[n] = 0;
    return 0;
}

/* A path in the case file, from the case file's directory. */
static int resolve(const wa_case *c, const char *val, char *out, size_t cap)
{
    const char *slash = strrchr(c->path, '/');
    int n = val[0] == '/' || !slash
                ? snprintf(out, cap, "%s", val)
                : snprintf(out, cap, "%.*s/%s", (int)(slash - c->path), c->path, val);
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* A board or world by name (not a path): no '/' and not ending in .board / .world. */
static int is_name(const char *v, const char *kind)
{
    size_t n = strlen(v), k = strlen(kind);
    return !strchr(v, '/') && !(n > k + 1 && v[n - k - 1] == '.' && !strcmp(v + n - k, kind));
}

static int yes_no(const char *v, int *out)
{
    if (!strcmp(v, "yes") || !strcmp(v, "1") || !strcmp(v, "true"))
        *out = 1;
    else if (!strcmp(v, "no") || !strcmp(v, "0") || !strcmp(v, "false"))
        *out = 0;
    else
        return -1;
    return 0;
}

/* The setting `key = val` into c; 0, or -1 with the reason in why. */
static int setting(wa_case *c, const char *key, const char *val, char *why, size_t cap)
{
    char *dst = NULL;
    if (!strcmp(key, "about")) {
        snprintf(c->about, sizeof c->about, "%s", val);
        return 0;
    }
    if (!strcmp(key, "deep") || !strcmp(key, "static") || !strcmp(key, "uclibc-shmctl")) {
        int *flag = key[0] == 'd' ? &c->deep : key[0] == 's' ? &c->static_only : &c->uclibc_shmctl;
        if (!yes_no(val, flag)) return 0;
        snprintf(why, cap, "%s is yes or no, not '%s'", key, val);
        return -1;
    }
    if (!strcmp(key, "write")) {
        if ((c->write_mode = wa_write_mode_parse(val)) >= 0) return 0;
        snprintf(why, cap, "write is mtdblock or erase, not '%s'", val);
        return -1;
    }
    if (!strcmp(key, "timeout")) {
        uint64_t ms;
        if (wa_kv_time(val, &ms) && ms && ms <= 86400000) {
            c->timeout_ms = (uint32_t)ms;
            return 0;
        }
        snprintf(why, cap, "timeout is a time (30s, 2m, 1500ms), not '%s'", val);
        return -1;
    }
    if ((!strcmp(key, "board") || !strcmp(key, "world")) && is_name(val, key)) {
        char *out = key[0] == 'b' ? c->board : c->world, rel[160];
        wa_board b;
        if (key[0] == 'b' ? board_builtin(val, &b, NULL) == WA_OK : !strcmp(val, "default")) {
            snprintf(out, sizeof c->board, "%s", val);
            return 0;
        }
        snprintf(rel, sizeof rel, "%ss/%s.%s", key, val, key); /* boards/NAME.board */
        if (!resolve(c, rel, out, sizeof c->board) && !access(out, F_OK)) return 0;
        snprintf(why, cap, "no %s '%s': not built in, and no %.300s", key, val, out);
        return -1;
    }
    if (!strcmp(key, "image")) dst = c->image;
    if (!strcmp(key, "kernel")) dst = c->kernel;
    if (!strcmp(key, "rootfs")) dst = c->rootfs;
    if (!strcmp(key, "var")) dst = c->var;
    if (!strcmp(key, "needs")) dst = c->needs;
    if (!strcmp(key, "board")) dst = c->board;
    if (!strcmp(key, "world")) dst = c->world;
    if (!strcmp(key, "flash")) dst = c->flash;
    if (resolve(c, val, dst, sizeof c->image)) {
        snprintf(why, cap, "the path of %s is too long", key);
        return -1;
    }
    return 0;
}

/* The expectation `key = val`; 0, or -1 with the reason in why. */
static int expectation(wa_expect *x, const char *val, char *why, size_t cap)
{
    size_t w = strcspn(val, " \t");
    const char *rest = val + w + strspn(val + w, " \t");
    if (w >= sizeof x->arg && x->kind != WA_X_SYSLOG && x->kind != WA_X_CONSOLE) {
        snprintf(why, cap, "'%.40s...' is too long", val);
        return -1;
    }
    switch (x->kind) {
    case WA_X_VERDICT:
        if ((x->verdict = wa_verdict_parse(val)) >= 0) return 0;
        snprintf(why, cap,
                 "'%.60s' is not a verdict (PASS, DEGRADED, NO-BOOT, BRICK, INCONCLUSIVE)", val);
        return -1;
    case WA_X_FINDING:
    case WA_X_NO_FINDING:
        snprintf(x->arg, sizeof x->arg, "%.*s", (int)w, val);
        if (!wa_code_find(x->arg)) {
            char dym[80];
            snprintf(
                why, cap, "'%s' is not a finding code wa-emu knows%s (wa-emu cases codes)", x->arg,
                did_you_mean(x->arg, wa_codes, wa_ncodes, sizeof wa_codes[0], dym, sizeof dym));
            return -1;
        }
        snprintf(x->text, sizeof x->text, "%s", rest);
        return 0;
    case WA_X_RUNNING:
        snprintf(x->arg, sizeof x->arg, "%.*s", (int)w, val);
        x->at_ms = UINT64_MAX;
        if (!*rest) return 0;
        if (!strncmp(rest, "after ", 6) && wa_kv_time(rest + 6, &x->at_ms)) return 0;
        snprintf(why, cap, "expect.running is PROGRAM or PROGRAM after TIME (60m), not '%.80s'",
                 val);
        return -1;
    case WA_X_REQUEST:
        if (!memchr(val, '/', w)) {
            snprintf(why, cap, "expect.request is HOST/PATH [FIELD=VALUE ...], not '%.80s'", val);
            return -1;
        }
        snprintf(x->arg, sizeof x->arg, "%.*s", (int)w, val);
        snprintf(x->text, sizeof x->text, "%s", rest);
        return 0;
    case WA_X_FILE:
        if (val[0] != '/' || w != strlen(val) || w >= sizeof x->arg) {
            snprintf(why, cap, "expect.file is an absolute path in the box, not '%.80s'", val);
            return -1;
        }
        memcpy(x->arg, val, w + 1);
        return 0;
    default: snprintf(x->text, sizeof x->text, "%s", val); return 0;
    }
}

int wa_case_parse(wa_case *c, const char *path, const char *text, size_t len, wa_err *e)
{
    memset(c, 0, sizeof *c);
    snprintf(c->path, sizeof c->path, "%s", path);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t bl = strlen(base);
    if (bl > 5 && !strcmp(base + bl - 5, ".case")) bl -= 5;
    snprintf(c->name, sizeof c->name, "%.*s", (int)bl, base);
    snprintf(c->board, sizeof c->board, "wa1003a");
    snprintf(c->world, sizeof c->world, "default");
    c->write_mode = -1;

    wa_kv kv;
    wa_kv_init(&kv, text, len);
    char *key, *raw, val[512], why[400], name[64];
    int rc, verdict = 0;
    unsigned image_line = 0;
    while ((rc = wa_kv_next(&kv, &key, &raw, e)) == 1) {
        size_t k = 0;
        while (k < sizeof keys / sizeof keys[0] && strcmp(keys[k].key, key))
            k++;
        if (k == sizeof keys / sizeof keys[0]) {
            char dym[80];
            rc = wa_fail(e, WA_E_FORMAT, kv.start, "line %u: unknown key '%.60s'%s", kv.line, key,
                         did_you_mean(key, keys, sizeof keys / sizeof keys[0], sizeof keys[0], dym,
                                      sizeof dym));
            goto fail;
        }
        if (expand(raw, val, sizeof val, name, sizeof name)) {
            rc = wa_fail(e, WA_E_FORMAT, kv.start, "line %u: ${%s} is not set", kv.line, name);
            goto fail;
        }
        if (!val[0]) {
            rc = wa_fail(e, WA_E_FORMAT, kv.start, "line %u: %s has no value", kv.line, key);
            goto fail;
        }
        if (keys[k].kind < 0) {
            if (setting(c, key, val, why, sizeof why)) {
                rc = wa_fail(e, WA_E_FORMAT, kv.start, "line %u: %s", kv.line, why);
                goto fail;
            }
            if (!strcmp(key, "image") || !strcmp(key, "kernel")) image_line = kv.line;
            continue;
        }
        wa_expect *nx = realloc(c->x, (c->nx + 1) * sizeof *nx);
        if (!nx) {
            rc = wa_fail(e, WA_E_NOMEM, kv.start, "line %u: out of memory", kv.line);
            goto fail;
        }
        c->x = nx;
        wa_expect *x = &c->x[c->nx];
        *x = (wa_expect){.kind = keys[k].kind, .line = kv.line};
        if (expectation(x, val, why, sizeof why)) {
            rc = wa_fail(e, WA_E_FORMAT, kv.start, "line %u: %s", kv.line, why);
            goto fail;
        }
        c->nx++;
        verdict += x->kind == WA_X_VERDICT;
    }
    if (rc < 0) goto fail;
    if (c->image[0] && (c->kernel[0] || c->rootfs[0] || c->var[0])) {
        rc = wa_fail(e, WA_E_FORMAT, 0, "line %u: image and kernel/rootfs/var exclude each other",
                     image_line);
        goto fail;
    }
    if (!c->image[0] && (!c->kernel[0] || !c->rootfs[0])) {
        rc = wa_fail(e, WA_E_FORMAT, 0,
                     "line %u: no image: give image = FILE, or kernel = FILE and rootfs = DIR|FILE",
                     kv.line);
        goto fail;
    }
    if (c->deep && c->static_only) {
        rc = wa_fail(e, WA_E_FORMAT, 0, "line %u: deep and static exclude each other", kv.line);
        goto fail;
    }
    if (verdict != 1) {
        rc = wa_fail(e, WA_E_FORMAT, 0, "line %u: a case says its verdict once (expect.verdict)",
                     kv.line);
        goto fail;
    }
    return WA_OK;
fail:
    wa_case_free(c);
    return rc ? rc : WA_E_FORMAT;
}

void wa_case_free(wa_case *c)
{
    free(c->x);
    c->x = NULL;
    c->nx = 0;
}

/* What the report's findings were, for "saw ...". */
static void findings_seen(const wa_report *r, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = 0;
    for (size_t i = 0; i < r->n && n < cap; i++)
        if (r->f[i].severity >= 0) /* a verdict's, not INFO or WARNING */
            n += (size_t)snprintf(out + n, cap - n, "%s%s (%.120s)", n ? ", " : "", r->f[i].code,
                                  r->f[i].message);
    if (!n) snprintf(out, cap, "no finding worse than INFO");
}

/* Every whitespace-separated word of want appears as a word in text. */
static int has_fields(const char *text, const char *want)
{
    char w[128];
    for (const char *p = want; *p;) {
        p += strspn(p, " \t");
        size_t n = strcspn(p, " \t");
        if (!n) break;
        snprintf(w, sizeof w, "%.*s", (int)n, p);
        p += n;
        const char *at = text;
        int found = 0;
        while (!found && (at = strstr(at, w))) {
            found = (at == text || at[-1] == ' ') && (at[n] == 0 || at[n] == ' ');
            at++;
        }
        if (!found) return 0;
    }
    return 1;
}

/* Is proc's program prog (its command line's first word, or that word's last part)? */
static int is_program(const char *argv, const char *prog)
{
    size_t n = strcspn(argv, " ");
    size_t pl = strlen(prog);
    if (n == pl && !strncmp(argv, prog, n)) return 1;
    return !strchr(prog, '/') && n > pl && argv[n - pl - 1] == '/' &&
           !strncmp(argv + n - pl, prog, pl);
}

/* One expectation against the report: 1 if it holds; else 0 and what was seen in saw. */
static int holds(const wa_expect *x, const wa_report *r, char *saw, size_t cap)
{
    saw[0] = 0;
    switch (x->kind) {
    case WA_X_VERDICT: {
        int v = wa_verdict_of(r);
        if (v == x->verdict) return 1;
        char f[600];
        findings_seen(r, f, sizeof f);
        snprintf(saw, cap, "%s: %s", wa_verdict_name(v), f);
        return 0;
    }
    case WA_X_FINDING:
    case WA_X_NO_FINDING: {
        const wa_finding *match = NULL, *code = NULL;
        for (size_t i = 0; i < r->n && !match; i++) {
            const wa_finding *f = &r->f[i];
            if (strcmp(f->code, x->arg)) continue;
            code = f;
            if (!x->text[0] || strstr(f->message, x->text) || strstr(f->evidence, x->text) ||
                strstr(f->hint, x->text))
                match = f;
        }
        if (x->kind == WA_X_NO_FINDING) {
            if (!match) return 1;
            snprintf(saw, cap, "%s: %.200s", match->code, match->message);
            return 0;
        }
        if (match) return 1;
        if (code)
            snprintf(saw, cap, "%s: %.200s%s%.200s%s", code->code, code->message,
                     code->evidence[0] ? " [" : "", code->evidence, code->evidence[0] ? "]" : "");
        else
            findings_seen(r, saw, cap);
        return 0;
    }
    case WA_X_RUNNING: {
        size_t n = 0;
        for (size_t i = 0; i < r->nprocs; i++) {
            const wa_tl_proc *p = &r->procs[i];
            if (!is_program(p->argv, x->arg)) continue;
            int alive = x->at_ms == UINT64_MAX
                            ? !p->end
                            : p->start_ms <= x->at_ms && (!p->end || p->end_ms > x->at_ms);
            if (alive) return 1;
            if (n >= cap) continue;
            if (p->end)
                n += (size_t)snprintf(
                    saw + n, cap - n, "%s[%d] %.80s from %llu to %llu ms (%s %d)", n ? "; " : "",
                    p->pid, p->argv, (unsigned long long)p->start_ms, (unsigned long long)p->end_ms,
                    p->end == 1 ? "exit" : "signal", p->status);
            else
                n += (size_t)snprintf(saw + n, cap - n, "%s[%d] %.80s from %llu ms", n ? "; " : "",
                                      p->pid, p->argv, (unsigned long long)p->start_ms);
        }
        if (!n) snprintf(saw, cap, "%s never ran (%zu processes)", x->arg, r->nprocs);
        return 0;
    }
    case WA_X_REQUEST:
    case WA_X_SYSLOG: {
        const char *kind = x->kind == WA_X_REQUEST ? "net" : "syslog";
        size_t n = 0, seen = 0;
        for (size_t i = 0; i < r->nevents; i++) {
            const wa_tl_event *ev = &r->events[i];
            if (strcmp(ev->kind, kind)) continue;
            if (x->kind == WA_X_SYSLOG) {
                if (strstr(ev->text, x->text)) return 1;
            } else {
                /* "http: GET HOST/PATH field=value ... -> answer" */
                const char *m = strncmp(ev->text, "http: ", 6) ? NULL : strchr(ev->text + 6, ' ');
                if (!m) continue;
                size_t al = strlen(x->arg);
                if (strncmp(m + 1, x->arg, al) || (m[1 + al] != ' ' && m[1 + al] != 0)) continue;
                char head[200];
                const char *arrow = strstr(m, " -> ");
                snprintf(head, sizeof head, "%.*s", arrow ? (int)(arrow - m) : 199, m);
                if (has_fields(head, x->text)) return 1;
            }
            if (n < cap && seen++ < 3)
                n += (size_t)snprintf(saw + n, cap - n, "%s%.150s", n ? "; " : "", ev->text);
        }
        if (!n)
            snprintf(saw, cap, "no %s at all",
                     x->kind == WA_X_REQUEST ? "request reached the world" : "syslog line");
        return 0;
    }
    case WA_X_CONSOLE:
        if (r->console && strstr(r->console, x->text)) return 1;
        snprintf(saw, cap, "%s", r->console ? "not on the console" : "no console");
        return 0;
    case WA_X_FILE: {
        for (size_t i = 0; i < r->nfiles; i++)
            if (!strcmp(r->files[i].path, x->arg)) return 1;
        snprintf(saw, cap, "%zu files on the RAM disks, not it", r->nfiles);
        return 0;
    }
    }
    return 0;
}

/* What the expectation asks, in words. */
static void wanted(const wa_expect *x, char *out, size_t cap)
{
    switch (x->kind) {
    case WA_X_VERDICT: snprintf(out, cap, "verdict %s", wa_verdict_name(x->verdict)); break;
    case WA_X_FINDING:
        snprintf(out, cap, "finding %s%s%s%s", x->arg, x->text[0] ? " with \"" : "", x->text,
                 x->text[0] ? "\"" : "");
        break;
    case WA_X_NO_FINDING:
        snprintf(out, cap, "no finding %s%s%.200s%s", x->arg, x->text[0] ? " with \"" : "", x->text,
                 x->text[0] ? "\"" : "");
        break;
    case WA_X_RUNNING:
        if (x->at_ms == UINT64_MAX)
            snprintf(out, cap, "%s running when the run ended", x->arg);
        else
            snprintf(out, cap, "%s running at %llu s", x->arg,
                     (unsigned long long)(x->at_ms / 1000));
        break;
    case WA_X_REQUEST:
        snprintf(out, cap, "a request for %s%s%.200s", x->arg, x->text[0] ? " with " : "", x->text);
        break;
    case WA_X_SYSLOG: snprintf(out, cap, "a syslog line with \"%s\"", x->text); break;
    case WA_X_CONSOLE: snprintf(out, cap, "console output with \"%s\"", x->text); break;
    case WA_X_FILE: snprintf(out, cap, "the file %s on a RAM disk", x->arg); break;
    }
}

int wa_case_check(const wa_case *c, const wa_report *r, char *why, size_t cap)
{
    char saw[1200], want[400];
    for (size_t i = 0; i < c->nx; i++) {
        if (holds(&c->x[i], r, saw, sizeof saw)) continue;
        wanted(&c->x[i], want, sizeof want);
        snprintf(why, cap, "%s:%u: expected %s, saw %s", c->path, c->x[i].line, want, saw);
        return 1;
    }
    if (cap) why[0] = 0;
    return 0;
}
