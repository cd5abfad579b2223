/* inittab.c: the sysinit line of /etc/inittab (inittab.h). */
#include "inittab.h"

#include <string.h>

int wa_inittab_sysinit(const char *text, size_t len, char *path, size_t cap, int *line)
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
        size_t al = (size_t)(f[3] - 1 - f[2]);
        if (al != 7 || memcmp(f[2], "sysinit", 7)) continue;
        const char *p = f[3], *end = l + ll;
        while (p < end && (*p == ' ' || *p == '\t' || *p == '-'))
            p++;
        size_t pl = 0;
        while (p + pl < end && p[pl] != ' ' && p[pl] != '\t' && p[pl] != '\r' && p[pl])
            pl++;
        if (!pl || pl >= cap) continue;
        memcpy(path, p, pl);
        path[pl] = 0;
        *line = n;
        return 1;
    }
    return 0;
}
