/* ar7part.c: Linux's AR7 partition parser, as arithmetic on the flash bytes (ar7part.h). */
#include "ar7part.h"

#include <string.h>

#include "adam2rec.h"
#include "bytes.h"

#define SQUASHFS_LE 0x73717368u /* "hsqs" read as a little-endian word */
#define MAX_STEPS (1u << 20)    /* a walk longer than this never ends on the box either */

typedef struct flash_view {
    const uint8_t *buf;
    size_t len;
    uint32_t base, size;
} flash_view;

/* The kernel's 12-byte read at off: fails (leaving hdr as it was, as mtd_read leaves the
 * kernel's header) when it does not lie inside the flash. */
static int read_hdr(const flash_view *v, uint32_t off, uint8_t hdr[12])
{
    if (off > v->size || v->size - off < 12) return -1;
    for (uint32_t i = 0; i < 12; i++) {
        uint64_t at = (uint64_t)off + i;
        hdr[i] = at >= v->base && at - v->base < v->len ? v->buf[at - v->base] : 0xff;
    }
    return 0;
}

int ar7part_parse(const uint8_t *buf, size_t len, uint32_t base, uint32_t flash_size,
                  uint32_t erase, ar7part_map *out, wa_err *e)
{
    memset(out, 0, sizeof *out);
    if (erase == 0 || (erase & (erase - 1)))
        return wa_fail(e, WA_E_USAGE, WA_NO_OFFSET, "erase size 0x%x is not a power of two", erase);
    if (flash_size < 2 * erase)
        return wa_fail(e, WA_E_USAGE, WA_NO_OFFSET,
                       "a flash of 0x%x bytes has no room past its "
                       "first erase block of 0x%x",
                       flash_size, erase);
    const flash_view v = {buf, buf ? len : 0, base, flash_size};
    uint8_t hdr[12];
    memset(hdr, 0, sizeof hdr);
    uint32_t off = erase, post = 0;
    /* the tag at the start of blocks 1..11; the last block tried is "linux" when none is */
    for (uint32_t k = 1; k <= AR7PART_TRIES; k++) {
        off = k * erase;
        if (read_hdr(&v, off, hdr)) continue;
        if (!memcmp(hdr, "TIENV0.8", 8)) out->config_off = off, out->config_found = 1;
        uint32_t w = rd_le32(hdr);
        if (w == ADAM2_TAG || w == ADAM2_TAG2) {
            out->tag = w;
            break;
        }
    }
    out->linux_off = off;
    if (!out->config_found) {
        out->config_off = flash_size - erase;
        post = erase;
    }
    uint32_t root = AR7PART_ROOT_DEFAULT;
    if (!out->tag) {
        out->walk = AR7PART_NO_TAG;
    } else {
        /* each header's length steps over it and its data, onto the next record's length
         * (ar7part reads the record checksum before it as the next header's first word) */
        while (rd_le32(hdr + 4)) {
            if (++out->steps > MAX_STEPS) {
                out->walk = AR7PART_LOST;
                break;
            }
            off += 12u + rd_le32(hdr + 4); /* 32-bit, as the kernel's unsigned int */
            if (read_hdr(&v, off, hdr)) {
                out->walk = AR7PART_LOST;
                break;
            }
        }
        out->end_header = off;
        if (out->walk == AR7PART_END) {
            root = off + 16u;
            if (out->tag == ADAM2_TAG2) root = (root + 0xffu) & ~0xffu;
        }
    }
    if (out->walk == AR7PART_LOST) return WA_OK;
    out->root_before = root;
    /* a failed read leaves the last header in place, as in the kernel */
    read_hdr(&v, root, hdr);
    out->magic = rd_le32(hdr) == SQUASHFS_LE;
    if (!out->magic) root = (root + erase - 1) & ~(erase - 1);
    out->rootfs_off = root;
    out->rootfs_len = (uint64_t)root + post < flash_size ? flash_size - root - post : 0;
    return WA_OK;
}
