/* test_mtd4.c: the mtd4 split, on the example image made by wa-emu pack (checked against what
 * went into it) and on hand-made images: other byte orders, vendor magics, no trailer. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "mtd4.h"
#include "testutil.h"

Test(mtd4, example_image_parts_are_where_pack_put_them)
{
    size_t n, rn;
    uint8_t *img = slurp(WA_FIXTURES "/images/pass.bin", &n);
    uint8_t *root = slurp(WA_FIXTURES "/images/rootfs-gzip.sqfs", &rn);
    mtd4_layout l;
    cr_assert_eq(mtd4_split(img, n, 0x90, 0x200000, 0x10000, &l, NULL), WA_OK);
    cr_expect(l.trailer.present);
    cr_expect_eq(l.trailer.data_len, n - 8);
    cr_expect_eq(l.trailer.stored, l.trailer.computed);
    cr_expect(l.has_chain);
    cr_expect_eq(l.chain_err.code, 0, "%s", l.chain_err.msg);
    cr_expect_eq(l.chain.start, 0x90u);
    cr_expect_eq(l.chain.entry, readelf_entry(WA_FIXTURES "/kernel/vmlinuz"));
    cr_expect(l.has_rootfs);
    cr_expect_eq(l.rootfs.offset, 0x200000u);
    cr_expect_eq(l.rootfs.major, 4);
    cr_expect_eq(l.rootfs.compression, 1u);
    cr_expect_eq(l.rootfs.bytes_used, rd_le64(root + 40));
    cr_expect(!memcmp(img + 0x200000, root, rn), "the rootfs bytes are the mksquashfs output");
    free(img);
    free(root);
}

static size_t make(uint8_t *img, size_t cap, const char *magic, int be, unsigned major)
{
    memset(img, 0xff, cap);
    wr_le32(img, 0xFEEDFA42u);
    wr_le32(img + 4, 0); /* final record straight away */
    wr_le32(img + 8, 0x94000000u);
    wr_le32(img + 12, 0u - 0x94000000u);
    uint8_t *s = img + 0x100;
    memset(s, 0, 128);
    memcpy(s, magic, 4);
    s[be ? 29 : 28] = (uint8_t)major;
    return 0x100 + 128;
}

Test(mtd4, byte_orders_vendor_magics_and_missing_parts)
{
    static uint8_t img[0x1000];
    static const struct {
        const char *magic;
        int be;
        unsigned major;
    } kinds[] = {{"hsqs", 0, 4}, {"sqsh", 1, 3}, {"shsq", 0, 3}, {"hsqt", 0, 2},
                 {"qshs", 1, 1}, {"sqlz", 1, 3}, {"zlqs", 0, 3}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        size_t n = make(img, sizeof img, kinds[i].magic, kinds[i].be, kinds[i].major);
        mtd4_layout l;
        cr_assert_eq(mtd4_split(img, n, 0, 0, 0x10000, &l, NULL), WA_OK);
        cr_expect(!l.trailer.present);
        cr_expect_eq(l.chain.end, 16u);
        cr_expect(l.has_rootfs, "%s", kinds[i].magic);
        cr_expect_eq(l.rootfs.offset, 0x100u);
        cr_expect_eq(l.rootfs.big_endian, kinds[i].be);
        cr_expect_eq(l.rootfs.major, kinds[i].major, "%s", kinds[i].magic);
        cr_expect_str_eq(l.rootfs.magic, kinds[i].magic);
    }
    memset(img, 0xff, sizeof img);
    mtd4_layout l;
    cr_assert_eq(mtd4_split(img, sizeof img, 0x90, 0x200, 0x10000, &l, NULL), WA_OK);
    cr_expect(!l.has_chain);
    cr_expect(!l.has_rootfs);
    wa_err e = {0};
    cr_expect_eq(mtd4_split(img, sizeof img, 0, 0, 1000, &l, &e), WA_E_USAGE);
    mtd4_sqfs sq;
    cr_expect_eq(mtd4_sqfs_at(img, sizeof img, 0x10, &sq, &e), WA_E_FORMAT);
    cr_expect_eq(e.offset, 0x10u);
    memcpy(img + sizeof img - 40, "hsqs", 4);
    cr_expect_eq(mtd4_sqfs_at(img, sizeof img, sizeof img - 40, &sq, &e), WA_E_TRUNC);
}
