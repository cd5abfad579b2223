/* kvtext.c: the `key = value` line reader (kvtext.h). */
#include "kvtext.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *t = s + strlen(s);
    while (t > s && isspace((unsigned char)t[-1]))
        *--t = 0;
    return s;
}

void wa_kv_init(wa_kv *kv, const char *text, size_t len)
{
    memset(kv, 0, sizeof *kv);
    kv->text = text;
    kv->len = len;
}

int wa_kv_next(wa_kv *kv, char **key, char **val, wa_err *e)
{
    while (kv->pos < kv->len) {
        size_t start = kv->pos;
        const char *nl = memchr(kv->text + start, '\n', kv->len - start);
        size_t n = nl ? (size_t)(nl - (kv->text + start)) : kv->len - start;
        kv->pos += n + 1;
        kv->line++;
        kv->start = start;
        if (n >= sizeof kv->buf)
            return wa_fail(e, WA_E_FORMAT, start, "line %u: longer than %zu bytes", kv->line,
                           sizeof kv->buf - 1),
                   -1;
        memcpy(kv->buf, kv->text + start, n);
        kv->buf[n] = 0;
        if (memchr(kv->buf, 0, n))
            return wa_fail(e, WA_E_FORMAT, start, "line %u: contains a NUL byte", kv->line), -1;
        char *hash = strchr(kv->buf, '#');
        if (hash) *hash = 0;
        char *s = trim(kv->buf);
        if (!*s) continue;
        char *eq = strchr(s, '=');
        if (!eq)
            return wa_fail(e, WA_E_FORMAT, start, "line %u: expected key = value", kv->line), -1;
        *eq = 0;
        *key = trim(s);
        *val = trim(eq + 1);
        return 1;
    }
    return 0;
}

int wa_kv_time(const char *s, uint64_t *ms)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s) return 0;
    if (!strcmp(end, "s"))
        v *= 1000;
    else if (!strcmp(end, "m"))
        v *= 60000;
    else if (!strcmp(end, "h"))
        v *= 3600000;
    else if (*end && strcmp(end, "ms"))
        return 0;
    *ms = v;
    return 1;
}
