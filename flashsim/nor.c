/* nor.c: NOR flash rules. */
#include "nor.h"

#include <stdlib.h>
#include <string.h>

nor_flash *nor_new(uint32_t size, uint32_t erase_size)
{
    if (!erase_size || (erase_size & (erase_size - 1)) || !size || size % erase_size) return NULL;
    nor_flash *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->mem = malloc(size);
    f->erase_count = calloc(size / erase_size, sizeof *f->erase_count);
    if (!f->mem || !f->erase_count) {
        nor_free(f);
        return NULL;
    }
    memset(f->mem, 0xff, size);
    f->size = size;
    f->erase_size = erase_size;
    f->power_left = -1;
    return f;
}

void nor_free(nor_flash *f)
{
    if (!f) return;
    free(f->mem);
    free(f->erase_count);
    free(f);
}

void nor_set_power_loss(nor_flash *f, int64_t n)
{
    f->power_left = n;
}

static int range_ok(const nor_flash *f, uint32_t off, uint32_t len)
{
    return off <= f->size && len <= f->size - off;
}

int nor_erase(nor_flash *f, uint32_t off, uint32_t len, wa_err *e)
{
    if (!range_ok(f, off, len))
        return wa_fail(e, WA_E_RANGE, off, "erase 0x%x+0x%x is outside the 0x%x-byte chip", off,
                       len, f->size);
    if (off % f->erase_size || len % f->erase_size)
        return wa_fail(e, WA_E_USAGE, off, "erase 0x%x+0x%x is not on %u-byte block boundaries",
                       off, len, f->erase_size);
    if (f->power_lost) return wa_fail(e, WA_E_IO, off, "power lost");
    for (uint32_t b = off; b < off + len; b += f->erase_size) {
        memset(f->mem + b, 0xff, f->erase_size);
        f->erase_count[b / f->erase_size]++;
    }
    return WA_OK;
}

int nor_program(nor_flash *f, uint32_t off, const uint8_t *data, uint32_t len, wa_err *e)
{
    if (!range_ok(f, off, len))
        return wa_fail(e, WA_E_RANGE, off, "program 0x%x+0x%x is outside the 0x%x-byte chip", off,
                       len, f->size);
    uint64_t first_stuck = UINT64_MAX;
    uint32_t i = 0;
    /* Without a power loss set, whole words (loading an image programs all 4 MB) */
    if (f->power_left < 0 && !f->power_lost) {
        for (; i + 8 <= len; i += 8) {
            uint64_t was, in;
            memcpy(&was, f->mem + off + i, 8);
            memcpy(&in, data + i, 8);
            if (in & ~was) break; /* a stuck bit: the byte loop below finds and counts it */
            was &= in;
            memcpy(f->mem + off + i, &was, 8);
        }
        f->programmed += i;
    }
    for (; i < len; i++) {
        if (f->power_left == 0) f->power_lost = 1;
        if (f->power_lost)
            return wa_fail(e, WA_E_IO, (uint64_t)off + i, "power lost at 0x%x", off + i);
        uint8_t now = f->mem[off + i] & data[i];
        uint8_t stuck = (uint8_t)(data[i] & ~now);
        if (stuck) {
            f->stuck_bits += (uint64_t)__builtin_popcount(stuck);
            if (first_stuck == UINT64_MAX) first_stuck = (uint64_t)off + i;
        }
        f->mem[off + i] = now;
        f->programmed++;
        if (f->power_left > 0) f->power_left--;
    }
    if (first_stuck != UINT64_MAX)
        return wa_fail(e, WA_E_FORMAT, first_stuck,
                       "programming cannot set bits: byte 0x%llx was not erased first",
                       (unsigned long long)first_stuck);
    return WA_OK;
}

int nor_write(nor_flash *f, uint32_t off, const uint8_t *data, uint32_t len, wa_err *e)
{
    if (!range_ok(f, off, len))
        return wa_fail(e, WA_E_RANGE, off, "write 0x%x+0x%x is outside the 0x%x-byte chip", off,
                       len, f->size);
    if (len == 0) return WA_OK;
    uint32_t first = off - off % f->erase_size;
    uint32_t last = (off + len - 1) - (off + len - 1) % f->erase_size + f->erase_size;
    int rc = nor_erase(f, first, last - first, e);
    return rc ? rc : nor_program(f, off, data, len, e);
}
