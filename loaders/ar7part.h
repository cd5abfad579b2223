/* ar7part.h: where Linux's AR7 partition parser (drivers/mtd/parsers/ar7part.c, in the 2.6
 * and later AR7 kernels) puts the "linux" and "rootfs" partitions of a flash, worked out from
 * the flash bytes as that parser reads them, without running the kernel:
 *  - it looks for a loader tag (TI's 0xFEEDFA42 or AVM's 0xFEED1281) at the start of the
 *    erase blocks 1 to 11; the block where it stops is "linux";
 *  - it walks the chain as 12-byte headers (a word, a length, an address), each length
 *    stepping over the header and that many bytes, to the header whose length is 0;
 *  - the rootfs is 16 bytes after that header's start (TI), rounded up to 256 bytes for AVM's
 *    tag; without a tag it is 0xE0000; when no SquashFS magic ("hsqs") is there, it is
 *    rounded up to the next erase block.
 * A config block ("TIENV0.8") among the blocks tried is its "config" partition; without one
 * the last erase block is, and both partitions end before it. The parser's arithmetic is
 * 32-bit, as on the box. */
#ifndef WA_AR7PART_H
#define WA_AR7PART_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define AR7PART_ROOT_DEFAULT 0xE0000u /* its ROOT_OFFSET, when no tag is found */
#define AR7PART_TRIES 11u             /* erase blocks 1..11 */

/* How its walk ended. */
enum {
    AR7PART_END = 0, /* at a header of length 0 */
    AR7PART_NO_TAG,  /* no tag in the blocks tried: the rootfs is at 0xE0000 */
    AR7PART_LOST     /* a header past the flash's end (the kernel's read fails and it keeps
                        stepping), or a walk that goes round: no rootfs, rootfs_off 0 */
};

typedef struct ar7part_map {
    int walk;             /* AR7PART_END, _NO_TAG, _LOST */
    uint32_t tag;         /* the tag found (0 when none) */
    uint32_t linux_off;   /* "linux": the block where the tag is (the last tried without,
                             which may lie past a small flash's end) */
    uint32_t end_header;  /* the header of length 0 (AR7PART_END), or the last one reached */
    uint32_t steps;       /* headers read in the walk */
    uint32_t root_before; /* the rootfs offset before the SquashFS test */
    int magic;            /* "hsqs" at root_before */
    uint32_t rootfs_off;  /* "rootfs" */
    uint32_t rootfs_len;  /* to the config block (post) or the flash's end; 0 when it starts
                             past them (the kernel then disables the partition) */
    uint32_t config_off;  /* "config" */
    int config_found;     /* a "TIENV0.8" block among the ones tried */
} ar7part_map;

/* Parse the flash of flash_size bytes with erase-block size erase (a power of two). buf holds
 * its bytes from flash offset base on (len of them); what lies outside reads as erased flash
 * (0xFF), so an mtd4 image can be given on its own with base = mtd4's offset. Errors only
 * for arguments that make no sense; an image that leads the parser astray is a map with its
 * walk and offsets, as the kernel would have it. */
int ar7part_parse(const uint8_t *buf, size_t len, uint32_t base, uint32_t flash_size,
                  uint32_t erase, ar7part_map *out, wa_err *e);

#endif
