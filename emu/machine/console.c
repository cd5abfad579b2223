/* console.c: what the UART sends, kept whole and read line by line for the milestones the
 * verdict uses and for the lines that mean the boot failed. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ar7_int.h"

static const struct {
    int milestone;
    const char *text;
} marks[] = {
    {AR7_M_BANNER, "Linux version "},
    {AR7_M_FLASH, " devices at 0x"}, /* "physmap-flash.0: Found 1 x16 devices at 0x0 in ..." */
    {AR7_M_PARTS, " partitions found on MTD device "},
    {AR7_M_PARTS, " MTD partitions on \""}, /* 2.4: "Creating 5 MTD partitions on "..."" */
    {AR7_M_ROOT, "VFS: Mounted root ("},
};

/* Lines that say the boot is going wrong; the first one is kept (the panic line apart). */
static const char *const troubles[] = {
    "VFS: Cannot open root device",
    "SQUASHFS error",
    "Oops",
    "Kernel bug detected",
    "BUG: ",
    "Unable to handle kernel",
    "Unhandled kernel unaligned access",
    "Reserved instruction in kernel",
    "Kernel panic - not syncing",
};

static const char *const milestone_names[AR7_M_COUNT] = {
    "none", "kernel entry", "banner", "flash probe", "partitions", "root mounted", "init exec",
};

const char *ar7_milestone_name(int m)
{
    return m >= 0 && m < AR7_M_COUNT ? milestone_names[m] : "?";
}

const char *ar7_end_name(int end)
{
    static const char *const names[] = {"init",   "panic",   "exception", "bus-error", "stall",
                                        "budget", "timeout", "reset",     "emulator"};
    return end >= 0 && end <= AR7_END_EMU ? names[end] : "?";
}

void ar7_end(ar7 *m, int end, const char *fmt, ...)
{
    if (m->stop) return;
    m->stop = end + 1;
    m->r->end = end;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->r->reason, sizeof m->r->reason, fmt, ap);
    va_end(ap);
}

void ar7_milestone(ar7 *m, int ms, const char *line)
{
    ar7_result *r = m->r;
    if (r->at[ms]) return;
    r->at[ms] = m->cycles ? m->cycles : 1;
    snprintf(r->line[ms], sizeof r->line[ms], "%s", line);
    if (ms > r->milestone) r->milestone = ms;
    if (m->dbg.ms_mask & 1u << ms) ar7_pause(m, DBG_STOP_MILESTONE, ms, 0);
}

static void on_line(ar7 *m, const char *s)
{
    m->last_output = m->cycles;
    ar7_result *r = m->r; /* the line's time: its capacity doubles at 1, 2, 4 ... lines */
    int room = r->nlines < AR7_MAX_LINES;
    if (room && !(r->nlines & (r->nlines - 1))) {
        uint64_t *at = realloc(r->line_at, (r->nlines ? 2 * r->nlines : 1) * sizeof *at);
        if (at)
            r->line_at = at;
        else
            room = 0;
    }
    if (room) r->line_at[r->nlines++] = m->cycles;
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (strstr(s, marks[i].text)) ar7_milestone(m, marks[i].milestone, s);
    for (size_t i = 0; i < sizeof troubles / sizeof troubles[0]; i++) {
        if (!strstr(s, troubles[i])) continue;
        if (!m->r->trouble[0]) snprintf(m->r->trouble, sizeof m->r->trouble, "%s", s);
        break;
    }
    if (strstr(s, "Kernel panic - not syncing") && !m->panic_at) {
        snprintf(m->r->panic, sizeof m->r->panic, "%s", s);
        m->panic_at = m->cycles;
    }
    if (strstr(s, "---[ end Kernel panic")) {
        ar7_end(m, AR7_END_PANIC, "the kernel panicked: %s", m->r->panic);
        uc_emu_stop(m->uc);
    }
}

void ar7_console_put(ar7 *m, uint8_t c)
{
    ar7_result *r = m->r;
    if (r->console_len + 2 > m->con_cap) {
        size_t cap = m->con_cap ? m->con_cap * 2 : 65536;
        char *p = realloc(r->console, cap);
        if (!p) return;
        r->console = p;
        m->con_cap = cap;
    }
    r->console[r->console_len++] = (char)c;
    r->console[r->console_len] = 0;
    if (m->o->echo) fputc(c, m->o->echo);
    if (c == '\r') return;
    if (c != '\n' && m->linelen + 1 < sizeof m->line) {
        m->line[m->linelen++] = (char)c;
        return;
    }
    m->line[m->linelen] = 0;
    m->linelen = 0;
    on_line(m, m->line);
}
