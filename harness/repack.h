/* repack.h: an image rebuilt around a new root: the kernel part of fw.bin (everything before
 * its rootfs: loader records and padding, an mtd4 dump's or an image wa-emu made) byte for
 * byte, the rootfs written from a host directory in exactly fw.bin's own SquashFS format
 * (version, byte order, magic, compression and LZMA variant, block size), at the same offset
 * (where the kernel found it), its var.tar rebuilt from a directory when one is given, and
 * the TI checksum after it. Refused when it would not fit the board's mtd0 or mtd4. */
#ifndef WA_REPACK_H
#define WA_REPACK_H

#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "error.h"

typedef struct wa_repack_info {
    size_t kernel_len;  /* bytes kept from fw.bin: where its rootfs starts */
    size_t old_rootfs;  /* fw.bin's rootfs: its bytes_used */
    size_t new_rootfs;  /* the new one (padded as mksquashfs pads) */
    size_t total;       /* the new image with its trailer */
    char format[256];   /* the rootfs's format, described */
    char var_path[256]; /* where var.tar went ("" without --var) */
    unsigned kept_owners, kept_devices, kept_modes; /* from fw.bin's rootfs (see wa_repack) */
    unsigned nodes;
} wa_repack_info;

/* fw (fwlen bytes, named fwname in errors): the old image; root: the new tree's directory;
 * var: NULL or the directory whose contents become the archive rcS unpacks into /var (the
 * path its tar line names, /etc/var.tar without one). Device nodes and fifos of fw.bin's
 * rootfs that root lacks are kept (an extraction without root rights cannot make them), and
 * a device node root has with fw.bin's numbers gets fw.bin's mode (extract makes them 0600);
 * without root rights, the owners of the paths fw.bin's rootfs has are its owners and new
 * paths are root's (the host gave them all to the user who extracted them). */
int wa_repack(const wa_board *b, const uint8_t *fw, size_t fwlen, const char *fwname,
              const char *root, const char *var, uint8_t **out, size_t *outlen,
              wa_repack_info *info, wa_err *e);

#endif
