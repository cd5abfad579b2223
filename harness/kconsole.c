/* kconsole.c: kernel WARNING, BUG and Oops lines as findings. */
#include "kconsole.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *prefix, *code, *what;
} kinds[] = {
    {"WARNING: ", "kernel-warning", "the kernel warns"},
    {"BUG: ", "kernel-bug", "the kernel reports a bug"},
    {"Oops", "kernel-oops", "the kernel oopsed"},
};

int wa_kconsole_findings(const char *console, wa_report *r)
{
    int n = 0;
    for (const char *l = console; l && *l;) {
        const char *end = strchr(l, '\n'), *next = end ? end + 1 : l + strlen(l);
        size_t len = (size_t)(next - l) - (end ? 1 : 0);
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
            size_t p = strlen(kinds[k].prefix);
            if (len < p || memcmp(l, kinds[k].prefix, p)) continue;
            const char *after = next, *aend = strchr(after, '\n');
            int alen = aend ? (int)(aend - after) : (int)strlen(after);
            char ev[300];
            snprintf(ev, sizeof ev, "the next line: %.*s", alen > 200 ? 200 : alen, after);
            wa_add(r, "boot", WA_DEGRADED, kinds[k].code, ev,
                   "the console below has the kernel's own call trace", "%s: %.*s", kinds[k].what,
                   len > 200 ? 200 : (int)len, l);
            n++;
        }
        l = next;
    }
    return n;
}
