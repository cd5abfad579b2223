/* pack.h: building an mtd4 image the way the board expects it:
 *   0x0 .. mtd1      a 12-byte skip record (tag, length = mtd1 - 12, address 0) so that the
 *                    kernel's ar7part parser, which looks for the tag at the erase-block
 *                    boundary, walks on into the real chain; the rest 0xFF
 *   mtd1 ..          the ADAM2 loader records of the kernel's PT_LOAD segments (what ADAM2
 *                    loads), plus, when needed, one zero-filled record placed after the
 *                    kernel's memory image so that the chain ends in the erase block just
 *                    before mtd0 (ar7part then rounds up to exactly mtd0)
 *   .. mtd0          0xFF padding
 *   mtd0 ..          the SquashFS image
 *   end              the TI checksum trailer over everything before it
 * All offsets are relative to the start of mtd4. */
#ifndef WA_PACK_H
#define WA_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "error.h"

/* Build the image into a malloc'd buffer. */
int wa_pack(const wa_board *b, const uint8_t *kernel, size_t klen, const uint8_t *rootfs,
            size_t rlen, uint8_t **out, size_t *outlen, wa_err *e);

/* A kernel that starts with a loader tag is loader records already (TI's ram_zimage_pad.bin,
 * the kernel part of a dump): the chain goes to mtd1 byte for byte, not rebuilt.
 * Build it from files: kernel (an ELF, or records), rootfs (a SquashFS image, or a directory packed
 * with mksquashfs as SquashFS 4.0 gzip, with the device nodes init needs added), var (NULL, or a
 * directory whose contents become the rootfs directory's /etc/var.tar, entries var/...). */
int wa_pack_parts(const wa_board *b, const char *kernel, const char *rootfs, const char *var,
                  uint8_t **out, size_t *outlen, wa_err *e);

/* var's contents as the tar file at path tar (GNU tar, ustar, entries var/..., owned by root,
 * sorted, time 0: the same tree gives the same bytes). */
int wa_pack_vartar(const char *var, const char *tar, wa_err *e);

#endif
