/* case_run.c: loading a case for the CLI (case_run.h). */
#include "case_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "finding.h"
#include "pack.h"

int wa_case_load(const char *path, wa_case *c, const char *cmd)
{
    wa_err e = {0};
    uint8_t *text;
    size_t len;
    memset(c, 0, sizeof *c);
    if (wa_read_file(path, 1 << 20, &text, &len, &e)) {
        fprintf(stderr, "wa-emu %s: %s: %s\n", cmd, path, e.msg);
        return WA_EXIT_NOINPUT;
    }
    int rc = wa_case_parse(c, path, (const char *)text, len, &e);
    free(text);
    if (!rc) return 0;
    unsigned line;
    int used = 0;
    if (sscanf(e.msg, "line %u: %n", &line, &used) == 1 && used)
        fprintf(stderr, "wa-emu %s: %s:%u: %s\n", cmd, path, line, e.msg + used);
    else
        fprintf(stderr, "wa-emu %s: %s: %s\n", cmd, path, e.msg);
    return WA_EXIT_USAGE;
}

int wa_case_image(const wa_case *c, const wa_board *b, uint8_t **img, size_t *len, const char *cmd)
{
    wa_err e = {0};
    if (c->image[0]) {
        if (!wa_read_file(c->image, 256u << 20, img, len, &e)) return 0;
        fprintf(stderr, "wa-emu %s: %s: image %s: %s\n", cmd, c->path, c->image, e.msg);
        return WA_EXIT_NOINPUT;
    }
    if (!wa_pack_parts(b, c->kernel, c->rootfs, c->var[0] ? c->var : NULL, img, len, &e)) return 0;
    fprintf(stderr, "wa-emu %s: %s: cannot pack its image: %s\n", cmd, c->path, e.msg);
    return WA_EXIT_NOINPUT;
}
