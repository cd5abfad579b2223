/* squashfs.c: SquashFS 4.0 reader, both byte orders (the kernel's is little-endian; AVM's
 * big-endian images have every field swapped, and squashfs_int.h's sq16/32/64 read either).
 * The inode and directory tables are decompressed whole at open (bounded by a limit) into one
 * buffer each, with a map from on-disk metadata blocks to their place in it, so that objects
 * straddling blocks need no special case. */
#include "squashfs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bytes.h"
#include "squashfs_int.h"

/* One metadata block at absolute offset at: its header, then its bytes decompressed into
 * out (META_SIZE). *next = offset of the following block. */
int sqfs_meta_block(sqfs *fs, uint64_t at, uint8_t *out, size_t *got, uint64_t *next, wa_err *e)
{
    if (!in_bounds(fs->len, at, 2))
        return wa_fail(e, WA_E_TRUNC, at < fs->len ? at : fs->len,
                       "metadata block header at 0x%llx is past the end", (unsigned long long)at);
    uint16_t h = sq16(fs, fs->buf + at);
    size_t n = h & 0x7fff, hl = 2 + (size_t)fs->check;
    if (!n || n > META_SIZE || !in_bounds(fs->len, at + hl, n))
        return wa_fail(e, WA_E_TRUNC, at + 2 < fs->len ? at : fs->len,
                       "metadata block at 0x%llx: %zu bytes do not fit", (unsigned long long)at, n);
    *next = at + hl + n;
    if (h & 0x8000) {
        memcpy(out, fs->buf + at + hl, n);
        *got = n;
        return WA_OK;
    }
    if (decomp_run(&fs->dec, fs->buf + at + hl, n, out, META_SIZE, got, e)) {
        if (e) e->offset = at;
        wa_err_prefix(e, "metadata block at 0x%llx: ", (unsigned long long)at);
        return WA_E_FORMAT;
    }
    return WA_OK;
}

/* Decompress every metadata block in [start, end) into t. */
int sqfs_load_table(sqfs *fs, table *t, uint64_t start, uint64_t end, size_t *budget, wa_err *e)
{
    t->start = start;
    size_t cap = 0;
    uint8_t blk[META_SIZE];
    for (uint64_t at = start; at < end;) {
        size_t got;
        uint64_t next;
        if (sqfs_meta_block(fs, at, blk, &got, &next, e)) return WA_E_FORMAT;
        if (got > *budget)
            return wa_fail(e, WA_E_LIMIT, at, "metadata past the %zu-byte limit",
                           fs->lim.max_metadata);
        *budget -= got;
        if (t->n == cap) {
            cap = cap ? cap * 2 : 64;
            uint64_t *d = realloc(t->disk, cap * sizeof *d);
            if (d) t->disk = d;
            size_t *m = realloc(t->mem, cap * sizeof *m);
            if (m) t->mem = m;
            if (!d || !m) return wa_fail(e, WA_E_NOMEM, at, "out of memory");
        }
        uint8_t *nd = realloc(t->data, t->len + got + 1);
        if (!nd) return wa_fail(e, WA_E_NOMEM, at, "out of memory");
        t->data = nd;
        memcpy(t->data + t->len, blk, got);
        t->disk[t->n] = at - start;
        t->mem[t->n] = t->len;
        t->n++;
        t->len += got;
        at = next;
    }
    return WA_OK;
}

/* Where (block, offset) of a table lies in its buffer; SIZE_MAX when no such block. */
size_t sqfs_table_pos(const table *t, uint64_t block, uint32_t off)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->disk[mid] < block)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == t->n || t->disk[lo] != block) return SIZE_MAX;
    size_t p = t->mem[lo] + off;
    return p <= t->len ? p : SIZE_MAX;
}

/* An index of u64 pointers at idx, one per metadata block holding count entries of size
 * bytes: read the entries into a new buffer. */
int sqfs_read_indexed(sqfs *fs, uint64_t idx, uint32_t count, size_t size, uint8_t **out, wa_err *e)
{
    size_t psz = fs->info.major == 2 ? 4 : 8; /* 2.x indexes hold 32-bit pointers */
    *out = NULL;
    if (!count) return WA_OK;
    size_t total = (size_t)count * size, per = META_SIZE / size;
    size_t nptr = (count + per - 1) / per;
    if (!in_bounds(fs->len, idx, nptr * psz))
        return wa_fail(e, WA_E_TRUNC, idx, "table index at 0x%llx is past the end",
                       (unsigned long long)idx);
    uint8_t *buf = malloc(nptr * META_SIZE);
    if (!buf) return wa_fail(e, WA_E_NOMEM, idx, "out of memory");
    size_t have = 0;
    for (size_t i = 0; i < nptr && have < total; i++) {
        size_t got;
        uint64_t next;
        uint64_t ptr = psz == 4 ? sq32(fs, fs->buf + idx + 4 * i) : sq64(fs, fs->buf + idx + 8 * i);
        if (sqfs_meta_block(fs, ptr, buf + have, &got, &next, e)) {
            free(buf);
            if (e) e->offset = idx + psz * i; /* where the bad pointer is */
            return WA_E_FORMAT;
        }
        have += got;
    }
    if (have < total) {
        free(buf);
        return wa_fail(e, WA_E_TRUNC, idx, "table at 0x%llx holds %zu of %zu bytes",
                       (unsigned long long)idx, have, total);
    }
    *out = buf;
    return WA_OK;
}

static int open_v4(sqfs *fs, wa_err *e)
{
    const uint8_t *s = fs->buf;
    sqfs_info *in = &fs->info;
    in->inodes = sq32(fs, s + 4);
    in->block_size = sq32(fs, s + 12);
    fs->nfrags = sq32(fs, s + 16);
    in->compression = sq16(fs, s + 20);
    uint16_t block_log = sq16(fs, s + 22);
    fs->nids = sq16(fs, s + 26);
    fs->root = sq64(fs, s + 32);
    in->bytes_used = sq64(fs, s + 40);
    uint64_t id_idx = sq64(fs, s + 48), xattr = sq64(fs, s + 56), ino_start = sq64(fs, s + 64),
             dir_start = sq64(fs, s + 72), frag_idx = sq64(fs, s + 80), lookup = sq64(fs, s + 88);
    if (in->block_size < 4096 || in->block_size > (1u << 20) ||
        (in->block_size & (in->block_size - 1)) || block_log > 20 ||
        (1u << block_log) != in->block_size)
        return wa_fail(e, WA_E_FORMAT, 12, "block size %u (log %u) is not a power of two in 4K-1M",
                       in->block_size, block_log);
    if (in->compression < DECOMP_GZIP || in->compression > DECOMP_ZSTD)
        return wa_fail(e, WA_E_UNSUPPORTED, 20, "compression id %d", in->compression);
    if (in->bytes_used > fs->len)
        return wa_fail(e, WA_E_TRUNC, 40, "superblock says 0x%llx bytes, the image has 0x%zx",
                       (unsigned long long)in->bytes_used, fs->len);
    fs->len = (size_t)in->bytes_used;
    if (ino_start >= dir_start || dir_start >= fs->len || id_idx >= fs->len)
        return wa_fail(e, WA_E_FORMAT, 64, "table offsets out of order or past the end");
    /* The directory table ends where the next table's first metadata block begins (where it
     * begins itself when the root is empty: mksquashfs then writes no directory bytes). */
    uint64_t dir_end = fs->len;
    uint64_t firsts[4] = {id_idx, frag_idx, lookup, xattr};
    for (int i = 0; i < 4; i++) {
        uint64_t p = firsts[i];
        if (p == UINT64_MAX || p >= fs->len) continue;
        /* an index's first pointer (the fragment index is none without fragments) */
        if (i < 3 && (i != 1 || fs->nfrags) && in_bounds(fs->len, p, 8)) {
            uint64_t first = sq64(fs, fs->buf + p);
            if (first >= dir_start && first < dir_end) dir_end = first;
        }
        if (p >= dir_start && p < dir_end) dir_end = p;
    }
    decomp_init(&fs->dec, in->compression);
    size_t budget = fs->lim.max_metadata;
    if (sqfs_load_table(fs, &fs->inodes, ino_start, dir_start, &budget, e) ||
        sqfs_load_table(fs, &fs->dirs, dir_start, dir_end, &budget, e))
        return e ? e->code : WA_E_FORMAT;
    uint8_t *raw;
    if (sqfs_read_indexed(fs, id_idx, fs->nids, 4, &raw, e)) return WA_E_FORMAT;
    fs->ids = (uint32_t *)raw;
    for (uint32_t i = 0; i < fs->nids; i++)
        fs->ids[i] = sq32(fs, raw + 4 * i);
    if (fs->nfrags > fs->len / 16)
        return wa_fail(e, WA_E_FORMAT, 16, "%u fragments cannot fit the image", fs->nfrags);
    if (sqfs_read_indexed(fs, frag_idx, fs->nfrags, 16, &raw, e)) return WA_E_FORMAT;
    fs->frags = (struct frag *)raw;
    for (uint32_t i = 0; i < fs->nfrags; i++) {
        struct frag f = {sq64(fs, raw + 16 * i), sq32(fs, raw + 16 * i + 8)};
        fs->frags[i] = f; /* entry i is written over bytes already read */
    }
    return WA_OK;
}

int sqfs_open(sqfs **out, const uint8_t *buf, size_t len, const sqfs_limits *lim, wa_err *e)
{
    *out = NULL;
    if (len < 96) return wa_fail(e, WA_E_TRUNC, len, "a SquashFS superblock needs 96 bytes");
    sqfs *fs = calloc(1, sizeof *fs);
    if (!fs) return wa_fail(e, WA_E_NOMEM, 0, "out of memory");
    fs->buf = buf;
    fs->len = len;
    fs->lim.max_metadata = lim && lim->max_metadata ? lim->max_metadata : 64u << 20;
    /* standard magics, then sqlzma/Broadcom, DD-WRT and the other vendor ones; little-endian
     * first in each pair (a magic's bytes are reversed in the other byte order, so the
     * non-standard "sqlz" is the big-endian one) */
    static const char magics[][5] = {"hsqs", "sqsh", "shsq", "qshs",
                                     "hsqt", "tqsh", "zlqs", "sqlz"};
    int rc = WA_E_FORMAT;
    for (size_t i = 0; i < sizeof magics / sizeof magics[0] && rc; i++)
        if (!memcmp(buf, magics[i], 4)) {
            fs->info.big_endian = (int)(i & 1);
            rc = WA_OK;
        }
    if (rc)
        wa_fail(e, WA_E_FORMAT, 0, "not a SquashFS image (magic %02x %02x %02x %02x)", buf[0],
                buf[1], buf[2], buf[3]);
    fs->info.major = sq16(fs, buf + 28);
    fs->info.minor = sq16(fs, buf + 30);
    if (rc) {
    } else if (fs->info.major == 4) { /* big-endian too: AVM's */
        rc = open_v4(fs, e);
    } else if (fs->info.major >= 1 && fs->info.major <= 3) {
        rc = sqfs_legacy_open(fs, e);
    } else {
        rc = wa_fail(e, WA_E_UNSUPPORTED, 28,
                     "SquashFS %u.%u %s-endian is not a version this "
                     "reader knows",
                     fs->info.major, fs->info.minor, fs->info.big_endian ? "big" : "little");
    }
    if (!rc) {
        fs->ncache = SQFS_CACHE_BYTES / fs->info.block_size;
        if (!fs->ncache) fs->ncache = 1;
        if (!(fs->cache = calloc(fs->ncache, sizeof *fs->cache)))
            rc = wa_fail(e, WA_E_NOMEM, 0, "out of memory");
    }
    if (rc) {
        sqfs_close(fs);
        return rc;
    }
    *out = fs;
    return WA_OK;
}

void sqfs_close(sqfs *fs)
{
    if (!fs) return;
    free(fs->inodes.data);
    free(fs->inodes.disk);
    free(fs->inodes.mem);
    free(fs->dirs.data);
    free(fs->dirs.disk);
    free(fs->dirs.mem);
    free(fs->ids);
    free(fs->gids);
    free(fs->frags);
    for (uint32_t i = 0; fs->cache && i < fs->ncache; i++)
        free(fs->cache[i].data);
    free(fs->cache);
    free(fs->checked.slot);
    decomp_free(&fs->dec);
    free(fs);
}

const sqfs_info *sqfs_get_info(const sqfs *fs)
{
    return &fs->info;
}
sqfs_ref sqfs_root(const sqfs *fs)
{
    return fs->root;
}

/* Inode types of 4.0, basic and extended, to file-type bits. */
static const uint32_t type_mode[15] = {0,       S_IFDIR, S_IFREG,  S_IFLNK, S_IFBLK,
                                       S_IFCHR, S_IFIFO, S_IFSOCK, S_IFDIR, S_IFREG,
                                       S_IFLNK, S_IFBLK, S_IFCHR,  S_IFIFO, S_IFSOCK};
/* Fixed part of each inode type, header included. */
static const uint8_t type_size[15] = {0, 32, 32, 24, 24, 24, 20, 20, 40, 56, 24, 28, 28, 24, 24};

static int get_ino(sqfs *fs, sqfs_ref ref, ino *o, wa_err *e)
{
    if (fs->info.major < 4) return sqfs_legacy_ino(fs, ref, o, e);
    memset(o, 0, sizeof *o);
    table *t = &fs->inodes;
    uint64_t blk = ref >> 16;
    o->at = t->start + blk;
    size_t p = sqfs_table_pos(t, blk, ref & 0xffff);
    if (p == SIZE_MAX || !in_bounds(t->len, p, 16))
        return wa_fail(e, WA_E_RANGE, t->start, /* the block may be anywhere: the table's start */
                       "inode reference 0x%llx points outside the inode table",
                       (unsigned long long)ref);
    const uint8_t *d = t->data + p;
    o->type = sq16(fs, d);
    if (o->type < 1 || o->type > 14 || !in_bounds(t->len, p, type_size[o->type]))
        return wa_fail(e, WA_E_FORMAT, o->at, "inode 0x%llx: type %u", (unsigned long long)ref,
                       o->type);
    uint16_t uid = sq16(fs, d + 4), gid = sq16(fs, d + 6);
    if (uid >= fs->nids || gid >= fs->nids)
        return wa_fail(e, WA_E_RANGE, o->at, "inode 0x%llx: id index past the %u ids",
                       (unsigned long long)ref, fs->nids);
    sqfs_attr *st = &o->st;
    st->mode = type_mode[o->type] | (sq16(fs, d + 2) & 07777);
    st->uid = fs->ids[uid];
    st->gid = fs->ids[gid];
    st->mtime = sq32(fs, d + 8);
    st->ino = sq32(fs, d + 12);
    st->nlink = 1;
    const uint8_t *x = d + 16;
    uint64_t file_size = 0;
    switch (o->type) {
    case 1: /* dir: start, nlink, u16 size, u16 offset, parent */
        o->start = sq32(fs, x);
        st->nlink = sq32(fs, x + 4);
        st->size = sq16(fs, x + 8);
        o->dir_off = sq16(fs, x + 10);
        return WA_OK;
    case 8: /* ldir: nlink, size, start, parent, u16 index count, u16 offset, xattr */
        st->nlink = sq32(fs, x);
        st->size = sq32(fs, x + 4);
        o->start = sq32(fs, x + 8);
        o->dir_off = sq16(fs, x + 18);
        return WA_OK;
    case 2: /* reg: start, fragment, offset, size, blocks */
        o->start = sq32(fs, x);
        o->frag = sq32(fs, x + 4);
        o->frag_off = sq32(fs, x + 8);
        file_size = sq32(fs, x + 12);
        break;
    case 9: /* lreg: start, size, sparse, nlink, fragment, offset, xattr, blocks */
        o->start = sq64(fs, x);
        file_size = sq64(fs, x + 8);
        st->nlink = sq32(fs, x + 24);
        o->frag = sq32(fs, x + 28);
        o->frag_off = sq32(fs, x + 32);
        break;
    case 3:
    case 10: /* symlink: nlink, size, target */
        st->nlink = sq32(fs, x);
        st->size = sq32(fs, x + 4);
        if (st->size > 4096 || !in_bounds(t->len, p + 24, st->size))
            return wa_fail(e, WA_E_RANGE, o->at, "symlink target of %llu bytes",
                           (unsigned long long)st->size);
        o->target = d + 24;
        return WA_OK;
    case 4:
    case 5:
    case 11:
    case 12: { /* device: nlink, rdev */
        st->nlink = sq32(fs, x);
        uint32_t rdev = sq32(fs, x + 4);
        st->rdev_major = (rdev >> 8) & 0xfff;
        st->rdev_minor = (rdev & 0xff) | ((rdev >> 12) & 0xfff00);
        return WA_OK;
    }
    default: /* fifo, socket: nlink */ st->nlink = sq32(fs, x); return WA_OK;
    }
    st->size = file_size;
    uint32_t bs = fs->info.block_size;
    uint64_t nb = o->frag == NO_FRAG ? (file_size + bs - 1) / bs : file_size / bs;
    size_t lst = p + type_size[o->type];
    /* each block takes 4 bytes of the inode table, not a byte of the image: a sparse file
     * has more blocks than the image has bytes (nb is below 2^52: no overflow) */
    if (!in_bounds(t->len, lst, nb * 4))
        return wa_fail(e, WA_E_RANGE, o->at, "file inode 0x%llx: %llu blocks do not fit",
                       (unsigned long long)ref, (unsigned long long)nb);
    if (o->frag != NO_FRAG && o->frag >= fs->nfrags)
        return wa_fail(e, WA_E_RANGE, o->at, "file inode 0x%llx: fragment %u of %u",
                       (unsigned long long)ref, o->frag, fs->nfrags);
    o->blocks = t->data + lst;
    o->nblocks = (uint32_t)nb;
    return WA_OK;
}

int sqfs_stat(sqfs *fs, sqfs_ref ref, sqfs_attr *st, wa_err *e)
{
    ino o;
    int rc = get_ino(fs, ref, &o, e);
    if (!rc) *st = o.st;
    return rc;
}

static size_t key_slot(const uint64_t *slot, size_t cap, uint64_t k)
{
    size_t h = (size_t)(k * 0x9e3779b97f4a7c15ull >> 17) % cap;
    while (slot[h] && slot[h] != k)
        h = (h + 1) % cap;
    return h;
}

int sqfs_keyset_has(const keyset *s, uint64_t key)
{
    return s->cap && key != UINT64_MAX && s->slot[key_slot(s->slot, s->cap, key + 1)];
}

int sqfs_keyset_add(keyset *s, uint64_t key)
{
    if (key == UINT64_MAX) return -1; /* key + 1 must not be the empty mark */
    if (2 * (s->n + 1) > s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        uint64_t *slot = calloc(cap, sizeof *slot);
        if (!slot) return -1;
        for (size_t i = 0; i < s->cap; i++)
            if (s->slot[i]) slot[key_slot(slot, cap, s->slot[i])] = s->slot[i];
        free(s->slot);
        s->slot = slot;
        s->cap = cap;
    }
    size_t h = key_slot(s->slot, s->cap, key + 1);
    if (s->slot[h]) return 0;
    s->slot[h] = key + 1;
    s->n++;
    return 1;
}

/* A name as a listing may hold it: no NUL or '/', not "." or "..". */
int sqfs_name_ok(const uint8_t *name, size_t len)
{
    return !memchr(name, 0, len) && !memchr(name, '/', len) && !(len == 1 && name[0] == '.') &&
           !(len == 2 && name[0] == '.' && name[1] == '.');
}

/* A 4.0 directory's listing, entry by entry. */
static int v4_walk(sqfs *fs, const ino *dir, sqfs_entry_fn fn, void *ctx, wa_err *e)
{
    if (dir->st.size <= 3) return WA_OK;
    const table *t = &fs->dirs;
    size_t p = sqfs_table_pos(t, dir->start, dir->dir_off), n = (size_t)dir->st.size - 3;
    uint64_t at = t->start + (p == SIZE_MAX ? 0 : dir->start); /* a block of the table */
    if (p == SIZE_MAX || !in_bounds(t->len, p, n))
        return wa_fail(e, WA_E_RANGE, at, "directory listing outside the directory table");
    const uint8_t *d = t->data + p, *end = d + n;
    while (d < end) {
        if (end - d < 12) return wa_fail(e, WA_E_TRUNC, at, "directory header cut off");
        uint32_t count = sq32(fs, d) + 1, blk = sq32(fs, d + 4);
        d += 12;
        if (count > 256) return wa_fail(e, WA_E_FORMAT, at, "directory run of %u entries", count);
        for (uint32_t i = 0; i < count; i++) {
            if (end - d < 8) return wa_fail(e, WA_E_TRUNC, at, "directory entry cut off");
            uint16_t off = sq16(fs, d), type = sq16(fs, d + 4);
            size_t len = (size_t)sq16(fs, d + 6) + 1, pos = (size_t)(d - t->data);
            if ((size_t)(end - d) < 8 + len || type < 1 || type > 14)
                return wa_fail(e, WA_E_FORMAT, at, "directory entry damaged");
            if (!sqfs_name_ok(d + 8, len))
                return wa_fail(e, WA_E_FORMAT, at, "directory entry with a bad name");
            if (fn(ctx, d + 8, len, (sqfs_ref)blk << 16 | off, type_mode[type], pos)) return WA_OK;
            d += 8 + len;
        }
    }
    return WA_OK;
}

/* The on-disk metadata block that holds byte pos of a decompressed table. */
static uint64_t table_disk(const table *t, size_t pos)
{
    size_t lo = 0, hi = t->n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (t->mem[mid] <= pos)
            lo = mid;
        else
            hi = mid;
    }
    return t->start + (t->n ? t->disk[lo] : 0);
}

/* Looking for a name twice: names in order are compared with the one before (a sorted
 * listing, as mksquashfs writes them, holds a repeat next to the first); out of order, all of
 * them are sorted to find one. */
struct name {
    const uint8_t *p;
    size_t len, pos;
};
struct dups {
    struct name prev, dup, *all;
    size_t n, cap;
    int unsorted, nomem;
};

static int name_cmp(const struct name *a, const struct name *b)
{
    int c = memcmp(a->p, b->p, a->len < b->len ? a->len : b->len);
    return c ? c : (a->len > b->len) - (a->len < b->len);
}

static int name_qcmp(const void *a, const void *b)
{
    return name_cmp(a, b);
}

static int dup_fn(void *ctx, const uint8_t *name, size_t len, sqfs_ref ref, uint32_t mode,
                  size_t pos)
{
    (void)ref, (void)mode;
    struct dups *d = ctx;
    struct name x = {name, len, pos};
    if (d->n) {
        int c = name_cmp(&x, &d->prev);
        if (c == 0) {
            d->dup = x;
            return 1;
        }
        if (c < 0) d->unsorted = 1;
    }
    d->prev = x;
    d->n++;
    return 0;
}

static int collect_fn(void *ctx, const uint8_t *name, size_t len, sqfs_ref ref, uint32_t mode,
                      size_t pos)
{
    (void)ref, (void)mode;
    struct dups *d = ctx;
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 64;
        struct name *all = realloc(d->all, cap * sizeof *all);
        if (!all) return d->nomem = 1;
        d->all = all;
        d->cap = cap;
    }
    d->all[d->n++] = (struct name){name, len, pos};
    return 0;
}

/* The name for a message: printable ASCII as it is, other bytes as \xNN. */
static void name_show(const struct name *x, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < x->len && o + 5 < cap; i++) {
        uint8_t c = x->p[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
            out[o++] = (char)c;
        else
            o += (size_t)snprintf(out + o, cap - o, "\\x%02x", c);
    }
    out[o] = 0;
}

/* A directory's listing holds every name once: unsquashfs and sasquatch refuse an image that
 * does not (a symlink and a directory of one name could make an extraction follow the link). */
static int check_names(sqfs *fs, const ino *dir, sqfs_walk_fn walk, wa_err *e)
{
    struct dups d = {0};
    int rc = walk(fs, dir, dup_fn, &d, e);
    if (!rc && !d.dup.p && d.unsorted) {
        d.n = 0;
        rc = walk(fs, dir, collect_fn, &d, e);
        if (!rc && d.nomem) rc = wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "out of memory");
        if (!rc) {
            qsort(d.all, d.n, sizeof *d.all, name_qcmp);
            for (size_t i = 1; i < d.n && !d.dup.p; i++)
                if (!name_cmp(&d.all[i - 1], &d.all[i]))
                    d.dup = d.all[i - 1].pos > d.all[i].pos ? d.all[i - 1] : d.all[i];
        }
    }
    free(d.all);
    if (rc || !d.dup.p) return rc;
    char shown[128];
    name_show(&d.dup, shown, sizeof shown);
    /* the offset: the directory block that holds the second one */
    return wa_fail(e, WA_E_FORMAT, table_disk(&fs->dirs, d.dup.pos),
                   "directory inode %u: the name \"%s\" is listed twice", dir->st.ino, shown);
}

struct pass {
    sqfs_dir_fn fn;
    void *ctx;
};

static int pass_fn(void *ctx, const uint8_t *name, size_t len, sqfs_ref ref, uint32_t mode,
                   size_t pos)
{
    (void)pos;
    struct pass *p = ctx;
    char z[257];
    memcpy(z, name, len);
    z[len] = 0;
    return p->fn(p->ctx, z, ref, mode);
}

int sqfs_readdir(sqfs *fs, sqfs_ref dir, sqfs_dir_fn fn, void *ctx, wa_err *e)
{
    ino o;
    int rc = get_ino(fs, dir, &o, e);
    if (rc) return rc;
    if (!S_ISDIR(o.st.mode)) return wa_fail(e, WA_E_USAGE, o.at, "not a directory");
    sqfs_walk_fn walk = fs->info.major < 4 ? sqfs_legacy_walk : v4_walk;
    /* the whole listing is checked before any entry is passed on, once per listing: its place
     * and size are remembered (another inode may claim more of the same bytes) */
    size_t pos = sqfs_table_pos(&fs->dirs, o.start, o.dir_off);
    uint64_t key = (uint64_t)pos << 32 | (o.st.size & 0xffffffffu);
    int cache = pos != SIZE_MAX && (uint64_t)pos >> 32 == 0;
    if (!cache || !sqfs_keyset_has(&fs->checked, key)) {
        if ((rc = check_names(fs, &o, walk, e))) return rc;
        if (cache) sqfs_keyset_add(&fs->checked, key); /* out of memory: checked again */
    }
    struct pass p = {fn, ctx};
    return walk(fs, &o, pass_fn, &p, e);
}

/* The cache slot for the block at disk offset at: its own when cached (*hit = 1), else the
 * least recently used one, emptied. NULL when out of memory. */
static struct blk *cache_slot(sqfs *fs, uint64_t at, int *hit)
{
    struct blk *old = &fs->cache[0];
    fs->tick++;
    for (uint32_t i = 0; i < fs->ncache; i++) {
        struct blk *b = &fs->cache[i];
        if (b->data && b->at == at) {
            b->used = fs->tick;
            *hit = 1;
            return b;
        }
        if (!b->data || (old->data && b->used < old->used)) old = b;
    }
    *hit = 0;
    if (!old->data && !(old->data = malloc(fs->info.block_size))) return NULL;
    old->at = at;
    old->len = 0;
    old->used = 0; /* not valid until decoded */
    return old;
}

/* The data or fragment block stored at disk offset at with size field sz, which must give at
 * least need bytes; *len = the bytes it gives. A stored (uncompressed) block is returned in
 * place, a compressed one from the handle's block cache. NULL on error. */
static const uint8_t *data_block(sqfs *fs, uint64_t at, uint32_t sz, size_t need, size_t *len,
                                 wa_err *e)
{
    uint32_t n = sz & ~BLK_UNCOMPRESSED;
    if (!in_bounds(fs->len, at, n) || n > fs->info.block_size)
        return wa_fail(e, WA_E_TRUNC, at < fs->len ? at : fs->len,
                       "data block at 0x%llx (%u bytes) is past the end", (unsigned long long)at,
                       n),
               NULL;
    const uint8_t *p;
    size_t got = n;
    int hit = 0;
    struct blk *b = NULL;
    if (sz & BLK_UNCOMPRESSED) {
        p = fs->buf + at;
    } else if (!(b = cache_slot(fs, at, &hit))) {
        return wa_fail(e, WA_E_NOMEM, at, "out of memory"), NULL;
    } else if (hit) {
        p = b->data;
        got = b->len;
    } else {
        if (decomp_run(&fs->dec, fs->buf + at, n, b->data, fs->info.block_size, &got, e)) {
            free(b->data); /* the slot stays empty */
            b->data = NULL;
            if (e) e->offset = at;
            wa_err_prefix(e, "data block at 0x%llx: ", (unsigned long long)at);
            return NULL;
        }
        b->len = got;
        b->used = fs->tick;
        p = b->data;
    }
    if (got < need)
        return wa_fail(e, WA_E_FORMAT, at, "data block at 0x%llx gives %zu bytes, not %zu",
                       (unsigned long long)at, got, need),
               NULL;
    *len = got;
    return p;
}

/* Entry i of a file's block list as a 2.x-4.0 size field (bit 24: stored uncompressed). */
static uint32_t block_entry(const sqfs *fs, const ino *o, uint64_t i)
{
    if (!o->list16) return sq32(fs, o->blocks + 4 * i);
    uint16_t v = sq16(fs, o->blocks + 2 * i); /* 1.x: bit 15, and 0x8000 alone is 32768 */
    if (v == 0x8000) return 32768u | BLK_UNCOMPRESSED;
    return (v & 0x7fffu) | (v & 0x8000u ? BLK_UNCOMPRESSED : 0);
}

int sqfs_read(sqfs *fs, sqfs_ref file, uint64_t off, void *buf, size_t n, size_t *got, wa_err *e)
{
    *got = 0;
    ino o;
    int rc = get_ino(fs, file, &o, e);
    if (rc) return rc;
    if (!S_ISREG(o.st.mode)) return wa_fail(e, WA_E_USAGE, o.at, "not a regular file");
    uint32_t bs = fs->info.block_size;
    uint8_t *out = buf;
    uint64_t bat = o.start, bidx = 0; /* disk offset of block bidx */
    while (n && off < o.st.size) {
        uint64_t bi = off / bs;
        size_t in = (size_t)(off % bs);
        size_t want = (size_t)(o.st.size - off < n ? o.st.size - off : n);
        const uint8_t *src;
        size_t blen, have;
        if (bi < o.nblocks) {
            blen = (size_t)(o.st.size - bi * bs < bs ? o.st.size - bi * bs : bs);
            for (; bidx < bi; bidx++)
                bat += block_entry(fs, &o, bidx) & ~BLK_UNCOMPRESSED;
            uint32_t sz = block_entry(fs, &o, bi);
            if (sz == 0)
                src = NULL; /* sparse */
            else if (!(src = data_block(fs, bat, sz, blen, &have, e)))
                return WA_E_FORMAT;
        } else {
            const struct frag *f = &fs->frags[o.frag];
            blen = (size_t)(o.st.size % bs);
            if (!(src = data_block(fs, f->start, f->size, 0, &have, e))) return WA_E_FORMAT;
            if (o.frag_off > have || blen > have - o.frag_off)
                return wa_fail(e, WA_E_RANGE, f->start, "fragment tail outside its block");
            src += o.frag_off;
        }
        size_t k = blen - in < want ? blen - in : want;
        if (!src)
            memset(out, 0, k);
        else
            memcpy(out, src + in, k);
        out += k;
        off += k;
        n -= k;
        *got += k;
    }
    return WA_OK;
}

int sqfs_readlink(sqfs *fs, sqfs_ref link, char *buf, size_t cap, wa_err *e)
{
    ino o;
    int rc = get_ino(fs, link, &o, e);
    if (rc) return rc;
    if (!S_ISLNK(o.st.mode)) return wa_fail(e, WA_E_USAGE, o.at, "not a symlink");
    if (o.st.size + 1 > cap) return wa_fail(e, WA_E_RANGE, o.at, "symlink target too long");
    memcpy(buf, o.target, o.st.size);
    buf[o.st.size] = 0;
    return WA_OK;
}

struct find {
    const char *name;
    sqfs_ref ref;
    uint32_t mode;
    int found;
};

static int find_fn(void *ctx, const char *name, sqfs_ref ref, uint32_t mode)
{
    struct find *f = ctx;
    if (strcmp(name, f->name)) return 0;
    f->ref = ref;
    f->mode = mode;
    f->found = 1;
    return 1;
}

int sqfs_child(sqfs *fs, sqfs_ref dir, const char *name, sqfs_ref *out, uint32_t *mode, wa_err *e)
{
    struct find f = {name, 0, 0, 0};
    int rc = sqfs_readdir(fs, dir, find_fn, &f, e);
    if (rc == WA_E_USAGE) return wa_fail(e, WA_E_USAGE, WA_NO_OFFSET, "not a directory");
    if (rc) return rc;
    if (!f.found) return wa_fail(e, WA_E_NOTFOUND, WA_NO_OFFSET, "%s: no such entry", name);
    *out = f.ref;
    if (mode) *mode = f.mode;
    return WA_OK;
}

int sqfs_lookup(sqfs *fs, const char *path, int follow, sqfs_ref *out, wa_err *e)
{
    enum { DEPTH = 64, LINKS = 40 };
    sqfs_ref stack[DEPTH];
    int depth = 0, links = 0;
    stack[0] = fs->root;
    char rest[4096];
    if (strlen(path) >= sizeof rest) return wa_fail(e, WA_E_RANGE, WA_NO_OFFSET, "path too long");
    strcpy(rest, path);
    char *p = rest;
    while (*p) {
        while (*p == '/')
            p++;
        if (!*p) break;
        char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        char name[256];
        if (n >= sizeof name) return wa_fail(e, WA_E_RANGE, WA_NO_OFFSET, "name too long");
        memcpy(name, p, n);
        name[n] = 0;
        p += n;
        if (!strcmp(name, ".")) continue;
        if (!strcmp(name, "..")) {
            if (depth) depth--;
            continue;
        }
        struct find f = {name, 0, 0, 0};
        int rc = sqfs_readdir(fs, stack[depth], find_fn, &f, e);
        if (rc == WA_E_USAGE)
            return wa_fail(e, WA_E_NOTFOUND, WA_NO_OFFSET, "%s: not a directory", path);
        if (rc) return rc;
        if (!f.found) return wa_fail(e, WA_E_NOTFOUND, WA_NO_OFFSET, "%s: no such file", path);
        int last = !*p || !p[strspn(p, "/")];
        if (S_ISLNK(f.mode) && (!last || follow)) {
            if (++links > LINKS)
                return wa_fail(e, WA_E_LIMIT, WA_NO_OFFSET, "%s: too many symlinks", path);
            char target[4096], joined[sizeof rest];
            rc = sqfs_readlink(fs, f.ref, target, sizeof target, e);
            if (rc) return rc;
            if ((size_t)snprintf(joined, sizeof joined, "%s/%s", target, p) >= sizeof joined)
                return wa_fail(e, WA_E_RANGE, WA_NO_OFFSET, "path too long");
            strcpy(rest, joined);
            p = rest;
            if (target[0] == '/') depth = 0;
            continue;
        }
        if (depth + 1 == DEPTH) return wa_fail(e, WA_E_LIMIT, WA_NO_OFFSET, "path too deep");
        stack[++depth] = f.ref;
    }
    *out = stack[depth];
    return WA_OK;
}

/* sqfs_check_tree: the directories still to read, first in first out (no recursion: a hostile
 * image may nest deeper than a stack), each with its parent and name for the path in a
 * message; and the directories met, so that none is read twice. */
struct tdir {
    sqfs_ref ref;
    size_t parent, name; /* name: offset in the pool */
};
struct tree {
    sqfs *fs;
    struct tdir *q;
    size_t n, cap, cur;
    char *pool;
    size_t plen, pcap;
    keyset seen;
    int failed; /* the error is in e */
    wa_err *e;
};

/* 1 when ref was not met before (and is now), 0 when it was, -1 when out of memory. */
static int tree_meet(struct tree *t, sqfs_ref ref)
{
    return sqfs_keyset_add(&t->seen, ref);
}

static int tree_push(struct tree *t, sqfs_ref ref, size_t parent, const char *name)
{
    size_t len = strlen(name) + 1;
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        struct tdir *q = realloc(t->q, cap * sizeof *q);
        if (!q) return -1;
        t->q = q;
        t->cap = cap;
    }
    if (t->plen + len > t->pcap) {
        size_t cap = 2 * (t->plen + len);
        char *p = realloc(t->pool, cap);
        if (!p) return -1;
        t->pool = p;
        t->pcap = cap;
    }
    memcpy(t->pool + t->plen, name, len);
    t->q[t->n++] = (struct tdir){ref, parent, t->plen};
    t->plen += len;
    return 0;
}

/* out[o..] = "/" part (no second slash); the new length, at most cap - 1. */
static size_t path_add(char *out, size_t cap, size_t o, const char *part)
{
    if (o + 1 >= cap) return o;
    o += (size_t)snprintf(out + o, cap - o, "%s%s", o && out[o - 1] == '/' ? "" : "/", part);
    return o < cap ? o : cap - 1;
}

/* The path of queued directory i, then name when one is given. */
static void tree_path(const struct tree *t, size_t i, const char *name, char *out, size_t cap)
{
    size_t chain[64], k = 0;
    for (; i && k < 64; i = t->q[i].parent)
        chain[k++] = i;
    size_t o = (size_t)snprintf(out, cap, "%s%s", i ? "..." : "", t->pool + t->q[i].name);
    o = o < cap ? o : cap - 1;
    while (k--)
        o = path_add(out, cap, o, t->pool + t->q[chain[k]].name);
    if (name) path_add(out, cap, o, name);
}

static int tree_fn(void *ctx, const char *name, sqfs_ref ref, uint32_t mode)
{
    struct tree *t = ctx;
    sqfs_attr a;
    char target[4097], path[512];
    if (sqfs_stat(t->fs, ref, &a, t->e) ||
        (S_ISLNK(a.mode) && sqfs_readlink(t->fs, ref, target, sizeof target, t->e))) {
        tree_path(t, t->cur, name, path, sizeof path);
        wa_err_prefix(t->e, "%s: ", path);
        return t->failed = 1;
    }
    if (!S_ISDIR(mode)) return 0;
    int met = tree_meet(t, ref);
    if (met < 0 || tree_push(t, ref, t->cur, name)) {
        wa_fail(t->e, WA_E_NOMEM, WA_NO_OFFSET, "out of memory");
        return t->failed = 1;
    }
    if (!met) {
        tree_path(t, t->n - 1, NULL, path, sizeof path);
        wa_fail(t->e, WA_E_FORMAT, WA_NO_OFFSET,
                "%s: directory inode %u is listed a second time (a loop, or a hard link to a "
                "directory)",
                path, a.ino);
        return t->failed = 1;
    }
    return 0;
}

int sqfs_check_tree(sqfs *fs, sqfs_ref dir, const char *path, wa_err *e)
{
    wa_err local;
    struct tree t = {.fs = fs, .e = e ? e : &local};
    int rc = WA_OK;
    if (tree_meet(&t, dir) < 0 || tree_push(&t, dir, 0, path))
        rc = wa_fail(t.e, WA_E_NOMEM, WA_NO_OFFSET, "out of memory");
    for (; !rc && t.cur < t.n; t.cur++) {
        rc = sqfs_readdir(fs, t.q[t.cur].ref, tree_fn, &t, t.e);
        if (rc) {
            char where[512];
            tree_path(&t, t.cur, NULL, where, sizeof where);
            wa_err_prefix(t.e, "%s: ", where);
        } else if (t.failed) {
            rc = t.e->code;
        }
    }
    free(t.q);
    free(t.pool);
    free(t.seen.slot);
    return rc;
}
