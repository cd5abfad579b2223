/* inittab.c: the entries of /etc/inittab (inittab.h). */
#include "inittab.h"

#include <string.h>

void wa_inittab_each(const char *text, size_t len,
                     void (*fn)(void *ctx, const char *action, const char *program, int line),
                     void *ctx)
{
    int n = 0;
    for (size_t at = 0; at < len;) {
        const char *l = text + at, *nl = memchr(l, '\n', len - at);
        size_t ll = nl ? (size_t)(nl - l) : len - at;
        at += ll + 1;
        n++;
        const char *f[4] = {l, NULL, NULL, NULL}; /* id, runlevels, action, process */
        size_t k = 1;
        for (size_t i = 0; i < ll && k < 4; i++)
            if (l[i] == ':') f[k++] = l + i + 1;
        if (k < 4 || *l == '#') continue;
        char action[16], program[128];
        size_t al = (size_t)(f[3] - 1 - f[2]);
        if (al >= sizeof action) continue;
        memcpy(action, f[2], al);
        action[al] = 0;
        const char *p = f[3], *end = l + ll;
        while (p < end && (*p == ' ' || *p == '\t' || *p == '-'))
            p++;
        size_t pl = 0;
        while (p + pl < end && p[pl] != ' ' && p[pl] != '\t' && p[pl] != '\r' && p[pl])
            pl++;
        if (!pl || pl >= sizeof program) continue;
        memcpy(program, p, pl);
        program[pl] = 0;
        fn(ctx, action, program, n);
    }
}

struct first {
    char *path;
    size_t cap;
    int *line;
    int found;
};

static void sysinit(void *ctx, const char *action, const char *program, int line)
{
    struct first *s = ctx;
    if (s->found || strcmp(action, "sysinit") || strlen(program) >= s->cap) return;
    strcpy(s->path, program);
    *s->line = line;
    s->found = 1;
}

int wa_inittab_sysinit(const char *text, size_t len, char *path, size_t cap, int *line)
{
    struct first s = {path, cap, line, 0};
    wa_inittab_each(text, len, sysinit, &s);
    return s.found;
}
