/* adam2_yamon.c: ADAM2's service table and its print routines (adam2_yamon.h). */
#include "adam2_yamon.h"

#include "bytes.h"

/* Assembled with mipsel-linux-gnu-as -mips32 (UART0 at kseg1 0xa8610e00, LSR at +0x14, THRE
 * 0x20; byte accesses, as TI's serial driver makes them). */
static const uint32_t code_words[] = {
    /* +0x00 print_count(a0 port, a1 s, a2 len) */
    0x10c00009, /*     beqz  a2, 2f             */
    0x3c08a861, /*     lui   t0, 0xa861         */
    0x91090e14, /* 1:  lbu   t1, 0x0e14(t0)     LSR */
    0x31290020, /*     andi  t1, t1, 0x20       THRE */
    0x1120fffd, /*     beqz  t1, 1b             */
    0x90a90000, /*     lbu   t1, 0(a1)          (delay slot) */
    0xa1090e00, /*     sb    t1, 0x0e00(t0)     THR */
    0x24c6ffff, /*     addiu a2, a2, -1         */
    0x14c0fff9, /*     bnez  a2, 1b             */
    0x24a50001, /*     addiu a1, a1, 1          */
    0x03e00008, /* 2:  jr    ra                 (+0x28: the "return 0" of the other entries) */
    0x00001025, /*     move  v0, zero           */
    /* +0x30 print(a0 port, a1 s): up to the NUL */
    0x3c08a861, /*     lui   t0, 0xa861         */
    0x90a90000, /* 3:  lbu   t1, 0(a1)          */
    0x11200008, /*     beqz  t1, 5f             */
    0x00000000, /*     nop                      */
    0x910a0e14, /* 4:  lbu   t2, 0x0e14(t0)     LSR */
    0x314a0020, /*     andi  t2, t2, 0x20       */
    0x1140fffd, /*     beqz  t2, 4b             */
    0x00000000, /*     nop                      */
    0xa1090e00, /*     sb    t1, 0x0e00(t0)     THR */
    0x1000fff7, /*     b     3b                 */
    0x24a50001, /*     addiu a1, a1, 1          */
    0x03e00008, /* 5:  jr    ra                 */
    0x00001025, /*     move  v0, zero           */
};

#define PRINT_COUNT 0x00u
#define RETURN0 0x28u
#define PRINT 0x30u

_Static_assert(sizeof code_words == ADAM2_YAMON_CODE_LEN, "ADAM2_YAMON_CODE_LEN");

void adam2_yamon_code(uint8_t out[ADAM2_YAMON_CODE_LEN])
{
    for (size_t i = 0; i < sizeof code_words / 4; i++)
        wr_le32(out + 4 * i, code_words[i]);
}

void adam2_yamon_table(uint8_t *mtd2, size_t len)
{
    if (len < ADAM2_YAMON_TABLE + 4 * ADAM2_YAMON_ENTRIES) return;
    for (uint32_t i = 0; i < ADAM2_YAMON_ENTRIES; i++) {
        uint32_t at = i == 1 ? PRINT_COUNT : i == 13 ? PRINT : RETURN0;
        wr_le32(mtd2 + ADAM2_YAMON_TABLE + 4 * i, ADAM2_YAMON_CODE + at);
    }
}
