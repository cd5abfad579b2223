/* mips_isa.c: release-2 instructions and the scan of an ELF's code for them (mips_isa.h). */
#include "mips_isa.h"

#include <stdio.h>
#include <string.h>

#include "bytes.h"

#define SHT_NOBITS 8
#define SHF_EXECINSTR 4u
#define PF_X 1u

/* MIPS32 Architecture for Programmers vol. II, the instructions marked "Release 2". Left out
 * on purpose: ehb and pause (sll $0,$0,3 and 5: a release-1 CPU runs them as the no-ops they
 * encode), and rdhwr, which the kernel emulates on a release-1 CPU (emulated = 1). */
static const struct {
    uint32_t mask, value;
    const char *name;
    int emulated;
} r2[] = {
    {0xfc00003fu, 0x7c000000u, "ext", 0},
    {0xfc00003fu, 0x7c000004u, "ins", 0},
    {0xfc0007ffu, 0x7c0000a0u, "wsbh", 0},
    {0xfc0007ffu, 0x7c000420u, "seb", 0},
    {0xfc0007ffu, 0x7c000620u, "seh", 0},
    {0xffe0003fu, 0x7c00003bu, "rdhwr", 1},
    {0xffe0003fu, 0x00200002u, "rotr", 0},
    {0xfc0007ffu, 0x00000046u, "rotrv", 0},
    {0xfc1f0000u, 0x041f0000u, "synci", 0},
    {0xffe00000u, 0x44600000u, "mfhc1", 0},
    {0xffe00000u, 0x44e00000u, "mthc1", 0},
    {0xfc000000u, 0x4c000000u, "COP1X (lwxc1, madd.d, ...)", 0},
    {0xffe0ffffu, 0x41606000u, "di", 0},
    {0xffe0ffffu, 0x41606020u, "ei", 0},
    {0xffe007ffu, 0x41400000u, "rdpgpr", 0},
    {0xffe007ffu, 0x41c00000u, "wrpgpr", 0},
    {0xfc1fffffu, 0x00000408u, "jr.hb", 0},
    {0xfc1f07ffu, 0x00000409u, "jalr.hb", 0},
};

const char *mips_r2_name(uint32_t insn)
{
    for (size_t i = 0; i < sizeof r2 / sizeof r2[0]; i++)
        if ((insn & r2[i].mask) == r2[i].value) return r2[i].emulated ? NULL : r2[i].name;
    return NULL;
}

/* The o32 set_thread_area number (4283) loaded into $v0 as musl and glibc's loader do it
 * (addiu or ori from $zero), and rdhwr with rd = 29, the UserLocal register. */
const char *mips_tls_name(uint32_t insn)
{
    if ((insn & 0xffe0ffffu) == 0x7c00e83bu) return "rdhwr $29";
    if (insn == 0x240210bbu || insn == 0x340210bbu) return "set_thread_area";
    return NULL;
}

static void scan(const uint8_t *code, size_t n, uint32_t vaddr, const char *section,
                 mips_r2_found *out)
{
    for (size_t i = 0; i + 4 <= n; i += 4) {
        uint32_t w = rd_le32(code + i);
        const char *tls = mips_tls_name(w);
        if (tls && !out->tls++) {
            out->tls_addr = vaddr + (uint32_t)i;
            out->tls_name = tls;
            snprintf(out->tls_section, sizeof out->tls_section, "%s", section);
        }
        const char *name = mips_r2_name(w);
        if (!name) continue;
        if (!out->count++) {
            out->addr = vaddr + (uint32_t)i;
            out->insn = w;
            out->name = name;
            snprintf(out->section, sizeof out->section, "%s", section);
        }
    }
}

int mips_r2_scan_elf(const uint8_t *b, size_t len, const elf_info *in, mips_r2_found *out,
                     wa_err *e)
{
    memset(out, 0, sizeof *out);
    uint32_t shoff = len >= 52 ? rd_le32(b + 32) : 0;
    uint16_t shentsize = len >= 52 ? rd_le16(b + 46) : 0, shnum = len >= 52 ? rd_le16(b + 48) : 0,
             shstrndx = len >= 52 ? rd_le16(b + 50) : 0;
    if (shoff && shnum) {
        if (shentsize < 40)
            return wa_fail(e, WA_E_FORMAT, 46, "section header size %u is below 40", shentsize);
        if (!in_bounds(len, shoff, (uint64_t)shentsize * shnum))
            return wa_fail(e, WA_E_TRUNC, shoff, "section headers (%u x %u bytes) run past the end",
                           shnum, shentsize);
        const uint8_t *strs = NULL;
        size_t strs_len = 0;
        if (shstrndx < shnum) {
            const uint8_t *s = b + shoff + (size_t)shstrndx * shentsize;
            uint32_t off = rd_le32(s + 16), size = rd_le32(s + 20);
            if (in_bounds(len, off, size)) strs = b + off, strs_len = size;
        }
        for (unsigned i = 0; i < shnum; i++) {
            const uint8_t *s = b + shoff + (size_t)i * shentsize;
            uint32_t name = rd_le32(s), type = rd_le32(s + 4), flags = rd_le32(s + 8),
                     addr = rd_le32(s + 12), off = rd_le32(s + 16), size = rd_le32(s + 20);
            if (!(flags & SHF_EXECINSTR) || type == SHT_NOBITS || !size) continue;
            if (!in_bounds(len, off, size))
                return wa_fail(e, WA_E_TRUNC, shoff + (uint64_t)i * shentsize,
                               "section %u: bytes 0x%x+0x%x lie past the end (file is 0x%zx)", i,
                               off, size, len);
            const char *sec = "?";
            if (strs && name < strs_len && memchr(strs + name, 0, strs_len - name))
                sec = (const char *)strs + name;
            scan(b + off, size, addr, sec, out);
        }
        return WA_OK;
    }
    for (size_t i = 0; i < in->nseg; i++) {
        const elf_seg *s = &in->seg[i];
        if (s->type == ELF_PT_LOAD && (s->flags & PF_X) && s->filesz)
            scan(b + s->offset, s->filesz, s->vaddr, "", out); /* elf_read checked the bounds */
    }
    return WA_OK;
}
