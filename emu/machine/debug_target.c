/* debug_target.c: the AR7 machine behind the debugger's target table (debug_target.h). A code
 * breakpoint is a Unicorn code hook on its one address, which pauses before the instruction
 * runs; a watchpoint is a memory hook that compares physical addresses (kseg0 and kseg1 are
 * the same bytes, and device registers are reached through kseg1), and pauses at the start
 * of the block after the access (inside a block Unicorn's PC is not the instruction's). Resuming
 * from a breakpoint first steps off it with that breakpoint ignored. Memory reads go to the RAM,
 * the on-chip memory and the flash array directly, so reading never has a device's side
 * effects. */
#include <string.h>

#include "ar7_int.h"
#include "debug_target.h"

static ar7 *M(void *t)
{
    return t;
}

static uint32_t gpr(ar7 *m, int r)
{
    uint32_t v = 0;
    uc_reg_read(m->uc, UC_MIPS_REG_0 + r, &v);
    return v;
}

static int read_regs(void *t, uint32_t regs[DBG_NREGS])
{
    ar7 *m = M(t);
    for (int i = 0; i < 32; i++)
        regs[i] = i ? gpr(m, i) : 0;
    uc_reg_read(m->uc, UC_MIPS_REG_CP0_STATUS, &regs[DBG_R_SR]);
    uc_reg_read(m->uc, UC_MIPS_REG_LO, &regs[DBG_R_LO]);
    uc_reg_read(m->uc, UC_MIPS_REG_HI, &regs[DBG_R_HI]);
    uc_context_save(m->uc, m->ctx);
    regs[DBG_R_BADVADDR] = ar7_ctx_get(m, m->cp0.badvaddr);
    regs[DBG_R_CAUSE] = (ar7_ctx_get(m, m->cp0.cause) & ~0xfc00u) | m->lines |
                        (ar7_ctx_get(m, m->cp0.cause) & 0x300u);
    uc_reg_read(m->uc, UC_MIPS_REG_PC, &regs[DBG_R_PC]);
    return 0;
}

uint32_t ar7_debug_epc(ar7 *m)
{
    uc_context_save(m->uc, m->ctx);
    return ar7_ctx_get(m, m->cp0.epc);
}

static int write_reg(void *t, int reg, uint32_t v)
{
    ar7 *m = M(t);
    if (reg > 0 && reg < 32) return uc_reg_write(m->uc, UC_MIPS_REG_0 + reg, &v) ? -1 : 0;
    switch (reg) {
    case DBG_R_SR: return uc_reg_write(m->uc, UC_MIPS_REG_CP0_STATUS, &v) ? -1 : 0;
    case DBG_R_LO: return uc_reg_write(m->uc, UC_MIPS_REG_LO, &v) ? -1 : 0;
    case DBG_R_HI: return uc_reg_write(m->uc, UC_MIPS_REG_HI, &v) ? -1 : 0;
    case DBG_R_PC: return uc_reg_write(m->uc, UC_MIPS_REG_PC, &v) ? -1 : 0;
    case DBG_R_BADVADDR:
    case DBG_R_CAUSE:
        uc_context_save(m->uc, m->ctx);
        ar7_ctx_set(m, reg == DBG_R_CAUSE ? m->cp0.cause : m->cp0.badvaddr, v);
        uc_context_restore(m->uc, m->ctx);
        return 0;
    }
    return -1;
}

/* Where the byte at va lies in host memory, and how many bytes from there are contiguous;
 * NULL for mapped segments, device registers and holes. */
static uint8_t *host(ar7 *m, uint32_t va, size_t *room)
{
    if (va < 0x80000000u || va >= 0xc0000000u) return NULL;
    uint32_t pa = va & 0x1fffffffu;
    if (pa < AR7_IRAM_SIZE) {
        *room = AR7_IRAM_SIZE - pa;
        return m->iram + pa;
    }
    if (pa >= AR7_RAM_BASE && pa < AR7_RAM_BASE + (64u << 20)) {
        uint32_t off = (pa - AR7_RAM_BASE) % m->o->ram_size; /* the SDRAM repeats */
        *room = m->o->ram_size - off;
        return m->ram + off;
    }
    uint32_t fsize = (uint32_t)m->o->flash->size;
    if (pa >= AR7_FLASH_BASE && pa - AR7_FLASH_BASE < fsize) {
        *room = fsize - (pa - AR7_FLASH_BASE);
        return m->o->flash->mem + (pa - AR7_FLASH_BASE);
    }
    return NULL;
}

static int mem_io(ar7 *m, uint32_t addr, uint8_t *buf, const uint8_t *src, size_t n)
{
    while (n) {
        size_t room = 0;
        uint8_t *p = host(m, addr, &room);
        if (!p) return -1;
        size_t k = n < room ? n : room;
        if (buf)
            memcpy(buf, p, k);
        else
            memcpy(p, src, k);
        if (buf) buf += k;
        if (src) src += k;
        addr += (uint32_t)k;
        n -= k;
    }
    return 0;
}

static int read_mem(void *t, uint32_t addr, void *buf, size_t n)
{
    return mem_io(M(t), addr, buf, NULL, n);
}

static int write_mem(void *t, uint32_t addr, const void *buf, size_t n)
{
    ar7 *m = M(t);
    int rc = mem_io(m, addr, NULL, buf, n);
    if (!rc) uc_ctl_flush_tb(m->uc); /* the code there may be translated already */
    return rc;
}

static void on_code(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    ar7 *m = user;
    (void)uc;
    (void)size;
    if ((uint32_t)addr != m->dbg.skip) ar7_pause(m, DBG_STOP_BREAK, 0, (uint32_t)addr);
}

static ar7_break *find_bp(ar7 *m, int kind, uint32_t addr, uint32_t len)
{
    for (int i = 0; i < AR7_MAX_BREAKS; i++) {
        ar7_break *b = &m->dbg.bp[i];
        if (b->kind == kind + 1 && b->addr == addr && b->len == len) return b;
    }
    return NULL;
}

static int overlaps(uint32_t a, uint32_t an, uint32_t b, uint32_t bn)
{
    return a < b + bn && b < a + an;
}

static void on_mem(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value,
                   void *user)
{
    ar7 *m = user;
    (void)uc;
    (void)value;
    int write = type == UC_MEM_WRITE;
    uint32_t pa = (uint32_t)addr & 0x1fffffffu;
    for (int i = 0; i < AR7_MAX_BREAKS; i++) {
        ar7_break *b = &m->dbg.bp[i];
        int kind = b->kind - 1;
        if (kind < DBG_BP_WRITE || (kind == DBG_BP_WRITE && !write) ||
            (kind == DBG_BP_READ && write))
            continue;
        if (overlaps(pa, (uint32_t)size, b->addr & 0x1fffffffu, b->len) && !m->dbg.watched) {
            /* Unicorn's PC is stale inside a block: stopping here would run the block's
             * first instructions again. The pause is at the next block start instead. */
            m->dbg.watched = 1 + write;
            m->dbg.watch_addr = (uint32_t)addr;
            m->next_check = 0;
            return;
        }
    }
}

static int set_break(void *t, int kind, uint32_t addr, uint32_t len)
{
    ar7 *m = M(t);
    if (kind < DBG_BP_SW || kind > DBG_BP_ACCESS) return -1;
    if (kind <= DBG_BP_HW) len = 4;
    if (!len) return -1;
    if (find_bp(m, kind, addr, len)) return 0;
    ar7_break *b = find_bp(m, -1, 0, 0); /* a free slot */
    if (!b) return -1;
    uc_err err;
    if (kind <= DBG_BP_HW)
        err = uc_hook_add(m->uc, &b->h, UC_HOOK_CODE, (void *)on_code, m, addr, addr);
    else
        err = uc_hook_add(m->uc, &b->h,
                          kind == DBG_BP_WRITE  ? UC_HOOK_MEM_WRITE
                          : kind == DBG_BP_READ ? UC_HOOK_MEM_READ
                                                : UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE,
                          (void *)on_mem, m, addr & 0x1fffffffu, (addr & 0x1fffffffu) + len - 1);
    if (err) return -1;
    *b = (ar7_break){.kind = kind + 1, .addr = addr, .len = len, .h = b->h};
    uc_ctl_flush_tb(m->uc); /* translated code calls only the hooks it was made with */
    return 0;
}

static int clear_break(void *t, int kind, uint32_t addr, uint32_t len)
{
    ar7 *m = M(t);
    if (kind <= DBG_BP_HW) len = 4;
    ar7_break *b = find_bp(m, kind, addr, len);
    if (!b) return -1;
    uc_hook_del(m->uc, b->h);
    memset(b, 0, sizeof *b);
    uc_ctl_flush_tb(m->uc);
    return 0;
}

static int code_break_at(ar7 *m, uint32_t pc)
{
    return find_bp(m, DBG_BP_SW, pc, 4) || find_bp(m, DBG_BP_HW, pc, 4);
}

static void event(ar7 *m, dbg_event *ev)
{
    memset(ev, 0, sizeof *ev);
    uc_reg_read(m->uc, UC_MIPS_REG_PC, &ev->pc);
    ev->insns = m->cycles;
    if (m->dbg.why) {
        ev->why = m->dbg.why - 1;
        ev->code = m->dbg.code;
        ev->addr = m->dbg.addr;
        return;
    }
    ev->why = m->stop ? DBG_STOP_END : DBG_STOP_ERROR;
    ev->code = m->r->end;
    snprintf(ev->text, sizeof ev->text, "%.199s", m->stop ? m->r->reason : "the run stopped");
}

/* Where the instruction at pc can go on after its delay slot: 2 when it has one (a branch's
 * or jump's target and the fall-through), else 0. */
static int successors(ar7 *m, uint32_t pc, uint32_t next[2])
{
    uint32_t i = 0, op, rt;
    if (!ar7_word(m, pc, &i)) return 0;
    op = i >> 26, rt = (i >> 16) & 31;
    next[1] = pc + 8;
    if (op == 0 && ((i & 0x3f) == 0x08 || (i & 0x3f) == 0x09)) { /* jr, jalr */
        uc_reg_read(m->uc, UC_MIPS_REG_0 + (int)(i >> 21 & 31), &next[0]);
        if (!(i >> 21 & 31)) next[0] = 0;
        return 2;
    }
    if (op == 2 || op == 3) {
        next[0] = ((pc + 4) & 0xf0000000u) | (i & 0x3ffffffu) << 2;
        return 2;
    }
    int branch = (op == 1 && (rt & 0x0c) == 0) || (op >= 4 && op <= 7) ||
                 (op >= 0x14 && op <= 0x17) || ((op == 0x11 || op == 0x12) && (i >> 21 & 31) == 8);
    if (!branch) return 0;
    next[0] = pc + 4 + (uint32_t)((int32_t)(int16_t)(i & 0xffff) * 4);
    return 2;
}

/* One instruction, a branch with its delay slot. Unicorn's count does not treat every
 * branch alike (after a jal it stopped in the slot, and the slot then ran as if no branch
 * were before it), so a branch runs counting two, with a pause before either successor. */
static int step_one(ar7 *m, wa_err *e)
{
    uint32_t pc, next[2];
    uc_reg_read(m->uc, UC_MIPS_REG_PC, &pc);
    if (!successors(m, pc, next)) return ar7_run(m, 1, e);
    uc_hook h[2] = {0, 0};
    for (int k = 0; k < 2; k++)
        if (next[k] != pc && (k == 0 || next[1] != next[0]))
            uc_hook_add(m->uc, &h[k], UC_HOOK_CODE, (void *)on_code, m, next[k], next[k]);
    uc_ctl_flush_tb(m->uc);
    int rc = ar7_run(m, 2, e);
    uint32_t at;
    uc_reg_read(m->uc, UC_MIPS_REG_PC, &at);
    if (m->dbg.why == DBG_STOP_BREAK + 1 && (at == next[0] || at == next[1]))
        m->dbg.why = DBG_STOP_STEP + 1; /* the step's own end, user breakpoint or not */
    for (int k = 0; k < 2; k++)
        if (h[k]) uc_hook_del(m->uc, h[k]);
    uc_ctl_flush_tb(m->uc);
    return rc;
}

static int resume(void *t, int step, dbg_event *ev)
{
    ar7 *m = M(t);
    wa_err e = {0};
    int rc = 0;
    uint32_t pc;
    if (m->stop) {
        m->dbg.why = 0;
        event(m, ev);
        return 0;
    }
    uc_reg_read(m->uc, UC_MIPS_REG_PC, &pc);
    if (step || code_break_at(m, pc)) {
        m->dbg.skip = pc;
        rc = step_one(m, &e);
        m->dbg.skip = 0;
        if (!rc && !step && m->dbg.why == DBG_STOP_STEP + 1) rc = ar7_run(m, 0, &e);
    } else {
        rc = ar7_run(m, 0, &e);
    }
    event(m, ev);
    if (rc) {
        ev->why = DBG_STOP_ERROR;
        snprintf(ev->text, sizeof ev->text, "%.199s", e.msg);
    }
    return 0;
}

static void interrupt(void *t)
{
    ar7 *m = M(t);
    m->dbg.hold = 1;
    m->next_check = 0;
}

static int catch_event(void *t, int why, int code, uint64_t at, int on)
{
    ar7 *m = M(t);
    uint32_t *mask;
    if (why == DBG_STOP_INSN) {
        m->dbg.at_insn = on ? at : 0;
        if (on && at < m->next_check) m->next_check = at;
        return 0;
    }
    if (why == DBG_STOP_MILESTONE && code > AR7_M_NONE && code < AR7_M_COUNT)
        mask = &m->dbg.ms_mask;
    else if (why == DBG_STOP_EXCEPTION && code >= -1 && code < 32)
        mask = &m->dbg.exc_mask;
    else
        return -1;
    uint32_t bits = code < 0 ? ~1u : 1u << code; /* every exception: not interrupts */
    *mask = on ? *mask | bits : *mask & ~bits;
    return 0;
}

static void on_trace(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    ar7 *m = user;
    (void)uc;
    if (m->dbg.trace) m->dbg.trace(m->dbg.trace_user, (uint32_t)addr, size);
}

int ar7_debug_trace(ar7 *m, void (*fn)(void *user, uint32_t addr, uint32_t size), void *user,
                    int per_insn)
{
    if (m->dbg.trace_hook) {
        uc_hook_del(m->uc, m->dbg.trace_hook);
        m->dbg.trace_hook = 0;
    }
    m->dbg.trace = fn;
    m->dbg.trace_user = user;
    if (fn && uc_hook_add(m->uc, &m->dbg.trace_hook, per_insn ? UC_HOOK_CODE : UC_HOOK_BLOCK,
                          (void *)on_trace, m, 1, 0))
        return -1;
    uc_ctl_flush_tb(m->uc);
    return 0;
}

uint64_t ar7_debug_insns(const ar7 *m)
{
    return m->cycles;
}

dbg_target ar7_debug_target(ar7 *m)
{
    static const dbg_target_ops ops = {
        .read_regs = read_regs,
        .write_reg = write_reg,
        .read_mem = read_mem,
        .write_mem = write_mem,
        .set_break = set_break,
        .clear_break = clear_break,
        .resume = resume,
        .interrupt = interrupt,
        .catch_event = catch_event,
    };
    return (dbg_target){.ops = &ops, .t = m};
}
