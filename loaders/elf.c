/* elf.c: ELF32 header and program header reader. */
#include "elf.h"

#include <string.h>

#include "bytes.h"

int elf_read(const uint8_t *b, size_t len, elf_info *out, wa_err *e)
{
    memset(out, 0, sizeof *out);
    if (len < 4 || memcmp(b, "\177ELF", 4) != 0)
        return wa_fail(e, WA_E_FORMAT, 0, "not an ELF file (no \\177ELF magic)");
    if (len < 52)
        return wa_fail(e, WA_E_TRUNC, len, "ELF header needs 52 bytes, file has %zu", len);
    if (b[4] != 1) return wa_fail(e, WA_E_UNSUPPORTED, 4, "ELF class %u is not ELF32", b[4]);
    if (b[5] != 1 && b[5] != 2)
        return wa_fail(e, WA_E_FORMAT, 5, "ELF data encoding %u is neither LSB nor MSB", b[5]);
    int be = b[5] == 2;
    uint16_t (*r16)(const uint8_t *) = be ? rd_be16 : rd_le16;
    uint32_t (*r32)(const uint8_t *) = be ? rd_be32 : rd_le32;
    out->big_endian = be;
    out->type = r16(b + 16);
    out->machine = r16(b + 18);
    out->entry = r32(b + 24);
    out->phoff = r32(b + 28);
    out->flags = r32(b + 36);
    uint16_t phentsize = r16(b + 42), phnum = r16(b + 44);
    if (phnum == 0) return WA_OK;
    if (phentsize < 32)
        return wa_fail(e, WA_E_FORMAT, 42, "program header size %u is below 32", phentsize);
    if (phnum > sizeof out->seg / sizeof out->seg[0])
        return wa_fail(e, WA_E_LIMIT, 44, "%u program headers, at most %zu are read", phnum,
                       sizeof out->seg / sizeof out->seg[0]);
    if (!in_bounds(len, out->phoff, (uint64_t)phentsize * phnum))
        return wa_fail(e, WA_E_TRUNC, out->phoff,
                       "program headers (%u x %u bytes) run past the end", phnum, phentsize);
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *p = b + out->phoff + (size_t)i * phentsize;
        elf_seg *s = &out->seg[i];
        s->type = r32(p);
        s->offset = r32(p + 4);
        s->vaddr = r32(p + 8);
        s->paddr = r32(p + 12);
        s->filesz = r32(p + 16);
        s->memsz = r32(p + 20);
        s->flags = r32(p + 24);
        s->align = r32(p + 28);
        uint64_t at = out->phoff + (uint64_t)i * phentsize;
        if ((s->type == ELF_PT_LOAD || s->type == ELF_PT_INTERP) && s->filesz &&
            !in_bounds(len, s->offset, s->filesz)) /* no file bytes (all bss): any offset */
            return wa_fail(e, WA_E_TRUNC, at,
                           "segment %u: file bytes 0x%x+0x%x lie past the end (file is 0x%zx)", i,
                           s->offset, s->filesz, len);
        if (s->type == ELF_PT_LOAD && s->memsz < s->filesz)
            return wa_fail(e, WA_E_FORMAT, at, "segment %u: memsz 0x%x is below filesz 0x%x", i,
                           s->memsz, s->filesz);
        if (s->type == ELF_PT_INTERP) {
            if (s->filesz == 0 || s->filesz > sizeof out->interp)
                return wa_fail(e, WA_E_FORMAT, at, "interpreter path of %u bytes", s->filesz);
            memcpy(out->interp, b + s->offset, s->filesz);
            out->interp[s->filesz - 1] = 0;
        }
    }
    out->nseg = phnum;
    return WA_OK;
}

const char *elf_mips_arch(uint32_t flags)
{
    static const struct {
        uint32_t arch;
        const char *name;
    } names[] = {
        {0x00000000, "MIPS-I"},   {0x10000000, "MIPS-II"},  {0x20000000, "MIPS-III"},
        {0x30000000, "MIPS-IV"},  {0x50000000, "MIPS32"},   {0x60000000, "MIPS64"},
        {0x70000000, "MIPS32R2"}, {0x80000000, "MIPS64R2"}, {0x90000000, "MIPS32R6"},
        {0xa0000000, "MIPS64R6"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if ((flags & ELF_EF_MIPS_ARCH) == names[i].arch) return names[i].name;
    return "?";
}
