/* argnum.h: a numeric option's argument, checked: decimal digits only, within [lo, hi]. */
#ifndef WA_ARGNUM_H
#define WA_ARGNUM_H

#include <stdint.h>

/* 0 with *out set; else prints "wa-emu CMD: --OPT wants WHAT (LO..HI), not "ARG"" and
 * returns the usage exit code. */
int wa_argnum(const char *cmd, const char *opt, const char *what, const char *arg, uint64_t lo,
              uint64_t hi, uint64_t *out);

#endif
