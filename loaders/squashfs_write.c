/* squashfs_write.c: the SquashFS writer (squashfs_write.h). The old structures are packed C bit
 * fields (least significant bit first in a little-endian image, most significant first in a
 * big-endian one: see squashfs_legacy.c), so every record is written as a list of (width,
 * value) fields by one bit writer; 4.0's plain integers are fields of 16, 32 and 64 bits. */
#include "squashfs_write.h"

#include <lz4.h>
#include <lzma.h>
#include <lzo/lzo1x.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

#include "bytes.h"
#include "squashfs_int.h"

/* ---- growable buffers ---- */

typedef struct wbuf {
    uint8_t *b;
    size_t len, cap;
    int oom;
} wbuf;

static uint8_t *wb_room(wbuf *w, size_t n)
{
    if (w->oom) return NULL;
    if (w->len + n > w->cap) {
        size_t cap = (w->len + n) * 2 + 4096;
        uint8_t *b = realloc(w->b, cap);
        if (!b) {
            w->oom = 1;
            return NULL;
        }
        w->b = b, w->cap = cap;
    }
    return w->b + w->len;
}

static void wb_put(wbuf *w, const void *p, size_t n)
{
    uint8_t *d = wb_room(w, n);
    if (!d) return;
    if (n) memcpy(d, p, n);
    w->len += n;
}

/* ---- records of bit fields in the image's order ---- */

static void put_bits(uint8_t *p, unsigned pos, unsigned width, uint64_t v, int be)
{
    for (unsigned i = 0; i < width; i++) {
        unsigned b = pos + i;
        unsigned bit = be ? (unsigned)(v >> (width - 1 - i)) & 1 : (unsigned)(v >> i) & 1;
        unsigned sh = be ? 7 - (b & 7) : (b & 7);
        p[b >> 3] = (uint8_t)((p[b >> 3] & ~(1u << sh)) | bit << sh);
    }
}

typedef struct field {
    unsigned width;
    uint64_t v;
} field;

static void rec(wbuf *w, int be, const field *f, int n)
{
    unsigned bits = 0;
    for (int i = 0; i < n; i++)
        bits += f[i].width;
    uint8_t *p = wb_room(w, bits / 8);
    if (!p) return;
    memset(p, 0, bits / 8);
    unsigned pos = 0;
    for (int i = 0; i < n; i++) {
        put_bits(p, pos, f[i].width, f[i].v, be);
        pos += f[i].width;
    }
    w->len += bits / 8;
}
#define REC(w, be, ...)                                                                            \
    rec(w, be, (const field[]){__VA_ARGS__},                                                       \
        (int)(sizeof((const field[]){__VA_ARGS__}) / sizeof(field)))

static void put_int(uint8_t *p, unsigned bytes, uint64_t v, int be)
{
    for (unsigned i = 0; i < bytes; i++)
        p[be ? bytes - 1 - i : i] = (uint8_t)(v >> (8 * i));
}

/* ---- compression ---- */

static int is_lzma(const sqfs_wfmt *f)
{
    return f->compression == DECOMP_LZMA ||
           (f->compression == DECOMP_LEGACY && f->variant != DECOMP_V_ZLIB);
}

typedef struct wcomp {
    const sqfs_wfmt *f;
    lzma_stream s;
    void *lzo; /* lzo1x_999's work memory, made for the first block */
} wcomp;

static void wc_end(wcomp *c)
{
    lzma_end(&c->s);
    free(c->lzo);
}

/* 4.0's other compressors as mksquashfs writes them by default, without compressor options
 * (lz4's, which it always writes, are the superblock's business): xz with a dictionary of the
 * block size and a CRC-32 check, lzo1x_999 at level 8, lz4 at its default, zstd at level 15. */
static size_t wc_other(wcomp *c, const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
    const sqfs_wfmt *f = c->f;
    switch (f->compression) {
    case DECOMP_XZ: {
        lzma_options_lzma o;
        if (lzma_lzma_preset(&o, LZMA_PRESET_DEFAULT)) return 0;
        o.dict_size = f->block_size > META_SIZE ? f->block_size : META_SIZE;
        lzma_filter fl[2] = {{LZMA_FILTER_LZMA2, &o}, {LZMA_VLI_UNKNOWN, NULL}};
        size_t pos = 0;
        return lzma_stream_buffer_encode(fl, LZMA_CHECK_CRC32, NULL, in, n, out, &pos, cap) ==
                       LZMA_OK
                   ? pos
                   : 0;
    }
    case DECOMP_LZO: {
        if (!c->lzo && (lzo_init() != LZO_E_OK || !(c->lzo = malloc(LZO1X_999_MEM_COMPRESS))))
            return 0;
        lzo_uint len = cap;
        int r = lzo1x_999_compress_level(in, n, out, &len, c->lzo, NULL, 0, 0, 8);
        return r == LZO_E_OK ? len : 0;
    }
    case DECOMP_LZ4: {
        if (n > INT32_MAX || cap > INT32_MAX) return 0;
        int r = LZ4_compress_default((const char *)in, (char *)out, (int)n, (int)cap);
        return r > 0 ? (size_t)r : 0;
    }
    case DECOMP_ZSTD: {
        size_t r = ZSTD_compress(out, cap, in, n, 15);
        return ZSTD_isError(r) ? 0 : r;
    }
    }
    return 0;
}

static size_t wc_run(wcomp *c, const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
    const sqfs_wfmt *f = c->f;
    if (f->major == 4 && f->compression != DECOMP_GZIP && f->compression != DECOMP_LZMA)
        return wc_other(c, in, n, out, cap);
    if (!is_lzma(f)) {
        uLongf zl = cap;
        return compress2(out, &zl, in, n, 9) == Z_OK ? zl : 0;
    }
    const sqfs_wlzma *z = &f->lzma;
    unsigned lc = z->lc, lp = z->lp, pb = z->pb;
    uint32_t dict = z->dict;
    size_t h = 0;
    int v = f->compression == DECOMP_LZMA ? (f->variant == DECOMP_V_LZMA4_OPENWRT ? -2 : -1)
                                          : f->variant;
    if (v == DECOMP_V_DDWRT || v == DECOMP_V_LZMA_RAW) dict = 1u << 23;
    if (v == DECOMP_V_LZMA_RAW) lc = 3, lp = 0, pb = 2;
    if (cap < 32 || lc > 8 || lp > 4 || pb > 4 || lc + lp > 4) return 0;
    uint8_t props = (uint8_t)((pb * 5 + lp) * 9 + lc);
    switch (v) {
    case -1: /* 4.0 alone */
    case DECOMP_V_SQLZMA:
        out[0] = props;
        wr_le32(out + 1, dict);
        for (int i = 0; i < 8; i++)
            out[5 + i] = z->size_in_header ? (uint8_t)((uint64_t)n >> (8 * i)) : 0xff;
        h = 13;
        break;
    case -2: /* 4.0 OpenWrt */
    case DECOMP_V_LZMA_ALT:
        out[0] = props;
        wr_le32(out + 1, dict);
        h = 5;
        break;
    case DECOMP_V_LZMA_ALT4:
        memcpy(out, z->prefix, 4);
        out[4] = props;
        wr_le32(out + 5, dict);
        h = 9;
        break;
    case DECOMP_V_DDWRT:
        out[0] = (uint8_t)pb, out[1] = (uint8_t)lc, out[2] = (uint8_t)lp, out[3] = 0;
        h = 4;
        break;
    case DECOMP_V_LZMA_RAW:
        h = z->nprefix == 4 ? 4 : 0;
        memcpy(out, z->prefix, h);
        break;
    default: return 0;
    }
    lzma_options_lzma o;
    if (lzma_lzma_preset(&o, 6)) return 0;
    /* The header states the dictionary; a block is its own stream, so one as large as the
     * block is all the encoder can use (and a smaller one keeps its memory small). */
    uint32_t use = f->block_size > META_SIZE ? f->block_size : META_SIZE;
    o.dict_size = dict && dict < use ? (dict < 4096 ? 4096 : dict) : use;
    o.lc = lc, o.lp = lp, o.pb = pb;
    o.ext_flags = z->end_marker ? LZMA_LZMA1EXT_ALLOW_EOPM : 0;
    o.ext_size_low = UINT32_MAX, o.ext_size_high = UINT32_MAX;
    lzma_filter fl[2] = {{LZMA_FILTER_LZMA1EXT, &o}, {LZMA_VLI_UNKNOWN, NULL}};
    if (lzma_raw_encoder(&c->s, fl) != LZMA_OK) return 0;
    c->s.next_in = in;
    c->s.avail_in = n;
    c->s.next_out = out + h;
    c->s.avail_out = cap - h;
    if (lzma_code(&c->s, LZMA_FINISH) != LZMA_STREAM_END) return 0;
    return h + (cap - h - c->s.avail_out);
}

size_t sqfs_wcompress(const sqfs_wfmt *f, const uint8_t *in, size_t n, uint8_t *out)
{
    wcomp c = {f, LZMA_STREAM_INIT, NULL};
    size_t r = wc_run(&c, in, n, out, 2 * n + 64);
    wc_end(&c);
    return r;
}

/* ---- the writer ---- */

/* What the writer keeps for each node that has an inode. */
typedef struct wino {
    int state; /* 0 not written, 1 a directory being written, 2 written */
    uint64_t ref;
    uint32_t ino, nlink, uidx, gidx;
    uint64_t start;
    uint32_t *blocks, nblocks;
    uint32_t frag, frag_off;
    uint64_t dir_blk;
    uint32_t dir_off, dir_size;
} wino;

/* A metadata stream: 8 KiB blocks compressed (or stored) as they fill. */
typedef struct wmeta {
    uint8_t raw[META_SIZE];
    size_t rawlen;
    wbuf out;
} wmeta;

typedef struct kid {
    const char *name;
    int rank, node;
} kid;

typedef struct wr {
    const sqfs_wfmt *f;
    const sqfs_wnode *t;
    size_t n;
    int be, v;
    wino *w;
    kid *kids;      /* each directory's entries, sorted */
    size_t *kstart; /* kids of node d: kids[kstart[d] .. kstart[d + 1]) */
    wbuf img;       /* superblock area, data, fragment blocks */
    wmeta itab, dtab;
    wcomp comp;
    uint8_t *cbuf; /* room for one compressed block */
    uint8_t *frag;
    size_t fraglen;
    wbuf fents; /* fragment entries (start, size) as 64 + 32 bits */
    uint32_t nfrags;
    uint32_t ids[65536], nids; /* 4.0: ids; 1.x-3.x: uids */
    uint32_t gids[256], ngids;
    uint32_t counter, ninodes;
    int numbering; /* the first pass: inode numbers only */
    wa_err *e;
    int rc;
} wr;

static int target(const wr *r, int i)
{
    return r->t[i].link > 0 ? r->t[i].link - 1 : i;
}

static void path_of(const wr *r, int i, char *buf, size_t cap)
{
    buf[0] = 0;
    if (i == 0) {
        snprintf(buf, cap, "/");
        return;
    }
    for (int j = i, depth = 0; j > 0 && depth < 64; j = r->t[j].parent, depth++) {
        char tmp[1024];
        snprintf(tmp, sizeof tmp, "/%s%s", r->t[j].name, buf);
        snprintf(buf, cap, "%s", tmp);
    }
}

static int fail_at(wr *r, int node, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail_at(wr *r, int node, int code, const char *fmt, ...)
{
    if (r->rc) return r->rc;
    char path[1024], msg[512];
    path_of(r, node, path, sizeof path);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->rc = wa_fail(r->e, code, WA_NO_OFFSET, "%s: %s (SquashFS %u.%u)", path, msg, r->f->major,
                    r->f->minor);
    return r->rc;
}

static int oom(wr *r)
{
    if (!r->rc) r->rc = wa_fail(r->e, WA_E_NOMEM, WA_NO_OFFSET, "out of memory");
    return r->rc;
}

static size_t meta_hdr(const wr *r)
{
    return 2 + (size_t)(r->f->major < 4 && r->f->check);
}

static void meta_flush(wr *r, wmeta *m)
{
    if (!m->rawlen) return;
    size_t c = wc_run(&r->comp, m->raw, m->rawlen, r->cbuf, 2 * META_SIZE + 64);
    int stored = !c || c >= m->rawlen;
    const uint8_t *src = stored ? m->raw : r->cbuf;
    size_t len = stored ? m->rawlen : c;
    uint8_t h[3];
    put_int(h, 2, len | (stored ? 0x8000u : 0), r->be);
    h[2] = 0xff; /* the CHECK marker */
    wb_put(&m->out, h, meta_hdr(r));
    wb_put(&m->out, src, len);
    m->rawlen = 0;
}

static void meta_put(wr *r, wmeta *m, const uint8_t *p, size_t n)
{
    while (n) {
        size_t k = META_SIZE - m->rawlen < n ? META_SIZE - m->rawlen : n;
        memcpy(m->raw + m->rawlen, p, k);
        m->rawlen += k, p += k, n -= k;
        if (m->rawlen == META_SIZE) meta_flush(r, m);
    }
}

/* Where the next byte of m goes: (block offset from the table's start, offset in the block). */
static uint64_t meta_pos(const wmeta *m)
{
    return (uint64_t)m->out.len << 16 | m->rawlen;
}

/* A data or fragment block into the image; its size word (with the stored bit). */
static uint32_t data_block(wr *r, const uint8_t *p, size_t n)
{
    size_t c = wc_run(&r->comp, p, n, r->cbuf, 2 * r->f->block_size + 64);
    int stored = !c || c >= n;
    wb_put(&r->img, stored ? p : r->cbuf, stored ? n : c);
    size_t len = stored ? n : c;
    if (r->v == 1) /* 16-bit entries: bit 15 stored, and 0x8000 alone is a stored 32 KiB */
        return stored ? (len == 32768 ? 0x8000u : (uint32_t)len | 0x8000u) : (uint32_t)len;
    return (uint32_t)len | (stored ? BLK_UNCOMPRESSED : 0);
}

static void frag_flush(wr *r)
{
    if (!r->fraglen) return;
    uint64_t at = r->img.len;
    uint32_t sz = data_block(r, r->frag, r->fraglen);
    REC(&r->fents, 0, {64, at}, {32, sz});
    r->nfrags++;
    r->fraglen = 0;
}

static int write_data(wr *r, int i)
{
    const sqfs_wnode *x = &r->t[i];
    wino *w = &r->w[i];
    uint32_t bs = r->f->block_size;
    uint64_t tail = r->f->fragments && r->v >= 2 ? x->size % bs : 0, whole = x->size - tail;
    w->start = r->img.len;
    w->frag = NO_FRAG;
    w->nblocks = (uint32_t)((whole + bs - 1) / bs);
    if (x->size > UINT32_MAX) return fail_at(r, i, WA_E_USAGE, "a file of 4 GiB or more");
    if (w->nblocks && !(w->blocks = malloc(sizeof *w->blocks * w->nblocks))) return oom(r);
    for (uint32_t k = 0; k < w->nblocks; k++) {
        uint64_t at = (uint64_t)k * bs;
        size_t len = whole - at < bs ? (size_t)(whole - at) : bs;
        w->blocks[k] = data_block(r, x->data + at, len);
    }
    if (tail) {
        if (r->fraglen + tail > bs) frag_flush(r);
        w->frag = r->nfrags;
        w->frag_off = (uint32_t)r->fraglen;
        memcpy(r->frag + r->fraglen, x->data + whole, (size_t)tail);
        r->fraglen += (size_t)tail;
    }
    if (r->v != 3 && w->start > UINT32_MAX) return fail_at(r, i, WA_E_USAGE, "data past 4 GiB");
    return r->img.oom ? oom(r) : 0;
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

/* Node i's inode into the inode table. */
static int write_inode(wr *r, int i)
{
    const sqfs_wnode *x = &r->t[i];
    wino *w = &r->w[i];
    if (r->numbering) {
        w->ino = ++r->counter;
        w->state = 2;
        return 0;
    }
    int be = r->be, v = r->v;
    uint64_t type = type_of(x->mode), perm = x->mode & 07777, mtime = x->mtime;
    uint64_t uid = w->uidx, gid = w->gidx;
    wbuf b = {0};
    if (v == 1) {
        if (type >= 6) /* IPC: type 0, then the real type and the uid index's high bits */
            REC(&b, be, {4, 0}, {12, perm}, {4, uid % 16}, {4, gid}, {4, type}, {4, uid / 16});
        else
            REC(&b, be, {4, (type - 1) + uid / 16 * 5 + 1}, {12, perm}, {4, uid % 16}, {4, gid});
    } else if (v == 2) {
        REC(&b, be, {4, type}, {12, perm}, {8, uid}, {8, gid});
    } else if (v == 3) {
        REC(&b, be, {4, type}, {12, perm}, {8, uid}, {8, gid}, {32, mtime}, {32, w->ino});
    } else {
        REC(&b, be, {16, type}, {16, perm}, {16, uid}, {16, gid}, {32, mtime}, {32, w->ino});
    }
    uint32_t parent = i == 0 ? r->ninodes + 1 : r->w[x->parent].ino;
    switch (type) {
    case 1:
        if (v == 4)
            REC(&b, be, {32, w->dir_blk}, {32, w->nlink}, {16, w->dir_size + 3}, {16, w->dir_off},
                {32, parent});
        else if (v == 3)
            REC(&b, be, {32, w->nlink}, {19, w->dir_size + 3}, {13, w->dir_off}, {32, w->dir_blk},
                {32, parent});
        else
            REC(&b, be, {19, w->dir_size}, {13, w->dir_off}, {32, mtime}, {24, w->dir_blk});
        break;
    case 2:
        if (v == 1)
            REC(&b, be, {32, mtime}, {32, w->start}, {32, x->size});
        else if (v == 2)
            REC(&b, be, {32, mtime}, {32, w->start}, {32, w->frag}, {32, w->frag_off},
                {32, x->size});
        else if (v == 3)
            REC(&b, be, {64, w->start}, {32, w->frag}, {32, w->frag_off}, {32, x->size});
        else
            REC(&b, be, {32, w->start}, {32, w->frag}, {32, w->frag_off}, {32, x->size});
        for (uint32_t k = 0; k < w->nblocks; k++)
            REC(&b, be, {v == 1 ? 16u : 32u, w->blocks[k]});
        break;
    case 3:
        if (v == 4)
            REC(&b, be, {32, w->nlink}, {32, x->size});
        else if (v == 3)
            REC(&b, be, {32, w->nlink}, {16, x->size});
        else
            REC(&b, be, {16, x->size});
        wb_put(&b, x->data, (size_t)x->size);
        break;
    case 4:
    case 5:
        if (v == 4)
            REC(&b, be, {32, w->nlink},
                {32,
                 (x->rdev_minor & 0xffu) | x->rdev_major << 8 | (x->rdev_minor & ~0xffu) << 12});
        else if (v == 3)
            REC(&b, be, {32, w->nlink}, {16, x->rdev_major << 8 | x->rdev_minor});
        else
            REC(&b, be, {16, x->rdev_major << 8 | x->rdev_minor});
        break;
    default:
        if (v >= 3) REC(&b, be, {32, w->nlink});
    }
    if (b.oom) {
        free(b.b);
        return oom(r);
    }
    w->ref = meta_pos(&r->itab);
    if (v < 3 && w->ref >> 16 >= 1u << 24) {
        free(b.b);
        return fail_at(r, i, WA_E_USAGE, "the inode table passes 16 MiB");
    }
    meta_put(r, &r->itab, b.b, b.len);
    free(b.b);
    w->state = 2;
    return r->itab.out.oom ? oom(r) : 0;
}

/* Directory d's listing into the directory table, its entries' inodes written first. */
static int write_dir(wr *r, int d)
{
    wino *w = &r->w[d];
    w->state = 1;
    size_t a0 = r->kstart[d], a1 = r->kstart[d + 1];
    for (size_t a = a0; a < a1; a++) { /* subdirectories first, bottom-up */
        int k = target(r, r->kids[a].node);
        if (!S_ISDIR(r->t[k].mode) || r->w[k].state == 2) continue;
        if (r->w[k].state == 1)
            return fail_at(r, r->kids[a].node, WA_E_USAGE,
                           "a hard link to a directory above it (a loop) cannot be written");
        if (write_dir(r, k)) return r->rc;
    }
    for (size_t a = a0; a < a1; a++) {
        int k = target(r, r->kids[a].node);
        if (r->w[k].state != 2 && write_inode(r, k)) return r->rc;
    }
    if (!r->numbering) {
        wbuf b = {0};
        int be = r->be, v = r->v;
        for (size_t a = a0; a < a1;) {
            int first = target(r, r->kids[a].node);
            uint64_t blk = r->w[first].ref >> 16;
            int64_t base = r->w[first].ino;
            size_t end = a;
            while (end < a1 && end - a < 256) {
                const wino *y = &r->w[target(r, r->kids[end].node)];
                int64_t delta = (int64_t)y->ino - base;
                if (y->ref >> 16 != blk || (v >= 3 && (delta < -32768 || delta > 32767))) break;
                end++;
            }
            if (v == 4)
                REC(&b, be, {32, end - a - 1}, {32, blk}, {32, (uint64_t)base});
            else if (v == 3)
                REC(&b, be, {8, end - a - 1}, {32, blk}, {32, (uint64_t)base});
            else
                REC(&b, be, {8, end - a - 1}, {24, blk});
            for (; a < end; a++) {
                int node = r->kids[a].node, k = target(r, node);
                const wino *y = &r->w[k];
                const char *name = r->t[node].name;
                size_t nl = strlen(name);
                uint64_t type = type_of(r->t[k].mode), off = y->ref & 0xffff;
                uint64_t dino = (uint64_t)((int64_t)y->ino - base) & 0xffff;
                if (v == 4)
                    REC(&b, be, {16, off}, {16, dino}, {16, type}, {16, nl - 1});
                else if (v == 3)
                    REC(&b, be, {13, off}, {3, type}, {8, nl - 1}, {16, dino});
                else
                    REC(&b, be, {13, off}, {3, type}, {8, nl - 1});
                wb_put(&b, name, nl);
            }
        }
        if (b.oom) {
            free(b.b);
            return oom(r);
        }
        uint64_t pos = meta_pos(&r->dtab);
        w->dir_blk = pos >> 16;
        w->dir_off = (uint32_t)(pos & 0xffff);
        w->dir_size = (uint32_t)b.len;
        uint64_t limit = v == 4 ? 65535 - 3 : v == 3 ? (1u << 19) - 1 - 3 : (1u << 19) - 1;
        if (b.len > limit || (v < 3 && w->dir_blk >= 1u << 24)) {
            free(b.b);
            return fail_at(r, d, WA_E_USAGE,
                           "a listing of %zu bytes: more than this writer's directory inode "
                           "holds (%llu)",
                           b.len, (unsigned long long)limit);
        }
        meta_put(r, &r->dtab, b.b, b.len);
        free(b.b);
    }
    return write_inode(r, d);
}

static int cmp_kid(const void *a, const void *b)
{
    const kid *x = a, *y = b;
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    return strcmp(x->name, y->name);
}

static int id_index(uint32_t *tab, uint32_t *n, uint32_t max, uint32_t id)
{
    for (uint32_t i = 0; i < *n; i++)
        if (tab[i] == id) return (int)i;
    if (*n >= max) return -1;
    tab[*n] = id;
    return (int)(*n)++;
}

/* Check the tree against the format's limits; the entries of each directory, sorted; the
 * owners' tables. */
static int prepare(wr *r)
{
    const sqfs_wnode *t = r->t;
    size_t n = r->n;
    if (!n || !S_ISDIR(t[0].mode) || t[0].link)
        return wa_fail(r->e, WA_E_USAGE, WA_NO_OFFSET, "the tree's first node is not a directory");
    size_t *count = calloc(n + 1, sizeof *count);
    r->kstart = calloc(n + 1, sizeof *r->kstart);
    r->kids = calloc(n, sizeof *r->kids);
    r->w = calloc(n, sizeof *r->w);
    if (!count || !r->kstart || !r->kids || !r->w) {
        free(count);
        return oom(r);
    }
    int v = r->v;
    for (size_t i = 1; i < n; i++) {
        const sqfs_wnode *x = &t[i];
        int p = x->parent;
        if (p < 0 || (size_t)p >= n || !S_ISDIR(t[p].mode) || t[p].link ||
            (x->link && (x->link - 1 < 0 || (size_t)(x->link - 1) >= n || t[x->link - 1].link ||
                         (size_t)(x->link - 1) == i))) {
            free(count);
            return fail_at(r, (int)i, WA_E_USAGE, "not a place in the tree (parent %d, link %d)", p,
                           x->link);
        }
        size_t nl = strlen(x->name);
        if (!nl || nl > 256 || strchr(x->name, '/') || !strcmp(x->name, ".") ||
            !strcmp(x->name, "..")) {
            free(count);
            return fail_at(r, (int)i, WA_E_USAGE, "a name of %zu bytes that SquashFS cannot list",
                           nl);
        }
        count[p]++;
    }
    r->kstart[0] = 0;
    for (size_t d = 0; d < n; d++)
        r->kstart[d + 1] = r->kstart[d] + count[d];
    memset(count, 0, sizeof *count * (n + 1));
    for (size_t i = 1; i < n; i++) {
        int p = t[i].parent;
        r->kids[r->kstart[p] + count[p]++] = (kid){t[i].name, t[i].rank, (int)i};
    }
    free(count);
    for (size_t d = 0; d < n; d++)
        if (r->kstart[d + 1] > r->kstart[d])
            qsort(r->kids + r->kstart[d], r->kstart[d + 1] - r->kstart[d], sizeof *r->kids,
                  cmp_kid);
    /* owners, link counts, and what each inode can hold */
    uint32_t umax = v == 1 ? 48 : v < 4 ? 255 : 65536, gmax = v == 1 ? 15 : 255;
    for (size_t i = 0; i < n; i++) {
        const sqfs_wnode *x = &t[i];
        wino *w = &r->w[i];
        if (x->link) {
            r->w[x->link - 1].nlink++;
            if (S_ISDIR(t[x->link - 1].mode)) r->w[x->parent].nlink++;
            continue;
        }
        r->ninodes++;
        w->nlink += S_ISDIR(x->mode) ? 2 : 1;
        if (i && S_ISDIR(x->mode)) r->w[x->parent].nlink++;
        if (v < 4) {
            int u = id_index(r->ids, &r->nids, umax, x->uid);
            int g = x->gid == x->uid ? (int)gmax : id_index(r->gids, &r->ngids, gmax, x->gid);
            if (u < 0 || g < 0)
                return fail_at(r, (int)i, WA_E_USAGE,
                               "owner %u:%u: more than the %u owners or %u groups it holds", x->uid,
                               x->gid, umax, gmax);
            w->uidx = (uint32_t)u, w->gidx = (uint32_t)g;
            if ((S_ISCHR(x->mode) || S_ISBLK(x->mode)) &&
                (x->rdev_major > 255 || x->rdev_minor > 255))
                return fail_at(r, (int)i, WA_E_USAGE, "device %u,%u: numbers past 8 bits",
                               x->rdev_major, x->rdev_minor);
        } else {
            int u = id_index(r->ids, &r->nids, umax, x->uid);
            int g = id_index(r->ids, &r->nids, umax, x->gid);
            if (u < 0 || g < 0) return fail_at(r, (int)i, WA_E_USAGE, "more than 65536 ids");
            w->uidx = (uint32_t)u, w->gidx = (uint32_t)g;
            if ((S_ISCHR(x->mode) || S_ISBLK(x->mode)) &&
                (x->rdev_major > 4095 || x->rdev_minor > 0xfffff))
                return fail_at(r, (int)i, WA_E_USAGE, "device %u,%u: numbers too large",
                               x->rdev_major, x->rdev_minor);
        }
        if (S_ISLNK(x->mode) && (x->size > 4096 || !x->size || !x->data))
            return fail_at(r, (int)i, WA_E_USAGE, "a symlink target of %llu bytes",
                           (unsigned long long)x->size);
        if (S_ISREG(x->mode) && x->size && !x->data)
            return fail_at(r, (int)i, WA_E_USAGE, "a file without its contents");
    }
    return 0;
}

static int check_fmt(const sqfs_wfmt *f, wa_err *e)
{
    int ok_ver = (f->major == 1 && f->minor == 0) || (f->major == 2 && f->minor <= 1) ||
                 (f->major == 3 && f->minor <= 1) || (f->major == 4 && f->minor == 0) ||
                 (f->major == 3 && f->minor == 76) || (f->major == 2 && f->minor == 76);
    if (!ok_ver)
        return wa_fail(e, WA_E_UNSUPPORTED, WA_NO_OFFSET, "SquashFS %u.%u is not written", f->major,
                       f->minor);
    uint32_t bs = f->block_size, maxbs = f->major == 1 ? 32768 : 1u << 20;
    if (bs < 4096 || bs > maxbs || (bs & (bs - 1)))
        return wa_fail(e, WA_E_UNSUPPORTED, WA_NO_OFFSET,
                       "block size %u: SquashFS %u.%u takes a power of two in 4 KiB-%u KiB", bs,
                       f->major, f->minor, maxbs >> 10);
    if (f->major == 4 ? f->compression < DECOMP_GZIP || f->compression > DECOMP_ZSTD
                      : f->compression != DECOMP_LEGACY || f->variant < DECOMP_V_ZLIB ||
                            f->variant > DECOMP_V_LZMA_RAW)
        return wa_fail(e, WA_E_UNSUPPORTED, WA_NO_OFFSET,
                       "SquashFS %u.%u with %s: the writer has zlib and the LZMA variants for "
                       "1.x-3.x, gzip, lzma, lzo, xz, lz4 and zstd for 4.0",
                       f->major, f->minor, decomp_name(f->compression));
    return 0;
}

static uint64_t log2u(uint32_t v)
{
    uint64_t l = 0;
    while ((1u << l) < v)
        l++;
    return l;
}

/* The fragment table: entries in metadata blocks, then the index of those blocks. Returns the
 * index's offset. */
static uint64_t write_frag_table(wr *r)
{
    int v = r->v;
    size_t esz = v == 2 ? 8 : 16;
    wmeta *m = calloc(1, sizeof *m);
    if (!m) return oom(r), 0;
    wbuf idx = {0};
    for (uint32_t i = 0; i < r->nfrags; i++) {
        const uint8_t *p = r->fents.b + 12 * i; /* written little-endian: (64, 32) */
        uint64_t at = rd_le64(p);
        uint32_t sz = rd_le32(p + 8);
        uint8_t ent[16] = {0};
        if (v == 2)
            put_int(ent, 4, at, r->be), put_int(ent + 4, 4, sz, r->be);
        else
            put_int(ent, 8, at, r->be), put_int(ent + 8, 4, sz, r->be);
        if (m->rawlen == 0) { /* a new block: its place goes into the index */
            uint8_t ptr[8];
            put_int(ptr, v == 2 ? 4 : 8, r->img.len + m->out.len, r->be);
            wb_put(&idx, ptr, v == 2 ? 4 : 8);
        }
        meta_put(r, m, ent, esz);
    }
    meta_flush(r, m);
    wb_put(&r->img, m->out.b, m->out.len);
    uint64_t at = r->img.len;
    wb_put(&r->img, idx.b, idx.len);
    if (m->out.oom || idx.oom) oom(r);
    free(m->out.b);
    free(m);
    free(idx.b);
    return at;
}

/* 1.x-3.x: a table of ids as plain integers. */
static void put_ids(wr *r, const uint32_t *ids, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        uint8_t id[4];
        put_int(id, 4, ids[i], r->be);
        wb_put(&r->img, id, 4);
    }
}

/* The superblock's place with what every version has there: the magic and the inode count;
 * NULL when the image ran out of memory. */
static uint8_t *superblock(wr *r)
{
    if (r->img.oom) return oom(r), NULL;
    uint8_t *s = r->img.b;
    memcpy(s, r->f->magic[0] ? r->f->magic : r->be ? "sqsh" : "hsqs", 4);
    put_int(s + 4, 4, r->ninodes, r->be);
    return s;
}

int sqfs_write(const sqfs_wfmt *f, const sqfs_wnode *t, size_t n, uint8_t **out, size_t *len,
               wa_err *e)
{
    if (check_fmt(f, e)) return e ? e->code : WA_E_UNSUPPORTED;
    wr *r = calloc(1, sizeof *r);
    if (!r) return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "out of memory");
    *r = (wr){.f = f, .t = t, .n = n, .be = f->big_endian, .v = (int)f->major, .e = e};
    r->comp = (wcomp){f, LZMA_STREAM_INIT, NULL};
    uint32_t bs = f->block_size;
    r->cbuf = malloc(2 * (bs > META_SIZE ? bs : META_SIZE) + 64);
    r->frag = malloc(bs);
    uint64_t sb = f->major == 4 ? 96 : f->major == 3 ? 128 : 64, ino_start = 0, dir_start = 0;
    if (!r->cbuf || !r->frag) {
        oom(r);
        goto out;
    }
    if (prepare(r)) goto out;
    /* the superblock's place, zeros until it is written (1.x and 2.x: at least the 63 bytes a
     * 2.0 kernel with 1.0 compatibility reads as its superblock) */
    if (!wb_room(&r->img, sb)) {
        oom(r);
        goto out;
    }
    memset(r->img.b, 0, sb);
    r->img.len = sb;
    /* lz4: mksquashfs always writes its options (version 1, LZ4_LEGACY; no flags) in an
     * uncompressed metadata block after the superblock, and Linux refuses an lz4 image
     * without them */
    int lz4_opts = f->major == 4 && f->compression == DECOMP_LZ4;
    if (lz4_opts) {
        uint8_t o[10];
        put_int(o, 2, 0x8000 | 8, r->be);
        put_int(o + 2, 4, 1, r->be);
        put_int(o + 6, 4, 0, r->be);
        wb_put(&r->img, o, sizeof o);
    }
    for (size_t i = 0; i < n; i++)
        if (!t[i].link && S_ISREG(t[i].mode) && write_data(r, (int)i)) goto out;
    frag_flush(r);
    /* inode numbers first (a directory's inode names its parent's), then the tables */
    r->numbering = 1;
    if (write_dir(r, 0)) goto out;
    for (size_t i = 0; i < n; i++)
        r->w[i].state = 0;
    r->numbering = 0;
    if (write_dir(r, 0)) goto out;
    meta_flush(r, &r->itab);
    meta_flush(r, &r->dtab);
    if (r->itab.out.oom || r->dtab.out.oom) {
        oom(r);
        goto out;
    }
    ino_start = r->img.len;
    wb_put(&r->img, r->itab.out.b, r->itab.out.len);
    dir_start = r->img.len;
    wb_put(&r->img, r->dtab.out.b, r->dtab.out.len);
    /* without fragments the index is empty and starts where the next table does, as
     * mksquashfs 2.x and 3.x wrote it (unsquashfs refuses any other start) */
    uint64_t frag_idx = r->nfrags ? write_frag_table(r) : r->img.len;
    if (r->rc) goto out;
    uint64_t root = r->w[0].ref;
    int be = r->be;
    uint8_t *s;
    if (f->major == 4) {
        if (r->nids > META_SIZE / 4) { /* one metadata block of ids, one index entry */
            r->rc = wa_fail(e, WA_E_USAGE, WA_NO_OFFSET, "more than %u owners and groups",
                            META_SIZE / 4);
            goto out;
        }
        wmeta *m = calloc(1, sizeof *m);
        if (!m) {
            oom(r);
            goto out;
        }
        for (uint32_t i = 0; i < r->nids; i++) {
            uint8_t id[4];
            put_int(id, 4, r->ids[i], be);
            meta_put(r, m, id, 4); /* 4.0: in a metadata block */
        }
        meta_flush(r, m);
        uint64_t blk = r->img.len;
        wb_put(&r->img, m->out.b, m->out.len);
        free(m->out.b);
        free(m);
        uint64_t id_idx = r->img.len;
        uint8_t ptr[8];
        put_int(ptr, 8, blk, be);
        wb_put(&r->img, ptr, 8);
        if (!(s = superblock(r))) goto out;
        put_int(s + 8, 4, f->mkfs_time, be);
        put_int(s + 12, 4, bs, be);
        put_int(s + 16, 4, r->nfrags, be);
        put_int(s + 20, 2, (uint64_t)f->compression, be);
        put_int(s + 22, 2, log2u(bs), be);
        /* NO_XATTR, NO_FRAG, COMP_OPT */
        put_int(s + 24, 2, 0x200 | (r->nfrags ? 0 : 0x10) | (lz4_opts ? 0x400 : 0), be);
        put_int(s + 26, 2, r->nids, be);
        put_int(s + 28, 2, 4, be);
        put_int(s + 30, 2, f->minor, be);
        put_int(s + 32, 8, root, be);
        put_int(s + 40, 8, r->img.len, be);
        put_int(s + 48, 8, id_idx, be);
        put_int(s + 56, 8, UINT64_MAX, be); /* no xattrs */
        put_int(s + 64, 8, ino_start, be);
        put_int(s + 72, 8, dir_start, be);
        put_int(s + 80, 8, frag_idx, be);
        put_int(s + 88, 8, UINT64_MAX, be); /* not exportable */
    } else {
        uint64_t uid_start = r->img.len;
        put_ids(r, r->ids, r->nids);
        /* no groups: the start 0, as mksquashfs wrote it (unsquashfs checks) */
        uint64_t gid_start = r->ngids ? r->img.len : 0;
        put_ids(r, r->gids, r->ngids);
        if (!(s = superblock(r))) goto out;
        put_int(s + 28, 2, f->major, be);
        put_int(s + 30, 2, f->minor, be);
        put_int(s + 34, 2, log2u(bs), be);
        /* NOI, NOD and NOF clear: inodes, data and fragments compressed; CHECK; NO_FRAG */
        s[36] = (uint8_t)((f->check ? 4 : 0) | (f->major >= 2 && !r->nfrags ? 0x10 : 0));
        s[37] = (uint8_t)r->nids;
        s[38] = (uint8_t)r->ngids;
        put_int(s + 39, 4, f->mkfs_time, be);
        put_int(s + 43, 8, root, be);
        if (f->major < 3) {
            if (r->img.len > UINT32_MAX) {
                r->rc = wa_fail(e, WA_E_USAGE, WA_NO_OFFSET, "an image of 4 GiB or more");
                goto out;
            }
            put_int(s + 8, 4, r->img.len, be);
            put_int(s + 12, 4, uid_start, be);
            put_int(s + 16, 4, gid_start, be);
            put_int(s + 20, 4, ino_start, be);
            put_int(s + 24, 4, dir_start, be);
            if (f->major == 1)
                put_int(s + 32, 2, bs, be);
            else
                put_int(s + 51, 4, bs, be), put_int(s + 55, 4, r->nfrags, be),
                    put_int(s + 59, 4, frag_idx, be);
        } else {
            put_int(s + 51, 4, bs, be);
            put_int(s + 55, 4, r->nfrags, be);
            put_int(s + 63, 8, r->img.len, be);
            put_int(s + 71, 8, uid_start, be);
            put_int(s + 79, 8, gid_start, be);
            put_int(s + 87, 8, ino_start, be);
            put_int(s + 95, 8, dir_start, be);
            put_int(s + 103, 8, frag_idx, be);
            put_int(s + 111, 8, UINT64_MAX, be); /* not exportable */
        }
    }
    if (f->pad > 1 && r->img.len % f->pad) {
        size_t k = f->pad - r->img.len % f->pad;
        uint8_t *z = wb_room(&r->img, k);
        if (!z) {
            oom(r);
            goto out;
        }
        memset(z, 0, k);
        r->img.len += k;
    }
out:;
    int rc = r->rc;
    if (!rc) {
        *out = r->img.b;
        *len = r->img.len;
    } else {
        free(r->img.b);
    }
    if (r->w)
        for (size_t i = 0; i < n; i++)
            free(r->w[i].blocks);
    free(r->w);
    free(r->kids);
    free(r->kstart);
    free(r->itab.out.b);
    free(r->dtab.out.b);
    free(r->fents.b);
    free(r->cbuf);
    free(r->frag);
    wc_end(&r->comp);
    free(r);
    return rc;
}
