/* sqfs_writer.h: the SquashFS tests' example tree and how they write it: the tree as nodes
 * (uid u is 1000 + u, its gid the same, mtime 1000000 + its index), and write_image, which
 * gives it to the writer (loaders/squashfs_write.c) in a version, byte order and compression
 * named the way the tests name them, with 4 KiB blocks. Used by test_squashfs_legacy.c,
 * test_squashfs_v4.c (written, then read back) and mklegacy.c (the legacy root file systems
 * of the example images). Static functions: include it once. */
#ifndef WA_SQFS_WRITER_H
#define WA_SQFS_WRITER_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "squashfs_write.h"

#define SQW_MUST(x)                                                                                \
    do {                                                                                           \
        if (!(x)) {                                                                                \
            fprintf(stderr, "sqfs_writer: %s failed\n", #x);                                       \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

struct node {
    const char *name;
    uint32_t mode;    /* S_IF* | perms */
    const char *data; /* file contents or link target */
    size_t size;
    uint32_t rdev_major, rdev_minor, uid;
    int parent; /* index, -1 for the root */
    int order;  /* listed before (< 0) or after its siblings, whatever its name */
    int alias;  /* > 0: listed as node alias - 1 (its inode, its type): a hard link */
};

struct img {
    uint8_t *b;
    size_t len;
    int lzma, be;
};

/* lzma: 0 zlib (gzip for 4.0), 1 sqlzma (LZMA-alone, "size unknown", its own magic), 2
 * lzma-alt (5-byte header + raw stream), 3 the zlib-compatible wrapper (raw stream, lc=3 lp=0
 * pb=2, 8 MiB dictionary), 4 DD-WRT (pb, lc, lp, 0, raw stream), 5 lzma-alt after 4 bytes of
 * cruft; for 4.0 (compression id 2) SQW_LZMA4, squashfs-tools' LZMA-alone header with the
 * uncompressed size filled in, and SQW_OPENWRT, OpenWrt's 5-byte header (lc=1 lp=2 pb=2,
 * 8 MiB dictionary) and a raw stream without an end marker, as the LZMA SDK's LzmaCompress
 * writes it. All but OpenWrt's end with an end marker, as liblzma's encoders write them. */
#define SQW_LZMA4 6
#define SQW_OPENWRT 7
static sqfs_wfmt sqw_format(int major, int minor, int be, int lzma, int check, int frags)
{
    sqfs_wfmt f;
    sqfs_wfmt_default(&f, (unsigned)major, (unsigned)minor, be);
    f.block_size = 4096;
    f.check = check && major < 4;
    f.fragments = frags && major >= 2;
    f.mkfs_time = 777777;
    f.lzma.end_marker = 1;
    static const int variants[] = {DECOMP_V_ZLIB,     DECOMP_V_SQLZMA, DECOMP_V_LZMA_ALT,
                                   DECOMP_V_LZMA_RAW, DECOMP_V_DDWRT,  DECOMP_V_LZMA_ALT4};
    if (major == 4) {
        f.compression = lzma ? DECOMP_LZMA : DECOMP_GZIP;
        f.variant = lzma == SQW_OPENWRT ? DECOMP_V_LZMA4_OPENWRT : DECOMP_V_LZMA4_ALONE;
    } else if (lzma > 0 && lzma < 6) {
        f.variant = variants[lzma];
    }
    if (lzma == 1) {
        f.lzma.size_in_header = 0;
        memcpy(f.magic, be ? "qshs" : "shsq", 4); /* sqlzma's own magic */
    }
    if (lzma == 4) f.lzma.lc = 1, f.lzma.lp = 1, f.lzma.pb = 1;
    if (lzma == 5) memcpy(f.lzma.prefix, "\x11\x22\x33\x44", 4), f.lzma.nprefix = 4;
    if (lzma == SQW_OPENWRT) f.lzma.lc = 1, f.lzma.lp = 2, f.lzma.pb = 2, f.lzma.end_marker = 0;
    return f;
}

/* One block as an image of m's kind writes it (4.0 when m->lzma is SQW_LZMA4 or
 * SQW_OPENWRT, else legacy). */
__attribute__((unused)) static size_t compress_block(const struct img *m, const uint8_t *in,
                                                     size_t n, uint8_t *out)
{
    int v4 = m->lzma == SQW_LZMA4 || m->lzma == SQW_OPENWRT;
    sqfs_wfmt f = sqw_format(v4 ? 4 : 3, v4 ? 0 : 1, 0, m->lzma, 0, 1);
    size_t c = sqfs_wcompress(&f, in, n, out);
    SQW_MUST(c > 0);
    return c;
}

static struct img write_image(int major, int minor, int be, int lzma, int check, int frags,
                              struct node *t, int n)
{
    sqfs_wfmt f = sqw_format(major, minor, be, lzma, check, frags);
    sqfs_wnode *w = calloc((size_t)n, sizeof *w);
    SQW_MUST(w);
    for (int i = 0; i < n; i++)
        w[i] = (sqfs_wnode){.name = t[i].name,
                            .mode = t[i].mode,
                            .uid = 1000 + t[i].uid,
                            .gid = 1000 + t[i].uid,
                            .mtime = 1000000 + (uint32_t)i,
                            .rdev_major = t[i].rdev_major,
                            .rdev_minor = t[i].rdev_minor,
                            .data = (const uint8_t *)t[i].data,
                            .size = t[i].size,
                            .parent = t[i].parent,
                            .link = t[i].alias,
                            .rank = t[i].order};
    struct img m = {.lzma = lzma, .be = be};
    wa_err e = {0};
    if (sqfs_write(&f, w, (size_t)n, &m.b, &m.len, &e)) {
        fprintf(stderr, "sqfs_writer: %s\n", e.msg);
        abort();
    }
    free(w);
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
