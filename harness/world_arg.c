/* world_arg.c: --world FILE|default. */
#include "world_arg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "finding.h"

int wa_world_arg(const char *arg, net_world *w, const char *cmd)
{
    if (!strcmp(arg, "default")) {
        net_world_default(w);
        return 0;
    }
    wa_err e = {0};
    uint8_t *text;
    size_t len;
    if (wa_read_file(arg, 1 << 20, &text, &len, &e)) {
        fprintf(stderr, "wa-emu %s: %s: %s\n", cmd, arg, e.msg);
        return WA_EXIT_NOINPUT;
    }
    int rc = net_world_parse(w, (const char *)text, len, &e);
    free(text);
    if (rc) {
        fprintf(stderr, "wa-emu %s: %s: %s\n", cmd, arg, e.msg);
        return WA_EXIT_USAGE;
    }
    return 0;
}
