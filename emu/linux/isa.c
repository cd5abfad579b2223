/* isa.c: release-2 instructions on a release-1 board, as they run. The opcode table is
 * loaders/mips_isa.c's, the one the static check of a rootfs reads too. A board with a
 * release-1 CPU (the AR7's 4KEc) raises Reserved Instruction for them and its kernel sends
 * SIGILL; a kernel since 2.6.25 emulates rdhwr (TLS), and any emulates floating point, so
 * those are allowed, except rdhwr under a 2.4 kernel (lx_no_tls). Unicorn
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

/* rdhwr (release 2, and what TLS programs read their thread pointer with on any MIPS): a
 * kernel since 2.6.25 emulates it on release 1; the board's 2.4.17 does not (lx_no_tls). */
static int is_rdhwr(uint32_t insn)
{
    return (insn & 0xffe007ffu) == 0x7c00003bu;
}

/* The instruction the board cannot run: a release-2 one on a release-1 board, or rdhwr
 * under a kernel that gives no TLS. */
static const char *forbidden(const lx_opts *o, uint32_t insn)
{
    if (lx_no_tls(o) && is_rdhwr(insn)) return "rdhwr";
    return o->isa_r1 ? lx_isa_r2_name(insn) : NULL;
}

/* 0, or the address of the first instruction in the block the board cannot run (its word
 * in *insn). */
uint32_t lx_isa_check_block(lx_proc *p, uint32_t addr, uint32_t size, uint32_t *insn,
                            const char **name)
{
    if (!addr || seen(p, addr)) return 0;
    uint8_t buf[4096];
    if (size > sizeof buf) size = sizeof buf;
    if (lx_get(p, addr, buf, size)) return 0;
    for (uint32_t i = 0; i + 4 <= size; i += 4)
        if ((*name = forbidden(p->o, rd_le32(buf + i)))) {
            *insn = rd_le32(buf + i);
            return addr + i;
        }
    return 0;
}

/* A first segment (or a library mapped from its start) begins with the ELF header and the
 * program headers: no code, yet their words may match (an e_shoff of 0x408 is jr.hb). */
int lx_isa_scan(const lx_opts *o, const uint8_t *code, size_t n)
{
    size_t i = 0;
    if (n >= 52 && !memcmp(code, "\177ELF", 4)) {
        uint64_t end =
            (uint64_t)rd_le32(code + 28) + (uint64_t)rd_le16(code + 42) * rd_le16(code + 44);
        i = end > 52 && end < 4096 && end < n ? (size_t)end : 52; /* headers at the start */
        i = (i + 3) & ~(size_t)3;
    }
    for (; i + 4 <= n; i += 4)
        if (forbidden(o, rd_le32(code + i))) return 1;
    return 0;
}

int lx_isa_checked(const lx_opts *o)
{
    return o->isa_r1 || lx_no_tls(o);
}
