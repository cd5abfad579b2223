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
        /* the writer's first data block, after its 128-byte superblock area */
        cr_expect(!memcmp(m.b + 128, "\x6d\x00\x00\x80\x00", 5), "%s: block header", what);
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
