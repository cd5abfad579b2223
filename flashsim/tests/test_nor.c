/* test_nor.c: NOR flash rules and power loss. */
#include <criterion/criterion.h>
#include <string.h>

#include "nor.h"

Test(nor, erased_reads_ff_and_program_only_clears_bits)
{
    nor_flash *f = nor_new(0x40000, 0x10000);
    cr_assert(f);
    for (uint32_t i = 0; i < f->size; i++)
        cr_assert_eq(f->mem[i], 0xff);
    uint8_t a[4] = {0x0f, 0xf0, 0x00, 0xff};
    cr_expect_eq(nor_program(f, 0x100, a, 4, NULL), WA_OK);
    cr_expect_eq(f->mem[0x100], 0x0f);
    uint8_t b[4] = {0xf0, 0xff, 0x00, 0x0f};
    wa_err e = {0};
    cr_expect_eq(nor_program(f, 0x100, b, 4, &e), WA_E_FORMAT, "setting bits must fail");
    cr_expect_eq(e.offset, 0x100u);
    cr_expect_eq(f->mem[0x100], 0x00, "AND of 0x0f and 0xf0");
    cr_expect_eq(f->mem[0x101], 0xf0);
    cr_expect_eq(f->mem[0x103], 0x0f);
    cr_expect_eq(f->stuck_bits, 4u + 4u, "0xf0 over 0x0f: 4 bits; 0xff over 0xf0: 4 bits");
    nor_free(f);
}

Test(nor, erase_is_by_whole_blocks)
{
    nor_flash *f = nor_new(0x40000, 0x10000);
    uint8_t z[16] = {0};
    nor_program(f, 0x10010, z, 16, NULL);
    nor_program(f, 0x20000, z, 16, NULL);
    wa_err e = {0};
    cr_expect_eq(nor_erase(f, 0x10010, 0x10000, &e), WA_E_USAGE);
    cr_expect_eq(nor_erase(f, 0x10000, 0x10000, NULL), WA_OK);
    cr_expect_eq(f->mem[0x10010], 0xff);
    cr_expect_eq(f->mem[0x20000], 0x00, "the next block is untouched");
    cr_expect_eq(f->erase_count[1], 1u);
    cr_expect_eq(nor_erase(f, 0x30000, 0x20000, &e), WA_E_RANGE);
    /* nor_write erases the blocks it touches, bytes outside the range included */
    nor_program(f, 0x10000, z, 16, NULL);
    uint8_t d[4] = {1, 2, 3, 4};
    cr_expect_eq(nor_write(f, 0x10100, d, 4, NULL), WA_OK);
    cr_expect_eq(f->mem[0x10000], 0xff);
    cr_expect(!memcmp(f->mem + 0x10100, d, 4));
    nor_free(f);
    cr_expect_null(nor_new(0x40000, 0x3000));
    cr_expect_null(nor_new(0x41000, 0x10000));
}

Test(nor, power_loss_after_n_bytes_leaves_exactly_n)
{
    uint8_t data[300];
    for (int i = 0; i < 300; i++)
        data[i] = (uint8_t)i;
    for (int64_t n = 0; n <= 300; n += 37) {
        nor_flash *f = nor_new(0x20000, 0x10000);
        nor_set_power_loss(f, n);
        wa_err e = {0};
        int rc = nor_write(f, 0x10000, data, 300, &e);
        cr_expect_eq(rc, n < 300 ? WA_E_IO : WA_OK, "n=%lld", (long long)n);
        for (int i = 0; i < 300; i++)
            cr_expect_eq(f->mem[0x10000 + i], i < n ? data[i] : 0xff, "n=%lld byte %d",
                         (long long)n, i);
        if (n < 300) cr_expect_eq(e.offset, 0x10000u + (uint64_t)n);
        cr_expect_eq(f->programmed, (uint64_t)(n < 300 ? n : 300));
        nor_free(f);
    }
}
