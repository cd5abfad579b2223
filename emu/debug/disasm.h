/* disasm.h: one MIPS32 little-endian instruction as text, with Capstone: the mnemonic and
 * operands as objdump's MIPS syntax writes registers (no `$`), a branch's or jump's target
 * named with its symbol when a table is given. */
#ifndef WA_DBG_DISASM_H
#define WA_DBG_DISASM_H

#include <stddef.h>
#include <stdint.h>

#include "symbols.h"

typedef struct dbg_disasm dbg_disasm;

dbg_disasm *dbg_disasm_open(void); /* NULL when Capstone has no MIPS */
void dbg_disasm_close(dbg_disasm *d);
/* "mnemonic\toperands" (and " <sym+off>" for a target) of word at addr into out; an
 * undecodable word is ".word 0x...". */
void dbg_disasm_one(dbg_disasm *d, const dbg_syms *syms, uint32_t addr, uint32_t word, char *out,
                    size_t cap);

#endif
