/* test_cfi.c: the CFI command interface the kernel's MTD drivers talk to: the query table
 * cfi_probe reads, AMD autoselect, program and erase sequences, the Intel command set, and
 * that a wrong sequence changes nothing. */
#include <criterion/criterion.h>

#include "cfi.h"

static nor_flash *nor;
static cfi_chip c;

static void setup(void)
{
    nor = nor_new(4u << 20, 64u << 10);
    cr_assert(nor);
}

static void teardown(void)
{
    nor_free(nor);
}

TestSuite(cfi, .init = setup, .fini = teardown);

static uint16_t q(uint32_t word)
{
    return (uint16_t)cfi_read(&c, word * 2, 2);
}

static void cmd(uint32_t word, uint16_t v)
{
    cfi_write(&c, word * 2, 2, v);
}

Test(cfi, query_table_describes_the_chip)
{
    cfi_init(&c, nor, CFI_AMD);
    cr_expect_eq(q(0x10), 0xffff, "read-array mode shows the erased chip");
    cmd(0x55, 0x98);
    cr_expect_eq(q(0x10), 'Q');
    cr_expect_eq(q(0x11), 'R');
    cr_expect_eq(q(0x12), 'Y');
    cr_expect_eq(q(0x13), 2, "AMD command set");
    cr_expect_eq(q(0x27), 22, "2^22 bytes");
    cr_expect_eq(q(0x2c), 1);
    cr_expect_eq(q(0x2d) | q(0x2e) << 8, 63, "64 blocks");
    cr_expect_eq((q(0x2f) | q(0x30) << 8) * 256, 65536);
    cr_expect_eq(q(0x40), 'P');
    cr_expect_eq(q(0x43), '1');
    cr_expect_eq(q(0x44), '1');
    cr_expect_eq(cfi_read(&c, 0x20, 4), 'Q' | 'R' << 16, "two words in one 32-bit read");
    cmd(0, 0xf0);
    cr_expect_eq(q(0x10), 0xffff, "reset returns to read array");
}

Test(cfi, amd_autoselect_program_and_erase)
{
    cfi_init(&c, nor, CFI_AMD);
    cmd(0x555, 0xaa);
    cmd(0x2aa, 0x55);
    cmd(0x555, 0x90);
    cr_expect_eq(q(0), 0x0001);
    cr_expect_eq(q(1), 0x22f9);
    cmd(0, 0xf0);
    cmd(0x555, 0xaa);
    cmd(0x2aa, 0x55);
    cmd(0x555, 0xa0);
    cfi_write(&c, 0x10002, 2, 0x1234);
    cr_expect_eq(cfi_read(&c, 0x10002, 2), 0x1234);
    cr_expect_eq(nor->mem[0x10002], 0x34);
    /* a program without the unlock is a data write to nowhere: ignored, counted */
    cfi_write(&c, 0x10004, 2, 0x0000);
    cr_expect_eq(cfi_read(&c, 0x10004, 2), 0xffff);
    cr_expect_eq(c.bad_commands, 1);
    /* sector erase */
    uint16_t seq[][2] = {{0x555, 0xaa}, {0x2aa, 0x55}, {0x555, 0x80}, {0x555, 0xaa}, {0x2aa, 0x55}};
    for (int i = 0; i < 5; i++)
        cmd(seq[i][0], seq[i][1]);
    cfi_write(&c, 0x10000, 2, 0x30);
    cr_expect_eq(cfi_read(&c, 0x10002, 2), 0xffff);
    cr_expect_eq(nor->erase_count[1], 1);
    cr_expect_eq(nor->erase_count[0], 0);
}

Test(cfi, intel_command_set)
{
    cfi_init(&c, nor, CFI_INTEL);
    cmd(0x55, 0x98);
    cr_expect_eq(q(0x13), 1, "Intel command set");
    cmd(0, 0xff);
    cmd(0, 0x90);
    cr_expect_eq(q(0), 0x0089);
    cmd(0, 0xff);
    cfi_write(&c, 0x20000, 2, 0x40);
    cfi_write(&c, 0x20000, 2, 0xbeef);
    cr_expect_eq(cfi_read(&c, 0, 2) & 0x80, 0x80, "status: ready");
    cmd(0, 0xff);
    cr_expect_eq(cfi_read(&c, 0x20000, 2), 0xbeef);
    cfi_write(&c, 0x20000, 2, 0x20);
    cfi_write(&c, 0x20000, 2, 0xd0);
    cmd(0, 0xff);
    cr_expect_eq(cfi_read(&c, 0x20000, 2), 0xffff);
    /* programming a 0 bit back to 1 is refused by NOR rules and shows in the status */
    cfi_write(&c, 0x30000, 2, 0x40);
    cfi_write(&c, 0x30000, 2, 0x0000);
    cfi_write(&c, 0x30000, 2, 0x40);
    cfi_write(&c, 0x30000, 2, 0xffff);
    cr_expect(cfi_read(&c, 0, 2) & 0x10, "program error bit");
    cr_expect_eq(nor->mem[0x30000], 0);
}
