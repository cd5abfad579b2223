/* kernel_mtd.h: the MTD devices the board's kernel makes of its flash, as /proc/mtd lists
 * them, worked out as that kernel's partition logic does (the same decision as kernel_root.h):
 *  - TI's 2.4 flash map driver (drivers/mtd/maps/avalanche-flash.c in the WAG200G's
 *    2.4.17_mvl21 tree) reads the ADAM2 variables mtd0, mtd1 ... up to mtd5, stops at the
 *    first one missing or not "start,end" with both non-zero, and names each partition as its
 *    variable ("mtd0"); without any it registers the whole chip as its map's name,
 *    "Physically mapped flash";
 *  - Linux's ar7part (2.6 and later) makes "loader" (the first erase block), "config" (the
 *    TIENV0.8 block, else the last one), "linux" and "rootfs" (loaders/ar7part.h);
 *  - the MTD layer (mtdpart.c, alike in 2.4.17 and 6.1) disables a partition that starts past
 *    the chip (offset and size 0) and cuts one that runs past its end; each has the chip's
 *    erase size (a board profile has one). */
#ifndef WA_KERNEL_MTD_H
#define WA_KERNEL_MTD_H

#include <stddef.h>

#include "ar7part.h"
#include "board.h"
#include "kernel_root.h"
#include "lx.h"

#define WA_KMTD_MAX 6 /* TI's driver: MAX_NUM_PARTITIONS; ar7part makes 4 */

/* The devices in out (WA_KMTD_MAX entries), their count returned. by: how the kernel finds
 * its partitions (enum wa_root_by); ar7: what ar7part makes of the flash (for
 * WA_ROOT_AR7PART). */
size_t wa_kernel_mtd(const wa_board *b, int by, const ar7part_map *ar7, lx_mtd *out);

/* The ADAM2 environment as TI's ticfg driver prints it: "name\tvalue\n" lines in the
 * environment's order, into out (cap bytes). */
void wa_ticfg_env(const wa_board *b, char *out, size_t cap);

#endif
