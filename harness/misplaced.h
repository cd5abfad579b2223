/* misplaced.h: what went wrong when a part of the image is not where it must be, so that the
 * finding says how to fix it rather than only that it is wrong:
 *  - no SquashFS where the kernel mounts its root: the image is searched at every 4-byte
 *    offset for a plausible superblock, and the distance gets its likely cause (a kernel
 *    part one erase block too long, padding short);
 *  - the loader tag not at mtd1's start: at 0 instead of 0x90 is a dump of mtd1 (the kernel
 *    alone) given where a dump of mtd4 (kernel, rootfs and TI trailer) was meant. */
#ifndef WA_MISPLACED_H
#define WA_MISPLACED_H

#include <stddef.h>
#include <stdint.h>

#include "finding.h"
#include "mtd4.h"

/* The first plausible SquashFS superblock at a 4-byte offset from from on in img[0..len): a
 * magic, a version 1..4, a power-of-two block size, a size that fits (and a known
 * compression for 4.0). 1 when found, into out. */
int wa_sqfs_search(const uint8_t *img, size_t len, size_t from, mtd4_sqfs *out);

/* The likely cause of a rootfs at found where want was meant, in words ("the kernel part is
 * 0x10000 bytes (one erase block) too long"), and the fix into hint. */
void wa_shift_cause(size_t found, size_t want, uint32_t erase, char *cause, size_t cap, char *hint,
                    size_t hcap);

/* An INFO finding (stage adam2, code loader-tag-offset) when the image's loader tag is not at
 * kernel_at, where the board's mtd1 starts. */
void wa_tag_shift_report(const mtd4_layout *l, size_t kernel_at, wa_report *r);

#endif
