/* frames.c: prologue-scanning backtrace (frames.h). */
#include "frames.h"

#include "mips_insn.h"

#define SCAN_MAX 4096 /* instructions looked at back from pc for a function start */

static int word(dbg_target *t, uint32_t a, uint32_t *w)
{
    return t->ops->read_mem(t->t, a, w, 4);
}

/* Where the function holding pc begins, and its frame size and $ra slot as set up before
 * pc. 0 when no start is found. */
static int prologue(dbg_target *t, const dbg_syms *syms, uint32_t pc, dbg_frame *f)
{
    uint32_t off, w, start = 0;
    const dbg_sym *s = dbg_sym_at(syms, pc, &off);
    if (s) {
        start = s->addr;
    } else { /* back to the frame allocation, not past the previous function's return */
        for (uint32_t a = pc & ~3u, i = 0; i < SCAN_MAX && a >= 4; i++, a -= 4) {
            if (word(t, a, &w)) return 0;
            if (a != pc && mips_is_return(w)) {
                start = a + 8; /* after its delay slot */
                break;
            }
            if (mips_frame_alloc(w)) {
                start = a;
                break;
            }
        }
        if (!start) return 0;
    }
    f->func = start;
    for (uint32_t a = start, i = 0; a < pc && i < SCAN_MAX; a += 4, i++) {
        int32_t ro;
        if (word(t, a, &w)) break;
        if (!f->size && mips_frame_alloc(w))
            f->size = mips_frame_alloc(w);
        else if (!f->ra_saved && mips_saves_ra(w, &ro)) {
            f->ra_saved = 1;
            f->ra_off = ro;
        }
    }
    return 1;
}

int dbg_backtrace(dbg_target *t, const dbg_syms *syms, dbg_frame *out, int max)
{
    uint32_t r[DBG_NREGS];
    if (max <= 0 || t->ops->read_regs(t->t, r)) return 0;
    uint32_t pc = r[DBG_R_PC], sp = r[29], ra = r[31];
    int n = 0;
    while (n < max) {
        dbg_frame *f = &out[n++];
        uint32_t called = n > 1 ? f->called : 0; /* set when its callee's frame was done */
        *f = (dbg_frame){.pc = pc, .sp = sp, .called = called};
        if (!prologue(t, syms, pc, f)) break;
        uint32_t next;
        if (f->ra_saved) {
            if (word(t, sp + (uint32_t)f->ra_off, &next)) break;
        } else if (n == 1) {
            next = ra; /* before the save, or a leaf: $ra still holds it */
        } else {
            break;
        }
        if (!next || next == pc || (next & 3)) break;
        /* a return address follows a call and its delay slot: anything else read as one is
         * not (a wrong guess of the frame, the end of the stack), and the chain ends there */
        uint32_t at_call;
        if (word(t, next - 8, &at_call) || !mips_is_call(at_call)) break;
        uint32_t nsp = sp + f->size;
        if (n > 1 && nsp < sp) break; /* the stack grows down: callers lie above */
        pc = next;
        sp = nsp;
        uint32_t call;
        if (n < max)
            out[n].called = !word(t, pc - 8, &call) && call >> 26 == 3 /* jal */
                                ? ((pc - 4) & 0xf0000000u) | (call & 0x3ffffffu) << 2
                                : 0;
    }
    return n;
}
