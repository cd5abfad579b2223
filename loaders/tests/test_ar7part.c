/* test_ar7part.c: Linux's AR7 partition parser worked out from the flash bytes. On the example
 * image (wa-emu pack) the rootfs is where the 6.1 kernel's own console puts it
 * (emu/machine/tests/test_boot.c reads "0x000000210000-0x0000007f0000 : \"rootfs\"" there);
 * on AVM's Speedport W 501V image, AVM's 256-byte rounding lands on its SquashFS; hand-made
 * flashes take each branch of the parser: no tag, no magic after the chain, a config block, a
 * walk that leaves the flash. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adam2rec.h"
#include "ar7part.h"
#include "bytes.h"
#include "testutil.h"

#define W501V WA_SRC "/../shared/fixtures/third-party/speedport-w501v/kernel.image"

Test(ar7part, the_example_image_as_the_kernel_partitions_it)
{
    size_t n;
    uint8_t *img = slurp(WA_FIXTURES "/images/pass.bin", &n);
    ar7part_map m;
    cr_assert_eq(ar7part_parse(img, n, 0x10000, 0x800000, 0x10000, &m, NULL), WA_OK);
    cr_expect_eq(m.walk, AR7PART_END);
    cr_expect_eq(m.tag, ADAM2_TAG);
    cr_expect_eq(m.linux_off, 0x10000u, "the tag pack writes at mtd4's start");
    cr_expect(!m.magic, "padding after the chain: rounded to the erase block");
    cr_expect_eq(m.rootfs_off, 0x210000u);
    cr_expect_eq(m.rootfs_off + m.rootfs_len, 0x7f0000u, "up to the last block (config)");
    cr_expect(!memcmp(img + m.rootfs_off - 0x10000, "hsqs", 4));
    free(img);
}

Test(ar7part, avm_chains_round_to_256_bytes)
{
    if (access(W501V, R_OK)) cr_skip_test("no %s", W501V);
    size_t n;
    uint8_t *img = slurp(W501V, &n);
    ar7part_map m;
    cr_assert_eq(ar7part_parse(img, n, 0x10000, 0x400000, 0x10000, &m, NULL), WA_OK);
    cr_expect_eq(m.tag, ADAM2_TAG2);
    cr_expect_eq(m.walk, AR7PART_END);
    cr_expect(m.magic);
    cr_expect_eq(m.rootfs_off, 0xabd00u, "AVM's root, 0x9bd00 in the image");
    cr_expect_eq(m.root_before & 0xff, 0u);
    free(img);
}

/* A flash of 16 blocks of 4 KiB with one data record of len bytes at block at, its end, then
 * a SquashFS magic at magic_at (0 = none). */
static uint8_t flash[16 * 0x1000];
static void chain(uint32_t at, uint32_t tag, uint32_t len, uint32_t magic_at)
{
    memset(flash, 0xff, sizeof flash);
    uint8_t *p = flash + at;
    wr_le32(p, tag);
    wr_le32(p + 4, len);
    wr_le32(p + 8, 0x94000000u);
    memset(p + 12, 0x5a, len);
    wr_le32(p + 12 + len, 0x11111111u); /* its checksum */
    wr_le32(p + 16 + len, 0);           /* the final record: length 0 and the entry */
    wr_le32(p + 20 + len, 0x94000000u);
    wr_le32(p + 24 + len, tag == ADAM2_TAG ? 0u - 0x94000000u : 0);
    if (magic_at) memcpy(flash + magic_at, "hsqs", 4);
}

Test(ar7part, each_branch_of_the_parser)
{
    ar7part_map m;
    /* TI: the rootfs right after the final record's checksum, where the magic is */
    chain(0x1000, ADAM2_TAG, 100, 0x1000 + 28 + 100);
    cr_assert_eq(ar7part_parse(flash, sizeof flash, 0, sizeof flash, 0x1000, &m, NULL), WA_OK);
    cr_expect_eq(m.walk, AR7PART_END);
    cr_expect_eq(m.steps, 1u);
    cr_expect_eq(m.end_header, 0x1000u + 12 + 100);
    cr_expect(m.magic);
    cr_expect_eq(m.rootfs_off, 0x1000u + 28 + 100);
    cr_expect_eq(m.config_off, sizeof flash - 0x1000, "no TIENV0.8: the last block");
    cr_expect_eq(m.rootfs_len, sizeof flash - 0x1000 - m.rootfs_off);
    /* no magic there: the next erase block */
    chain(0x1000, ADAM2_TAG, 100, 0x2000);
    ar7part_parse(flash, sizeof flash, 0, sizeof flash, 0x1000, &m, NULL);
    cr_expect(!m.magic);
    cr_expect_eq(m.rootfs_off, 0x2000u);
    /* AVM: 16 bytes on, rounded to 256; the same bytes under TI's tag miss it */
    chain(0x3000, ADAM2_TAG2, 200, 0x3100);
    ar7part_parse(flash, sizeof flash, 0, sizeof flash, 0x1000, &m, NULL);
    cr_expect_eq(m.linux_off, 0x3000u, "the third block");
    cr_expect_eq(m.root_before, 0x3100u);
    cr_expect(m.magic);
    cr_expect_eq(m.rootfs_off, 0x3100u);
    wr_le32(flash + 0x3000, ADAM2_TAG);
    ar7part_parse(flash, sizeof flash, 0, sizeof flash, 0x1000, &m, NULL);
    cr_expect_eq(m.root_before, 0x3000u + 28 + 200);
    cr_expect_eq(m.rootfs_off, 0x4000u);
    /* no tag in blocks 1..11: 0xE0000, and "linux" at the last block tried */
    static uint8_t big[0x200000];
    memset(big, 0xff, sizeof big);
    memcpy(big + 0xe0000, "hsqs", 4);
    ar7part_parse(big, sizeof big, 0, sizeof big, 0x10000, &m, NULL);
    cr_expect_eq(m.walk, AR7PART_NO_TAG);
    cr_expect_eq(m.linux_off, 0xb0000u);
    cr_expect(m.magic);
    cr_expect_eq(m.rootfs_off, 0xe0000u);
    /* a TIENV0.8 block before the tag is the config; the rootfs then runs to the end */
    chain(0x2000, ADAM2_TAG, 100, 0);
    memcpy(flash + 0x1000, "TIENV0.8", 8);
    ar7part_parse(flash, sizeof flash, 0, sizeof flash, 0x1000, &m, NULL);
    cr_expect(m.config_found);
    cr_expect_eq(m.config_off, 0x1000u);
    cr_expect_eq(m.rootfs_off + m.rootfs_len, sizeof flash);
    /* a length past the flash: the kernel's read fails; no rootfs */
    chain(0x1000, ADAM2_TAG, 100, 0);
    wr_le32(flash + 0x1004, 0x7fffffffu);
    ar7part_parse(flash, sizeof flash, 0, sizeof flash, 0x1000, &m, NULL);
    cr_expect_eq(m.walk, AR7PART_LOST);
    cr_expect_eq(m.rootfs_off, 0u);
    cr_expect_eq(m.rootfs_len, 0u);
    /* erased flash after a chain whose end is missing: lengths of 0xFFFFFFFF step 11 bytes
     * (32-bit) until the walk leaves the flash */
    chain(0x1000, ADAM2_TAG, 100, 0);
    memset(flash + 0x1000 + 16 + 100, 0xff, 12);
    ar7part_parse(flash, sizeof flash, 0, sizeof flash, 0x1000, &m, NULL);
    cr_expect_eq(m.walk, AR7PART_LOST);
    cr_expect_gt(m.steps, 1000u);
    /* an image alone at its flash offset: the rest reads as erased */
    chain(0, ADAM2_TAG, 100, 28 + 100);
    ar7part_parse(flash, 0x1000, 0x1000, sizeof flash, 0x1000, &m, NULL);
    cr_expect_eq(m.rootfs_off, 0x1000u + 28 + 100);
    cr_expect_eq(ar7part_parse(flash, sizeof flash, 0, sizeof flash, 3000, &m, NULL), WA_E_USAGE);
}
