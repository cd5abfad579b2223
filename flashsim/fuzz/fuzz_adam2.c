/* fuzz_adam2.c: the simulated ADAM2 on a WA1003A flash whose mtd4 holds any bytes, and whose
 * config partition holds them too (a damaged environment). */
#include <stdlib.h>
#include <string.h>

#include "adam2.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wa_board b;
    if (board_builtin("wa1003a", &b, NULL)) abort();
    nor_flash *f = nor_new(b.flash_size, b.erase_size);
    if (!f) return 0;
    uint8_t env[4096];
    size_t n;
    env_store(&b.env, env, sizeof env, &n, NULL);
    nor_write(f, board_part_off(&b, 3), env, (uint32_t)n, NULL);
    uint32_t room = board_part_len(&b, 4);
    nor_write(f, board_part_off(&b, 4), data, (uint32_t)(size < room ? size : room), NULL);
    static adam2_boot o;
    adam2_run(f, &b, &o, NULL);
    if (o.boots && (o.chain.end > f->size || o.argc < 1)) abort();
    if (size > 16) { /* the same bytes as the environment */
        nor_write(f, board_part_off(&b, 3), data, (uint32_t)(size < 0x10000 ? size : 0x10000),
                  NULL);
        adam2_run(f, &b, &o, NULL);
    }
    nor_free(f);
    return 0;
}
