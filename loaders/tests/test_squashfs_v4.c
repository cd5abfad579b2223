/* test_squashfs_v4.c: SquashFS 4.0 images written by the test writer (sqfs_writer.h), read
 * back by the reader and, where it reads them, by unsquashfs (an independent reader): the
 * listings must be equal line by line and every file's bytes the tree's. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "decomp.h"
#include "squashfs.h"

#include "sqfs_check.h"
#include "testutil.h"

/* A scratch directory for image files, removed at the end of the test. */
struct scratch {
    char dir[32], img[64];
};

static void scratch_make(struct scratch *s)
{
    snprintf(s->dir, sizeof s->dir, "/tmp/wa-sqfs4-XXXXXX");
    cr_assert(mkdtemp(s->dir));
    snprintf(s->img, sizeof s->img, "%s/img", s->dir);
}

static void scratch_remove(struct scratch *s)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->dir);
    run(cmd, NULL);
}

/* Open m, compare its listing with want and its tree with t. */
static void expect_image(const struct img *m, const char *want, const struct node *t, int n,
                         int comp, const char *what)
{
    sqfs *fs;
    wa_err e = {0};
    cr_assert_eq(sqfs_open(&fs, m->b, m->len, NULL, &e), WA_OK, "%s: %s", what, e.msg);
    const sqfs_info *in = sqfs_get_info(fs);
    cr_expect_eq(in->major, 4u, "%s", what);
    cr_expect_eq(in->big_endian, m->be, "%s", what);
    cr_expect_eq(in->compression, comp, "%s", what);
    int rc;
    char *got = sqfs_listing(fs, &rc, &e);
    cr_expect_eq(rc, WA_OK, "%s: %s", what, e.msg);
    expect_same_listing(got, want, what);
    check_tree(fs, t, n, what);
    free(got);
    sqfs_close(fs);
}

Test(squashfs_v4, writer_images_read_as_unsquashfs_reads_them)
{
    struct scratch s;
    scratch_make(&s);
    static const int comps[] = {0, SQW_LZMA4};
    for (int c = 0; c < 2; c++)
        for (int frag = 0; frag < 2; frag++) {
            char what[64];
            snprintf(what, sizeof what, "4.0 LE %s%s", comps[c] ? "lzma" : "gzip",
                     frag ? " fragments" : "");
            struct node t[32];
            int n = tree(t);
            struct img m = write_image(4, 0, 0, comps[c], 0, frag, t, n);
            spill(s.img, m.b, m.len);
            char *want = unsquashfs_listing(s.img, NULL);
            cr_assert(want, "%s: unsquashfs refuses it", what);
            expect_image(&m, want, t, n, comps[c] ? DECOMP_LZMA : DECOMP_GZIP, what);
            expect_unsquashfs_contents(s.img, t, n, what);
            free(want);
            free(m.b);
        }
    scratch_remove(&s);
}

/* An empty root: no directory table at all (mksquashfs writes the fragment and export tables
 * where it would start). */
Test(squashfs_v4, an_empty_root_lists_empty)
{
    struct scratch s;
    scratch_make(&s);
    struct node t[32];
    tree(t);
    struct img m = write_image(4, 0, 0, 0, 0, 1, t, 1);
    spill(s.img, m.b, m.len);
    char *want = unsquashfs_listing(s.img, NULL);
    cr_assert(want, "unsquashfs refuses it");
    expect_image(&m, want, t, 1, DECOMP_GZIP, "empty 4.0");
    free(want);
    free(m.b);
    /* and mksquashfs's own empty image */
    char cmd[256];
    snprintf(cmd, sizeof cmd, "mkdir '%s/empty' && mksquashfs '%s/empty' '%s' -noappend -quiet",
             s.dir, s.dir, s.img);
    cr_assert_eq(run(cmd, NULL), 0, "%s", cmd);
    size_t n;
    uint8_t *b = slurp(s.img, &n);
    sqfs *fs;
    wa_err e = {0};
    cr_assert_eq(sqfs_open(&fs, b, n, NULL, &e), WA_OK, "%s", e.msg);
    int rc;
    char *got = sqfs_listing(fs, &rc, &e);
    cr_expect_eq(rc, WA_OK, "%s", e.msg);
    want = unsquashfs_listing(s.img, NULL);
    expect_same_listing(got, want, "mksquashfs's empty 4.0");
    free(got);
    free(want);
    free(b);
    sqfs_close(fs);
    scratch_remove(&s);
}

/* OpenWrt's 4.0 "lzma" of the 2.6.3x era: each block a 5-byte header (properties lc=1 lp=2
 * pb=2, an 8 MiB dictionary) and a raw stream without an end marker, no uncompressed size
 * (failed with "lzma: damaged raw stream"). unsquashfs 4.5.1 cannot read it ("lzma
 * uncompress failed"): the listing must be the one it gives for the same tree in gzip. */
Test(squashfs_v4, openwrt_lzma_blocks_without_a_size)
{
    struct scratch s;
    scratch_make(&s);
    for (int frag = 0; frag < 2; frag++) {
        char what[64];
        snprintf(what, sizeof what, "4.0 LE OpenWrt lzma%s", frag ? " fragments" : "");
        struct node t[32];
        int n = tree(t);
        struct img gz = write_image(4, 0, 0, 0, 0, frag, t, n);
        spill(s.img, gz.b, gz.len);
        char *want = unsquashfs_listing(s.img, NULL);
        cr_assert(want, "%s: unsquashfs refuses the gzip twin", what);
        struct img m = write_image(4, 0, 0, SQW_OPENWRT, 0, frag, t, n);
        /* the writer's first data block, right after the 96-byte superblock */
        cr_expect(!memcmp(m.b + 96, "\x6d\x00\x00\x80\x00", 5), "%s: block header", what);
        expect_image(&m, want, t, n, DECOMP_LZMA, what);
        free(want);
        free(m.b);
        free(gz.b);
    }
    scratch_remove(&s);
}

/* squashfs-tools' own 4.0 lzma (the LZMA-alone header with the size filled in) still reads:
 * mksquashfs -comp lzma of a small tree, against unsquashfs and the files themselves. */
Test(squashfs_v4, mksquashfs_lzma_reads_as_unsquashfs_reads_it)
{
    struct scratch s;
    scratch_make(&s);
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && mkdir -p t/d/e && seq 1 30000 > t/d/seq && printf x > t/x && "
             "ln -s d/seq t/l && mksquashfs t '%s' -comp lzma -b 16384 -noappend -quiet",
             s.dir, s.img);
    cr_assert_eq(run(cmd, NULL), 0, "%s", cmd);
    size_t n;
    uint8_t *b = slurp(s.img, &n);
    sqfs *fs;
    wa_err e = {0};
    cr_assert_eq(sqfs_open(&fs, b, n, NULL, &e), WA_OK, "%s", e.msg);
    cr_expect_eq(sqfs_get_info(fs)->compression, DECOMP_LZMA);
    int rc;
    char *got = sqfs_listing(fs, &rc, &e), *want = unsquashfs_listing(s.img, NULL);
    cr_expect_eq(rc, WA_OK, "%s", e.msg);
    expect_same_listing(got, want, "mksquashfs -comp lzma");
    char path[96];
    snprintf(path, sizeof path, "%s/t/d/seq", s.dir);
    size_t sn, got_n;
    uint8_t *seq = slurp(path, &sn), *buf = malloc(sn + 1);
    sqfs_ref r;
    cr_assert_eq(sqfs_lookup(fs, "/l", 1, &r, &e), WA_OK, "%s", e.msg);
    cr_assert_eq(sqfs_read(fs, r, 0, buf, sn + 1, &got_n, &e), WA_OK, "%s", e.msg);
    cr_expect(got_n == sn && !memcmp(buf, seq, sn), "/d/seq differs");
    free(buf);
    free(seq);
    free(got);
    free(want);
    free(b);
    sqfs_close(fs);
    scratch_remove(&s);
}

/* The two forms block by block: each decodes on a fresh decoder; once an image's first block
 * told the form, a block of the other form (a damaged one, as far as that image goes) is
 * refused instead of being decoded as the other form. */
Test(squashfs_v4, lzma_forms_are_told_apart_once_per_image)
{
    static uint8_t text[8192], a[2 * 8192 + 64], b[2 * 8192 + 64], out[8192];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = (uint8_t) "squashfs lzma 4.0\n"[i % 18] ^ (uint8_t)(i / 1000);
    struct img alone = {.lzma = SQW_LZMA4}, openwrt = {.lzma = SQW_OPENWRT};
    size_t na = compress_block(&alone, text, sizeof text, a);
    size_t nb = compress_block(&openwrt, text, sizeof text, b);
    cr_assert_eq(rd_le64(a + 5), sizeof text, "the alone header holds the size");
    size_t got;
    wa_err e = {0};
    for (int first = 0; first < 2; first++) {
        decomp d;
        decomp_init(&d, DECOMP_LZMA);
        const uint8_t *x = first ? b : a, *y = first ? a : b;
        size_t nx = first ? nb : na, ny = first ? na : nb;
        cr_expect_eq(decomp_run(&d, x, nx, out, sizeof out, &got, &e), WA_OK, "%s", e.msg);
        cr_expect(got == sizeof text && !memcmp(out, text, got), "form %d", first);
        cr_expect_eq(decomp_run(&d, x, nx, out, sizeof out, &got, &e), WA_OK, "%s", e.msg);
        cr_expect_eq(decomp_run(&d, y, ny, out, sizeof out, &got, &e), WA_E_FORMAT,
                     "form %d, then the other", first);
        decomp_free(&d);
    }
    /* an alone header whose size is not what the stream gives is refused once the form is
     * known */
    decomp d;
    decomp_init(&d, DECOMP_LZMA);
    cr_assert_eq(decomp_run(&d, a, na, out, sizeof out, &got, &e), WA_OK, "%s", e.msg);
    a[5] = 100;
    cr_expect_eq(decomp_run(&d, a, na, out, sizeof out, &got, &e), WA_E_FORMAT);
    decomp_free(&d);
}

/* AVM's big-endian 4.0: the same format with every field big-endian ('sqsh' as the bytes
 * 73 71 73 68); it was not read at all. unsquashfs 4.5.1 reads little-endian 4.0 only, so
 * each image must list as it lists the little-endian twin of the same tree. */
Test(squashfs_v4, big_endian_writer_images)
{
    struct scratch s;
    scratch_make(&s);
    static const int comps[] = {0, SQW_LZMA4, SQW_OPENWRT};
    static const char *const comp_names[] = {"gzip", "lzma", "openwrt lzma"};
    static const char *const kinds[] = {"", " fragments", " empty"};
    for (int c = 0; c < 3; c++)
        for (int kind = 0; kind < 3; kind++) {
            char what[64];
            snprintf(what, sizeof what, "4.0 BE %s%s", comp_names[c], kinds[kind]);
            struct node t[32];
            int n = tree(t);
            if (kind == 2) n = 1; /* the root alone */
            struct img le = write_image(4, 0, 0, 0, 0, kind == 1, t, n);
            spill(s.img, le.b, le.len);
            char *want = unsquashfs_listing(s.img, NULL);
            cr_assert(want, "%s: unsquashfs refuses the little-endian twin", what);
            struct img m = write_image(4, 0, 1, comps[c], 0, kind == 1, t, n);
            cr_expect(!memcmp(m.b, "\x73\x71\x73\x68", 4), "%s: magic", what);
            expect_image(&m, want, t, n, comps[c] ? DECOMP_LZMA : DECOMP_GZIP, what);
            free(want);
            free(m.b);
            free(le.b);
        }
    scratch_remove(&s);
}

/* ---- a mksquashfs image made big-endian field by field ----
 * With -noI -noF every metadata block is stored, so each field can be turned around where it
 * lies (a field may straddle two blocks: the payload is walked as one stream with the image
 * offset of each byte). Data blocks are byte streams and stay as they are. */
struct swap {
    uint8_t *b; /* the image, swapped in place */
    uint8_t *flat;
    size_t *at;  /* the image offset of each payload byte */
    size_t n, k; /* payload bytes, parse position */
};

static void reverse(uint8_t *p, int w)
{
    for (int i = 0; i < w / 2; i++) {
        uint8_t x = p[i];
        p[i] = p[w - 1 - i];
        p[w - 1 - i] = x;
    }
}

/* The stored metadata blocks of [start, end) as one payload; their headers swapped. */
static void sw_table(struct swap *s, uint64_t start, uint64_t end)
{
    s->n = s->k = 0;
    for (uint64_t a = start; a < end;) {
        uint16_t h = rd_le16(s->b + a);
        cr_assert(h & 0x8000, "metadata block at 0x%llx is compressed", (unsigned long long)a);
        for (size_t i = 0; i < (h & 0x7fffu); i++) {
            s->flat[s->n] = s->b[a + 2 + i];
            s->at[s->n++] = a + 2 + i;
        }
        reverse(s->b + a, 2);
        a += 2 + (h & 0x7fffu);
    }
}

/* The next field of w bytes: its value as mksquashfs wrote it; its bytes reversed in place. */
static uint64_t sw_field(struct swap *s, int w)
{
    cr_assert_leq(s->k + (size_t)w, s->n, "a field past the end of its table");
    uint64_t v = 0;
    for (int i = 0; i < w; i++)
        v |= (uint64_t)s->flat[s->k + i] << (8 * i);
    for (int i = 0; i < w; i++)
        s->b[s->at[s->k + i]] = s->flat[s->k + w - 1 - i];
    s->k += (size_t)w;
    return v;
}

/* An index of u64 pointers at idx for a table of count entries of size bytes; returns the
 * first pointer (as written). */
static uint64_t sw_index(struct swap *s, uint64_t idx, uint64_t count, size_t size)
{
    uint64_t first = rd_le64(s->b + idx);
    for (uint64_t i = 0; i < (count * size + 8191) / 8192; i++)
        reverse(s->b + idx + 8 * i, 8);
    return first;
}

/* Turn the image at b big-endian; *types: a bit for each inode type met. */
static void swap_v4(uint8_t *b, size_t len, unsigned *types)
{
    *types = 0;
    struct swap s = {b, malloc(len), malloc(len * sizeof(size_t)), 0, 0};
    uint32_t inodes = rd_le32(b + 4), bs = rd_le32(b + 12), nfrags = rd_le32(b + 16);
    uint16_t nids = rd_le16(b + 26);
    uint64_t id_idx = rd_le64(b + 48), ino = rd_le64(b + 64), dir = rd_le64(b + 72),
             frag_idx = rd_le64(b + 80), lookup = rd_le64(b + 88);
    cr_assert_eq(rd_le64(b + 56), UINT64_MAX, "made without xattrs");
    cr_assert_neq(lookup, UINT64_MAX, "made exportable");
    static const uint8_t sb[] = {4, 4, 4, 4, 4, 2, 2, 2, 2, 2, 2, 8, 8, 8, 8, 8, 8, 8, 8};
    for (size_t i = 0, at = 0; i < sizeof sb; at += sb[i++])
        reverse(b + at, sb[i]);
    uint64_t id_first = sw_index(&s, id_idx, nids, 4),
             lookup_first = sw_index(&s, lookup, inodes, 8),
             frag_first = nfrags ? sw_index(&s, frag_idx, nfrags, 16) : lookup_first;
    sw_table(&s, ino, dir);
    while (s.k < s.n) {
        uint16_t type = (uint16_t)sw_field(&s, 2);
        *types |= 1u << (type & 15);
        for (int i = 0; i < 3; i++)
            sw_field(&s, 2);              /* mode, uid, gid */
        sw_field(&s, 4), sw_field(&s, 4); /* mtime, inode number */
        uint64_t size = 0, frag = 0, nb = 0;
        switch (type) {
        case 1:
            sw_field(&s, 4), sw_field(&s, 4), sw_field(&s, 2), sw_field(&s, 2), sw_field(&s, 4);
            break;
        case 2:
            sw_field(&s, 4), frag = sw_field(&s, 4), sw_field(&s, 4), size = sw_field(&s, 4);
            nb = frag == 0xffffffffu ? (size + bs - 1) / bs : size / bs;
            break;
        case 3:
        case 10:
            sw_field(&s, 4), size = sw_field(&s, 4), s.k += size;
            if (type == 10) sw_field(&s, 4);
            break;
        case 4:
        case 5: sw_field(&s, 4), sw_field(&s, 4); break;
        case 6:
        case 7: sw_field(&s, 4); break;
        case 8: {
            sw_field(&s, 4), sw_field(&s, 4), sw_field(&s, 4), sw_field(&s, 4);
            uint64_t count = sw_field(&s, 2);
            sw_field(&s, 2), sw_field(&s, 4);
            for (uint64_t i = 0; i < count; i++) {
                sw_field(&s, 4), sw_field(&s, 4);
                s.k += sw_field(&s, 4) + 1; /* the name after its size - 1 */
            }
            break;
        }
        case 9:
            sw_field(&s, 8), size = sw_field(&s, 8), sw_field(&s, 8), sw_field(&s, 4);
            frag = sw_field(&s, 4), sw_field(&s, 4), sw_field(&s, 4);
            nb = frag == 0xffffffffu ? (size + bs - 1) / bs : size / bs;
            break;
        case 11:
        case 12: sw_field(&s, 4), sw_field(&s, 4), sw_field(&s, 4); break;
        case 13:
        case 14: sw_field(&s, 4), sw_field(&s, 4); break;
        default: cr_assert_fail("inode type %u", type);
        }
        for (uint64_t i = 0; i < nb; i++)
            sw_field(&s, 4);
    }
    sw_table(&s, dir, frag_first);
    while (s.k < s.n) {
        uint64_t count = sw_field(&s, 4) + 1;
        sw_field(&s, 4), sw_field(&s, 4);
        for (uint64_t i = 0; i < count; i++) {
            sw_field(&s, 2), sw_field(&s, 2), sw_field(&s, 2);
            s.k += sw_field(&s, 2) + 1;
        }
    }
    if (nfrags) {
        sw_table(&s, frag_first, frag_idx);
        for (uint32_t i = 0; i < nfrags; i++)
            sw_field(&s, 8), sw_field(&s, 4), sw_field(&s, 4);
    }
    sw_table(&s, lookup_first, lookup);
    for (uint32_t i = 0; i < inodes; i++)
        sw_field(&s, 8);
    sw_table(&s, id_first, id_idx);
    for (uint32_t i = 0; i < nids; i++)
        sw_field(&s, 4);
    free(s.flat);
    free(s.at);
}

/* mksquashfs's own layout (long directories with an index, hard links as extended file
 * inodes, fragments, a device and a fifo, the export table) turned big-endian: the reader
 * must list it as unsquashfs lists the original and read the files' bytes. */
Test(squashfs_v4, mksquashfs_image_swapped_to_big_endian)
{
    struct scratch s;
    scratch_make(&s);
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && mkdir -p t/many t/sub && for i in $(seq 1 400); do "
             "echo $i > t/many/a-rather-long-file-name-to-fill-the-directory-$i; done && "
             "seq 1 20000 > t/sub/seq && ln t/sub/seq t/sub/hard && ln -s sub/seq t/link && "
             "mkfifo t/fifo && printf abc > t/small && mksquashfs t '%s' -noappend -quiet -noI "
             "-noF -no-xattrs -b 4096 -p 'console c 600 0 0 5 1'",
             s.dir, s.img);
    cr_assert_eq(run(cmd, NULL), 0, "%s", cmd);
    char *want = unsquashfs_listing(s.img, NULL);
    cr_assert(want);
    size_t n;
    uint8_t *b = slurp(s.img, &n);
    unsigned types;
    swap_v4(b, n, &types);
    cr_assert(!memcmp(b, "sqsh", 4));
    /* dir, file, symlink, char device, fifo, long dir (with an index), long file (hard link) */
    unsigned want_types = 1u << 1 | 1u << 2 | 1u << 3 | 1u << 5 | 1u << 6 | 1u << 8 | 1u << 9;
    cr_expect_eq(types, want_types, "inode types 0x%x, want 0x%x", types, want_types);
    sqfs *fs;
    wa_err e = {0};
    cr_assert_eq(sqfs_open(&fs, b, n, NULL, &e), WA_OK, "%s", e.msg);
    cr_expect(sqfs_get_info(fs)->big_endian);
    int rc;
    char *got = sqfs_listing(fs, &rc, &e);
    cr_expect_eq(rc, WA_OK, "%s", e.msg);
    expect_same_listing(got, want, "mksquashfs image, swapped");
    static const char *const files[] = {"sub/seq", "sub/hard", "small",
                                        "many/a-rather-long-file-name-to-fill-the-directory-377"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/t/%s", s.dir, files[i]);
        size_t fn, k;
        uint8_t *f = slurp(path, &fn), *buf = malloc(fn + 1);
        sqfs_ref r;
        snprintf(path, sizeof path, "/%s", files[i]);
        cr_assert_eq(sqfs_lookup(fs, path, 0, &r, &e), WA_OK, "%s: %s", path, e.msg);
        cr_assert_eq(sqfs_read(fs, r, 0, buf, fn + 1, &k, &e), WA_OK, "%s: %s", path, e.msg);
        cr_expect(k == fn && !memcmp(buf, f, fn), "%s: other bytes", path);
        free(f);
        free(buf);
    }
    sqfs_close(fs);
    free(got);
    free(want);
    free(b);
    scratch_remove(&s);
}

struct seen {
    int n;
};
static int seen_fn(void *ctx, const char *name, sqfs_ref ref, uint32_t mode)
{
    (void)name, (void)ref, (void)mode;
    ((struct seen *)ctx)->n++;
    return 0;
}

/* A name twice in one directory (a symlink "etc" beside the directory "etc") is a corrupt
 * image: unsquashfs refuses it ("directory has duplicate names or is unsorted") before it
 * writes anything. The reader refuses that directory, naming its inode, the name and the
 * metadata block of the second entry, before it passes on any entry (so lookups through it
 * fail too). In every version and byte order, the listing sorted or not. */
Test(squashfs_v4, a_name_twice_in_a_directory_is_refused)
{
    struct scratch s;
    scratch_make(&s);
    static const int versions[][2] = {{1, 0}, {2, 1}, {3, 1}, {4, 0}};
    for (size_t v = 0; v < 4; v++)
        for (int be = 0; be < 2; be++)
            for (int unsorted = 0; unsorted < 2; unsorted++) {
                char what[64];
                snprintf(what, sizeof what, "%d.%d %s%s", versions[v][0], versions[v][1],
                         be ? "BE" : "LE", unsorted ? " unsorted" : "");
                struct node t[32];
                int n = tree(t);
                /* sorted, the symlink "etc" right after the directory "etc"; unsorted, a
                 * symlink "tiny" listed first, the file "tiny" last */
                t[n++] = (struct node){.name = unsorted ? "tiny" : "etc",
                                       .mode = S_IFLNK | 0777,
                                       .data = "/tmp",
                                       .size = 4,
                                       .parent = 0,
                                       .order = unsorted ? -1 : 0};
                struct img m = write_image(versions[v][0], versions[v][1], be, 0, 0, 1, t, n);
                if (!be && versions[v][0] > 1) {
                    spill(s.img, m.b, m.len);
                    int st;
                    char *l = unsquashfs_listing(s.img, &st);
                    cr_expect(!l && st, "%s: unsquashfs reads it", what);
                    free(l);
                }
                sqfs *fs;
                wa_err e = {0};
                cr_assert_eq(sqfs_open(&fs, m.b, m.len, NULL, &e), WA_OK, "%s: %s", what, e.msg);
                struct seen c = {0};
                cr_expect_eq(sqfs_readdir(fs, sqfs_root(fs), seen_fn, &c, &e), WA_E_FORMAT, "%s",
                             what);
                cr_expect_eq(c.n, 0, "%s: %d entries passed on before the refusal", what, c.n);
                sqfs_attr root;
                cr_assert_eq(sqfs_stat(fs, sqfs_root(fs), &root, NULL), WA_OK);
                char ino[48];
                snprintf(ino, sizeof ino, "directory inode %u:", root.ino);
                cr_expect(strstr(e.msg, unsorted ? "\"tiny\"" : "\"etc\"") && strstr(e.msg, ino),
                          "%s: %s (want %s)", what, e.msg, ino);
                cr_expect(e.offset != WA_NO_OFFSET && e.offset < m.len, "%s: offset 0x%llx", what,
                          (unsigned long long)e.offset);
                sqfs_ref r;
                cr_expect_eq(sqfs_lookup(fs, "/etc/motd", 0, &r, &e), WA_E_FORMAT, "%s", what);
                cr_expect_eq(sqfs_lookup(fs, "/tiny", 0, &r, &e), WA_E_FORMAT, "%s", what);
                sqfs_close(fs);
                free(m.b);
            }
    scratch_remove(&s);
}

/* sqfs_check_tree reads the whole tree through before anything is done with it (what an
 * extraction that must leave nothing half-written needs): a good tree passes; a name twice
 * deep inside is refused with the directory's path first; so is a directory listed a second
 * time (here /etc/up, a second name of /bin: the writer writes inodes bottom-up, so a loop
 * to a directory above cannot be written, but the reader finds both with the same check). */
Test(squashfs_v4, check_tree_finds_what_readdir_refuses_anywhere)
{
    static const int versions[][2] = {{2, 1}, {3, 1}, {4, 0}};
    for (size_t v = 0; v < 3; v++)
        for (int kind = 0; kind < 3; kind++) {
            char what[64];
            snprintf(what, sizeof what, "%d.%d %s", versions[v][0], versions[v][1],
                     (const char *const[]){"good", "name twice", "loop"}[kind]);
            struct node t[32];
            int n = tree(t);
            if (kind == 1) /* a symlink "motd" beside the file /etc/motd */
                t[n++] = (struct node){
                    .name = "motd", .mode = S_IFLNK | 0777, .data = "x", .size = 1, .parent = 4};
            if (kind == 2) /* /etc/up lists /bin's inode */
                t[n++] =
                    (struct node){.name = "up", .mode = S_IFDIR | 0755, .parent = 4, .alias = 2};
            struct img m = write_image(versions[v][0], versions[v][1], 1, 0, 0, 1, t, n);
            sqfs *fs;
            wa_err e = {0};
            cr_assert_eq(sqfs_open(&fs, m.b, m.len, NULL, &e), WA_OK, "%s: %s", what, e.msg);
            int rc = sqfs_check_tree(fs, sqfs_root(fs), "/", &e);
            if (kind == 0) {
                cr_expect_eq(rc, WA_OK, "%s: %s", what, e.msg);
            } else if (kind == 1) {
                cr_expect_eq(rc, WA_E_FORMAT, "%s", what);
                /* (1.x and 2.x have no inode numbers: the reader's are derived) */
                cr_expect(!strncmp(e.msg, "/etc: directory inode ", 22) &&
                              strstr(e.msg, ": the name \"motd\" is listed twice"),
                          "%s: %s", what, e.msg);
                cr_expect(e.offset < m.len, "%s", what);
            } else {
                cr_expect_eq(rc, WA_E_FORMAT, "%s", what);
                sqfs_ref bin;
                sqfs_attr a;
                cr_assert_eq(sqfs_lookup(fs, "/bin", 0, &bin, NULL), WA_OK);
                cr_assert_eq(sqfs_stat(fs, bin, &a, NULL), WA_OK);
                char want[80];
                snprintf(want, sizeof want, "/etc/up: directory inode %u is listed a second",
                         a.ino);
                cr_expect(!strncmp(e.msg, want, strlen(want)), "%s: %s (want %s)", what, e.msg,
                          want);
            }
            sqfs_close(fs);
            free(m.b);
        }
}
