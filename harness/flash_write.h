/* flash_write.h: how fw.bin reaches mtd4, the way the owner writes it.
 *  - WA_WRITE_MTDBLOCK: `cat fw.bin > /dev/mtdblock/4` on the running box. Linux's mtdblock
 *    driver turns block writes into read-modify-write of whole erase blocks: it reads the
 *    block into its cache, changes the bytes written, erases the block and programs all of
 *    it back. So the rest of the last block the image touches keeps its old bytes, the blocks
 *    after it are not touched at all, and a write past the partition's end fails there (the
 *    block device is the partition): nothing beyond mtd4 changes, the image is clipped.
 *  - WA_WRITE_ERASE: an upload through the bootloader (or flash_eraseall, then a write): all
 *    of mtd4 is erased first, then the image is programmed from its start. An image longer
 *    than mtd4 is programmed on into the blocks after it (mtd3, the environment, on the
 *    boards wa-emu knows), erasing them as it goes, as a raw write does. */
#ifndef WA_FLASH_WRITE_H
#define WA_FLASH_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "error.h"
#include "nor.h"

enum wa_write_mode { WA_WRITE_ERASE = 0, WA_WRITE_MTDBLOCK = 1 };

typedef struct wa_write_result {
    uint32_t from, to; /* flash bytes the image was written to: [from, to) */
    size_t clipped;    /* image bytes not written (mtdblock: past mtd4's end) */
    uint32_t block_to; /* end of the last erase block the write erased */
} wa_write_result;

/* "mtdblock" or "erase" -> enum wa_write_mode; -1 for anything else. */
int wa_write_mode_parse(const char *s);
const char *wa_write_mode_name(int mode);

/* Write img into mtd4 of f as mode writes it. Errors are the chip's (power loss) only. */
int wa_write_image(nor_flash *f, const wa_board *b, int mode, const uint8_t *img, size_t len,
                   wa_write_result *w, wa_err *e);

#endif
