/* finding.c: the findings list of one run and the verdict it gives. */
#include "finding.h"

#include "codes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void wa_report_init(wa_report *r, const char *image, const char *board)
{
    memset(r, 0, sizeof *r);
    snprintf(r->image, sizeof r->image, "%s", image ? image : "");
    snprintf(r->board, sizeof r->board, "%s", board ? board : "");
}

void wa_report_free(wa_report *r)
{
    free(r->f);
    free(r->console);
    free(r->procs);
    free(r->events);
    free(r->klines);
    free(r->files);
    memset(r, 0, sizeof *r);
}

wa_finding *wa_add(wa_report *r, const char *stage, int severity, const char *code,
                   const char *evidence, const char *hint, const char *fmt, ...)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        wa_finding *nf = realloc(r->f, cap * sizeof *nf);
        if (!nf) return NULL;
        r->f = nf;
        r->cap = cap;
    }
    wa_finding *f = &r->f[r->n++];
    memset(f, 0, sizeof *f);
    snprintf(f->stage, sizeof f->stage, "%s", stage);
    f->severity = severity;
    snprintf(f->code, sizeof f->code, "%s", code);
    snprintf(f->evidence, sizeof f->evidence, "%s", evidence ? evidence : "");
    if (!wa_code_find(code)) { /* a case could never name it: wa-emu's own failure */
        f->severity = WA_INCONCLUSIVE;
        snprintf(f->code, sizeof f->code, "unknown-code");
        snprintf(f->evidence, sizeof f->evidence, "the code '%.40s' is not in harness/codes.c",
                 code);
    }
    snprintf(f->hint, sizeof f->hint, "%s", hint ? hint : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->message, sizeof f->message, fmt, ap);
    va_end(ap);
    return f;
}

static int rank(int sev)
{
    switch (sev) {
    case WA_PASS: return 1;
    case WA_DEGRADED: return 2;
    case WA_INCONCLUSIVE: return 3;
    case WA_NOBOOT: return 4;
    case WA_BRICK: return 5;
    default: return 0; /* WA_INFO, WA_WARNING */
    }
}

int wa_worse(int a, int b)
{
    return rank(b) > rank(a) ? b : a;
}

int wa_verdict_of(const wa_report *r)
{
    int v = WA_PASS;
    for (size_t i = 0; i < r->n; i++)
        v = wa_worse(v, r->f[i].severity);
    return v;
}

const char *wa_verdict_name(int v)
{
    switch (v) {
    case WA_PASS: return "PASS";
    case WA_DEGRADED: return "DEGRADED";
    case WA_NOBOOT: return "NO-BOOT";
    case WA_BRICK: return "BRICK";
    case WA_INCONCLUSIVE: return "INCONCLUSIVE";
    case WA_WARNING: return "WARNING";
    default: return "INFO";
    }
}

void wa_report_stage(wa_report *r, const char *stage, double ms, int ran)
{
    if (r->nstages >= sizeof r->stages / sizeof r->stages[0]) return;
    wa_stage_time *t = &r->stages[r->nstages++];
    snprintf(t->stage, sizeof t->stage, "%s", stage);
    t->ms = ms;
    t->ran = ran;
}

void wa_map_add(wa_report *r, const char *kind, uint32_t start, uint32_t end, int bad,
                const char *name, const char *note)
{
    if (r->nmap == WA_MAP_MAX || end <= start) return;
    wa_map_region *m = &r->map[r->nmap++];
    *m = (wa_map_region){.start = start, .end = end, .bad = bad};
    snprintf(m->kind, sizeof m->kind, "%s", kind);
    snprintf(m->name, sizeof m->name, "%s", name);
    snprintf(m->note, sizeof m->note, "%s", note ? note : "");
}
