/* mips_insn.h: what the debugger needs to know of a MIPS32 instruction word: whether it has
 * a delay slot, whether it is a call (links $ra, so `next` steps over it), where a direct
 * branch goes, and the prologue instructions the backtrace looks for. */
#ifndef WA_DBG_MIPS_INSN_H
#define WA_DBG_MIPS_INSN_H

#include <stdint.h>

int mips_has_delay_slot(uint32_t insn); /* branches and jumps, likely ones too */
int mips_is_call(uint32_t insn);        /* jal, jalr, bal, bgezal, bltzal (and -likely) */
int mips_is_return(uint32_t insn);      /* jr ra */
/* addiu sp, sp, -N: N (> 0), else 0 */
uint32_t mips_frame_alloc(uint32_t insn);
/* sw ra, off(sp): 1 and *off, else 0 */
int mips_saves_ra(uint32_t insn, int32_t *off);

#endif
