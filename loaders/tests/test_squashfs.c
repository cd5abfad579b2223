/* test_squashfs.c: the SquashFS reader's API on the example rootfs (made by Debian's
 * mksquashfs around the release-1 busybox of cases/build-r1.sh), and on damaged images:
 * truncated at many points, bit-flipped at many places, decompression bombs. Errors, never
 * crashes. */
#include <criterion/criterion.h>
#include <lz4.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

#include "decomp.h"
#include "squashfs.h"
#include "testutil.h"

#define ROOTFS WA_FIXTURES "/images/rootfs-gzip.sqfs"

Test(squashfs, api_on_the_example_rootfs)
{
    size_t n;
    uint8_t *img = slurp(ROOTFS, &n);
    sqfs *fs;
    wa_err e = {0};
    cr_assert_eq(sqfs_open(&fs, img, n, NULL, &e), WA_OK, "%s", e.msg);
    const sqfs_info *in = sqfs_get_info(fs);
    cr_expect_eq(in->major, 4);
    cr_expect_eq(in->compression, DECOMP_GZIP);
    cr_expect_eq(in->block_size, 65536u);

    sqfs_ref r;
    sqfs_attr a;
    cr_assert_eq(sqfs_lookup(fs, "/bin/busybox", 0, &r, &e), WA_OK, "%s", e.msg);
    cr_assert_eq(sqfs_stat(fs, r, &a, NULL), WA_OK);
    cr_expect(S_ISREG(a.mode));
    cr_expect_eq(a.mode & 0777, 0755);
    size_t bn;
    uint8_t *bb = slurp(WA_FIXTURES "/r1/busybox", &bn);
    cr_expect_eq(a.size, bn);
    /* read it in odd-sized pieces; it must equal the release-1 busybox it was made from */
    uint8_t *got = malloc(bn);
    size_t at = 0, k;
    while (at < bn) {
        cr_assert_eq(sqfs_read(fs, r, at, got + at, 12345, &k, &e), WA_OK, "%s", e.msg);
        cr_assert(k > 0);
        at += k;
    }
    cr_expect(!memcmp(got, bb, bn));
    cr_expect_eq(sqfs_read(fs, r, bn + 10, got, 10, &k, NULL), WA_OK);
    cr_expect_eq(k, 0u);

    /* symlinks: /bin/sh -> busybox; following /sbin/init ends at the busybox file */
    cr_assert_eq(sqfs_lookup(fs, "/bin/sh", 0, &r, NULL), WA_OK);
    char t[64];
    cr_assert_eq(sqfs_readlink(fs, r, t, sizeof t, NULL), WA_OK);
    cr_expect_str_eq(t, "busybox");
    sqfs_ref init, bbref;
    cr_assert_eq(sqfs_lookup(fs, "/sbin/init", 1, &init, NULL), WA_OK);
    cr_assert_eq(sqfs_lookup(fs, "/bin/../bin/./busybox", 1, &bbref, NULL), WA_OK);
    cr_expect_eq(init, bbref);
    /* device node from the pseudo file */
    cr_assert_eq(sqfs_lookup(fs, "/dev/console", 0, &r, NULL), WA_OK);
    sqfs_stat(fs, r, &a, NULL);
    cr_expect(S_ISCHR(a.mode));
    cr_expect_eq(a.rdev_major, 5);
    cr_expect_eq(a.rdev_minor, 1);
    cr_expect_eq(sqfs_lookup(fs, "/etc/nothere", 0, &r, &e), WA_E_NOTFOUND);
    cr_expect_eq(sqfs_lookup(fs, "/etc/passwd/x", 0, &r, &e), WA_E_NOTFOUND);
    cr_expect_eq(sqfs_readlink(fs, bbref, t, sizeof t, &e), WA_E_USAGE);
    sqfs_close(fs);
    free(got);
    free(bb);
    free(img);
}

/* Open and read everything; any error is fine, a crash or hang is not. */
static int walk_fn(void *ctx, const char *name, sqfs_ref ref, uint32_t mode);
struct walk {
    sqfs *fs;
    int depth;
    size_t budget;
};
static int walk_fn(void *ctx, const char *name, sqfs_ref ref, uint32_t mode)
{
    struct walk *w = ctx;
    if (!w->budget--) return 1;
    sqfs_attr a;
    if (sqfs_stat(w->fs, ref, &a, NULL)) return 0;
    if (S_ISREG(a.mode)) {
        static uint8_t buf[65536];
        size_t got;
        for (uint64_t off = 0; off < a.size && off < (1 << 22); off += sizeof buf)
            if (sqfs_read(w->fs, ref, off, buf, sizeof buf, &got, NULL)) break;
    } else if (S_ISDIR(a.mode) && w->depth < 16) {
        w->depth++;
        sqfs_readdir(w->fs, ref, walk_fn, w, NULL);
        w->depth--;
    }
    return 0;
}

static int try_image(const uint8_t *img, size_t n)
{
    sqfs *fs;
    wa_err e = {0};
    int rc = sqfs_open(&fs, img, n, NULL, &e);
    if (rc) {
        cr_assert(e.offset == WA_NO_OFFSET || e.offset <= n, "offset 0x%llx past 0x%zx",
                  (unsigned long long)e.offset, n);
        cr_assert(e.msg[0]);
        return rc;
    }
    struct walk w = {fs, 0, 5000};
    wa_err ce = {0};
    if (sqfs_check_tree(fs, sqfs_root(fs), "/", &ce))
        cr_assert(ce.msg[0] == '/' && (ce.offset == WA_NO_OFFSET || ce.offset <= n), "%s", ce.msg);
    sqfs_readdir(fs, sqfs_root(fs), walk_fn, &w, NULL);
    sqfs_close(fs);
    return 0;
}

Test(squashfs, truncated_and_bit_flipped_images_fail_cleanly)
{
    size_t n;
    uint8_t *img = slurp(ROOTFS, &n);
    int refused = 0;
    for (size_t cut = 0; cut < n; cut += n / 97 + 1)
        refused += try_image(img, cut) != 0;
    cr_expect_geq(refused, 90, "a truncated image is refused at open");
    uint8_t *c = malloc(n);
    uint64_t x = 42;
    for (int i = 0; i < 300; i++) {
        memcpy(c, img, n);
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        /* flips in the superblock and the tables at the end, where they matter most */
        size_t pos = i % 3 ? n - 1 - (size_t)(x % 40000) : (size_t)(x % 96);
        c[pos] ^= (uint8_t)(1u << (x >> 32) % 8);
        try_image(c, n);
    }
    free(c);
    free(img);
}

Test(squashfs, decompression_bombs_stop_at_the_block_size)
{
    size_t big = 1 << 20;
    uint8_t *zeros = calloc(1, big), *z = malloc(big), *out = malloc(8192);
    size_t got;
    wa_err e = {0};
    decomp gz, xz, zs, l4;
    decomp_init(&gz, DECOMP_GZIP);
    decomp_init(&xz, DECOMP_XZ);
    decomp_init(&zs, DECOMP_ZSTD);
    decomp_init(&l4, DECOMP_LZ4);
    uLongf zl = big;
    cr_assert_eq(compress2(z, &zl, zeros, big, 9), Z_OK);
    cr_expect_eq(decomp_run(&gz, z, zl, out, 8192, &got, &e), WA_E_FORMAT);
    size_t xl = 0;
    cr_assert_eq(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC32, NULL, zeros, big, z, &xl, big),
                 LZMA_OK);
    cr_expect_eq(decomp_run(&xz, z, xl, out, 8192, &got, &e), WA_E_FORMAT);
    size_t sl = ZSTD_compress(z, big, zeros, big, 3);
    cr_expect_eq(decomp_run(&zs, z, sl, out, 8192, &got, &e), WA_E_FORMAT);
    int ll = LZ4_compress_default((char *)zeros, (char *)z, (int)big, (int)big);
    cr_expect_eq(decomp_run(&l4, z, (size_t)ll, out, 8192, &got, &e), WA_E_FORMAT);
    /* the same kind of stream within the limit decodes */
    sl = ZSTD_compress(z, big, zeros, 4096, 3);
    cr_expect_eq(decomp_run(&zs, z, sl, out, 8192, &got, &e), WA_OK);
    cr_expect_eq(got, 4096u);
    xl = 0;
    cr_assert_eq(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC32, NULL, zeros, 8192, z, &xl, big),
                 LZMA_OK);
    cr_expect_eq(decomp_run(&xz, z, xl, out, 8192, &got, &e), WA_OK, "%s", e.msg);
    cr_expect_eq(got, 8192u, "exactly full is fine");
    decomp_free(&gz);
    decomp_free(&xz);
    decomp_free(&zs);
    decomp_free(&l4);
    free(zeros);
    free(z);
    free(out);
}

Test(squashfs, refuses_other_versions_with_offsets)
{
    size_t n;
    uint8_t *img = slurp(ROOTFS, &n);
    sqfs *fs;
    wa_err e = {0};
    img[28] = 5; /* s_major */
    cr_expect_eq(sqfs_open(&fs, img, n, NULL, &e), WA_E_UNSUPPORTED);
    cr_expect_eq(e.offset, 28u);
    img[28] = 4;
    img[20] = 9; /* compression id */
    cr_expect_eq(sqfs_open(&fs, img, n, NULL, &e), WA_E_UNSUPPORTED);
    cr_expect_eq(e.offset, 20u);
    memcpy(img, "XXXX", 4);
    cr_expect_eq(sqfs_open(&fs, img, n, NULL, &e), WA_E_FORMAT);
    free(img);
}
