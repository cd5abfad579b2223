/* test_squashfs_legacy.c: SquashFS 1.0, 2.0, 2.1, 3.0 and 3.1 images in both byte orders, with
 * zlib and with sqlzma's LZMA (LZMA-alone blocks), written by the small test-only writer of
 * sqfs_writer.h (from the field layouts of the format notes),
 * then read back by the reader: the exact tree that went in must come out. The zlib images
 * of the versions Debian's unsquashfs reads are read by it too (an independent reader): its
 * listing and the bytes of every file must be the tree's.
 * The writer keeps the inode table in stored (uncompressed) metadata blocks so that inode
 * references are known before the directory table, which is compressed, is laid out. */
#include <criterion/criterion.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "elf.h"
#include "squashfs.h"

#include "sqfs_check.h"
#include "testutil.h"

/* ---- the tests ---- */

Test(squashfs_legacy, every_version_byte_order_and_compression_reads_back)
{
    static const int versions[][2] = {{1, 0}, {2, 0}, {2, 76}, {3, 0}, {3, 1}};
    int images = 0;
    for (size_t v = 0; v < 5; v++)
        for (int be = 0; be < 2; be++)
            for (int lz = 0; lz < 6; lz++)
                for (int check = 0; check < 2; check++)
                    for (int frag = 0; frag < 2; frag++) {
                        if (frag && versions[v][0] == 1) continue; /* 1.x has no fragments */
                        struct node t[32];
                        int n = tree(t);
                        struct img m =
                            write_image(versions[v][0], versions[v][1], be, lz, check, frag, t, n);
                        char what[64];
                        static const char *const comp[] = {"zlib",     "sqlzma",     "lzma-alt",
                                                           "lzma-raw", "lzma-ddwrt", "lzma-alt4"};
                        snprintf(what, sizeof what, "%d.%d %s %s%s%s", versions[v][0],
                                 versions[v][1], be ? "BE" : "LE", comp[lz], check ? " check" : "",
                                 frag ? " fragments" : "");
                        sqfs *fs;
                        wa_err e = {0};
                        cr_assert_eq(sqfs_open(&fs, m.b, m.len, NULL, &e), WA_OK, "%s: %s", what,
                                     e.msg);
                        cr_expect_eq(sqfs_get_info(fs)->major, (unsigned)versions[v][0]);
                        cr_expect_eq(sqfs_get_info(fs)->big_endian, be);
                        check_tree(fs, t, n, what);
                        size_t used = (size_t)sqfs_get_info(fs)->bytes_used; /* unpadded */
                        sqfs_close(fs);
                        /* and cut short, it is refused with an offset inside the image */
                        cr_expect_neq(sqfs_open(&fs, m.b, used - 20, NULL, &e), WA_OK, "%s", what);
                        cr_expect(e.offset == WA_NO_OFFSET || e.offset <= m.len, "%s", what);
                        free(m.b);
                        images++;
                    }
    cr_expect_eq(images, 216);
}

Test(squashfs_legacy, unsquashfs_reads_the_writers_images)
{
    static const int versions[][2] = {{1, 0}, {2, 0}, {2, 1}, {3, 0}, {3, 1}};
    char dir[] = "/tmp/wa-legacy-XXXXXX";
    cr_assert(mkdtemp(dir));
    int images = 0;
    for (size_t v = 0; v < 5; v++)
        for (int be = 0; be < 2; be++)
            for (int frag = 0; frag < 2; frag++) {
                if (frag && versions[v][0] == 1) continue; /* 1.x has no fragments */
                struct node t[32];
                int n = tree(t);
                struct img m = write_image(versions[v][0], versions[v][1], be, 0, 0, frag, t, n);
                char img[64], what[64];
                snprintf(what, sizeof what, "%d.%d %s%s", versions[v][0], versions[v][1],
                         be ? "BE" : "LE", frag ? " fragments" : "");
                snprintf(img, sizeof img, "%s/img", dir);
                spill(img, m.b, m.len);
                /* the reader lists the whole image as unsquashfs does (sizes, times, owners),
                 * reads the tree that went in, and unsquashfs reads the same bytes */
                char *want = unsquashfs_listing(img, NULL), *got;
                sqfs *fs;
                wa_err e = {0};
                int rc;
                cr_assert(want, "%s: unsquashfs refuses it", what);
                cr_assert_eq(sqfs_open(&fs, m.b, m.len, NULL, &e), WA_OK, "%s: %s", what, e.msg);
                got = sqfs_listing(fs, &rc, &e);
                cr_expect_eq(rc, WA_OK, "%s: %s", what, e.msg);
                expect_same_listing(got, want, what);
                check_tree(fs, t, n, what);
                expect_unsquashfs_contents(img, t, n, what);
                sqfs_close(fs);
                free(got);
                free(want);
                free(m.b);
                images++;
            }
    cr_expect_eq(images, 18);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    run(cmd, NULL);
}

/* An empty root: the directory table has no bytes, and the next table starts where it does
 * (the reader took that table for directory blocks: "0 bytes do not fit"). unsquashfs lists
 * the root alone. */
Test(squashfs_legacy, an_empty_root_lists_empty)
{
    static const int versions[][2] = {{1, 0}, {2, 0}, {2, 1}, {3, 0}, {3, 1}};
    char dir[] = "/tmp/wa-empty-XXXXXX", img[64];
    cr_assert(mkdtemp(dir));
    snprintf(img, sizeof img, "%s/img", dir);
    for (size_t v = 0; v < 5; v++)
        for (int be = 0; be < 2; be++) {
            char what[32];
            snprintf(what, sizeof what, "empty %d.%d %s", versions[v][0], versions[v][1],
                     be ? "BE" : "LE");
            struct node t[32];
            tree(t);
            struct img m = write_image(versions[v][0], versions[v][1], be, 0, 0, 1, t, 1);
            spill(img, m.b, m.len);
            char *want = unsquashfs_listing(img, NULL), *got;
            cr_assert(want, "%s: unsquashfs refuses it", what);
            sqfs *fs;
            wa_err e = {0};
            int rc;
            cr_assert_eq(sqfs_open(&fs, m.b, m.len, NULL, &e), WA_OK, "%s: %s", what, e.msg);
            got = sqfs_listing(fs, &rc, &e);
            cr_expect_eq(rc, WA_OK, "%s: %s", what, e.msg);
            expect_same_listing(got, want, what);
            check_tree(fs, t, 1, what);
            sqfs_close(fs);
            free(got);
            free(want);
            free(m.b);
        }
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    run(cmd, NULL);
}

/* The vendor magics say the byte order as the standard ones do, by the order of their bytes:
 * "sqlz" is big-endian and "zlqs" little-endian (read with the order swapped before). Each
 * image must list as unsquashfs lists the same image with the standard magic. */
Test(squashfs_legacy, vendor_magics_say_the_byte_order)
{
    static const struct {
        char magic[5];
        int be;
    } kinds[] = {{"hsqs", 0}, {"sqsh", 1}, {"shsq", 0}, {"qshs", 1},
                 {"hsqt", 0}, {"tqsh", 1}, {"zlqs", 0}, {"sqlz", 1}};
    char dir[] = "/tmp/wa-magic-XXXXXX", img[64];
    cr_assert(mkdtemp(dir));
    snprintf(img, sizeof img, "%s/img", dir);
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        struct node t[32];
        int n = tree(t);
        struct img m = write_image(3, 1, kinds[k].be, 0, 0, 1, t, n);
        spill(img, m.b, m.len);
        char *want = unsquashfs_listing(img, NULL);
        cr_assert(want, "%s: unsquashfs refuses the standard-magic image", kinds[k].magic);
        memcpy(m.b, kinds[k].magic, 4);
        sqfs *fs;
        wa_err e = {0};
        cr_assert_eq(sqfs_open(&fs, m.b, m.len, NULL, &e), WA_OK, "%s: %s", kinds[k].magic, e.msg);
        cr_expect_eq(sqfs_get_info(fs)->big_endian, kinds[k].be, "%s", kinds[k].magic);
        int rc;
        char *got = sqfs_listing(fs, &rc, &e);
        cr_expect_eq(rc, WA_OK, "%s: %s", kinds[k].magic, e.msg);
        expect_same_listing(got, want, kinds[k].magic);
        check_tree(fs, t, n, kinds[k].magic);
        sqfs_close(fs);
        free(got);
        free(want);
        free(m.b);
    }
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    run(cmd, NULL);
}

/* A real third-party image: binwalk's big-endian 2.0 with "lzma-alt" data blocks. Every file
 * must read whole, every ELF in it must be a big-endian MIPS program, every HTML page text. */
struct real {
    sqfs *fs;
    char path[512];
    int files, elfs, html, symlinks;
};

static int real_fn(void *ctx, const char *name, sqfs_ref ref, uint32_t mode)
{
    struct real *r = ctx;
    size_t n = strlen(r->path);
    snprintf(r->path + n, sizeof r->path - n, "/%s", name);
    sqfs_attr a;
    wa_err e = {0};
    cr_assert_eq(sqfs_stat(r->fs, ref, &a, &e), WA_OK, "%s: %s", r->path, e.msg);
    if (S_ISDIR(a.mode)) {
        cr_assert_eq(sqfs_readdir(r->fs, ref, real_fn, r, &e), WA_OK, "%s: %s", r->path, e.msg);
    } else if (S_ISREG(a.mode)) {
        uint8_t *buf = malloc(a.size + 1);
        size_t got;
        cr_assert_eq(sqfs_read(r->fs, ref, 0, buf, a.size, &got, &e), WA_OK, "%s: %s", r->path,
                     e.msg);
        cr_assert_eq(got, a.size, "%s", r->path);
        elf_info elf;
        if (a.size > 4 && !memcmp(buf, "\177ELF", 4)) {
            cr_expect_eq(elf_read(buf, got, &elf, &e), WA_OK, "%s: %s", r->path, e.msg);
            cr_expect(elf.machine == ELF_EM_MIPS && elf.big_endian, "%s", r->path);
            r->elfs++;
        }
        if (strstr(r->path, ".htm") && a.size > 6) {
            cr_expect(buf[0] == '<', "%s starts with %02x", r->path, buf[0]);
            r->html++;
        }
        free(buf);
        r->files++;
    } else if (S_ISLNK(a.mode)) {
        r->symlinks++;
    }
    r->path[n] = 0;
    return 0;
}

Test(squashfs_legacy, binwalk_v2_big_endian_lzma_image)
{
    FILE *f = fopen(WA_SRC "/loaders/tests/data/binwalk-squashfs_v2.bin", "rb");
    cr_assert(f);
    static uint8_t img[3 << 20];
    size_t n = fread(img, 1, sizeof img, f);
    fclose(f);
    sqfs *fs;
    wa_err e = {0};
    cr_assert_eq(sqfs_open(&fs, img, n, NULL, &e), WA_OK, "%s", e.msg);
    cr_expect_eq(sqfs_get_info(fs)->major, 2);
    cr_expect(sqfs_get_info(fs)->big_endian);
    cr_expect_eq(sqfs_get_info(fs)->inodes, 431u, "the format notes count 431 inodes");
    struct real r = {fs, "", 0, 0, 0, 0};
    cr_assert_eq(sqfs_readdir(fs, sqfs_root(fs), real_fn, &r, &e), WA_OK, "%s", e.msg);
    cr_expect_eq(r.files, 263);
    cr_expect_geq(r.elfs, 10);
    cr_expect_geq(r.html, 100);
    sqfs_ref bb;
    cr_assert_eq(sqfs_lookup(fs, "/linuxrc", 1, &bb, &e), WA_OK, "%s", e.msg);
    sqfs_attr a;
    sqfs_stat(fs, bb, &a, NULL);
    cr_expect(S_ISREG(a.mode));
    sqfs_close(fs);
}
