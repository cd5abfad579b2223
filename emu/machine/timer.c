/* timer.c: the CP0 Count/Compare timer in virtual time. Unicorn compiled QEMU's timer out:
 * mfc0 Count reads 0 and mtc0 Compare does nothing. So once the kernel is in RAM its
 * Count/Compare accesses are found (every mfc0/mtc0 of CP0 register 9 or 11, sel 0) and
 * each gets a code hook of its own: a read is answered from virtual time and skipped, a
 * write sets the timer. Count runs at half the instruction rate (one instruction per cycle,
 * Count every other cycle, as on the 4KEc); IP7 rises when Count reaches Compare and falls
 * when Compare is written. An access in the delay slot of a jr or jalr (Linux 6.1's
 * random_get_entropy is `jr ra; mfc0 v0, Count`) is done from a hook on the jump: the jump's
 * target is read, the access done, and both are skipped. Other branches with one in their
 * slot cannot be skipped from a hook; such places are counted and reported (Count reads 0
 * there). */
#include "ar7_int.h"

enum { MAX_HOOKS = 512 };

uint32_t ar7_timer_count(ar7 *m)
{
    return m->timer.count_at_base + (uint32_t)((m->cycles - m->timer.cycle_base) / 2);
}

static void schedule(ar7 *m)
{
    ar7_timer *t = &m->timer;
    uint64_t k = (uint32_t)(t->compare - t->count_at_base);
    uint64_t fire = t->cycle_base + 2 * k, wrap = 1ull << 33;
    if (fire <= m->cycles) fire += ((m->cycles - fire) / wrap + 1) * wrap;
    t->fire = fire;
    if (fire < m->next_check) m->next_check = fire;
}

void ar7_timer_init(ar7 *m)
{
    m->timer = (ar7_timer){.compare = 0, .count_at_base = 0, .cycle_base = m->cycles};
    schedule(m);
}

void ar7_timer_tick(ar7 *m)
{
    if (m->cycles < m->timer.fire) return;
    if (!(m->lines & CA_IP7)) {
        m->lines |= CA_IP7;
        m->lines_dirty = 1;
    }
    m->timer.fire += 1ull << 33;
}

static int is_branch(uint32_t i)
{
    uint32_t op = i >> 26, rt = (i >> 16) & 31;
    if (op == 0) return (i & 0x3e) == 0x08;                     /* jr, jalr */
    if (op == 1) return (rt & 0xc) == 0;                        /* bltz .. bgezall */
    if (op == 0x11 || op == 0x12) return ((i >> 21) & 31) == 8; /* bc1x, bc2x */
    return (op >= 2 && op <= 7) || (op >= 0x14 && op <= 0x17);
}

/* The CP0 register of mfc0/mtc0 rt, $9 or $11 (sel 0); 0 when insn is not one. */
static int timer_reg(uint32_t insn)
{
    uint32_t top = insn >> 21, rd = (insn >> 11) & 31;
    if ((top != 0x200 && top != 0x204) || (insn & 0x7ff) || (rd != 9 && rd != 11)) return 0;
    return (int)rd;
}

/* The word at va, 0 where there is no memory. */
static uint32_t word_at(ar7 *m, uint32_t va)
{
    uint32_t v = 0;
    ar7_word(m, va, &v);
    return v;
}

/* 1 for jr rs, 2 for jalr rd, rs, 0 for anything else. */
static int is_jump_reg(uint32_t i)
{
    if (i >> 26) return 0;
    return (i & 0x1ff83f) == 0x08 ? 1 : (i & 0x1f003f) == 0x09 ? 2 : 0;
}

/* The effect of the Count/Compare access insn (mfc0 or mtc0 of register reg); the caller
 * moves the PC. */
static void timer_access(ar7 *m, uc_engine *uc, uint32_t insn, int reg)
{
    uint32_t rt = (insn >> 16) & 31, v;
    if (insn >> 21 == 0x200) { /* mfc0: answer */
        v = reg == 9 ? ar7_timer_count(m) : m->timer.compare;
        if (rt) uc_reg_write(uc, UC_MIPS_REG_0 + (int)rt, &v);
        return;
    }
    uc_reg_read(uc, UC_MIPS_REG_0 + (int)rt, &v);
    if (reg == 9) {
        m->timer.count_at_base = v;
        m->timer.cycle_base = m->cycles;
    } else {
        m->timer.compare = v;
        if (m->lines & CA_IP7) {
            m->lines &= ~CA_IP7;
            m->lines_dirty = 1;
            m->next_check = m->cycles;
        }
    }
    schedule(m);
}

static void on_access(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    ar7 *m = user;
    (void)size;
    uint32_t insn = word_at(m, (uint32_t)addr), next = (uint32_t)addr + 4;
    int reg = timer_reg(insn);
    if (!reg) return; /* the code changed since it was hooked */
    timer_access(m, uc, insn, reg);
    if (insn >> 21 == 0x200) uc_reg_write(uc, UC_MIPS_REG_PC, &next); /* skip the mfc0 */
}

/* A jr/jalr whose delay slot holds the access: the jump's target, then the access. */
static void on_jump(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    ar7 *m = user;
    (void)size;
    uint32_t jump = word_at(m, (uint32_t)addr), slot = word_at(m, (uint32_t)addr + 4), target;
    int kind = is_jump_reg(jump), reg = timer_reg(slot);
    if (!kind || !reg) return; /* the code changed since it was hooked */
    uc_reg_read(uc, UC_MIPS_REG_0 + (int)(jump >> 21 & 31), &target); /* before the slot */
    if (kind == 2 && (jump >> 11 & 31)) {
        uint32_t link = (uint32_t)addr + 8;
        uc_reg_write(uc, UC_MIPS_REG_0 + (int)(jump >> 11 & 31), &link);
    }
    timer_access(m, uc, slot, reg);
    uc_reg_write(uc, UC_MIPS_REG_PC, &target); /* the jump and its slot are done */
}

int ar7_timer_hooks(ar7 *m, wa_err *e)
{
    int n = 0, slots = 0;
    for (uint32_t off = 4; off + 4 <= m->o->ram_size; off += 4) {
        uint32_t va = 0x80000000u | (AR7_RAM_BASE + off);
        uint32_t insn = word_at(m, va);
        if (!timer_reg(insn)) continue;
        uint32_t before = word_at(m, va - 4), at = va;
        void *fn = (void *)on_access;
        if (is_jump_reg(before))
            at = va - 4, fn = (void *)on_jump;
        else if (is_branch(before)) {
            slots++;
            continue;
        }
        if (n == MAX_HOOKS)
            return wa_fail(e, WA_E_LIMIT, off, "more than %d Count/Compare accesses in RAM",
                           MAX_HOOKS);
        uc_hook h;
        if (uc_hook_add(m->uc, &h, UC_HOOK_CODE, fn, m, at, at))
            return wa_fail(e, WA_E_UNSUPPORTED, off, "Unicorn refused a code hook");
        n++;
    }
    m->r->timer_hooks = n;
    m->r->timer_slots = slots;
    return WA_OK;
}
