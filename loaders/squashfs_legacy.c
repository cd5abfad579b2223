/* squashfs_legacy.c: SquashFS 1.0, 2.0, 2.1, 3.0 and 3.1, little- and big-endian.
 * The old on-disk structures are packed C bit fields. A little-endian mksquashfs lays them
 * out from the least significant bit of each byte up, a big-endian one from the most
 * significant bit down, so one bit reader and one table of field widths per structure serve
 * both byte orders (plain integers are just fields of 16, 32 or 64 bits). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bytes.h"
#include "squashfs_int.h"

enum field {
    F_TYPE,
    F_MODE,
    F_UID,
    F_GID,
    F_MTIME,
    F_INO,
    F_NLINK,
    F_SIZE,
    F_OFF,
    F_START,
    F_FRAG,
    F_FOFF,
    F_PARENT,
    F_ICOUNT,
    F_RDEV,
    F_IPCTYPE,
    F_IPCOFF,
    F_COUNT,
    F_NFIELDS
};

typedef struct layout {
    uint8_t n;
    struct {
        uint8_t field, width;
    } f[8];
} layout;

/* Bits [pos, pos+width) of p in the image's bit order. */
static uint64_t bits(const sqfs *fs, const uint8_t *p, unsigned pos, unsigned width)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < width; i++) {
        unsigned b = pos + i;
        if (fs->info.big_endian)
            v = v << 1 | ((p[b >> 3] >> (7 - (b & 7))) & 1);
        else
            v |= (uint64_t)((p[b >> 3] >> (b & 7)) & 1) << i;
    }
    return v;
}

/* Decode a layout at p; returns its size in bytes. */
static unsigned decode(const sqfs *fs, const uint8_t *p, const layout *l, uint64_t *val)
{
    unsigned pos = 0;
    for (unsigned i = 0; i < l->n; i++) {
        val[l->f[i].field] = bits(fs, p, pos, l->f[i].width);
        pos += l->f[i].width;
    }
    return pos / 8;
}

static unsigned layout_bytes(const layout *l)
{
    unsigned bitsum = 0;
    for (unsigned i = 0; i < l->n; i++)
        bitsum += l->f[i].width;
    return bitsum / 8;
}

/* Base headers, by major version. */
static const layout base[4] = {
    {0},
    {4, {{F_TYPE, 4}, {F_MODE, 12}, {F_UID, 4}, {F_GID, 4}}},
    {4, {{F_TYPE, 4}, {F_MODE, 12}, {F_UID, 8}, {F_GID, 8}}},
    {6, {{F_TYPE, 4}, {F_MODE, 12}, {F_UID, 8}, {F_GID, 8}, {F_MTIME, 32}, {F_INO, 32}}},
};

/* What follows the base header, by major version and inode type (1 dir, 2 file, 3 symlink,
 * 4 block device, 5 char device, 6 fifo, 7 socket, 8 long dir, 9 long file). */
static const layout body[4][10] = {
    [1] = {[1] = {4, {{F_SIZE, 19}, {F_OFF, 13}, {F_MTIME, 32}, {F_START, 24}}},
           [2] = {3, {{F_MTIME, 32}, {F_START, 32}, {F_SIZE, 32}}},
           [3] = {1, {{F_SIZE, 16}}},
           [4] = {1, {{F_RDEV, 16}}},
           [5] = {1, {{F_RDEV, 16}}}},
    [2] = {[1] = {4, {{F_SIZE, 19}, {F_OFF, 13}, {F_MTIME, 32}, {F_START, 24}}},
           [2] = {5, {{F_MTIME, 32}, {F_START, 32}, {F_FRAG, 32}, {F_FOFF, 32}, {F_SIZE, 32}}},
           [3] = {1, {{F_SIZE, 16}}},
           [4] = {1, {{F_RDEV, 16}}},
           [5] = {1, {{F_RDEV, 16}}},
           [6] = {0},
           [7] = {0},
           [8] = {5, {{F_SIZE, 27}, {F_OFF, 13}, {F_MTIME, 32}, {F_START, 24}, {F_ICOUNT, 16}}}},
    [3] = {[1] = {5, {{F_NLINK, 32}, {F_SIZE, 19}, {F_OFF, 13}, {F_START, 32}, {F_PARENT, 32}}},
           [2] = {4, {{F_START, 64}, {F_FRAG, 32}, {F_FOFF, 32}, {F_SIZE, 32}}},
           [3] = {2, {{F_NLINK, 32}, {F_SIZE, 16}}},
           [4] = {2, {{F_NLINK, 32}, {F_RDEV, 16}}},
           [5] = {2, {{F_NLINK, 32}, {F_RDEV, 16}}},
           [6] = {1, {{F_NLINK, 32}}},
           [7] = {1, {{F_NLINK, 32}}},
           [8] = {6,
                  {{F_NLINK, 32},
                   {F_SIZE, 27},
                   {F_OFF, 13},
                   {F_START, 32},
                   {F_ICOUNT, 16},
                   {F_PARENT, 32}}},
           [9] = {5, {{F_NLINK, 32}, {F_START, 64}, {F_FRAG, 32}, {F_FOFF, 32}, {F_SIZE, 64}}}},
};

/* 1.x inter-process inodes (type 0): what follows the 3-byte base. */
static const layout ipc1 = {2, {{F_IPCTYPE, 4}, {F_IPCOFF, 4}}};

/* Directory headers and entries. */
static const layout dirhdr[4] = {
    {0},
    {2, {{F_COUNT, 8}, {F_START, 24}}},
    {2, {{F_COUNT, 8}, {F_START, 24}}},
    {3, {{F_COUNT, 8}, {F_START, 32}, {F_INO, 32}}},
};
static const layout dirent[4] = {
    {0},
    {3, {{F_OFF, 13}, {F_TYPE, 3}, {F_SIZE, 8}}},
    {3, {{F_OFF, 13}, {F_TYPE, 3}, {F_SIZE, 8}}},
    {4, {{F_OFF, 13}, {F_TYPE, 3}, {F_SIZE, 8}, {F_INO, 16}}},
};

static const uint32_t type_mode[10] = {0,       S_IFDIR, S_IFREG,  S_IFLNK, S_IFBLK,
                                       S_IFCHR, S_IFIFO, S_IFSOCK, S_IFDIR, S_IFREG};

int sqfs_legacy_open(sqfs *fs, wa_err *e)
{
    const uint8_t *s = fs->buf;
    sqfs_info *in = &fs->info;
    unsigned major = in->major;
    if (fs->len < 119 && major == 3)
        return wa_fail(e, WA_E_TRUNC, fs->len, "a 3.x superblock needs 119 bytes");
    in->inodes = sq32(fs, s + 4);
    uint8_t flags = s[36];
    fs->check = (flags >> 2) & 1;
    uint32_t nuids = s[37], ngids = s[38];
    uint64_t uid_start, gid_start, ino_start, dir_start, frag_idx = 0, lookup = UINT64_MAX;
    if (major == 3) {
        in->block_size = sq32(fs, s + 51);
        fs->nfrags = sq32(fs, s + 55);
        in->bytes_used = sq64(fs, s + 63);
        uid_start = sq64(fs, s + 71);
        gid_start = sq64(fs, s + 79);
        ino_start = sq64(fs, s + 87);
        dir_start = sq64(fs, s + 95);
        frag_idx = sq64(fs, s + 103);
        lookup = sq64(fs, s + 111);
    } else {
        in->block_size = major == 1 ? sq16(fs, s + 32) : sq32(fs, s + 51);
        fs->nfrags = major == 2 ? sq32(fs, s + 55) : 0;
        frag_idx = major == 2 ? sq32(fs, s + 59) : 0;
        in->bytes_used = sq32(fs, s + 8);
        uid_start = sq32(fs, s + 12);
        gid_start = sq32(fs, s + 16);
        ino_start = sq32(fs, s + 20);
        dir_start = sq32(fs, s + 24);
    }
    uint16_t block_log = sq16(fs, s + 34);
    fs->root = sq64(fs, s + 43);
    if (in->block_size < 4096 || in->block_size > (1u << 20) ||
        (in->block_size & (in->block_size - 1)) || block_log > 20 ||
        (1u << block_log) != in->block_size)
        return wa_fail(e, WA_E_FORMAT, major == 1 ? 32 : 51,
                       "block size %u (log %u) is not a power of two in 4K-1M", in->block_size,
                       block_log);
    in->compression = DECOMP_LEGACY;
    if (in->bytes_used > fs->len)
        return wa_fail(e, WA_E_TRUNC, major == 3 ? 63 : 8,
                       "superblock says 0x%llx bytes, the image has 0x%zx",
                       (unsigned long long)in->bytes_used, fs->len);
    fs->len = (size_t)in->bytes_used;
    if (ino_start >= dir_start || dir_start >= fs->len)
        return wa_fail(e, WA_E_FORMAT, major == 3 ? 87 : 20, "table offsets out of order");
    if (!in_bounds(fs->len, uid_start, 4ull * nuids) ||
        !in_bounds(fs->len, gid_start, 4ull * ngids))
        return wa_fail(e, WA_E_TRUNC, major == 3 ? 71 : 12, "uid/gid tables past the end");
    /* The directory table ends where the next structure begins; one that begins where it
     * does means no directory bytes at all (an empty root). */
    uint64_t dir_end = fs->len,
             next[4] = {uid_start, ngids ? gid_start : UINT64_MAX, lookup, UINT64_MAX};
    if (fs->nfrags && in_bounds(fs->len, frag_idx, 8))
        next[3] = major == 2 ? sq32(fs, s + frag_idx) : sq64(fs, s + frag_idx);
    for (int i = 0; i < 4; i++)
        if (next[i] >= dir_start && next[i] < dir_end) dir_end = next[i];
    if (major == 3 && lookup != UINT64_MAX && in_bounds(fs->len, lookup, 8)) {
        uint64_t first = sq64(fs, s + lookup);
        if (first >= dir_start && first < dir_end) dir_end = first;
    }
    decomp_init(&fs->dec, in->compression);
    if (in->minor == 76) fs->dec.variant = DECOMP_V_LZMA_RAW; /* AVM/Freetz: the header says */
    size_t budget = fs->lim.max_metadata;
    if (sqfs_load_table(fs, &fs->inodes, ino_start, dir_start, &budget, e) ||
        sqfs_load_table(fs, &fs->dirs, dir_start, dir_end, &budget, e))
        return e ? e->code : WA_E_FORMAT;
    fs->nids = nuids;
    fs->ngids = ngids;
    fs->ids = malloc(4 * (nuids + 1));
    fs->gids = malloc(4 * (ngids + 1));
    if (!fs->ids || !fs->gids) return wa_fail(e, WA_E_NOMEM, 0, "out of memory");
    for (uint32_t i = 0; i < nuids; i++)
        fs->ids[i] = sq32(fs, s + uid_start + 4 * i);
    for (uint32_t i = 0; i < ngids; i++)
        fs->gids[i] = sq32(fs, s + gid_start + 4 * i);
    if (fs->nfrags > fs->len / 8)
        return wa_fail(e, WA_E_FORMAT, 55, "%u fragments cannot fit the image", fs->nfrags);
    size_t esz = major == 2 ? 8 : 16;
    uint8_t *raw;
    if (sqfs_read_indexed(fs, frag_idx, fs->nfrags, esz, &raw, e)) return WA_E_FORMAT;
    fs->frags = malloc(sizeof *fs->frags * (fs->nfrags + 1));
    if (!fs->frags) {
        free(raw);
        return wa_fail(e, WA_E_NOMEM, 0, "out of memory");
    }
    for (uint32_t i = 0; i < fs->nfrags; i++) {
        const uint8_t *p = raw + esz * i;
        fs->frags[i].start = major == 2 ? sq32(fs, p) : sq64(fs, p);
        fs->frags[i].size = sq32(fs, p + (major == 2 ? 4 : 8));
    }
    free(raw);
    return WA_OK;
}

int sqfs_legacy_ino(sqfs *fs, sqfs_ref ref, ino *o, wa_err *e)
{
    memset(o, 0, sizeof *o);
    unsigned major = fs->info.major;
    table *t = &fs->inodes;
    uint64_t blk = ref >> 16;
    uint32_t off = ref & 0xffff;
    o->at = t->start + blk;
    size_t p = sqfs_table_pos(t, blk, off);
    if (p == SIZE_MAX || !in_bounds(t->len, p, 12))
        return wa_fail(e, WA_E_RANGE, t->start, /* the block may be anywhere: the table's start */
                       "inode reference 0x%llx points outside the inode table",
                       (unsigned long long)ref);
    const uint8_t *d = t->data + p;
    uint64_t v[F_NFIELDS] = {0};
    unsigned at = decode(fs, d, &base[major], v);
    unsigned type = (unsigned)v[F_TYPE];
    uint64_t uid = v[F_UID], gid = v[F_GID];
    if (major == 1) {
        if (type == 0) { /* IPC: the real type and the uid's high bits in the next byte */
            decode(fs, d + at, &ipc1, v);
            type = (unsigned)v[F_IPCTYPE];
            uid += v[F_IPCOFF] * 16;
            at += 1;
            if (type != 6 && type != 7)
                return wa_fail(e, WA_E_FORMAT, o->at, "inode 0x%llx: IPC type %u",
                               (unsigned long long)ref, type);
        } else {
            uid += (type - 1) / 5 * 16;
            type = (type - 1) % 5 + 1;
        }
    }
    if (type < 1 || type > 9 || (!body[major][type].n && type != 6 && type != 7))
        return wa_fail(e, WA_E_FORMAT, o->at, "inode 0x%llx: type %u in SquashFS %u",
                       (unsigned long long)ref, type, major);
    const layout *l = &body[major][type];
    if (!in_bounds(t->len, p + at, layout_bytes(l)))
        return wa_fail(e, WA_E_TRUNC, o->at, "inode 0x%llx is cut off", (unsigned long long)ref);
    at += decode(fs, d + at, l, v);
    uint32_t same = major == 1 ? 15 : 255; /* gid index meaning "gid = uid" */
    if (uid >= fs->nids || (gid != same && gid >= fs->ngids))
        return wa_fail(e, WA_E_RANGE, o->at, "inode 0x%llx: uid/gid index past the tables",
                       (unsigned long long)ref);
    sqfs_attr *st = &o->st;
    o->type = (uint16_t)type;
    st->mode = type_mode[type] | ((uint32_t)v[F_MODE] & 07777);
    st->uid = fs->ids[uid];
    st->gid = gid == same ? st->uid : fs->gids[gid];
    /* 1.x and 2.x keep no mtime for links and devices and no inode numbers: derive them as
     * the kernels of the time did */
    st->mtime = (uint32_t)(v[F_MTIME] ? v[F_MTIME] : sq32(fs, fs->buf + 39));
    st->ino = major == 3 ? (uint32_t)v[F_INO] : (uint32_t)((blk << 8) + (off >> 2) + 1);
    st->nlink = v[F_NLINK] ? (uint32_t)v[F_NLINK] : 1;
    switch (type) {
    case 1:
    case 8: /* the size as stored, as the kernel and unsquashfs report it (3.x: listing + 3) */
        st->size = v[F_SIZE];
        o->start = v[F_START];
        o->dir_off = (uint32_t)v[F_OFF];
        return WA_OK;
    case 3:
        st->size = v[F_SIZE];
        if (st->size > 4096 || !in_bounds(t->len, p + at, st->size))
            return wa_fail(e, WA_E_RANGE, o->at, "symlink target of %llu bytes",
                           (unsigned long long)st->size);
        o->target = d + at;
        return WA_OK;
    case 4:
    case 5:
        st->rdev_major = (uint32_t)(v[F_RDEV] >> 8) & 0xff;
        st->rdev_minor = (uint32_t)v[F_RDEV] & 0xff;
        return WA_OK;
    case 6:
    case 7: return WA_OK;
    }
    /* regular files */
    st->size = v[F_SIZE];
    o->start = v[F_START];
    o->frag = major == 1 ? 0xffffffffu : (uint32_t)v[F_FRAG];
    o->frag_off = (uint32_t)v[F_FOFF];
    uint32_t bs = fs->info.block_size;
    uint64_t nb = o->frag == 0xffffffffu ? (st->size + bs - 1) / bs : st->size / bs;
    o->list16 = major == 1;
    if (!in_bounds(t->len, p + at, nb * (o->list16 ? 2 : 4))) /* sparse files: see squashfs.c */
        return wa_fail(e, WA_E_RANGE, o->at, "file inode 0x%llx: %llu blocks do not fit",
                       (unsigned long long)ref, (unsigned long long)nb);
    if (o->frag != 0xffffffffu && o->frag >= fs->nfrags)
        return wa_fail(e, WA_E_RANGE, o->at, "file inode 0x%llx: fragment %u of %u",
                       (unsigned long long)ref, o->frag, fs->nfrags);
    o->blocks = d + at;
    o->nblocks = (uint32_t)nb;
    return WA_OK;
}

int sqfs_legacy_walk(sqfs *fs, const ino *dir, sqfs_entry_fn fn, void *ctx, wa_err *e)
{
    unsigned major = fs->info.major;
    /* 3.x counts 3 bytes more than the listing holds (for "." and ".."), as 4.0 does */
    uint64_t extra = major == 3 ? 3 : 0;
    if (dir->st.size <= extra) return WA_OK;
    const table *t = &fs->dirs;
    size_t p = sqfs_table_pos(t, dir->start, dir->dir_off), n = (size_t)(dir->st.size - extra);
    uint64_t at = t->start + (p == SIZE_MAX ? 0 : dir->start); /* a block of the table */
    if (p == SIZE_MAX || !in_bounds(t->len, p, n))
        return wa_fail(e, WA_E_RANGE, at, "directory listing outside the directory table");
    const uint8_t *d = t->data + p, *end = d + n;
    unsigned hsz = layout_bytes(&dirhdr[major]), esz = layout_bytes(&dirent[major]);
    while (d < end) {
        uint64_t h[F_NFIELDS] = {0};
        if ((size_t)(end - d) < hsz) return wa_fail(e, WA_E_TRUNC, at, "directory header cut off");
        d += decode(fs, d, &dirhdr[major], h);
        uint64_t count = h[F_COUNT] + 1;
        for (uint64_t i = 0; i < count; i++) {
            uint64_t v[F_NFIELDS] = {0};
            size_t pos = (size_t)(d - t->data);
            if ((size_t)(end - d) < esz)
                return wa_fail(e, WA_E_TRUNC, at, "directory entry cut off");
            d += decode(fs, d, &dirent[major], v);
            size_t len = (size_t)v[F_SIZE] + 1;
            unsigned type = (unsigned)v[F_TYPE];
            if ((size_t)(end - d) < len || type < 1 || type > 7)
                return wa_fail(e, WA_E_FORMAT, at, "directory entry damaged");
            if (!sqfs_name_ok(d, len))
                return wa_fail(e, WA_E_FORMAT, at, "directory entry with a bad name");
            if (fn(ctx, d, len, (sqfs_ref)h[F_START] << 16 | v[F_OFF], type_mode[type], pos))
                return WA_OK;
            d += len;
        }
    }
    return WA_OK;
}
