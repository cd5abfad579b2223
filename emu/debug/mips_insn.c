/* mips_insn.c: MIPS32 instruction classes by their fields (mips_insn.h). */
#include "mips_insn.h"

#define OP(i) ((i) >> 26)
#define RS(i) (((i) >> 21) & 31)
#define RT(i) (((i) >> 16) & 31)
#define FN(i) ((i)&63)

int mips_has_delay_slot(uint32_t i)
{
    uint32_t op = OP(i);
    if (op == 0) return FN(i) == 0x08 || FN(i) == 0x09; /* jr, jalr */
    if (op == 1) return (RT(i) & 0x0c) == 0;            /* bltz, bgez, -al, -l */
    if (op == 0x11 || op == 0x12) return RS(i) == 8;    /* bc1x, bc2x */
    return (op >= 2 && op <= 7) || (op >= 0x14 && op <= 0x17);
}

int mips_is_call(uint32_t i)
{
    uint32_t op = OP(i);
    if (op == 3) return 1;                              /* jal */
    if (op == 0) return FN(i) == 0x09;                  /* jalr */
    if (op == 1) return RT(i) >= 0x10 && RT(i) <= 0x13; /* bltzal, bgezal (bal), -likely */
    return 0;
}

int mips_is_return(uint32_t i)
{
    return i == 0x03e00008u; /* jr ra */
}

uint32_t mips_frame_alloc(uint32_t i)
{
    if ((i >> 16) != 0x27bd) return 0; /* addiu sp, sp, imm */
    int16_t imm = (int16_t)(i & 0xffff);
    return imm < 0 ? (uint32_t)-imm : 0;
}

int mips_saves_ra(uint32_t i, int32_t *off)
{
    if ((i >> 16) != 0xafbf) return 0; /* sw ra, imm(sp) */
    *off = (int16_t)(i & 0xffff);
    return 1;
}
