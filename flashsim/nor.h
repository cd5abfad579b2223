/* nor.h: a simulated NOR flash chip. Erased bytes read 0xFF; programming can only clear bits
 * (1 -> 0), so a byte that needs a 0 -> 1 change must be erased first, and erasing works on
 * whole erase blocks. A power-loss point can be set: after that many bytes have been
 * programmed, every further operation does nothing, as when the box loses power mid-write. */
#ifndef WA_NOR_H
#define WA_NOR_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct nor_flash {
    uint8_t *mem;
    uint32_t size, erase_size;
    uint32_t *erase_count; /* per block */
    uint64_t programmed;   /* bytes programmed since creation */
    uint64_t stuck_bits;   /* bits a program asked to set to 1 that stayed 0 */
    int64_t power_left;    /* bytes that may still be programmed; < 0: no power loss set */
    int power_lost;
} nor_flash;

/* A new chip, all erased. NULL when out of memory or the geometry makes no sense. */
nor_flash *nor_new(uint32_t size, uint32_t erase_size);
void nor_free(nor_flash *f);

/* Lose power after n more programmed bytes (n >= 0). */
void nor_set_power_loss(nor_flash *f, int64_t n);

/* Erase the blocks of [off, off+len); both must be erase-block aligned. */
int nor_erase(nor_flash *f, uint32_t off, uint32_t len, wa_err *e);

/* Program bytes: flash = flash & data. Bits that stay 0 where data has 1 are counted in
 * stuck_bits and reported as WA_E_FORMAT with the first such offset (the bytes are written as
 * a real chip would write them). Power loss stops it with WA_E_IO. */
int nor_program(nor_flash *f, uint32_t off, const uint8_t *data, uint32_t len, wa_err *e);

/* What a flasher does: erase every block [off, off+len) touches, then program the data.
 * Bytes of those blocks outside the range are erased too (they read 0xFF afterwards). */
int nor_write(nor_flash *f, uint32_t off, const uint8_t *data, uint32_t len, wa_err *e);

#endif
