/* debug_target.h: the AR7 machine as a debugger's target (emu/debug/target.h): its registers
 * as gdb numbers them, its memory as the CPU sees it in the unmapped kernel segments, code
 * breakpoints and watchpoints as Unicorn hooks (guest memory is never written for them),
 * steps that keep a branch with its delay slot, and pauses at milestones, exceptions and an
 * instruction count. */
#ifndef WA_AR7_DEBUG_TARGET_H
#define WA_AR7_DEBUG_TARGET_H

#include "machine.h"
#include "target.h"

/* The table of functions over m (which must outlive it). */
dbg_target ar7_debug_target(ar7 *m);

/* CP0 EPC, which gdb's register list does not have. */
uint32_t ar7_debug_epc(ar7 *m);

/* Call fn for every block (per_insn: every instruction) the CPU runs from now on; fn NULL:
 * no longer. 0, or -1 when Unicorn refuses the hook. */
int ar7_debug_trace(ar7 *m, void (*fn)(void *user, uint32_t addr, uint32_t size), void *user,
                    int per_insn);

/* The instructions run so far (the count milestones and --at-insn use). */
uint64_t ar7_debug_insns(const ar7 *m);

#endif
