/* trap.c: an exception raised by the emulated CPU, on its way to the guest's vector. Unicorn
 * calls the interrupt hook with QEMU's exception number after it has overwritten the PC
 * (with the address after the last syscall), so the faulting instruction is found again:
 * a syscall is the word before the PC Unicorn reports; break, trap, reserved and
 * coprocessor-unusable exceptions end the translation block, so they are its last
 * instruction (a conditional trap is the one whose condition holds); an address or TLB
 * exception is the load or store of the block whose effective address is BadVAddr, or, if
 * none is, the instruction fetch itself, at BadVAddr (for a fetch from page 0, Unicorn
 * 2.1.1 leaves 0xfffff000 in BadVAddr: `jr zero` was reported there, so then the fetch is
 * at the PC Unicorn reports and BadVAddr is set to it, as the CPU does). The block is the
 * one the block hook saw start last. The first fetch in user mode is init's first
 * instruction: the boot is done there. */
#include <stdio.h>

#include "ar7_int.h"

/* QEMU's exception numbers (target/mips/cpu.h) to the MIPS ExcCode; -1: not delivered. */
static const int8_t excode_of[] = {
    [12] = 4,  /* AdEL */
    [13] = 5,  /* AdES */
    [15] = 6,  /* IBE */
    [17] = 8,  /* SYSCALL */
    [18] = 9,  /* BREAK */
    [19] = 11, /* CpU */
    [20] = 10, /* RI */
    [21] = 12, /* OVERFLOW */
    [22] = 13, /* TRAP */
    [23] = 15, /* FPE */
    [25] = 1,  /* LTLBL: TLB modified */
    [26] = 2,  /* TLBL */
    [27] = 3,  /* TLBS */
    [28] = 7,  /* DBE */
};

static const char *const excode_name[32] = {
    "Int", "Mod", "TLBL", "TLBS", "AdEL", "AdES", "IBE",        "DBE",
    "Sys", "Bp",  "RI",   "CpU",  "Ov",   "Tr",   [15] = "FPE",
};

static uint32_t gpr(ar7 *m, uint32_t r)
{
    uint32_t v = 0;
    if (r) uc_reg_read(m->uc, UC_MIPS_REG_0 + (int)r, &v);
    return v;
}

/* 1: load, 2: store, 0: neither; *partial for lwl/lwr/swl/swr (word-aligned access). */
static int mem_kind(uint32_t insn, int *partial)
{
    uint32_t op = insn >> 26;
    *partial = op == 0x22 || op == 0x26 || op == 0x2a || op == 0x2e;
    if ((op >= 0x20 && op <= 0x26) || op == 0x30 || op == 0x31 || op == 0x35) return 1;
    if ((op >= 0x28 && op <= 0x2b) || op == 0x2e || op == 0x38 || op == 0x39 || op == 0x3d)
        return 2;
    return 0;
}

static int trap_taken(ar7 *m, uint32_t insn)
{
    uint32_t op = insn >> 26, fn = insn & 63, rt = (insn >> 16) & 31;
    uint32_t a = gpr(m, (insn >> 21) & 31), b;
    if (op == 0 && fn >= 0x30 && fn <= 0x36)
        b = gpr(m, rt);
    else if (op == 1 && rt >= 8 && rt <= 14)
        b = (uint32_t)(int32_t)(int16_t)insn, fn = rt + 0x28;
    else
        return -1;
    switch (fn) {
    case 0x30: return (int32_t)a >= (int32_t)b; /* tge */
    case 0x31: return a >= b;
    case 0x32: return (int32_t)a < (int32_t)b;
    case 0x33: return a < b;
    case 0x34: return a == b;
    case 0x36: return a != b;
    }
    return -1;
}

/* *fetch: the fault is the instruction fetch (no load or store of the block caused it) */
static uint32_t fault_pc(ar7 *m, int excode, uint32_t pc_after, uint32_t bad, int *fetch)
{
    uint32_t s = m->blk_start, n = m->blk_size / 4, insn;
    if (excode == 8) return pc_after - 4;
    if (excode == 13)
        for (uint32_t i = 0; i < n; i++)
            if (ar7_word(m, s + 4 * i, &insn) && trap_taken(m, insn) == 1) return s + 4 * i;
    if (excode >= 9 || excode == 7 || excode == 6) return n ? s + 4 * (n - 1) : pc_after;
    int want = (excode == 1 || excode == 3 || excode == 5) ? 2 : 1;
    for (uint32_t i = 0; i < n; i++) {
        int partial;
        if (!ar7_word(m, s + 4 * i, &insn) || mem_kind(insn, &partial) != want) continue;
        uint32_t ea = gpr(m, (insn >> 21) & 31) + (uint32_t)(int32_t)(int16_t)insn;
        if (partial ? (ea & ~3u) == (bad & ~3u) : ea == bad) return s + 4 * i;
    }
    *fetch = 1;
    /* BadVAddr is the fetch address, but for a fetch from page 0 Unicorn 2.1.1 leaves
     * 0xfffff000 there: then the PC it stopped at is the address. Not otherwise: after a
     * syscall made in kernel mode whose return is to user mode (Linux 2.4's init() execs
     * /sbin/init that way), the PC it reports is still the one after the syscall. */
    return bad == 0xfffff000u ? pc_after : bad;
}

void ar7_on_intr(uc_engine *uc, uint32_t intno, void *user)
{
    ar7 *m = user;
    int excode = intno < sizeof excode_of && excode_of[intno] ? excode_of[intno] : -1;
    uint32_t pc_after, st;
    uc_reg_read(uc, UC_MIPS_REG_PC, &pc_after);
    uc_reg_read(uc, UC_MIPS_REG_CP0_STATUS, &st);
    if (excode < 0) {
        ar7_end(m, AR7_END_EXCEPTION,
                "the CPU raised exception %u, which this machine cannot deliver", intno);
        uc_emu_stop(uc);
        return;
    }
    uc_context_save(uc, m->ctx);
    uint32_t bad = ar7_ctx_get(m, m->cp0.badvaddr);
    int fetch = 0;
    uint32_t pc = fault_pc(m, excode, pc_after, bad, &fetch);
    if (fetch && excode >= 1 && excode <= 5 && bad != pc) {
        bad = pc; /* a fetch fault: the CPU's BadVAddr is the fetch address */
        ar7_ctx_set(m, m->cp0.badvaddr, bad);
    }
    int user_mode = (st & ST_KSU) == 0x10 && !(st & (ST_EXL | ST_ERL));
    if (user_mode && excode == 2 && pc == bad && pc < 0x80000000u) {
        m->r->init_pc = pc;
        ar7_milestone(m, AR7_M_INIT, m->r->line[AR7_M_ROOT]);
        ar7_end(m, AR7_END_INIT, "init runs: first user-mode instruction at 0x%08x", pc);
        uc_emu_stop(uc);
        return;
    }
    if (st & ST_BEV) {
        /* BadVAddr means something for the address and TLB exceptions only (ExcCode 1-5):
         * for a break or a reserved instruction it is a stale value, not a clue */
        char addr[40] = "";
        if (excode >= 1 && excode <= 5) snprintf(addr, sizeof addr, " (BadVAddr 0x%08x)", bad);
        ar7_end(m, AR7_END_EXCEPTION,
                "%s exception at 0x%08x%s before the kernel installed its exception handlers "
                "(Status.BEV set: the vector is the boot ROM's)",
                excode_name[excode] ? excode_name[excode] : "?", pc, addr);
        uc_emu_stop(uc);
        return;
    }
    ar7_enter(m, (unsigned)excode, pc);
    /* the debugger sees it at the vector, EPC and Cause set, addr the instruction */
    if (m->dbg.exc_mask & 1u << excode) ar7_pause(m, DBG_STOP_EXCEPTION, excode, pc);
}
