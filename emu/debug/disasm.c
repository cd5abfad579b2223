/* disasm.c: Capstone's MIPS decoder behind dbg_disasm_one (disasm.h), its text brought to
 * objdump's (registers without `$`, no space after a comma, CP0 registers by name). */
#include "disasm.h"
#include "mips_insn.h"

#include <capstone/capstone.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct dbg_disasm {
    csh h;
    cs_insn *insn;
};

dbg_disasm *dbg_disasm_open(void)
{
    dbg_disasm *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    if (cs_open(CS_ARCH_MIPS, CS_MODE_MIPS32 | CS_MODE_LITTLE_ENDIAN, &d->h) != CS_ERR_OK) {
        free(d);
        return NULL;
    }
    d->insn = cs_malloc(d->h);
    if (!d->insn) {
        cs_close(&d->h);
        free(d);
        return NULL;
    }
    return d;
}

void dbg_disasm_close(dbg_disasm *d)
{
    if (!d) return;
    cs_free(d->insn, 1);
    cs_close(&d->h);
    free(d);
}

/* CP0 registers as objdump names them for MIPS32 (sel 0, then a few selects). */
static const char *const cp0_names[32] = {
    "c0_index",    "c0_random",  "c0_entrylo0", "c0_entrylo1", "c0_context", "c0_pagemask",
    "c0_wired",    "$7",         "c0_badvaddr", "c0_count",    "c0_entryhi", "c0_compare",
    "c0_status",   "c0_cause",   "c0_epc",      "c0_prid",     "c0_config",  "c0_lladdr",
    "c0_watchlo",  "c0_watchhi", "c0_xcontext", "$21",         "$22",        "c0_debug",
    "c0_depc",     "c0_perfcnt", "c0_errctl",   "c0_cacheerr", "c0_taglo",   "c0_taghi",
    "c0_errorepc", "c0_desave",
};

static const struct {
    unsigned rd, sel;
    const char *name;
} cp0_sel_names[] = {
    {16, 1, "c0_config1"}, {16, 2, "c0_config2"}, {16, 3, "c0_config3"},
    {28, 1, "c0_datalo"},  {29, 1, "c0_datahi"},
};

static const char *const gpr_names[32] = {
    "zero", "at", "v0", "v1", "a0", "a1", "a2", "a3", "t0", "t1", "t2",
    "t3",   "t4", "t5", "t6", "t7", "s0", "s1", "s2", "s3", "s4", "s5",
    "s6",   "s7", "t8", "t9", "k0", "k1", "gp", "sp", "s8", "ra",
};

/* mfc0/mtc0 as objdump writes them (Capstone names the CP0 register as a GPR): 1 if insn
 * is one. */
static int cp0_move(uint32_t w, char *out, size_t cap)
{
    uint32_t top = w >> 21, rt = (w >> 16) & 31, rd = (w >> 11) & 31, sel = w & 7;
    if ((top != 0x200 && top != 0x204) || (w & 0x7f8)) return 0;
    const char *name = sel ? NULL : cp0_names[rd];
    for (size_t i = 0; !name && i < sizeof cp0_sel_names / sizeof cp0_sel_names[0]; i++)
        if (cp0_sel_names[i].rd == rd && cp0_sel_names[i].sel == sel) name = cp0_sel_names[i].name;
    if (name)
        snprintf(out, cap, "%s\t%s,%s", top == 0x200 ? "mfc0" : "mtc0", gpr_names[rt], name);
    else
        snprintf(out, cap, "%s\t%s,$%u,%u", top == 0x200 ? "mfc0" : "mtc0", gpr_names[rt], rd, sel);
    return 1;
}

/* The target of a direct branch or jump (not jr/jalr), from the word itself. */
static int target_of(uint32_t addr, uint32_t w, uint32_t *to)
{
    uint32_t op = w >> 26;
    if (op == 2 || op == 3) {
        *to = ((addr + 4) & 0xf0000000u) | (w & 0x3ffffffu) << 2;
        return 1;
    }
    if (op == 0 || !mips_has_delay_slot(w)) return 0;
    *to = addr + 4 + (uint32_t)((int32_t)(int16_t)(w & 0xffff) * 4);
    return 1;
}

void dbg_disasm_one(dbg_disasm *d, const dbg_syms *syms, uint32_t addr, uint32_t word, char *out,
                    size_t cap)
{
    uint8_t b[4] = {(uint8_t)word, (uint8_t)(word >> 8), (uint8_t)(word >> 16),
                    (uint8_t)(word >> 24)};
    const uint8_t *p = b;
    size_t n = 4;
    uint64_t a = addr;
    if (cp0_move(word, out, cap)) return;
    if (!d || !cs_disasm_iter(d->h, &p, &n, &a, d->insn)) {
        snprintf(out, cap, ".word\t0x%08x", word);
        return;
    }
    char ops[160];
    size_t k = 0;
    for (const char *s = d->insn->op_str; *s && k + 1 < sizeof ops; s++)
        if (*s != '$' && !(*s == ' ' && s > d->insn->op_str && s[-1] == ',')) ops[k++] = *s;
    ops[k] = 0;
    const char *mn = d->insn->mnemonic;
    /* objdump's `li` for a constant built from $zero (Capstone keeps addiu/ori) */
    if ((!strcmp(mn, "addiu") || !strcmp(mn, "ori")) && ((word >> 21) & 31) == 0) {
        char *z = strstr(ops, ",zero,");
        if (z) {
            memmove(z + 1, z + 6, strlen(z + 6) + 1);
            mn = "li";
        }
    }
    char sym[128] = "";
    uint32_t to;
    if (syms && target_of(addr, word, &to)) {
        char name[120];
        dbg_sym_format(syms, to, name, sizeof name);
        if (name[0]) snprintf(sym, sizeof sym, " <%s>", name);
    }
    snprintf(out, cap, "%s%s%s%s", mn, ops[0] ? "\t" : "", ops, sym);
}
