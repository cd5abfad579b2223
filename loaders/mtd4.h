/* mtd4.h: the split of an mtd4 image into its parts: the kernel's loader-record chain, the
 * root filesystem (SquashFS in either byte order, or a vendor magic), the padding between,
 * and the TI checksum trailer. (Where Linux's ar7part parser looks for the rootfs is
 * ar7part.h's.) Offsets are from the start of the image (= the start of mtd4). */
#ifndef WA_MTD4_H
#define WA_MTD4_H

#include <stddef.h>
#include <stdint.h>

#include "adam2rec.h"
#include "error.h"
#include "tichksum.h"

typedef struct mtd4_sqfs {
    size_t offset;
    char magic[5]; /* as it appears in the image: "hsqs", "sqsh", "shsq", ... */
    int big_endian;
    unsigned major, minor; /* s_major/s_minor at 28/30 */
    uint64_t bytes_used;   /* 0 when the version is unknown */
    uint32_t block_size;
    unsigned compression; /* 4.0 compression id (1 gzip, 2 lzma, 3 lzo, 4 xz, 5 lz4, 6 zstd);
                             0 for older versions */
} mtd4_sqfs;

typedef struct mtd4_layout {
    size_t len;         /* image bytes */
    ti_trailer trailer; /* the checksum trailer, present or not */
    int has_chain;      /* a loader tag was found */
    adam2_chain chain;  /* the records, when has_chain and chain_err.code == 0 */
    wa_err chain_err;   /* why the chain does not parse, when it does not */
    int has_rootfs;     /* a SquashFS superblock was found */
    mtd4_sqfs rootfs;
} mtd4_layout;

/* Split img. kernel_at: where the loader chain should start (mtd1 - mtd4 on the board);
 * rootfs_at: where the rootfs should start (mtd0 - mtd4); erase: the erase-block size.
 * A missing tag or rootfs is reported in the layout, not as an error; the only errors are
 * arguments that make no sense. */
int mtd4_split(const uint8_t *img, size_t len, size_t kernel_at, size_t rootfs_at, uint32_t erase,
               mtd4_layout *out, wa_err *e);

/* Read the SquashFS superblock facts at img[off]; WA_E_FORMAT when there is no magic there. */
int mtd4_sqfs_at(const uint8_t *img, size_t len, size_t off, mtd4_sqfs *out, wa_err *e);

/* "gzip", "xz", ... for a 4.0 compression id; "?" for others. */
const char *mtd4_comp_name(unsigned id);

#endif
