/* report.c: text, JSON and JUnit renderings of a wa_report. */
#include "report.h"

#include "flash_write.h"
#include "sbuf.h"

#include <json-c/json.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const wa_report_writer wa_report_writers[3] = {
    [WA_DOC_JSON] = {"JSON", wa_report_json},
    [WA_DOC_JUNIT] = {"JUnit", wa_report_junit},
    [WA_DOC_HTML] = {"HTML", wa_report_html},
};

int wa_want_colour(FILE *out)
{
    const char *nc = getenv("NO_COLOR");
    return isatty(fileno(out)) && !(nc && *nc);
}

static const char *sev_colour(int sev)
{
    switch (sev) {
    case WA_PASS: return "\033[32m";
    case WA_DEGRADED: return "\033[33m";
    case WA_NOBOOT: return "\033[31m";
    case WA_BRICK: return "\033[1;31m";
    case WA_INCONCLUSIVE: return "\033[35m";
    case WA_WARNING: return "\033[33m";
    default: return "\033[36m";
    }
}

static int stage_worst(const wa_report *r, const char *stage)
{
    int v = WA_PASS;
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->f[i].stage, stage)) v = wa_worse(v, r->f[i].severity);
    return v;
}

void wa_report_text(const wa_report *r, FILE *out, int colour)
{
    const char *off = colour ? "\033[0m" : "";
    fprintf(out, "wa-emu verify %s (board %s)\n", r->image, r->board);
    for (size_t i = 0; i < r->nstages; i++) {
        const wa_stage_time *t = &r->stages[i];
        int v = stage_worst(r, t->stage);
        const char *word = t->ran == WA_SKIPPED ? "skipped"
                           : t->ran == WA_NA    ? "n/a"
                           : v == WA_PASS       ? "ok"
                                                : wa_verdict_name(v);
        int shown = t->ran == WA_RAN;
        fprintf(out, "  %-9s %s%-9s%s", t->stage, colour && shown ? sev_colour(v) : "", word, off);
        if (shown) fprintf(out, " %8.1f ms", t->ms);
        fputc('\n', out);
    }
    for (size_t i = 0; i < r->n; i++) {
        const wa_finding *f = &r->f[i];
        fprintf(out, "\n%s%s%s [%s] %s: %s\n", colour ? sev_colour(f->severity) : "",
                wa_verdict_name(f->severity), off, f->stage, f->code, f->message);
        if (f->evidence[0]) fprintf(out, "    evidence: %s\n", f->evidence);
        if (f->hint[0]) fprintf(out, "    hint: %s\n", f->hint);
    }
    if (r->console && r->console[0]) fprintf(out, "\nconsole:\n%s\n", r->console);
    int v = wa_verdict_of(r);
    fprintf(out, "\nverdict: %s%s%s (exit %d)\n", colour ? sev_colour(v) : "", wa_verdict_name(v),
            off, v);
}

/* A JSON string of s with every byte that is no part of valid UTF-8 as U+FFFD: the console
 * holds what the guests wrote, and a shell that reads an ELF as a script echoes its bytes. */
static json_object *jstr(const char *s)
{
    size_t n = strlen(s), k = 0;
    char *t = malloc(n * 3 + 1);
    if (!t) return json_object_new_string("");
    for (size_t i = 0; i < n;) {
        const unsigned char *u = (const unsigned char *)s + i;
        size_t len = u[0] < 0x80             ? 1
                     : (u[0] & 0xe0) == 0xc0 ? 2
                     : (u[0] & 0xf0) == 0xe0 ? 3
                     : (u[0] & 0xf8) == 0xf0 ? 4
                                             : 0;
        int ok = len && i + len <= n && !(len == 2 && u[0] < 0xc2) && !(len == 4 && u[0] > 0xf4);
        for (size_t c = 1; ok && c < len; c++)
            ok = (u[c] & 0xc0) == 0x80;
        if (ok && len == 3) ok = !(u[0] == 0xe0 && u[1] < 0xa0) && !(u[0] == 0xed && u[1] >= 0xa0);
        if (ok && len == 4) ok = !(u[0] == 0xf0 && u[1] < 0x90) && !(u[0] == 0xf4 && u[1] >= 0x90);
        if (ok) {
            memcpy(t + k, u, len);
            k += len;
            i += len;
        } else {
            memcpy(t + k, "\xef\xbf\xbd", 3);
            k += 3;
            i++;
        }
    }
    t[k] = 0;
    json_object *o = json_object_new_string(t);
    free(t);
    return o;
}

static const char *sev_word(int sev)
{
    switch (sev) {
    case WA_PASS: return "pass";
    case WA_DEGRADED: return "degraded";
    case WA_NOBOOT: return "no-boot";
    case WA_BRICK: return "brick";
    case WA_INCONCLUSIVE: return "inconclusive";
    case WA_WARNING: return "warning";
    default: return "info";
    }
}

char *wa_report_json(const wa_report *r)
{
    json_object *root = json_object_new_object();
    int v = wa_verdict_of(r);
    json_object_object_add(root, "schema", jstr("wa-emu-report/1"));
    json_object_object_add(root, "tool", jstr("wa-emu " WA_VERSION));
    json_object_object_add(root, "image", jstr(r->image));
    json_object_object_add(root, "board", jstr(r->board));
    json_object_object_add(root, "verdict", jstr(wa_verdict_name(v)));
    json_object_object_add(root, "exit_code", json_object_new_int(v));
    json_object *stages = json_object_new_array();
    for (size_t i = 0; i < r->nstages; i++) {
        json_object *s = json_object_new_object();
        const wa_stage_time *t = &r->stages[i];
        json_object_object_add(s, "name", jstr(t->stage));
        json_object_object_add(s, "ran", json_object_new_boolean(t->ran == WA_RAN));
        json_object_object_add(s, "ms", json_object_new_double(t->ms));
        json_object_object_add(s, "result",
                               jstr(t->ran == WA_SKIPPED ? "skipped"
                                    : t->ran == WA_NA    ? "n/a"
                                                         : sev_word(stage_worst(r, t->stage))));
        json_object_array_add(stages, s);
    }
    json_object_object_add(root, "stages", stages);
    json_object *fs = json_object_new_array();
    for (size_t i = 0; i < r->n; i++) {
        const wa_finding *f = &r->f[i];
        json_object *o = json_object_new_object();
        json_object_object_add(o, "stage", jstr(f->stage));
        json_object_object_add(o, "severity", jstr(sev_word(f->severity)));
        json_object_object_add(o, "code", jstr(f->code));
        json_object_object_add(o, "message", jstr(f->message));
        if (f->evidence[0]) json_object_object_add(o, "evidence", jstr(f->evidence));
        if (f->hint[0]) json_object_object_add(o, "hint", jstr(f->hint));
        json_object_array_add(fs, o);
    }
    json_object_object_add(root, "findings", fs);
    if (r->console) json_object_object_add(root, "console", jstr(r->console));
    if (r->nmap) { /* the flash map */
        json_object *fl = json_object_new_object(), *rs = json_object_new_array();
        json_object_object_add(fl, "size", json_object_new_int64(r->flash_size));
        for (size_t i = 0; i < r->nmap; i++) {
            const wa_map_region *m = &r->map[i];
            json_object *o = json_object_new_object();
            json_object_object_add(o, "kind", jstr(m->kind));
            json_object_object_add(o, "name", jstr(m->name));
            json_object_object_add(o, "start", json_object_new_int64(m->start));
            json_object_object_add(o, "end", json_object_new_int64(m->end));
            json_object_object_add(o, "bad", json_object_new_boolean(m->bad));
            if (m->note[0]) json_object_object_add(o, "note", jstr(m->note));
            json_object_array_add(rs, o);
        }
        json_object_object_add(fl, "regions", rs);
        json_object_object_add(root, "flash", fl);
    }
    if (r->nmarks) { /* the kernel's milestones (--deep) */
        json_object *k = json_object_new_object(), *ms = json_object_new_array();
        json_object_object_add(k, "init_ms", json_object_new_int64((int64_t)r->kernel_ms));
        for (size_t i = 0; i < r->nmarks; i++) {
            json_object *o = json_object_new_object();
            json_object_object_add(o, "name", jstr(r->marks[i].name));
            json_object_object_add(o, "ms", json_object_new_int64((int64_t)r->marks[i].ms));
            json_object_object_add(o, "line", jstr(r->marks[i].line));
            json_object_array_add(ms, o);
        }
        json_object_object_add(k, "milestones", ms);
        json_object *cl = json_object_new_array();
        for (size_t i = 0; i < r->nklines; i++) {
            json_object *o = json_object_new_object();
            json_object_object_add(o, "ms", json_object_new_int64((int64_t)r->klines[i].ms));
            json_object_object_add(o, "line", jstr(r->klines[i].line));
            json_object_array_add(cl, o);
        }
        json_object_object_add(k, "console", cl);
        json_object_object_add(root, "kernel", k);
    }
    if (r->procs) { /* the userland as data */
        json_object *tl = json_object_new_object(), *ps = json_object_new_array();
        for (size_t i = 0; i < r->nprocs; i++) {
            const wa_tl_proc *p = &r->procs[i];
            json_object *o = json_object_new_object();
            json_object_object_add(o, "pid", json_object_new_int(p->pid));
            json_object_object_add(o, "ppid", json_object_new_int(p->ppid));
            json_object_object_add(o, "argv", jstr(p->argv));
            json_object_object_add(o, "start_ms", json_object_new_int64((int64_t)p->start_ms));
            if (p->end) {
                json_object_object_add(o, "end_ms", json_object_new_int64((int64_t)p->end_ms));
                json_object_object_add(o, p->end == 1 ? "exit" : "signal",
                                       json_object_new_int(p->status));
            }
            json_object_array_add(ps, o);
        }
        json_object_object_add(tl, "processes", ps);
        json_object *es = json_object_new_array();
        for (size_t i = 0; i < r->nevents; i++) {
            const wa_tl_event *e = &r->events[i];
            json_object *o = json_object_new_object();
            json_object_object_add(o, "ms", json_object_new_int64((int64_t)e->ms));
            json_object_object_add(o, "pid", json_object_new_int(e->pid));
            json_object_object_add(o, "kind", jstr(e->kind));
            json_object_object_add(o, "value", json_object_new_int(e->value));
            json_object_object_add(o, "text", jstr(e->text));
            json_object_array_add(es, o);
        }
        json_object_object_add(tl, "events", es);
        json_object *files = json_object_new_array();
        for (size_t i = 0; i < r->nfiles; i++) {
            const wa_tl_file *f = &r->files[i];
            json_object *o = json_object_new_object();
            json_object_object_add(o, "path", jstr(f->path));
            json_object_object_add(o, "size", json_object_new_int64((int64_t)f->size));
            json_object_object_add(o, "type",
                                   jstr(S_ISDIR(f->mode)   ? "dir"
                                        : S_ISLNK(f->mode) ? "symlink"
                                                           : "file"));
            json_object_array_add(files, o);
        }
        json_object_object_add(tl, "files", files);
        json_object_object_add(root, "timeline", tl);
    }
    if (r->run.set) { /* how to make the run again (debug --replay) */
        const wa_run_info *u = &r->run;
        json_object *o = json_object_new_object();
        char crc[16];
        snprintf(crc, sizeof crc, "%08x", u->image_crc32);
        json_object_object_add(o, "image_size", json_object_new_int64((int64_t)u->image_size));
        json_object_object_add(o, "image_crc32", jstr(crc));
        if (u->board[0]) json_object_object_add(o, "board", jstr(u->board));
        if (u->world[0]) json_object_object_add(o, "world", jstr(u->world));
        if (u->flash[0]) json_object_object_add(o, "flash", jstr(u->flash));
        json_object_object_add(o, "write", jstr(wa_write_mode_name(u->write_mode)));
        json_object_object_add(o, "deep", json_object_new_boolean(u->deep));
        json_object_object_add(o, "static", json_object_new_boolean(u->static_only));
        json_object_object_add(o, "uclibc_shmctl", json_object_new_boolean(u->uclibc_shmctl));
        json_object_object_add(o, "timeout_ms", json_object_new_int64(u->timeout_ms));
        json_object_object_add(root, "run", o);
    }
    const char *txt = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
                                                               JSON_C_TO_STRING_NOSLASHESCAPE);
    char *copy = txt ? strdup(txt) : NULL;
    json_object_put(root);
    return copy;
}

char *wa_report_junit(const wa_report *r)
{
    struct sbuf b = {0};
    size_t failures = 0, errors = 0, skipped = 0;
    double total = 0;
    for (size_t i = 0; i < r->nstages; i++) {
        int worst = stage_worst(r, r->stages[i].stage);
        if (r->stages[i].ran != WA_RAN)
            skipped++;
        else if (worst == WA_INCONCLUSIVE) /* the stage could not be judged: a JUnit error */
            errors++;
        else if (worst > WA_PASS)
            failures++;
        total += r->stages[i].ms;
    }
    sb_str(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"");
    sb_xml(&b, r->image);
    sb_fmt(&b, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\">\n",
           r->nstages, failures, errors, skipped, total / 1000.0);
    sb_str(&b, "    <properties>\n      <property name=\"board\" value=\"");
    sb_xml(&b, r->board);
    sb_fmt(&b, "\"/>\n      <property name=\"verdict\" value=\"%s\"/>\n    </properties>\n",
           wa_verdict_name(wa_verdict_of(r)));
    for (size_t i = 0; i < r->nstages; i++) {
        const wa_stage_time *t = &r->stages[i];
        sb_fmt(&b, "    <testcase classname=\"wa-emu.verify\" name=\"%s\" time=\"%.3f\">", t->stage,
               t->ms / 1000.0);
        int worst = stage_worst(r, t->stage);
        if (t->ran == WA_SKIPPED) {
            sb_str(&b, "<skipped message=\"an earlier stage stopped the boot\"/>");
        } else if (t->ran == WA_NA) {
            sb_str(&b, "<skipped message=\"nothing to do: an earlier stage did not get there\"/>");
        } else if (worst > WA_PASS) { /* INCONCLUSIVE (75) too */
            const char *el = worst == WA_INCONCLUSIVE ? "error" : "failure";
            const wa_finding *first = NULL;
            for (size_t k = 0; k < r->n && !first; k++)
                if (!strcmp(r->f[k].stage, t->stage) && r->f[k].severity == worst) first = &r->f[k];
            sb_fmt(&b, "\n      <%s type=\"", el);
            sb_str(&b, wa_verdict_name(worst));
            sb_str(&b, "\" message=\"");
            sb_xml(&b, first->code);
            sb_str(&b, ": ");
            sb_xml(&b, first->message);
            sb_str(&b, "\">");
            for (size_t k = 0; k < r->n; k++) {
                const wa_finding *f = &r->f[k];
                if (strcmp(f->stage, t->stage)) continue;
                sb_fmt(&b, "%s %s: ", wa_verdict_name(f->severity), f->code);
                sb_xml(&b, f->message);
                sb_str(&b, "\n");
                if (f->evidence[0]) {
                    sb_str(&b, "  evidence: ");
                    sb_xml(&b, f->evidence);
                    sb_str(&b, "\n");
                }
                if (f->hint[0]) {
                    sb_str(&b, "  hint: ");
                    sb_xml(&b, f->hint);
                    sb_str(&b, "\n");
                }
            }
            sb_fmt(&b, "</%s>\n    ", el);
        }
        sb_str(&b, "</testcase>\n");
    }
    if (r->console) {
        sb_str(&b, "    <system-out>");
        sb_xml(&b, r->console);
        sb_str(&b, "</system-out>\n");
    }
    sb_str(&b, "  </testsuite>\n</testsuites>\n");
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}
