/* frames.h: a backtrace of a stopped MIPS32 target without debugging information, as gdb's
 * mips-tdep does it from the code: each function's start (its symbol, or scanning back from
 * pc to an `addiu sp, sp, -N`), then its prologue up to pc: the frame size N and where
 * `sw ra, off(sp)` saved the return address. The caller's pc is that saved $ra (or, in the
 * innermost frame before the save, the $ra register), its sp this sp + N. When a caller's
 * jal went to another function than the frame below it, that function made a tail call
 * (`j`): `called` says which, so the chain can name it. A caller's pc must follow a call
 * (jal, jalr, bal ...): the chain ends at the first that does not. */
#ifndef WA_DBG_FRAMES_H
#define WA_DBG_FRAMES_H

#include <stdint.h>

#include "symbols.h"
#include "target.h"

typedef struct dbg_frame {
    uint32_t pc, sp;
    uint32_t func; /* where the function begins (0: not found) */
    uint32_t size; /* its frame */
    int ra_saved;  /* $ra was read from the stack at sp + ra_off */
    int32_t ra_off;
    uint32_t called; /* a caller's: the function its call (jal) at pc - 8 went to, or 0 */
} dbg_frame;

/* Up to max frames, innermost first; the count. */
int dbg_backtrace(dbg_target *t, const dbg_syms *syms, dbg_frame *out, int max);

#endif
