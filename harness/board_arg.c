/* board_arg.c: --board NAME|FILE. */
#include "board_arg.h"
#include "board_cpu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "finding.h"

/* A profile's cpu must be one wa-emu emulates: a typo would otherwise only show as a kernel
 * that is never run. */
static int known_cpu(const char *arg, const wa_board *b, const char *cmd)
{
    if (wa_cpu_find(b->cpu)) return 0;
    fprintf(stderr, "wa-emu %s: %s: cpu '%s' is not one wa-emu emulates (", cmd, arg, b->cpu);
    for (size_t i = 0; wa_cpu_at(i); i++)
        fprintf(stderr, "%s%s", i ? ", " : "", wa_cpu_at(i)->name);
    fprintf(stderr, ")\n");
    return WA_EXIT_USAGE;
}

int wa_board_arg(const char *arg, wa_board *b, const char *cmd)
{
    wa_err e = {0};
    if (!strchr(arg, '/') && !strchr(arg, '.')) {
        if (board_builtin(arg, b, &e) == WA_OK) return known_cpu(arg, b, cmd);
        fprintf(stderr, "wa-emu %s: %s (built-in:", cmd, e.msg);
        for (const char *const *n = board_builtin_names(); *n; n++)
            fprintf(stderr, " %s", *n);
        fprintf(stderr, "; or give a profile file)\n");
        return WA_EXIT_USAGE;
    }
    uint8_t *text;
    size_t len;
    if (wa_read_file(arg, 1 << 20, &text, &len, &e)) {
        fprintf(stderr, "wa-emu %s: %s: %s\n", cmd, arg, e.msg);
        return WA_EXIT_NOINPUT;
    }
    int rc = board_parse((const char *)text, len, arg, b, &e);
    free(text);
    if (rc) {
        fprintf(stderr, "wa-emu %s: %s: %s\n", cmd, arg, e.msg);
        return WA_EXIT_USAGE;
    }
    return known_cpu(arg, b, cmd);
}
