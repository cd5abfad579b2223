/* squashfs_int.h: what the SquashFS reader's files share (squashfs.c for the common parts and
 * 4.0, squashfs_legacy.c for 1.0-3.1): the handle, the decompressed tables, a parsed inode. */
#ifndef WA_SQUASHFS_INT_H
#define WA_SQUASHFS_INT_H

#include "decomp.h"
#include "squashfs.h"

/* Host memory a handle spends on decompressed data blocks (at least one block). */
#define SQFS_CACHE_BYTES (4u << 20)

#define META_SIZE 8192
#define NO_FRAG 0xffffffffu
#define BLK_UNCOMPRESSED (1u << 24)

/* A set of 64-bit keys (open addressing on key + 1, 0 marks an empty slot). */
typedef struct keyset {
    uint64_t *slot;
    size_t n, cap;
} keyset;

/* A metadata table decompressed: data, and where each on-disk block starts in it. */
typedef struct table {
    uint64_t start; /* absolute offset of the first block */
    uint8_t *data;
    size_t len;
    uint64_t *disk; /* block offsets relative to start */
    size_t *mem;    /* where each block's bytes begin in data */
    size_t n;
} table;

struct sqfs {
    const uint8_t *buf;
    size_t len;
    sqfs_info info;
    int check;      /* 1.x-3.x CHECK flag: a marker byte after each metadata header */
    uint32_t *gids; /* 1.x-3.x: the separate gid table */
    uint32_t ngids;
    sqfs_limits lim;
    sqfs_ref root;
    table inodes, dirs;
    uint32_t *ids;
    uint32_t nids;
    struct frag {
        uint64_t start;
        uint32_t size;
    } * frags;
    uint32_t nfrags;
    decomp dec;
    /* decompressed data and fragment blocks, least recently used out first: a program
     * read again (exec after exec, its libraries' mmaps) is decompressed once */
    struct blk {
        uint8_t *data; /* NULL: slot unused */
        uint64_t at;   /* disk offset of the block */
        size_t len;
        uint64_t used; /* fs->tick of the last use */
    } * cache;
    uint32_t ncache;
    uint64_t tick;
    /* listings already checked for names listed twice (position and length in the directory
     * table): a lookup walks a directory each time, the check is done once */
    keyset checked;
};

/* A parsed inode. */
typedef struct ino {
    uint16_t type;
    sqfs_attr st;
    uint64_t start; /* file: first data block; dir: block relative to the dir table */
    uint32_t frag, frag_off;
    const uint8_t *blocks; /* file: block size list (in the inode table buffer) */
    uint32_t nblocks;
    int list16;            /* 1.x: the list has 16-bit entries */
    uint32_t dir_off;      /* dir: offset in the decompressed block */
    const uint8_t *target; /* symlink */
    uint64_t at;           /* absolute offset of the inode's metadata block, for errors */
} ino;

/* Integers in the image's byte order. */
static inline uint16_t sq16(const sqfs *fs, const uint8_t *p)
{
    return fs->info.big_endian ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[0] | p[1] << 8);
}
static inline uint32_t sq32(const sqfs *fs, const uint8_t *p)
{
    return fs->info.big_endian
               ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
               : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}
static inline uint64_t sq64(const sqfs *fs, const uint8_t *p)
{
    return fs->info.big_endian ? (uint64_t)sq32(fs, p) << 32 | sq32(fs, p + 4)
                               : (uint64_t)sq32(fs, p + 4) << 32 | sq32(fs, p);
}

/* One entry of a directory listing as a walker finds it: the name's len bytes (in the
 * decompressed directory table, not NUL-terminated), the inode, the type bits, and where the
 * entry lies in the table (for errors). Non-zero stops the walk. */
typedef int (*sqfs_entry_fn)(void *ctx, const uint8_t *name, size_t len, sqfs_ref ref,
                             uint32_t mode, size_t pos);
/* Pass each entry of directory dir to fn, checking each as it goes. */
typedef int (*sqfs_walk_fn)(sqfs *fs, const ino *dir, sqfs_entry_fn fn, void *ctx, wa_err *e);

/* squashfs.c */
int sqfs_name_ok(const uint8_t *name, size_t len);
/* 1 when key was not in the set (and is now), 0 when it was, -1 when out of memory. */
int sqfs_keyset_add(keyset *s, uint64_t key);
int sqfs_keyset_has(const keyset *s, uint64_t key);
int sqfs_meta_block(sqfs *fs, uint64_t at, uint8_t *out, size_t *got, uint64_t *next, wa_err *e);
int sqfs_load_table(sqfs *fs, table *t, uint64_t start, uint64_t end, size_t *budget, wa_err *e);
size_t sqfs_table_pos(const table *t, uint64_t block, uint32_t off);
/* count entries of size bytes in metadata blocks listed by an index of pointers at idx. */
int sqfs_read_indexed(sqfs *fs, uint64_t idx, uint32_t count, size_t size, uint8_t **out,
                      wa_err *e);

/* squashfs_legacy.c: versions 1.0 to 3.1 */
int sqfs_legacy_open(sqfs *fs, wa_err *e);
int sqfs_legacy_ino(sqfs *fs, sqfs_ref ref, ino *o, wa_err *e);
int sqfs_legacy_walk(sqfs *fs, const ino *dir, sqfs_entry_fn fn, void *ctx, wa_err *e);

#endif
