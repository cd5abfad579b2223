/* isa.c: the instructions MIPS32 release 2 added to release 1, from a table of opcode
 * patterns. A board with a release-1 CPU (the AR7's 4KEc) raises Reserved Instruction for
 * them and its kernel sends SIGILL; the kernel emulates rdhwr (TLS) and floating point, so
 * those are allowed. Unicorn runs the code on a release-2 model; each block is checked the
 * first time it runs. */
#include <stdlib.h>

#include "bytes.h"
#include "lx_int.h"

static const struct {
    uint32_t mask, value;
    const char *name;
} r2_only[] = {
    {0xfc00003fu, 0x7c000000u, "ext"},
    {0xfc00003fu, 0x7c000004u, "ins"},
    {0xfc0007ffu, 0x7c0000a0u, "wsbh"},
    {0xfc0007ffu, 0x7c000420u, "seb"},
    {0xfc0007ffu, 0x7c000620u, "seh"},
    {0xffe0003fu, 0x00200002u, "rotr"},
    {0xfc0007ffu, 0x00000046u, "rotrv"},
    {0xfc1f0000u, 0x041f0000u, "synci"},
    {0xffe00000u, 0x44600000u, "mfhc1"},
    {0xffe00000u, 0x44e00000u, "mthc1"},
    {0xfc000000u, 0x4c000000u, "COP1X (lwxc1, madd.d, ...)"},
};

const char *lx_isa_r2_name(uint32_t insn)
{
    for (size_t i = 0; i < sizeof r2_only / sizeof r2_only[0]; i++)
        if ((insn & r2_only[i].mask) == r2_only[i].value) return r2_only[i].name;
    return NULL;
}

/* A set of block addresses (open addressing; 0 is never a block). */
static int seen(lx_proc *p, uint32_t addr)
{
    if (p->isa_n * 2 >= p->isa_cap) {
        uint32_t cap = p->isa_cap ? p->isa_cap * 2 : 4096, *k = calloc(cap, 4);
        if (!k) return 1;
        for (uint32_t i = 0; i < p->isa_cap; i++)
            if (p->isa_seen[i]) {
                uint32_t h = (p->isa_seen[i] * 2654435761u) & (cap - 1);
                while (k[h])
                    h = (h + 1) & (cap - 1);
                k[h] = p->isa_seen[i];
            }
        free(p->isa_seen);
        p->isa_seen = k;
        p->isa_cap = cap;
    }
    uint32_t h = (addr * 2654435761u) & (p->isa_cap - 1);
    while (p->isa_seen[h]) {
        if (p->isa_seen[h] == addr) return 1;
        h = (h + 1) & (p->isa_cap - 1);
    }
    p->isa_seen[h] = addr;
    p->isa_n++;
    return 0;
}

/* 0, or the address of the first release-2 instruction in the block (its word in *insn). */
uint32_t lx_isa_check_block(lx_proc *p, uint32_t addr, uint32_t size, uint32_t *insn,
                            const char **name)
{
    if (!addr || seen(p, addr)) return 0;
    uint8_t buf[4096];
    if (size > sizeof buf) size = sizeof buf;
    if (lx_get(p, addr, buf, size)) return 0;
    for (uint32_t i = 0; i + 4 <= size; i += 4)
        if ((*name = lx_isa_r2_name(rd_le32(buf + i)))) {
            *insn = rd_le32(buf + i);
            return addr + i;
        }
    return 0;
}

int lx_isa_scan(const uint8_t *code, size_t n)
{
    for (size_t i = 0; i + 4 <= n; i += 4)
        if (lx_isa_r2_name(rd_le32(code + i))) return 1;
    return 0;
}
