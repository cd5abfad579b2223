/* kvtext.h: the `key = value` text of board profiles and world files. One pair a line, '#'
 * starts a comment, blank lines are skipped, keys and values are trimmed. Errors name the
 * line ("line N: ...") and carry the byte offset of its start. */
#ifndef WA_KVTEXT_H
#define WA_KVTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct wa_kv {
    const char *text;
    size_t len, pos;
    unsigned line; /* of the pair last returned */
    size_t start;  /* its byte offset */
    char buf[512]; /* key and val point into it */
} wa_kv;

void wa_kv_init(wa_kv *kv, const char *text, size_t len);
/* 1: the next pair in *key and *val; 0: no more; -1: a malformed line (in e). */
int wa_kv_next(wa_kv *kv, char **key, char **val, wa_err *e);

/* A time value: "40m", "90s", "6h", "1500ms" or "1500" (ms) -> 1 and *ms; 0 if it is none. */
int wa_kv_time(const char *s, uint64_t *ms);

#endif
