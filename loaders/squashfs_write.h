/* squashfs_write.h: a SquashFS writer for the formats the reader knows: versions 1.0, 2.0, 2.1,
 * 3.0 and 3.1 in both byte orders with zlib or any of the vendor LZMA variants decomp.c tells
 * apart, and 4.0 with gzip or either LZMA form. What `wa-emu repack` rebuilds a root in, in the
 * exact format of the image it came from (sqfs_wfmt_of reads that format off an open image:
 * version, byte order, magic, compression and its LZMA header and properties, block size).
 * The tree is given in memory (sqfs_wnode); the image comes back in one malloc'd buffer.
 * Layouts: the field widths of the reader's tables (squashfs_legacy.c, from
 * shared/research/squashfs_mips_abi.md), the kernel's squashfs_fs.h for 4.0. Tables are
 * written the way mksquashfs writes them: inodes and listings bottom-up (a directory's
 * listing after its entries' inodes, its inode after its listing), so every reference is
 * known when it is written and the inode and directory tables are compressed. */
#ifndef WA_SQUASHFS_WRITE_H
#define WA_SQUASHFS_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "decomp.h"
#include "error.h"
#include "squashfs.h"

/* How an image's LZMA blocks are written: properties, the dictionary the header states, and
 * what the variant's header holds (decomp.c describes each). */
typedef struct sqfs_wlzma {
    unsigned lc, lp, pb;
    uint32_t dict;      /* as the header says it (the encoder uses at most the block's size) */
    int size_in_header; /* sqlzma and 4.0 alone: the 64-bit size field holds the block's size
                           (0: all ones, "unknown") */
    int end_marker;     /* the stream ends with LZMA's end-of-payload marker */
    uint8_t prefix[4];  /* lzma-alt4: the 4 bytes before the header; lzma-raw: "7zip" */
    unsigned nprefix;
} sqfs_wlzma;

typedef struct sqfs_wfmt {
    unsigned major, minor;
    int big_endian;
    char magic[4];   /* written as is; all zero: "hsqs" or "sqsh" for the byte order */
    int compression; /* DECOMP_LEGACY (1.x-3.x), DECOMP_GZIP or DECOMP_LZMA (4.0) */
    int variant;     /* DECOMP_V_* for 1.x-3.x; DECOMP_V_LZMA4_* for 4.0 lzma */
    sqfs_wlzma lzma; /* for every LZMA variant */
    uint32_t block_size;
    int check;     /* 1.x-3.x: the CHECK flag (a marker byte after each metadata header) */
    int fragments; /* 2.x and later: tails of files packed into fragment blocks */
    uint32_t mkfs_time;
    uint32_t pad; /* the image rounded up to a multiple of this with zeros (mksquashfs's 4 KiB;
                     the superblock's size is the unpadded one); 0 or 1: none */
} sqfs_wfmt;

/* One name of the tree. Node 0 is the root directory (name "", parent -1). */
typedef struct sqfs_wnode {
    const char *name;
    uint32_t mode; /* S_IF* | permissions */
    uint32_t uid, gid, mtime;
    uint32_t rdev_major, rdev_minor;
    const uint8_t *data; /* file contents, or the symlink's target */
    uint64_t size;
    int parent; /* index of the directory it is listed in */
    int link;   /* > 0: a second name for node link - 1 (a hard link: that node's inode) */
    int rank;   /* listings are sorted by (rank, name); real trees leave it 0 (the tests make
                   unsorted listings with it) */
} sqfs_wnode;

/* The defaults for a version: the standard magic, zlib (gzip for 4.0), 32 KiB blocks for 1.x,
 * 64 KiB for 2.x, 128 KiB for 3.x and 4.0, fragments from 2.0 on, padded to 4 KiB; lzma set to
 * lc=3 lp=0 pb=2, 8 MiB, the size in the header, no end marker. */
void sqfs_wfmt_default(sqfs_wfmt *f, unsigned major, unsigned minor, int big_endian);

/* The format of an open image, read from its superblock and from the header of the first
 * compressed metadata block (which LZMA variant, with what). */
int sqfs_wfmt_of(sqfs *fs, sqfs_wfmt *f, wa_err *e);

/* "1.0 little-endian, lzma (sqlzma: lc=3 lp=0 pb=2, dictionary 8 MiB, size in header), 32 KiB
 * blocks" */
void sqfs_wfmt_describe(const sqfs_wfmt *f, char *buf, size_t cap);

/* The image of the tree t[0..n) in format f. Errors: WA_E_USAGE for a tree the format cannot
 * hold (its limit named: too many owners for 1.x, a name longer than 256 bytes, a device
 * number past 8 bits, ...), naming the node's path. */
int sqfs_write(const sqfs_wfmt *f, const sqfs_wnode *t, size_t n, uint8_t **out, size_t *len,
               wa_err *e);

/* One block compressed as f writes it into out (room for 2 * n + 64 bytes); the size written,
 * 0 when compression fails. Stored blocks are the caller's choice (when this is >= n). */
size_t sqfs_wcompress(const sqfs_wfmt *f, const uint8_t *in, size_t n, uint8_t *out);

#endif
