/* sqfs_writer.h: a small test-only SquashFS 1.0-4.0 writer (both byte orders, zlib or the
 * LZMA variants), written from the field layouts of the format notes
 * (shared/research/squashfs_mips_abi.md, section 1; for 4.0 the kernel's squashfs_fs.h
 * layouts, every field in the image's byte order), and the example tree the tests use. Used
 * by test_squashfs_legacy.c and test_squashfs_v4.c (written, then read back) and by
 * mklegacy.c (the legacy root file systems of the example images). Static functions: include
 * it once. */
#ifndef WA_SQFS_WRITER_H
#define WA_SQFS_WRITER_H

#include <lzma.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#define SQW_MUST(x)                                                                                \
    do {                                                                                           \
        if (!(x)) {                                                                                \
            fprintf(stderr, "sqfs_writer: %s failed\n", #x);                                       \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* ---- the test-only writer ---- */

struct node {
    const char *name;
    uint32_t mode;    /* S_IF* | perms */
    const char *data; /* file contents or link target */
    size_t size;
    uint32_t rdev_major, rdev_minor, uid;
    int parent; /* index, -1 for the root */
    int order;  /* listed before (< 0) or after its siblings, whatever its name */
    int alias;  /* > 0: listed as node alias - 1 (its inode, its type), a hard link or a loop */
    /* filled in by the writer */
    uint64_t ref, start;
    uint32_t nblocks, blocks[64];
    uint32_t frag, frag_off; /* 0xffffffff: no fragment */
    uint64_t dir_blk;
    uint32_t dir_off, dir_len;
    uint32_t nlink; /* directories: 2 + subdirectories */
};

struct img {
    uint8_t *b;
    size_t len, cap;
    int be, major, lzma, check, frags;
    uint32_t ninodes;
    uint32_t nids, id_of[32]; /* 4.0: the uids in use, and each one's index in the id table */
};

static void grow(struct img *m, size_t n)
{
    if (m->len + n > m->cap) {
        m->cap = (m->len + n) * 2;
        m->b = realloc(m->b, m->cap);
    }
}

/* Bit fields in the image's order (see squashfs_legacy.c). */
static void put_bits(uint8_t *p, unsigned pos, unsigned width, uint64_t v, int be)
{
    for (unsigned i = 0; i < width; i++) {
        unsigned b = pos + i;
        unsigned bit = be ? (unsigned)(v >> (width - 1 - i)) & 1 : (unsigned)(v >> i) & 1;
        unsigned sh = be ? 7 - (b & 7) : (b & 7);
        p[b >> 3] = (uint8_t)((p[b >> 3] & ~(1u << sh)) | bit << sh);
    }
}

/* A record of fields (width, value) appended to buf at *len. */
static void rec(uint8_t *buf, size_t *len, int be, const unsigned *w, const uint64_t *v, int n)
{
    unsigned pos = 0;
    for (int i = 0; i < n; i++)
        pos += w[i];
    memset(buf + *len, 0, pos / 8);
    pos = 0;
    for (int i = 0; i < n; i++) {
        put_bits(buf + *len, pos, w[i], v[i], be);
        pos += w[i];
    }
    *len += pos / 8;
}
#define REC(buf, len, be, ...)                                                                     \
    do {                                                                                           \
        const uint64_t f_[][2] = {__VA_ARGS__};                                                    \
        unsigned w_[16];                                                                           \
        uint64_t v_[16];                                                                           \
        int n_ = (int)(sizeof f_ / sizeof f_[0]);                                                  \
        for (int i_ = 0; i_ < n_; i_++)                                                            \
            w_[i_] = (unsigned)f_[i_][0], v_[i_] = f_[i_][1];                                      \
        rec(buf, len, be, w_, v_, n_);                                                             \
    } while (0)

/* lzma: 0 zlib, 1 sqlzma (LZMA-alone), 2 lzma-alt (5-byte header + raw stream), 3 the
 * zlib-compatible wrapper (raw stream, lc=3 lp=0 pb=2, 8 MiB dictionary), 4 DD-WRT (pb, lc,
 * lp, 0, raw stream), 5 lzma-alt after 4 bytes of cruft; for 4.0 (compression id 2)
 * SQW_LZMA4, squashfs-tools' LZMA-alone header with the uncompressed size filled in, and
 * SQW_OPENWRT, OpenWrt's 5-byte header (lc=1 lp=2 pb=2, 8 MiB) and a raw stream that has
 * no end marker, as the LZMA SDK's LzmaCompress writes it. */
#define SQW_LZMA4 6
#define SQW_OPENWRT 7
static size_t compress_block(const struct img *m, const uint8_t *in, size_t n, uint8_t *out)
{
    if (!m->lzma) {
        uLongf zl = 2 * n + 64;
        SQW_MUST((compress2(out, &zl, in, n, 9)) == Z_OK);
        return zl;
    }
    lzma_options_lzma o;
    lzma_lzma_preset(&o, 6);
    lzma_stream s = LZMA_STREAM_INIT;
    size_t hdr = 0;
    if (m->lzma == 1 || m->lzma == SQW_LZMA4) {
        SQW_MUST((lzma_alone_encoder(&s, &o)) == LZMA_OK);
    } else if (m->lzma == SQW_OPENWRT) {
        o.lc = 1, o.lp = 2, o.pb = 2, o.dict_size = 1u << 23, o.ext_flags = 0;
        lzma_filter f[2] = {{LZMA_FILTER_LZMA1EXT, &o}, {LZMA_VLI_UNKNOWN, NULL}};
        SQW_MUST((lzma_raw_encoder(&s, f)) == LZMA_OK);
        out[0] = (uint8_t)((o.pb * 5 + o.lp) * 9 + o.lc);
        for (int i = 0; i < 4; i++)
            out[1 + i] = (uint8_t)(o.dict_size >> (8 * i));
        hdr = 5;
    } else {
        if (m->lzma == 3 || m->lzma == 4) o.lc = 3, o.lp = 0, o.pb = 2, o.dict_size = 1u << 23;
        if (m->lzma == 4) o.lc = 1, o.lp = 1, o.pb = 1; /* DD-WRT says them in its header */
        lzma_filter f[2] = {{LZMA_FILTER_LZMA1, &o}, {LZMA_VLI_UNKNOWN, NULL}};
        SQW_MUST((lzma_raw_encoder(&s, f)) == LZMA_OK);
        if (m->lzma == 2 || m->lzma == 5) {
            hdr = m->lzma == 5 ? 4 : 0;
            memcpy(out, "\x11\x22\x33\x44", hdr);
            out[hdr] = (uint8_t)((o.pb * 5 + o.lp) * 9 + o.lc);
            for (int i = 0; i < 4; i++)
                out[hdr + 1 + i] = (uint8_t)(o.dict_size >> (8 * i));
            hdr += 5;
        } else if (m->lzma == 4) {
            out[0] = (uint8_t)o.pb, out[1] = (uint8_t)o.lc, out[2] = (uint8_t)o.lp, out[3] = 0;
            hdr = 4;
        }
    }
    s.next_in = in;
    s.avail_in = n;
    s.next_out = out + hdr;
    s.avail_out = 2 * n + 64;
    SQW_MUST((lzma_code(&s, LZMA_FINISH)) == LZMA_STREAM_END);
    size_t got = s.total_out + hdr;
    lzma_end(&s);
    if (m->lzma == SQW_LZMA4) /* the alone encoder wrote "size unknown" */
        for (int i = 0; i < 8; i++)
            out[5 + i] = (uint8_t)((uint64_t)n >> (8 * i));
    return got;
}

static void put_int(struct img *m, size_t at, unsigned bytes, uint64_t v)
{
    for (unsigned i = 0; i < bytes; i++)
        m->b[at + (m->be ? bytes - 1 - i : i)] = (uint8_t)(v >> (8 * i));
}

/* Metadata: stream cut into 8 KiB blocks, each with its 2-byte header (+ CHECK marker). */
static size_t meta_hdr(const struct img *m)
{
    return 2 + (size_t)m->check;
}

static void write_meta(struct img *m, const uint8_t *s, size_t n, int compress, uint64_t *blk_pos)
{
    size_t base = m->len;
    for (size_t at = 0; at < n; at += 8192) {
        size_t k = n - at < 8192 ? n - at : 8192;
        uint8_t tmp[2 * 8192 + 64];
        size_t c = compress ? compress_block(m, s + at, k, tmp) : k;
        int stored = !compress || c >= k;
        if (stored) memcpy(tmp, s + at, k), c = k;
        if (blk_pos) blk_pos[at / 8192] = m->len - base;
        grow(m, meta_hdr(m) + c);
        put_int(m, m->len, 2, c | (stored ? 0x8000 : 0));
        if (m->check) m->b[m->len + 2] = 0xff;
        memcpy(m->b + m->len + meta_hdr(m), tmp, c);
        m->len += meta_hdr(m) + c;
    }
}

static uint32_t type_of(uint32_t mode)
{
    switch (mode & S_IFMT) {
    case S_IFDIR: return 1;
    case S_IFREG: return 2;
    case S_IFLNK: return 3;
    case S_IFBLK: return 4;
    case S_IFCHR: return 5;
    case S_IFIFO: return 6;
    default: return 7;
    }
}

/* Encode node i's inode into buf at *len. */
static void inode(const struct img *m, struct node *t, int i, uint8_t *buf, size_t *len)
{
    struct node *x = &t[i];
    int be = m->be, v = m->major;
    uint64_t type = type_of(x->mode), perm = x->mode & 07777, mtime = 1000000 + i;
    if (v == 1) {
        if (type >= 6) { /* IPC: type 0, then the real type and the uid's high bits */
            REC(buf, len, be, {4, 0}, {12, perm}, {4, x->uid % 16}, {4, 15}, {4, type},
                {4, x->uid / 16});
            return;
        }
        REC(buf, len, be, {4, (type - 1) + x->uid / 16 * 5 + 1}, {12, perm}, {4, x->uid % 16},
            {4, 15});
    } else if (v == 2) {
        REC(buf, len, be, {4, type}, {12, perm}, {8, x->uid}, {8, 255});
    } else if (v == 3) {
        REC(buf, len, be, {4, type}, {12, perm}, {8, x->uid}, {8, 255}, {32, mtime},
            {32, (uint64_t)i + 1});
    } else { /* 4.0: plain integers; uid and gid are both indexes into the id table */
        REC(buf, len, be, {16, type}, {16, perm}, {16, m->id_of[x->uid]}, {16, m->id_of[x->uid]},
            {32, mtime}, {32, (uint64_t)i + 1});
    }
    if (v == 4) {
        switch (type) {
        case 1: /* start, nlink, size (+3, as 3.x), offset, parent (the root's: inodes + 1) */
            REC(buf, len, be, {32, x->dir_blk}, {32, x->nlink}, {16, x->dir_len + 3},
                {16, x->dir_off}, {32, x->parent < 0 ? m->ninodes + 1 : (uint64_t)x->parent + 1});
            return;
        case 2:
            REC(buf, len, be, {32, x->start}, {32, x->frag}, {32, x->frag_off}, {32, x->size});
            for (uint32_t k = 0; k < x->nblocks; k++)
                REC(buf, len, be, {32, x->blocks[k]});
            return;
        case 3:
            REC(buf, len, be, {32, 1}, {32, x->size});
            memcpy(buf + *len, x->data, x->size);
            *len += x->size;
            return;
        case 4:
        case 5: /* the kernel's new_encode_dev */
            REC(buf, len, be, {32, 1},
                {32,
                 (x->rdev_minor & 0xffu) | x->rdev_major << 8 | (x->rdev_minor & ~0xffu) << 12});
            return;
        default: REC(buf, len, be, {32, 1}); return;
        }
    }
    switch (type) {
    case 1:
        if (v == 3)
            REC(buf, len, be, {32, 2}, {19, x->dir_len + 3}, {13, x->dir_off}, {32, x->dir_blk},
                {32, 1});
        else
            REC(buf, len, be, {19, x->dir_len}, {13, x->dir_off}, {32, mtime}, {24, x->dir_blk});
        return;
    case 2:
        if (v == 1)
            REC(buf, len, be, {32, mtime}, {32, x->start}, {32, x->size});
        else if (v == 2)
            REC(buf, len, be, {32, mtime}, {32, x->start}, {32, x->frag}, {32, x->frag_off},
                {32, x->size});
        else
            REC(buf, len, be, {64, x->start}, {32, x->frag}, {32, x->frag_off}, {32, x->size});
        for (uint32_t k = 0; k < x->nblocks; k++) {
            if (v == 1)
                REC(buf, len, be, {16, x->blocks[k]});
            else
                REC(buf, len, be, {32, x->blocks[k]});
        }
        return;
    case 3:
        if (v == 3)
            REC(buf, len, be, {32, 1}, {16, x->size});
        else
            REC(buf, len, be, {16, x->size});
        memcpy(buf + *len, x->data, x->size);
        *len += x->size;
        return;
    case 4:
    case 5:
        if (v == 3)
            REC(buf, len, be, {32, 1}, {16, x->rdev_major << 8 | x->rdev_minor});
        else
            REC(buf, len, be, {16, x->rdev_major << 8 | x->rdev_minor});
        return;
    default:
        if (v == 3) REC(buf, len, be, {32, 1});
    }
}

static struct img write_image(int major, int minor, int be, int lzma, int check, int frags,
                              struct node *t, int n)
{
    struct img m = {.be = be,
                    .major = major,
                    .lzma = lzma,
                    .check = check && major < 4,
                    .frags = frags && major >= 2,
                    .ninodes = (uint32_t)n};
    /* fragments: the tails of files (2.x, 3.x) packed into shared blocks */
    static uint8_t fbuf[8][4096];
    size_t flen[8] = {0}, nfrag = 0;
    grow(&m, 128);
    memset(m.b, 0, 128);
    m.len = 128;
    const uint32_t bs = 4096;
    /* data blocks */
    for (int i = 0; i < n; i++) {
        if (!S_ISREG(t[i].mode)) continue;
        t[i].start = m.len;
        t[i].frag = 0xffffffff;
        t[i].nblocks = 0; /* a tree can be written more than once */
        size_t tail = m.frags ? t[i].size % bs : 0, whole = t[i].size - tail;
        if (tail) {
            if (!nfrag || flen[nfrag - 1] + tail > bs) nfrag++;
            t[i].frag = (uint32_t)(nfrag - 1);
            t[i].frag_off = (uint32_t)flen[nfrag - 1];
            memcpy(fbuf[nfrag - 1] + flen[nfrag - 1], t[i].data + whole, tail);
            flen[nfrag - 1] += tail;
        }
        for (size_t at = 0; at < whole; at += bs) {
            size_t k = whole - at < bs ? whole - at : bs;
            uint8_t tmp[2 * 4096 + 64];
            size_t c = compress_block(&m, (const uint8_t *)t[i].data + at, k, tmp);
            int stored = c >= k;
            if (stored) memcpy(tmp, t[i].data + at, k), c = k;
            grow(&m, c);
            memcpy(m.b + m.len, tmp, c);
            m.len += c;
            t[i].blocks[t[i].nblocks++] =
                (uint32_t)c | (stored ? (major == 1 ? 0x8000u : 1u << 24) : 0);
        }
    }
    uint64_t fstart[8];
    uint32_t fsize[8];
    for (size_t f = 0; f < nfrag; f++) {
        uint8_t tmp[2 * 4096 + 64];
        size_t c = compress_block(&m, fbuf[f], flen[f], tmp);
        int stored = c >= flen[f];
        if (stored) memcpy(tmp, fbuf[f], flen[f]), c = flen[f];
        fstart[f] = m.len;
        fsize[f] = (uint32_t)c | (stored ? 1u << 24 : 0);
        grow(&m, c);
        memcpy(m.b + m.len, tmp, c);
        m.len += c;
    }
    /* inode references: the inode table is stored, so its layout is known now */
    static uint8_t itab[1 << 20], dtab[1 << 20];
    size_t ilen = 0, dlen = 0;
    uint32_t used[32] = {0}; /* 4.0 keeps only the ids in use (unsquashfs checks the count) */
    for (int i = 0; i < n; i++)
        if (!used[t[i].uid]++) m.id_of[t[i].uid] = m.nids++;
    for (int i = 0; i < n; i++) {
        t[i].nlink = 2;
        for (int k = 0; k < n; k++)
            t[i].nlink += t[k].parent == i && S_ISDIR(t[k].mode);
    }
    for (int i = 0; i < n; i++) {
        t[i].ref = ((uint64_t)(ilen / 8192) * (8192 + meta_hdr(&m))) << 16 | (ilen % 8192);
        inode(&m, t, i, itab, &ilen); /* for its size; encoded again once dirs are placed */
    }
    /* directory listings, then the compressed directory table */
    for (int d = 0; d < n; d++) {
        if (!S_ISDIR(t[d].mode)) continue;
        size_t start = dlen;
        int kids[64], nk = 0;
        for (int i = 0; i < n; i++)
            if (t[i].parent == d) kids[nk++] = i;
        for (int a = 0; a < nk; a++) /* sorted by name (unless a node says otherwise) */
            for (int b = a + 1; b < nk; b++)
                if (t[kids[a]].order > t[kids[b]].order ||
                    (t[kids[a]].order == t[kids[b]].order &&
                     strcmp(t[kids[a]].name, t[kids[b]].name) > 0)) {
                    int x = kids[a];
                    kids[a] = kids[b];
                    kids[b] = x;
                }
        int lk[64]; /* the node whose inode each entry lists */
        for (int a = 0; a < nk; a++)
            lk[a] = t[kids[a]].alias ? t[kids[a]].alias - 1 : kids[a];
        for (int a = 0; a < nk;) {
            uint64_t blk = t[lk[a]].ref >> 16, hino = (uint64_t)lk[a] + 1;
            int run = a;
            while (run < nk && t[lk[run]].ref >> 16 == blk)
                run++;
            if (major == 4)
                REC(dtab, &dlen, be, {32, run - a - 1}, {32, blk}, {32, hino});
            else if (major == 3)
                REC(dtab, &dlen, be, {8, run - a - 1}, {32, blk}, {32, hino});
            else
                REC(dtab, &dlen, be, {8, run - a - 1}, {24, blk});
            for (; a < run; a++) {
                const struct node *k = &t[lk[a]];
                const char *name = t[kids[a]].name;
                size_t nl = strlen(name);
                uint64_t dino = ((uint64_t)lk[a] + 1 - hino) & 0xffff;
                if (major == 4)
                    REC(dtab, &dlen, be, {16, k->ref & 0xffff}, {16, dino}, {16, type_of(k->mode)},
                        {16, nl - 1});
                else if (major == 3)
                    REC(dtab, &dlen, be, {13, k->ref & 0xffff}, {3, type_of(k->mode)}, {8, nl - 1},
                        {16, dino});
                else
                    REC(dtab, &dlen, be, {13, k->ref & 0xffff}, {3, type_of(k->mode)}, {8, nl - 1});
                memcpy(dtab + dlen, name, nl);
                dlen += nl;
            }
        }
        t[d].dir_len = (uint32_t)(dlen - start);
        t[d].dir_off = (uint32_t)(start % 8192);
        t[d].dir_blk = start / 8192; /* chunk index; made a disk offset below */
    }
    /* inode table (stored blocks), with the directory positions */
    uint64_t ino_start = m.len;
    uint64_t dpos[256] = {0}; /* an empty directory table has no block: listings start at 0 */
    {
        /* lay out the directory table first, into a scratch image, to learn its offsets */
        struct img scratch = m;
        scratch.b = NULL, scratch.len = scratch.cap = 0;
        write_meta(&scratch, dtab, dlen, 1, dpos);
        free(scratch.b);
    }
    for (int i = 0; i < n; i++)
        if (S_ISDIR(t[i].mode)) t[i].dir_blk = dpos[t[i].dir_blk];
    ilen = 0;
    for (int i = 0; i < n; i++)
        inode(&m, t, i, itab, &ilen);
    write_meta(&m, itab, ilen, 0, NULL);
    uint64_t dir_start = m.len;
    write_meta(&m, dtab, dlen, 1, NULL);
    /* fragment table: entries in one compressed metadata block, then the index pointing at it;
     * without fragments an empty index where the next table starts, as mksquashfs 2.x and 3.x
     * wrote it (unsquashfs refuses any other start) */
    uint64_t frag_idx = m.len;
    if (nfrag) {
        uint8_t ent[8 * 16];
        size_t el = 0;
        for (size_t f = 0; f < nfrag; f++) {
            if (major == 2)
                REC(ent, &el, be, {32, fstart[f]}, {32, fsize[f]});
            else
                REC(ent, &el, be, {64, fstart[f]}, {32, fsize[f]}, {32, 0});
        }
        uint64_t blk = m.len;
        write_meta(&m, ent, el, 1, NULL);
        frag_idx = m.len;
        grow(&m, 8);
        put_int(&m, m.len, major == 2 ? 4 : 8, blk);
        m.len += major == 2 ? 4 : 8;
    }
    if (major == 4) {
        /* the id table: the ids in use (uid u is 1000 + u) in one metadata block, its index */
        uint8_t ids[4 * 32];
        uint32_t uid_at[32];
        size_t il = 0;
        for (uint32_t u = 0; u < 32; u++)
            if (used[u]) uid_at[m.id_of[u]] = u;
        for (uint32_t k = 0; k < m.nids; k++)
            REC(ids, &il, be, {32, 1000 + (uint64_t)uid_at[k]});
        uint64_t blk = m.len;
        write_meta(&m, ids, il, 1, NULL);
        uint64_t id_idx = m.len;
        grow(&m, 8);
        put_int(&m, m.len, 8, blk);
        m.len += 8;
        memcpy(m.b, be ? "sqsh" : "hsqs", 4);
        put_int(&m, 4, 4, (uint64_t)n);
        put_int(&m, 8, 4, 777777); /* mkfs time */
        put_int(&m, 12, 4, bs);
        put_int(&m, 16, 4, nfrag);
        put_int(&m, 20, 2, lzma ? 2 : 1); /* lzma or gzip */
        put_int(&m, 22, 2, 12);
        put_int(&m, 24, 2, 0x201 | (nfrag ? 0 : 0x10)); /* NOI, NO_XATTR, NO_FRAG */
        put_int(&m, 26, 2, m.nids);
        put_int(&m, 28, 2, 4);
        put_int(&m, 30, 2, (uint64_t)minor);
        put_int(&m, 32, 8, t[0].ref);
        put_int(&m, 40, 8, m.len);
        put_int(&m, 48, 8, id_idx);
        put_int(&m, 56, 8, UINT64_MAX); /* no xattrs */
        put_int(&m, 64, 8, ino_start);
        put_int(&m, 72, 8, dir_start);
        put_int(&m, 80, 8, frag_idx);
        put_int(&m, 88, 8, UINT64_MAX); /* not exportable */
        return m;
    }
    /* uid and gid tables: uids 0..31, one gid */
    uint64_t uid_start = m.len;
    grow(&m, 4 * 33);
    for (int u = 0; u < 32; u++)
        put_int(&m, m.len + 4 * u, 4, 1000 + u);
    m.len += 4 * 32;
    uint64_t gid_start = m.len;
    put_int(&m, m.len, 4, 100);
    m.len += 4;
    /* superblock */
    memcpy(m.b, be ? "sqsh" : "hsqs", 4);
    if (lzma == 1) memcpy(m.b, be ? "qshs" : "shsq", 4); /* sqlzma's own magic */
    put_int(&m, 4, 4, (uint64_t)n);
    put_int(&m, 28, 2, (uint64_t)major);
    put_int(&m, 30, 2, (uint64_t)minor);
    put_int(&m, 34, 2, 12);
    m.b[36] = (uint8_t)((check ? 4 : 0) | (nfrag ? 0 : 0x10)); /* CHECK, NO_FRAG */
    m.b[37] = 32;
    m.b[38] = 1;
    put_int(&m, 39, 4, 777777);
    put_int(&m, 43, 8, t[0].ref);
    if (major < 3) {
        put_int(&m, 8, 4, m.len);
        put_int(&m, 12, 4, uid_start);
        put_int(&m, 16, 4, gid_start);
        put_int(&m, 20, 4, ino_start);
        put_int(&m, 24, 4, dir_start);
        if (major == 1)
            put_int(&m, 32, 2, bs);
        else
            put_int(&m, 51, 4, bs), put_int(&m, 55, 4, nfrag), put_int(&m, 59, 4, frag_idx);
    } else {
        put_int(&m, 51, 4, bs);
        put_int(&m, 55, 4, nfrag);
        put_int(&m, 63, 8, m.len);
        put_int(&m, 71, 8, uid_start);
        put_int(&m, 79, 8, gid_start);
        put_int(&m, 87, 8, ino_start);
        put_int(&m, 95, 8, dir_start);
        put_int(&m, 103, 8, frag_idx);
        put_int(&m, 111, 8, UINT64_MAX);
    }
    return m;
}

static char big[20000], text[9000];

static int tree(struct node *t)
{
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)(i * 7 + i / 300);
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = "squashfs legacy \n"[i % 17];
#define N(n, m, d, sz, ma, mi, u, p)                                                               \
    {                                                                                              \
        .name = n, .mode = m, .data = d, .size = sz, .rdev_major = ma, .rdev_minor = mi, .uid = u, \
        .parent = p                                                                                \
    }
    struct node nodes[] = {
        N("", S_IFDIR | 0755, NULL, 0, 0, 0, 0, -1),
        N("bin", S_IFDIR | 0755, NULL, 0, 0, 0, 0, 0),
        N("busybox", S_IFREG | 04755, big, sizeof big, 0, 0, 0, 1),
        N("sh", S_IFLNK | 0777, "busybox", 7, 0, 0, 0, 1),
        N("etc", S_IFDIR | 0750, NULL, 0, 0, 0, 17, 0),
        N("motd", S_IFREG | 0644, text, sizeof text, 0, 0, 20, 4),
        N("empty", S_IFREG | 0600, "", 0, 0, 0, 3, 4),
        N("dev", S_IFDIR | 0755, NULL, 0, 0, 0, 0, 0),
        N("console", S_IFCHR | 0600, NULL, 0, 5, 1, 0, 7),
        N("mtdblock0", S_IFBLK | 0640, NULL, 0, 31, 0, 0, 7),
        N("initctl", S_IFIFO | 0600, NULL, 0, 0, 0, 0, 7),
        N("abs", S_IFLNK | 0777, "/etc/motd", 9, 0, 0, 0, 0),
        N("tiny", S_IFREG | 0444, "x", 1, 0, 0, 31, 0),
    };
    int n = (int)(sizeof nodes / sizeof nodes[0]);
    memcpy(t, nodes, sizeof nodes);
    return n;
}

#endif
