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

/* The file offset of address va inside a PT_LOAD segment's file bytes, and how many bytes of
 * the segment follow it there; 0 when no segment holds it. */
static size_t file_off(const elf_info *in, uint32_t va, size_t *room)
{
    for (size_t i = 0; i < in->nseg; i++) {
        const elf_seg *s = &in->seg[i];
        if (s->type != ELF_PT_LOAD || va < s->vaddr || va - s->vaddr >= s->filesz) continue;
        *room = s->filesz - (va - s->vaddr);
        return s->offset + (va - s->vaddr);
    }
    return 0;
}

int elf_needed(const uint8_t *b, size_t len, const elf_info *in,
               void (*fn)(void *ctx, const char *name), void *ctx, wa_err *e)
{
    uint32_t (*r32)(const uint8_t *) = in->big_endian ? rd_be32 : rd_le32;
    for (size_t i = 0; i < in->nseg; i++) {
        const elf_seg *d = &in->seg[i];
        if (d->type != ELF_PT_DYNAMIC) continue;
        if (!in_bounds(len, d->offset, d->filesz))
            return wa_fail(e, WA_E_TRUNC, d->offset, "dynamic section 0x%x+0x%x past the end",
                           d->offset, d->filesz);
        uint32_t strtab = 0, strsz = 0;
        for (uint32_t at = 0; at + 8 <= d->filesz; at += 8) {
            uint32_t tag = r32(b + d->offset + at), val = r32(b + d->offset + at + 4);
            if (tag == 0) break; /* DT_NULL */
            if (tag == 5) strtab = val;
            if (tag == 10) strsz = val;
        }
        size_t room = 0, str = strtab ? file_off(in, strtab, &room) : 0;
        if (!str || !in_bounds(len, str, room))
            return wa_fail(e, WA_E_FORMAT, d->offset, "DT_STRTAB 0x%x is in no segment", strtab);
        if (strsz && strsz < room) room = strsz;
        for (uint32_t at = 0; at + 8 <= d->filesz; at += 8) {
            uint32_t tag = r32(b + d->offset + at), val = r32(b + d->offset + at + 4);
            if (tag == 0) break;
            if (tag != 1) continue; /* DT_NEEDED */
            if (val >= room || !memchr(b + str + val, 0, room - val))
                return wa_fail(e, WA_E_FORMAT, d->offset + at,
                               "DT_NEEDED name at 0x%x is outside the string table", val);
            fn(ctx, (const char *)b + str + val);
        }
        return WA_OK;
    }
    return WA_OK;
}

int elf_abi_kernel(const uint8_t *b, size_t len, const elf_info *in, uint32_t *version)
{
    uint32_t (*r32)(const uint8_t *) = in->big_endian ? rd_be32 : rd_le32;
    for (size_t i = 0; i < in->nseg; i++) {
        const elf_seg *s = &in->seg[i];
        if (s->type != ELF_PT_NOTE || !in_bounds(len, s->offset, s->filesz)) continue;
        for (uint32_t at = 0; at + 12 <= s->filesz;) {
            const uint8_t *n = b + s->offset + at;
            uint32_t namesz = r32(n), descsz = r32(n + 4), type = r32(n + 8);
            uint64_t name_end = 12 + (((uint64_t)namesz + 3) & ~3ull);
            uint64_t next = name_end + (((uint64_t)descsz + 3) & ~3ull);
            if (at + next > s->filesz) break;
            if (type == 1 && namesz == 4 && !memcmp(n + 12, "GNU", 4) && descsz >= 16 &&
                r32(n + name_end) == 0) { /* os 0: Linux */
                uint32_t maj = r32(n + name_end + 4), min = r32(n + name_end + 8),
                         pat = r32(n + name_end + 12);
                *version = (maj & 0xff) << 16 | (min & 0xff) << 8 | (pat & 0xff);
                return 1;
            }
            at += (uint32_t)next;
        }
    }
    return 0;
}
