/* squashfs_rules.h: what a kernel can mount, and whether a given SquashFS is among it. A
 * kernel's rules come from its own strings (kprobe.h): the SquashFS version it announces and
 * the compressions its decompressor table supports. The limits of each version (block size,
 * byte order) are the kernel's, as the SquashFS releases defined them. */
#ifndef WA_SQUASHFS_RULES_H
#define WA_SQUASHFS_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "kprobe.h"
#include "mtd4.h"

/* 0 when a kernel with these facts mounts the SquashFS described by s; otherwise -1 and a
 * sentence in why ("the kernel mounts SquashFS 4.0 with gzip only; the rootfs is 4.0 xz"). */
int sqfs_rules_check(const kprobe_info *k, const mtd4_sqfs *s, char *why, size_t cap);

#endif
