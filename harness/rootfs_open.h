/* rootfs_open.h: the root filesystem of a file the user names: a SquashFS image as is, or the
 * SquashFS inside an mtd4 image (found by the mtd4 split with the board's offsets). */
#ifndef WA_ROOTFS_OPEN_H
#define WA_ROOTFS_OPEN_H

#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "squashfs.h"

typedef struct wa_rootfs {
    uint8_t *file; /* the whole file, owned */
    size_t len;
    size_t offset; /* where the SquashFS starts in it */
    sqfs *fs;
} wa_rootfs;

/* Open; on failure print "wa-emu CMD: PATH: reason (offset 0x..)" and return the exit code. */
int wa_rootfs_open(const char *path, const wa_board *b, wa_rootfs *r, const char *cmd);
void wa_rootfs_close(wa_rootfs *r);

#endif
