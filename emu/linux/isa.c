/* isa.c: release-2 instructions on a release-1 board, as they run. The opcode table is
 * loaders/mips_isa.c's, the one the static check of a rootfs reads too. A board with a
 * release-1 CPU (the AR7's 4KEc) raises Reserved Instruction for them and its kernel sends
 * SIGILL; the kernel emulates rdhwr (TLS) and floating point, so those are allowed. Unicorn
 * runs the code on a release-2 model; each block is checked the first time it runs. */
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "lx_int.h"
#include "mips_isa.h"

const char *lx_isa_r2_name(uint32_t insn)
{
    return mips_r2_name(insn);
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

/* A first segment (or a library mapped from its start) begins with the ELF header and the
 * program headers: no code, yet their words may match (an e_shoff of 0x408 is jr.hb). */
int lx_isa_scan(const uint8_t *code, size_t n)
{
    size_t i = 0;
    if (n >= 52 && !memcmp(code, "\177ELF", 4)) {
        uint64_t end =
            (uint64_t)rd_le32(code + 28) + (uint64_t)rd_le16(code + 42) * rd_le16(code + 44);
        i = end > 52 && end < 4096 && end < n ? (size_t)end : 52; /* headers at the start */
        i = (i + 3) & ~(size_t)3;
    }
    for (; i + 4 <= n; i += 4)
        if (lx_isa_r2_name(rd_le32(code + i))) return 1;
    return 0;
}
