/* codes.h: every finding code wa-emu can report, in one table (codes.c): its stage and what it
 * means. Case files name codes; a code not in the table is a typo there (an error), and
 * wa_add() refuses to report one that is not in it (an internal failure, never a verdict). */
#ifndef WA_CODES_H
#define WA_CODES_H

#include <stddef.h>

typedef struct wa_code {
    const char *code;  /* stable id: "checksum-mismatch" */
    const char *stage; /* the stage that reports it */
    const char *means; /* one line for `wa-emu cases codes` */
} wa_code;

extern const wa_code wa_codes[];
extern const size_t wa_ncodes;

/* The entry for code, or NULL. */
const wa_code *wa_code_find(const char *code);

#endif
