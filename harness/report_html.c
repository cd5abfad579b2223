/* report_html.c: a verify run as one self-contained HTML page for a person deciding whether
 * to flash (report.h): the verdict and the findings, the flash map and the boot timeline as
 * inline SVG drawn from the report's data (the same data as the JSON report's flash, kernel
 * and timeline), the consoles and the traffic folded. No script, no external reference; every
 * colour has a label or a shape beside it, and the page prints. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "sbuf.h"

#define W 960     /* the drawings' width in SVG units */
#define LABEL 280 /* the timeline's left column: the processes' command lines */

static const char css[] =
    "body{font:14px/1.4 sans-serif;margin:1.5em auto;max-width:62em;color:#111}"
    "h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #999;margin-top:1.5em}"
    ".v{padding:.1em .5em;border:2px solid;font-weight:bold}"
    ".v-PASS{color:#161}.v-DEGRADED{color:#a50}.v-NO-BOOT,.v-BRICK{color:#b00}"
    ".v-INCONCLUSIVE{color:#555}"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:.2em .4em;"
    "vertical-align:top;text-align:left}td.sev{white-space:nowrap;font-weight:bold}"
    "pre{white-space:pre-wrap;font-size:12px;background:#f4f4f4;padding:.5em}"
    "svg{width:100%;height:auto;border:1px solid #ccc}svg text{font:11px sans-serif}"
    ".part{fill:#eef;stroke:#557}.records{fill:#9cf;stroke:#036}.padding{fill:#eee;stroke:#999}"
    ".rootfs{fill:#9d9;stroke:#262}.trailer{fill:#fc6;stroke:#630}.image{fill:#ccc;stroke:#333}"
    ".stale{fill:#f99;stroke:#b00}"
    ".ar7part{fill:#333}.bad{fill:url(#hatch);stroke:#b00;stroke-width:2}"
    ".exit0{fill:#7c7}.exitN{fill:#e94}.signal{fill:#d44}.running{fill:#69c}"
    ".mark{fill:#306}.ev-net{fill:#06c}.ev-syslog{fill:#080}.ev-stderr{fill:#c60}"
    ".kline{stroke:#609;stroke-width:1}.ev-other{fill:#666}.ev-console{fill:#609}.axis{stroke:#888}"
    "@media print{details>*{display:block}body{max-width:none}}";

/* Where a finding shows in the pictures. */
static const char *anchor_of(const wa_finding *f)
{
    static const char *const map_stages[] = {"flash", "adam2", "kernel", "rootfs"};
    for (size_t i = 0; i < sizeof map_stages / sizeof map_stages[0]; i++)
        if (!strcmp(f->stage, map_stages[i])) return "map";
    return "timeline";
}

static void findings(struct sbuf *b, const wa_report *r)
{
    sb_str(b, "<h2 id=\"findings\">Findings</h2>\n<table>\n<tr><th>severity</th><th>stage</th>"
              "<th>code</th><th>what</th><th>shown</th></tr>\n");
    for (size_t i = 0; i < r->n; i++) {
        const wa_finding *f = &r->f[i];
        sb_fmt(b, "<tr id=\"f%zu\"><td class=\"sev v-%s\">%s</td><td>", i,
               wa_verdict_name(f->severity), wa_verdict_name(f->severity));
        sb_xml(b, f->stage);
        sb_str(b, "</td><td><code>");
        sb_xml(b, f->code);
        sb_str(b, "</code></td><td>");
        sb_xml(b, f->message);
        if (f->evidence[0]) {
            sb_str(b, "<br><small>");
            sb_xml(b, f->evidence);
            sb_str(b, "</small>");
        }
        if (f->hint[0]) {
            sb_str(b, "<br><em>hint: ");
            sb_xml(b, f->hint);
            sb_str(b, "</em>");
        }
        const char *a = anchor_of(f);
        sb_fmt(b, "</td><td><a href=\"#%s\">%s</a></td></tr>\n", a,
               !strcmp(a, "map") ? "flash map" : "timeline");
    }
    sb_str(b, "</table>\n");
}

/* The flash map: the partitions (mtd4 above the ones it holds), the image's parts, and
 * ar7part's idea of the rootfs, to scale. */
static void flash_map(struct sbuf *b, const wa_report *r)
{
    if (!r->nmap || !r->flash_size) return;
    const double x0 = 10, w = W - 20, scale = w / r->flash_size;
    sb_str(b, "<h2 id=\"map\">The flash</h2>\n");
    sb_fmt(b, "<svg viewBox=\"0 0 %d 200\" role=\"img\" aria-label=\"flash map\">", W);
    sb_str(b, "<defs><pattern id=\"hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\""
              " patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#fcc\"/>"
              "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#b00\" stroke-width=\"3\"/>"
              "</pattern></defs>");
    for (size_t i = 0; i < r->nmap; i++) {
        const wa_map_region *m = &r->map[i];
        int part = !strcmp(m->kind, "partition"), whole = part && strstr(m->name, "mtd4");
        double y = part ? (whole ? 10 : 50) : !strcmp(m->kind, "ar7part") ? 148 : 100;
        double x = x0 + m->start * scale, len = (m->end - m->start) * scale;
        if (len < 3) len = 3;
        const char *cls = m->bad ? "bad" : part ? "part" : m->kind;
        if (!strcmp(m->kind, "ar7part")) {
            sb_fmt(b, "<g id=\"map-%zu\"><path class=\"%s\" d=\"M%.1f %.1f l-6 12 h12 z\">", i, cls,
                   x, y);
        } else {
            sb_fmt(b,
                   "<g id=\"map-%zu\"><rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                   "height=\"30\">",
                   i, cls, x, y, len);
        }
        sb_str(b, "<title>");
        sb_xml(b, m->name);
        sb_fmt(b, ": 0x%x-0x%x (%u bytes)%s", m->start, m->end, m->end - m->start,
               m->note[0] ? ", " : "");
        sb_xml(b, m->note);
        sb_str(b, m->kind[0] == 'a' ? "</title></path>" : "</title></rect>");
        /* the label: inside when it fits, else under the mark; a bad part says so in words */
        char label[80];
        snprintf(label, sizeof label, "%s%s", m->bad ? "! " : "", m->name);
        double tw = strlen(label) * 6.5;
        int fits = len > tw + 6, right = !fits && x + tw > W - 4;
        double ty = fits ? y + 19 : !strcmp(m->kind, "ar7part") ? y + 24 : y + 42;
        if (!fits && (!strcmp(m->kind, "trailer") || !strcmp(m->name, "mtd3 config"))) ty += 10;
        sb_fmt(b, "<text x=\"%.1f\" y=\"%.1f\"%s%s>",
               fits    ? x + 4
               : right ? x + len
                       : x,
               ty, right ? " text-anchor=\"end\"" : "",
               m->bad ? " fill=\"#b00\" font-weight=\"bold\"" : "");
        sb_xml(b, label);
        sb_str(b, "</text></g>");
    }
    sb_fmt(b,
           "<text x=\"10\" y=\"194\">0x0</text><text x=\"%d\" y=\"194\" "
           "text-anchor=\"end\">0x%x (%u KiB)</text>",
           W - 10, r->flash_size, r->flash_size / 1024);
    sb_str(b, "</svg>\n<table>\n<tr><th>part</th><th>from</th><th>to</th><th>bytes</th>"
              "<th>note</th></tr>\n");
    for (size_t i = 0; i < r->nmap; i++) {
        const wa_map_region *m = &r->map[i];
        sb_str(b, "<tr><td>");
        if (m->bad) sb_str(b, "<strong>! </strong>");
        sb_xml(b, m->name);
        sb_fmt(b, "</td><td>0x%x</td><td>0x%x</td><td>%u</td><td>", m->start, m->end,
               m->end - m->start);
        sb_xml(b, m->note);
        sb_str(b, "</td></tr>\n");
    }
    sb_str(b, "</table>\n");
}

/* The timeline's axis: logarithmic, so that the kernel's seconds and the userland's virtual
 * hours both show. */
static double tx(uint64_t ms, uint64_t end)
{
    return LABEL + (W - LABEL - 10) * log10(1.0 + (double)ms) / log10(1.0 + (double)end);
}

static const char *proc_class(const wa_tl_proc *p)
{
    if (!p->end) return "running";
    if (p->end == 2) return "signal";
    return p->status ? "exitN" : "exit0";
}

/* The processes in tree order (each after its parent), with their depth. */
static size_t tree_order(const wa_report *r, size_t *order, int *depth)
{
    size_t n = 0;
    char *placed = calloc(r->nprocs ? r->nprocs : 1, 1);
    if (!placed) return 0;
    for (size_t root = 0; root < r->nprocs; root++) {
        int has_parent = 0;
        for (size_t k = 0; k < r->nprocs; k++)
            has_parent |= k != root && r->procs[k].pid == r->procs[root].ppid;
        if (has_parent || placed[root]) continue;
        size_t at = n;
        order[n] = root, depth[n++] = 0, placed[root] = 1;
        for (; at < n; at++) /* the children right after each parent, depth first */
            for (size_t k = r->nprocs; k-- > 0;)
                if (!placed[k] && r->procs[k].ppid == r->procs[order[at]].pid) {
                    memmove(order + at + 2, order + at + 1, (n - at - 1) * sizeof *order);
                    memmove(depth + at + 2, depth + at + 1, (n - at - 1) * sizeof *depth);
                    order[at + 1] = k, depth[at + 1] = depth[at] + 1, placed[k] = 1, n++;
                }
    }
    for (size_t k = 0; k < r->nprocs; k++) /* a parent loop, say: still drawn */
        if (!placed[k]) order[n] = k, depth[n++] = 0;
    free(placed);
    return n;
}

static void timeline(struct sbuf *b, const wa_report *r)
{
    sb_str(b, "<h2 id=\"timeline\">The boot</h2>\n");
    if (!r->nmarks && !r->nprocs) {
        sb_str(b, "<p>Nothing ran: the boot stopped before the kernel or init would have.</p>\n");
        return;
    }
    /* one axis: with --deep the userland's clock starts where the kernel ran init */
    uint64_t end = r->kernel_ms + 1;
    for (size_t i = 0; i < r->nmarks; i++)
        if (r->marks[i].ms > end) end = r->marks[i].ms;
    for (size_t i = 0; i < r->nprocs; i++) {
        uint64_t e = r->procs[i].end ? r->procs[i].end_ms : r->procs[i].start_ms;
        if (e > end) end = e;
    }
    for (size_t i = 0; i < r->nevents; i++)
        if (r->events[i].ms > end) end = r->events[i].ms;
    end += end / 20 + 1;
    size_t *order = malloc((r->nprocs ? r->nprocs : 1) * sizeof *order);
    int *depth = malloc((r->nprocs ? r->nprocs : 1) * sizeof *depth);
    if (!order || !depth) {
        free(order), free(depth);
        b->oom = 1;
        return;
    }
    size_t n = tree_order(r, order, depth);
    /* the kernel's lane: a row for each milestone's label (they crowd on a log axis), the
     * diamonds under them, then the processes */
    int top = 24 + 10 * (int)r->nmarks + 24;
    int h = top + 18 * (int)n + 56;
    sb_fmt(b,
           "<p>From ADAM2's hand-off (0) through the kernel's milestones%s to the userland's "
           "processes, on one axis (logarithmic; the userland's times on the world's "
           "clock). Bars: <strong>green</strong> exit 0, <strong>orange</strong> another "
           "exit, <strong>red</strong> killed by a signal, <strong>blue</strong> still "
           "running; each says so in words at its end.</p>\n",
           r->nmarks ? "" : " (not run: without --deep)");
    sb_fmt(b, "<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"boot timeline\">", W, h);
    static const struct {
        uint64_t ms;
        const char *label;
    } ticks[] = {{1, "1 ms"},        {10, "10 ms"},       {100, "100 ms"},       {1000, "1 s"},
                 {10000, "10 s"},    {60000, "1 min"},    {600000, "10 min"},    {3600000, "1 h"},
                 {36000000, "10 h"}, {86400000, "1 day"}, {864000000, "10 days"}};
    for (size_t i = 0; i < sizeof ticks / sizeof ticks[0] && ticks[i].ms < end; i++) {
        double x = tx(ticks[i].ms, end);
        sb_fmt(b,
               "<line class=\"axis\" x1=\"%.1f\" y1=\"16\" x2=\"%.1f\" y2=\"%d\"/><text "
               "x=\"%.1f\" y=\"12\" text-anchor=\"middle\">%s</text>",
               x, x, h - 10, x, ticks[i].label);
    }
    /* the kernel's milestones: diamonds on the first lane, each labelled on a row of its own */
    sb_fmt(b, "<text x=\"4\" y=\"%d\">kernel</text>", top - 8);
    for (size_t i = 0; i < r->nmarks; i++) {
        double x = tx(r->marks[i].ms, end);
        int ly = 26 + 10 * (int)i;
        sb_fmt(b,
               "<g id=\"mark-%zu\"><line class=\"axis\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
               "y2=\"%d\"/><path class=\"mark\" d=\"M%.1f %d l6 8 l-6 8 l-6 -8 z\">",
               i, x, ly + 2, x, top - 20, x, top - 20);
        sb_str(b, "<title>");
        sb_xml(b, r->marks[i].name);
        sb_fmt(b, " at %llu ms: ", (unsigned long long)r->marks[i].ms);
        sb_xml(b, r->marks[i].line);
        sb_fmt(b, "</title></path><text x=\"%.1f\" y=\"%d\" font-size=\"9\"%s>",
               x > W - 160 ? x - 3 : x + 3, ly, x > W - 160 ? " text-anchor=\"end\"" : "");
        sb_xml(b, r->marks[i].name);
        sb_fmt(b, " %.1f s</text></g>", (double)r->marks[i].ms / 1000.0);
    }
    /* the kernel console's lines: a tick each on the kernel's lane, the line in its title */
    for (size_t i = 0; i < r->nklines; i++) {
        double x = tx(r->klines[i].ms, end);
        sb_fmt(b, "<path class=\"kline\" d=\"M%.1f %d v10\"><title>%llu ms: ", x, top - 34,
               (unsigned long long)r->klines[i].ms);
        sb_xml(b, r->klines[i].line);
        sb_str(b, "</title></path>");
    }
    /* the processes: a bar each, under its parent */
    for (size_t i = 0; i < n; i++) {
        const wa_tl_proc *p = &r->procs[order[i]];
        int y = top + 18 * (int)i;
        double x1 = tx(p->start_ms, end), x2 = tx(p->end ? p->end_ms : end, end);
        if (x2 - x1 < 3) x2 = x1 + 3;
        char how[32];
        if (!p->end)
            snprintf(how, sizeof how, "running");
        else
            snprintf(how, sizeof how, "%s %d", p->end == 1 ? "exit" : "signal", p->status);
        sb_fmt(b, "<g id=\"p%d\"><text x=\"%d\" y=\"%d\">", p->pid, 4 + 10 * depth[i], y + 11);
        char argv[48];
        snprintf(argv, sizeof argv, "%.*s%s", 40 - 2 * (depth[i] > 8 ? 8 : depth[i]), p->argv,
                 strlen(p->argv) > (size_t)(40 - 2 * (depth[i] > 8 ? 8 : depth[i])) ? "..." : "");
        sb_fmt(b, "[%d] ", p->pid);
        sb_xml(b, argv);
        sb_fmt(b,
               "</text><rect class=\"proc %s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
               "height=\"13\"><title>",
               proc_class(p), x1, y, x2 - x1);
        sb_fmt(b, "pid %d (parent %d): ", p->pid, p->ppid);
        sb_xml(b, p->argv);
        sb_fmt(b, "; from %llu ms, %s</title></rect>", (unsigned long long)p->start_ms, how);
        sb_fmt(b, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" text-anchor=\"%s\">%s</text></g>",
               x2 > W - 70 ? x1 - 2 : x2 + 2, y + 10, x2 > W - 70 ? "end" : "start", how);
    }
    /* what the world saw: a mark each, by kind */
    int ey = top + 18 * (int)n + 8;
    sb_fmt(b,
           "<text x=\"4\" y=\"%d\">world: net &#9679; syslog &#9632; stderr &#9650;</text>"
           "<text x=\"4\" y=\"%d\">console lines &#9660;</text>",
           ey + 10, ey + 40);
    for (size_t i = 0; i < r->nevents; i++) {
        const wa_tl_event *e = &r->events[i];
        double x = tx(e->ms, end);
        const char *k = e->kind;
        if (!strcmp(k, "net"))
            sb_fmt(b, "<circle class=\"ev-net\" cx=\"%.1f\" cy=\"%d\" r=\"4\">", x, ey + 6);
        else if (!strcmp(k, "syslog"))
            sb_fmt(b, "<rect class=\"ev-syslog\" x=\"%.1f\" y=\"%d\" width=\"7\" height=\"7\">",
                   x - 3.5, ey + 14);
        else if (!strcmp(k, "console"))
            sb_fmt(b, "<path class=\"ev-console\" d=\"M%.1f %d l4 -7 h-8 z\">", x, ey + 40);
        else if (!strcmp(k, "stderr"))
            sb_fmt(b, "<path class=\"ev-stderr\" d=\"M%.1f %d l4 7 h-8 z\">", x, ey + 22);
        else
            sb_fmt(b, "<path class=\"ev-other\" d=\"M%.1f %d l3 4 l-3 4 l-3 -4 z\">", x, ey + 22);
        sb_fmt(b, "<title>%llu ms, pid %d, ", (unsigned long long)e->ms, e->pid);
        sb_xml(b, k);
        sb_str(b, ": ");
        sb_xml(b, e->text);
        sb_str(b, !strcmp(k, "net")      ? "</title></circle>"
                  : !strcmp(k, "syslog") ? "</title></rect>"
                                         : "</title></path>");
    }
    sb_str(b, "</svg>\n");
    free(order);
    free(depth);
}

static void folded(struct sbuf *b, const wa_report *r)
{
    if (r->console) {
        sb_str(b, "<h2 id=\"console\">Console</h2>\n<details><summary>the kernel's and the "
                  "userland's console</summary><pre>");
        sb_xml(b, r->console);
        sb_str(b, "</pre></details>\n");
    }
    if (r->nevents) {
        sb_fmt(b,
               "<h2 id=\"traffic\">What the world saw</h2>\n<details><summary>%zu events "
               "(traffic, syslog, stderr ...)</summary><table>\n<tr><th>ms</th><th>pid</th>"
               "<th>kind</th><th>what</th></tr>\n",
               r->nevents);
        for (size_t i = 0; i < r->nevents; i++) {
            const wa_tl_event *e = &r->events[i];
            sb_fmt(b, "<tr><td>%llu</td><td>%d</td><td>", (unsigned long long)e->ms, e->pid);
            sb_xml(b, e->kind);
            sb_str(b, "</td><td>");
            sb_xml(b, e->text);
            sb_str(b, "</td></tr>\n");
        }
        sb_str(b, "</table></details>\n");
    }
}

char *wa_report_html(const wa_report *r)
{
    struct sbuf b = {0};
    const char *v = wa_verdict_name(wa_verdict_of(r));
    sb_str(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    sb_xml(&b, r->image);
    sb_fmt(&b, ": %s</title>\n<style>%s</style>\n</head>\n<body>\n", v, css);
    sb_fmt(&b, "<h1>wa-emu verify: <span class=\"v v-%s\">%s</span></h1>\n<p>image <code>", v, v);
    sb_xml(&b, r->image);
    sb_str(&b, "</code>, board <code>");
    sb_xml(&b, r->board);
    sb_str(&b, "</code></p>\n");
    findings(&b, r);
    flash_map(&b, r);
    timeline(&b, r);
    folded(&b, r);
    sb_str(&b, "</body>\n</html>\n");
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}
