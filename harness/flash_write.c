/* flash_write.c: the image written into mtd4 as mtdblock or an erasing upload writes it
 * (flash_write.h). */
#include "flash_write.h"

#include <stdlib.h>
#include <string.h>

int wa_write_mode_parse(const char *s)
{
    if (!strcmp(s, "mtdblock")) return WA_WRITE_MTDBLOCK;
    if (!strcmp(s, "erase")) return WA_WRITE_ERASE;
    return -1;
}

const char *wa_write_mode_name(int mode)
{
    return mode == WA_WRITE_MTDBLOCK ? "mtdblock" : "erase";
}

/* mtdblock's write-back of one cached block: erase, then program the whole block, old bytes
 * and new (its erase_write() in drivers/mtd/mtdblock.c). */
static int rmw_block(nor_flash *f, uint32_t blk, const uint8_t *data, uint32_t at, uint32_t n,
                     uint8_t *cache, wa_err *e)
{
    memcpy(cache, f->mem + blk, f->erase_size);
    memcpy(cache + (at - blk), data, n);
    if (nor_erase(f, blk, f->erase_size, e)) return -1;
    return nor_program(f, blk, cache, f->erase_size, e);
}

int wa_write_image(nor_flash *f, const wa_board *b, int mode, const uint8_t *img, size_t len,
                   wa_write_result *w, wa_err *e)
{
    uint32_t at = board_part_off(b, 4), end = at + board_part_len(b, 4);
    memset(w, 0, sizeof *w);
    w->from = at;
    if (mode == WA_WRITE_MTDBLOCK) {
        size_t n = len < end - at ? len : end - at;
        w->to = at + (uint32_t)n, w->clipped = len - n;
        uint8_t *cache = malloc(f->erase_size);
        if (!cache) return wa_fail(e, WA_E_NOMEM, 0, "out of memory for mtdblock's cache");
        int rc = 0;
        for (uint32_t p = at; p < w->to && !rc;) {
            uint32_t blk = p - p % f->erase_size, stop = blk + f->erase_size;
            uint32_t k = (stop < w->to ? stop : w->to) - p;
            rc = rmw_block(f, blk, img + (p - at), p, k, cache, e);
            p += k, w->block_to = stop;
        }
        free(cache);
        return rc;
    }
    size_t room = f->size - at, n = len < room ? len : room;
    w->to = at + (uint32_t)n, w->clipped = len - n;
    if (nor_erase(f, at, end - at, e)) return -1;
    w->block_to = end;
    uint32_t in = w->to < end ? w->to - at : end - at;
    if (in && nor_program(f, at, img, in, e)) return -1;
    if (w->to <= end) return 0;
    /* on past mtd4: a raw write erases each further block it reaches, as a flasher does */
    w->block_to = w->to + (f->erase_size - w->to % f->erase_size) % f->erase_size;
    return nor_write(f, end, img + in, w->to - end, e);
}
