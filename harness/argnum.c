/* argnum.c: numeric option arguments (argnum.h). */
#include "argnum.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "finding.h"

int wa_argnum(const char *cmd, const char *opt, const char *what, const char *arg, uint64_t lo,
              uint64_t hi, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = arg[0] >= '0' && arg[0] <= '9' ? strtoull(arg, &end, 10) : 0;
    if (arg[0] < '0' || arg[0] > '9' || *end || errno || v < lo || v > hi) {
        fprintf(stderr, "wa-emu %s: --%s wants %s (%llu..%llu), not \"%s\"\n", cmd, opt, what,
                (unsigned long long)lo, (unsigned long long)hi, arg);
        return WA_EXIT_USAGE;
    }
    *out = v;
    return 0;
}
