/* error.h: errors as values. Every reader of untrusted bytes reports failure in a wa_err:
 * a code, the byte offset in the input where the problem was seen, and a reason a person can
 * read. Libraries never print or exit; the caller decides what to do with the error. */
#ifndef WA_ERROR_H
#define WA_ERROR_H

#include <stdint.h>

enum wa_errcode {
    WA_OK = 0,
    WA_E_TRUNC,       /* input ends before a structure does */
    WA_E_FORMAT,      /* bytes are not what the format allows (bad magic, bad field) */
    WA_E_RANGE,       /* a value points outside the input or outside a limit */
    WA_E_CHECKSUM,    /* a checksum does not match */
    WA_E_UNSUPPORTED, /* valid, but a variant this code does not handle */
    WA_E_NOMEM,       /* an allocation failed */
    WA_E_IO,          /* a host file operation failed */
    WA_E_LIMIT,       /* a size, count or time limit was reached */
    WA_E_NOTFOUND,    /* a name or structure that was asked for is absent */
    WA_E_USAGE,       /* the caller passed arguments that make no sense */
};

typedef struct wa_err {
    int code;        /* enum wa_errcode */
    uint64_t offset; /* byte offset in the input; WA_NO_OFFSET when none applies */
    char msg[256];   /* the reason, without the file name (the caller adds it) */
} wa_err;

#define WA_NO_OFFSET UINT64_MAX

/* Fill *e (when e is not NULL) and return code, so a reader can write
 * `return wa_fail(e, WA_E_TRUNC, off, "loader record at %u runs past the end", at);`. */
int wa_fail(wa_err *e, int code, uint64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Prefix the message already in e with more context ("squashfs: " + msg). */
void wa_err_prefix(wa_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A short name for a code: "truncated", "bad format", ... */
const char *wa_errname(int code);

#endif
