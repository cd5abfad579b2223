/* rcs_cmds.h: the programs a boot script runs, read without running it: the first word of
 * each simple command (at the start of a line, after ; & | && || ( and the keywords that
 * start a command: if, then, else, elif, do, while, until, !, {, and exec's, nohup's
 * operand), with its line. Not the shell's builtins (echo, [, cd, ...), assignments, words
 * with a $ or a quote in them; comments and here-documents are skipped. What a word names is for
 * the caller to look up (a path, or a name along PATH). */
#ifndef WA_RCS_CMDS_H
#define WA_RCS_CMDS_H

#include <stddef.h>

/* fn(ctx, word, line, tested) for each program word of script (len bytes), line counted from
 * 1; tested: the script tests the command's exit status (if, elif, while, until, !, && or ||
 * before or after it), so that its failing is the script's business, not a fault. */
void wa_rcs_cmds(const char *script, size_t len,
                 void (*fn)(void *ctx, const char *word, int line, int tested), void *ctx);

#endif
