/* squashfs_wfmt.c: the format an image was written in, as the writer needs it to write another
 * like it (squashfs_write.h): the superblock's facts, and which compressor variant with which
 * header the first compressed metadata block shows (the reader's decoder tells the variant;
 * the header's bytes the properties; a trial decode whether the stream has an end marker). */
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bytes.h"
#include "squashfs_int.h"
#include "squashfs_write.h"

void sqfs_wfmt_default(sqfs_wfmt *f, unsigned major, unsigned minor, int big_endian)
{
    memset(f, 0, sizeof *f);
    f->major = major, f->minor = minor, f->big_endian = big_endian;
    f->compression = major >= 4 ? DECOMP_GZIP : DECOMP_LEGACY;
    f->variant = major >= 4 ? DECOMP_V_LZMA4_ALONE : DECOMP_V_ZLIB;
    f->lzma = (sqfs_wlzma){.lc = 3, .lp = 0, .pb = 2, .dict = 1u << 23, .size_in_header = 1};
    f->block_size = major == 1 ? 32768 : major == 2 ? 65536 : 131072;
    f->fragments = major >= 2;
    f->pad = 4096;
}

/* Whether the raw LZMA1 stream at p (n bytes at most) that gives want bytes ends with an end
 * marker: decoded, it stops by itself right there. */
static int has_end_marker(const uint8_t *p, size_t n, const sqfs_wlzma *z, size_t want)
{
    lzma_options_lzma o = {.dict_size = 1u << 20, .lc = z->lc, .lp = z->lp, .pb = z->pb};
    lzma_filter f[2] = {{LZMA_FILTER_LZMA1, &o}, {LZMA_VLI_UNKNOWN, NULL}};
    lzma_stream s = LZMA_STREAM_INIT;
    uint8_t *out = malloc(want + 1);
    if (!out || lzma_raw_decoder(&s, f) != LZMA_OK) {
        free(out);
        return 0;
    }
    s.next_in = p, s.avail_in = n, s.next_out = out, s.avail_out = want + 1;
    lzma_ret r = lzma_code(&s, LZMA_RUN);
    size_t got = want + 1 - s.avail_out;
    lzma_end(&s);
    free(out);
    return r == LZMA_STREAM_END && got == want;
}

static void set_props(sqfs_wlzma *z, unsigned props)
{
    z->lc = props % 9, z->lp = props / 9 % 5, z->pb = props / 45;
}

/* The LZMA header of the block at p (at most n bytes, giving want) in variant v: properties,
 * dictionary, size, prefix, end marker. */
static void lzma_params(int v, const uint8_t *p, size_t n, size_t want, sqfs_wlzma *z)
{
    size_t at = 0;
    *z = (sqfs_wlzma){.lc = 3, .lp = 0, .pb = 2, .dict = 1u << 23};
    switch (v) {
    case DECOMP_V_SQLZMA:
    case -1: /* 4.0 alone */
        set_props(z, p[0]);
        z->dict = rd_le32(p + 1);
        z->size_in_header = rd_le64(p + 5) != UINT64_MAX;
        at = 13;
        break;
    case DECOMP_V_LZMA_ALT:
    case -2: /* 4.0 OpenWrt */
        set_props(z, p[0]);
        z->dict = rd_le32(p + 1);
        at = 5;
        break;
    case DECOMP_V_LZMA_ALT4:
        memcpy(z->prefix, p, 4), z->nprefix = 4;
        set_props(z, p[4]);
        z->dict = rd_le32(p + 5);
        at = 9;
        break;
    case DECOMP_V_DDWRT:
        z->pb = p[0], z->lc = p[1], z->lp = p[2];
        at = 4;
        break;
    case DECOMP_V_LZMA_RAW:
        if (n > 4 && !memcmp(p, "7zip", 4)) memcpy(z->prefix, p, 4), z->nprefix = 4, at = 4;
        break;
    }
    z->end_marker = at < n && has_end_marker(p + at, n - at, z, want);
}

static void set_variant(sqfs_wfmt *f, int v, const uint8_t *p, size_t n, size_t want)
{
    if (f->compression == DECOMP_LEGACY) {
        f->variant = v;
        if (v != DECOMP_V_ZLIB) lzma_params(v, p, n, want, &f->lzma);
    } else if (f->compression == DECOMP_LZMA) {
        f->variant = v == DECOMP_V_LZMA4_OPENWRT ? v : DECOMP_V_LZMA4_ALONE;
        lzma_params(f->variant == DECOMP_V_LZMA4_OPENWRT ? -2 : -1, p, n, want, &f->lzma);
    }
}

/* Files read until one has a compressed block: the reader's block cache then holds it (where
 * it is, what it gave) and its decoder the variant. */
typedef struct probe {
    sqfs *fs;
    int depth, budget, found;
    uint64_t at;
    size_t out;
} probe;

static int probe_fn(void *ctx, const char *name, sqfs_ref ref, uint32_t mode)
{
    probe *p = ctx;
    (void)name, (void)mode;
    if (p->found || p->budget-- <= 0) return 1;
    sqfs_attr a;
    if (sqfs_stat(p->fs, ref, &a, NULL)) return 0;
    if (S_ISREG(a.mode) && a.size) {
        uint8_t c;
        size_t got;
        sqfs_read(p->fs, ref, 0, &c, 1, &got, NULL);
        for (uint32_t i = 0; i < p->fs->ncache; i++)
            if (p->fs->cache[i].data && p->fs->cache[i].used) {
                p->found = 1, p->at = p->fs->cache[i].at, p->out = p->fs->cache[i].len;
                return 1;
            }
    } else if (S_ISDIR(a.mode) && p->depth < 16) {
        p->depth++;
        sqfs_readdir(p->fs, ref, probe_fn, p, NULL);
        p->depth--;
    }
    return p->found;
}

int sqfs_wfmt_of(sqfs *fs, sqfs_wfmt *f, wa_err *e)
{
    const sqfs_info *in = &fs->info;
    sqfs_wfmt_default(f, in->major, in->minor, in->big_endian);
    memcpy(f->magic, fs->buf, 4);
    f->block_size = in->block_size;
    if (in->major >= 4) {
        f->compression = in->compression;
        f->fragments = !(sq16(fs, fs->buf + 24) & 0x10);
        f->mkfs_time = sq32(fs, fs->buf + 8);
        if (f->compression < DECOMP_GZIP || f->compression > DECOMP_ZSTD)
            return wa_fail(e, WA_E_UNSUPPORTED, 20, "SquashFS 4.0 compressor %d is not written",
                           f->compression);
        /* the others than gzip and lzma: no variant, and their options are mksquashfs's
         * defaults (an image's own options are not carried over) */
        if (f->compression != DECOMP_GZIP && f->compression != DECOMP_LZMA) return 0;
    } else {
        f->check = fs->check;
        f->fragments = in->major >= 2 && !(fs->buf[36] & 0x10);
        f->mkfs_time = sq32(fs, fs->buf + 39);
    }
    /* the first compressed metadata block: its variant and header */
    const table *tabs[2] = {&fs->inodes, &fs->dirs};
    size_t hdr = 2 + (size_t)(in->major < 4 && fs->check);
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < tabs[k]->n; i++) {
            uint64_t at = tabs[k]->start + tabs[k]->disk[i];
            uint16_t h = sq16(fs, fs->buf + at);
            size_t len = h & 0x7fff;
            if (h & 0x8000 || !in_bounds(fs->len, at + hdr, len)) continue;
            const uint8_t *p = fs->buf + at + hdr;
            decomp d;
            decomp_init(&d, f->compression);
            if (in->minor == 76) d.variant = DECOMP_V_LZMA_RAW;
            uint8_t out[META_SIZE];
            size_t got;
            int rc = decomp_run(&d, p, len, out, sizeof out, &got, e);
            int v = d.variant;
            decomp_free(&d);
            if (rc) {
                wa_err_prefix(e, "metadata block at 0x%llx: ", (unsigned long long)at);
                return rc;
            }
            set_variant(f, v, p, len, got);
            return WA_OK;
        }
    /* no metadata compressed (mksquashfs -noI, small tables): the first data block that is */
    probe pr = {.fs = fs, .budget = 4096};
    sqfs_readdir(fs, sqfs_root(fs), probe_fn, &pr, NULL);
    if (pr.found) {
        set_variant(f, fs->dec.variant, fs->buf + pr.at, fs->len - pr.at, pr.out);
        return WA_OK;
    }
    /* nothing compressed: what the superblock says */
    if (f->compression == DECOMP_LEGACY) {
        if (in->minor == 76)
            f->variant = DECOMP_V_LZMA_RAW, f->lzma.end_marker = 1;
        else if (!memcmp(f->magic, "shsq", 4) || !memcmp(f->magic, "qshs", 4))
            f->variant = DECOMP_V_SQLZMA;
    }
    return WA_OK;
}

void sqfs_wfmt_describe(const sqfs_wfmt *f, char *buf, size_t cap)
{
    static const char *const vnames[] = {
        "zlib",          "lzma (sqlzma)", "lzma (lzma-alt)", "lzma (lzma-alt after 4 bytes)",
        "lzma (DD-WRT)", "lzma (raw)"};
    const sqfs_wlzma *z = &f->lzma;
    char comp[160];
    int lz = f->compression == DECOMP_LZMA ||
             (f->compression == DECOMP_LEGACY && f->variant != DECOMP_V_ZLIB);
    const char *name =
        f->compression == DECOMP_GZIP ? "gzip"
        : f->compression == DECOMP_LZMA
            ? (f->variant == DECOMP_V_LZMA4_OPENWRT ? "lzma (OpenWrt)" : "lzma (LZMA-alone)")
        : f->compression != DECOMP_LEGACY                    ? decomp_name(f->compression)
        : f->variant >= 0 && f->variant <= DECOMP_V_LZMA_RAW ? vnames[f->variant]
                                                             : "?";
    if (lz)
        snprintf(comp, sizeof comp, "%s: lc=%u lp=%u pb=%u, dictionary %u KiB%s%s", name, z->lc,
                 z->lp, z->pb, z->dict >> 10,
                 z->size_in_header &&
                         (f->compression == DECOMP_LZMA ? f->variant != DECOMP_V_LZMA4_OPENWRT
                                                        : f->variant == DECOMP_V_SQLZMA)
                     ? ", size in header"
                     : "",
                 z->end_marker ? ", end marker" : ", no end marker");
    else
        snprintf(comp, sizeof comp, "%s", name);
    snprintf(buf, cap, "SquashFS %u.%u '%.4s' %s-endian, %s, %u KiB blocks%s%s", f->major, f->minor,
             f->magic[0] ? f->magic : (f->big_endian ? "sqsh" : "hsqs"),
             f->big_endian ? "big" : "little", comp, f->block_size >> 10,
             f->fragments ? ", fragments" : "", f->check ? ", check bytes" : "");
}
