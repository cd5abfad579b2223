/* fuzz_replay.c: a report of any bytes (debug --replay reads what it is given): it is read or
 * refused with a reason naming the file, and a report read has a finding to stop before, of
 * a kind the replay knows, with NUL-terminated strings. */
#include <stdlib.h>
#include <string.h>

#include "replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wa_replay *r = malloc(sizeof *r);
    char why[1200];
    if (!r) return 0;
    int rc = wa_replay_parse((const char *)data, size, "fuzz.json", r, why, sizeof why);
    if (rc) {
        if (rc != WA_EXIT_USAGE || strncmp(why, "fuzz.json: ", 11)) abort();
    } else {
        if (r->kind != WA_REPLAY_KERNEL && r->kind != WA_REPLAY_INIT) abort();
        if (!memchr(r->image, 0, sizeof r->image) || !r->image[0]) abort();
        if (!memchr(r->board, 0, sizeof r->board) || !memchr(r->run.world, 0, sizeof r->run.world))
            abort();
        if (!r->first.code[0] || !memchr(r->first.message, 0, sizeof r->first.message)) abort();
        if (r->kind == WA_REPLAY_KERNEL && !r->run.deep) abort();
        wa_replay_same_image(r, "fuzz.bin", data, size, why, sizeof why);
    }
    free(r);
    return 0;
}
