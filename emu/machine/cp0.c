/* cp0.c: exception entry for a CPU whose emulator does not do it. Unicorn hands every MIPS
 * exception to the host and exposes only Status, Config3 and UserLocal of CP0. The rest of
 * the state exception entry changes (EPC, Cause, the branch-delay flags QEMU keeps in
 * hflags) is reached through a saved CPU context: uc_context_save copies the emulator's
 * CPU state, we change the fields and uc_context_restore puts it back. Where the fields lie
 * in that copy is not part of Unicorn's API, so it is measured when the machine starts: a
 * scratch CPU of the same model runs mtc0 to EPC and Cause, an unaligned load (BadVAddr), a
 * TLB refill (the error code that tells a refill from an invalid entry) and two Status writes
 * (hflags); the bytes that took the written values are the fields. If the measurement is
 * ambiguous the machine refuses to start rather than guess. */
#include <stdlib.h>
#include <string.h>

#include "ar7_int.h"

#define HF_BMASK 0x87f800u /* QEMU's MIPS_HFLAG_BMASK: the CPU is in a delay slot */
#define EXCP_TLB_NOMATCH 1u

enum { CAL_MAX = 4 };

typedef struct cal {
    uc_context *ctx[CAL_MAX];
    int n;
} cal;

static void cal_intr(uc_engine *uc, uint32_t intno, void *user)
{
    cal *c = user;
    (void)intno;
    if (c->n < CAL_MAX) uc_context_save(uc, c->ctx[c->n++]);
    uc_emu_stop(uc);
}

static uint32_t at(const void *ctx, size_t off)
{
    uint32_t v;
    memcpy(&v, (const uint8_t *)ctx + off, 4);
    return v;
}

/* The one offset where a holds va and b holds vb (b == NULL: any a). 0 when none or many. */
static size_t find(const void *a, uint32_t va, const void *b, uint32_t vb, size_t size, size_t skip)
{
    size_t hit = 0;
    int n = 0;
    for (size_t off = 0; off + 4 <= size; off++) {
        if (off == skip || at(a, off) != va || (b && at(b, off) != vb)) continue;
        hit = off;
        n++;
    }
    return n == 1 ? hit : 0;
}

/* The one offset other than skip where a and b differ, 4-byte aligned relative to skip. */
static size_t differ(const void *a, const void *b, size_t size, size_t skip)
{
    size_t hit = 0;
    int n = 0;
    for (size_t off = skip % 4; off + 4 <= size; off += 4)
        if (off != skip && at(a, off) != at(b, off)) hit = off, n++;
    return n == 1 ? hit : 0;
}

int ar7_cp0_find(int cpu_model, ar7_cp0 *c, wa_err *e)
{
    static const uint32_t code[] = {
        0x40887000,             /* mtc0 t0, EPC */
        0x40896800,             /* mtc0 t1, Cause */
        0x8d6a1235,             /* lw t2, 0x1235(t3): address error, BadVAddr */
        0x00000000, 0x8d8a0000, /* lw t2, 0(t4): TLB refill (kuseg, ERL clear) */
        0x00000000,
    };
    uc_engine *uc = NULL;
    cal k = {0};
    uc_context *base = NULL, *s1 = NULL;
    uc_hook h;
    int rc = WA_E_UNSUPPORTED;
    if (uc_open(UC_ARCH_MIPS, UC_MODE_MIPS32 | UC_MODE_LITTLE_ENDIAN, &uc))
        return wa_fail(e, WA_E_UNSUPPORTED, WA_NO_OFFSET,
                       "Unicorn has no MIPS32 little-endian CPU");
    uc_ctl_set_cpu_model(uc, cpu_model);
    uc_ctl_set_tcg_buffer_size(uc, 1u << 20);
    size_t size = uc_context_size(uc);
    for (int i = 0; i < CAL_MAX; i++)
        uc_context_alloc(uc, &k.ctx[i]);
    uc_context_alloc(uc, &base);
    uc_context_alloc(uc, &s1);
    uint32_t t0 = 0x8badf00c, t1 = CA_IV, t3 = 0x12340000, t4 = 0x40000000;
    if (uc_mem_map(uc, 0x1000, 0x1000, UC_PROT_ALL) ||
        uc_mem_write(uc, 0x1000, code, sizeof code) ||
        uc_hook_add(uc, &h, UC_HOOK_INTR, (void *)cal_intr, &k, 1, 0))
        goto out;
    uc_reg_write(uc, UC_MIPS_REG_8, &t0);
    uc_reg_write(uc, UC_MIPS_REG_9, &t1);
    uc_reg_write(uc, UC_MIPS_REG_11, &t3);
    uc_reg_write(uc, UC_MIPS_REG_12, &t4);
    uc_context_save(uc, base);
    uc_emu_start(uc, 0x80001000, 0x80001018, 0, 100);
    uint32_t st = 0x10000000; /* kernel mode, ERL clear: kuseg goes through the TLB */
    uc_reg_write(uc, UC_MIPS_REG_CP0_STATUS, &st);
    uc_emu_start(uc, 0x80001010, 0x80001018, 0, 100);
    /* both Status snapshots in the one context, copied out: bytes the save does not write
     * (garbage of the allocation, different in two allocations) then cannot differ */
    uint8_t *b1 = malloc(size), *b2 = malloc(size);
    if (!b1 || !b2) {
        free(b1);
        free(b2);
        goto out;
    }
    uc_context_save(uc, s1);
    memcpy(b1, s1, size);
    st = 0x10000010; /* user mode */
    uc_reg_write(uc, UC_MIPS_REG_CP0_STATUS, &st);
    uc_context_save(uc, s1);
    memcpy(b2, s1, size);
    if (k.n != 2) {
        free(b1);
        free(b2);
        goto out;
    }
    c->size = size;
    c->epc = find(k.ctx[0], t0, base, 0, size, 0); /* not t0 itself */
    c->cause = find(k.ctx[0], t1, base, 0, size, 0);
    c->badvaddr = find(k.ctx[0], 0x12341235, NULL, 0, size, 0);
    c->status = find(b1, 0x10000000, b2, 0x10000010, size, 0);
    c->hflags = c->status ? differ(b1, b2, size, c->status) : 0;
    c->error_code = c->hflags - 4; /* Unicorn 2.1 cpu.h: int error_code; uint32_t hflags; */
    if (c->epc && c->cause && c->badvaddr && c->status && c->hflags &&
        at(k.ctx[1], c->badvaddr) == t4 && at(k.ctx[0], c->error_code) == 0 &&
        at(k.ctx[1], c->error_code) == EXCP_TLB_NOMATCH && (at(b2, c->hflags) & 3) == 2)
        rc = WA_OK;
    free(b1);
    free(b2);
out:
    for (int i = 0; i < CAL_MAX; i++)
        uc_context_free(k.ctx[i]);
    uc_context_free(base);
    uc_context_free(s1);
    uc_close(uc);
    if (rc)
        return wa_fail(e, rc, WA_NO_OFFSET,
                       "cannot find EPC/Cause/BadVAddr/hflags in this Unicorn's CPU context "
                       "(found %zu/%zu/%zu/%zu); exceptions cannot be delivered",
                       c->epc, c->cause, c->badvaddr, c->hflags);
    return WA_OK;
}

uint32_t ar7_ctx_get(ar7 *m, size_t off)
{
    return at(m->ctx, off);
}

void ar7_ctx_set(ar7 *m, size_t off, uint32_t v)
{
    memcpy((uint8_t *)m->ctx + off, &v, 4);
}

static uint32_t merge_lines(ar7 *m, uint32_t cause)
{
    return (cause & ~0xfc00u) | m->lines;
}

void ar7_enter(ar7 *m, unsigned excode, uint32_t pc)
{
    uc_context_save(m->uc, m->ctx);
    uint32_t st = ar7_ctx_get(m, m->cp0.status), ca = ar7_ctx_get(m, m->cp0.cause);
    uint32_t hf = ar7_ctx_get(m, m->cp0.hflags), err = ar7_ctx_get(m, m->cp0.error_code);
    if (!(st & ST_EXL)) {
        int bd = (hf & HF_BMASK) != 0;
        ar7_ctx_set(m, m->cp0.epc, bd ? pc - 4 : pc);
        ca = bd ? ca | CA_BD : ca & ~CA_BD;
    }
    ca = (ca & ~(0x7cu | 3u << 28)) | excode << 2;
    if (excode == 11) ca |= (err & 3) << 28; /* CpU: the unit */
    uint32_t off = 0x180;
    if ((excode == 2 || excode == 3) && (err & EXCP_TLB_NOMATCH) && !(st & ST_EXL)) off = 0;
    if (excode == 0 && (ca & CA_IV)) off = 0x200;
    uint32_t vec = (st & ST_BEV ? 0xbfc00200u : 0x80000000u) + off;
    ar7_ctx_set(m, m->cp0.cause, merge_lines(m, ca));
    ar7_ctx_set(m, m->cp0.hflags, hf & ~HF_BMASK);
    st |= ST_EXL;
    ar7_ctx_set(m, m->cp0.status, st);
    uc_context_restore(m->uc, m->ctx);
    m->lines_dirty = 0;
    uc_reg_write(m->uc, UC_MIPS_REG_CP0_STATUS, &st); /* recomputes the mode */
    uc_reg_write(m->uc, UC_MIPS_REG_PC, &vec);
    if (excode < 32) m->r->exceptions[excode]++;
}

int ar7_irq_check(ar7 *m, uint32_t pc)
{
    uint32_t st;
    uc_reg_read(m->uc, UC_MIPS_REG_CP0_STATUS, &st);
    if ((st & ST_IE) && !(st & (ST_EXL | ST_ERL)) && (st & m->lines & 0xfc00u)) {
        ar7_enter(m, 0, pc);
        return 1;
    }
    if (m->lines_dirty) {
        uc_context_save(m->uc, m->ctx);
        ar7_ctx_set(m, m->cp0.cause, merge_lines(m, ar7_ctx_get(m, m->cp0.cause)));
        uc_context_restore(m->uc, m->ctx);
        m->lines_dirty = 0;
    }
    return 0;
}
