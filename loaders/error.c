/* error.c: filling and naming wa_err values. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int wa_fail(wa_err *e, int code, uint64_t offset, const char *fmt, ...)
{
    if (e) {
        e->code = code;
        e->offset = offset;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

void wa_err_prefix(wa_err *e, const char *fmt, ...)
{
    if (!e) return;
    char head[128], old[sizeof e->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    memcpy(old, e->msg, sizeof old);
    size_t h = strlen(head), room = sizeof e->msg - 1;
    if (h > room) h = room;
    memcpy(e->msg, head, h);
    size_t o = strnlen(old, sizeof old);
    if (o > room - h) o = room - h;
    memcpy(e->msg + h, old, o);
    e->msg[h + o] = 0;
}

const char *wa_errname(int code)
{
    static const char *const names[] = {
        [WA_OK] = "ok",
        [WA_E_TRUNC] = "truncated",
        [WA_E_FORMAT] = "bad format",
        [WA_E_RANGE] = "out of range",
        [WA_E_CHECKSUM] = "checksum mismatch",
        [WA_E_UNSUPPORTED] = "unsupported",
        [WA_E_NOMEM] = "out of memory",
        [WA_E_IO] = "i/o error",
        [WA_E_LIMIT] = "limit reached",
        [WA_E_NOTFOUND] = "not found",
        [WA_E_USAGE] = "usage",
    };
    if (code < 0 || code >= (int)(sizeof names / sizeof names[0]) || !names[code]) return "error";
    return names[code];
}
