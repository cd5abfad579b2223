/* test_squashfs_v4.c: SquashFS 4.0 images written by the test writer (sqfs_writer.h), read
 * back by the reader and, where it reads them, by unsquashfs (an independent reader): the
 * listings must be equal line by line and every file's bytes the tree's. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
