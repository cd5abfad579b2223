/* elf.h: a reader for ELF32 files: the header, the program headers and the facts a loader
 * needs (machine, byte order, MIPS architecture flags, entry, PT_LOAD segments, interpreter).
 * It only reads: every field is bounds-checked against the buffer, nothing is mapped. */
#ifndef WA_ELF_H
#define WA_ELF_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define ELF_PT_LOAD 1
#define ELF_PT_INTERP 3
#define ELF_EM_MIPS 8
#define ELF_EM_386 3
#define ELF_EF_MIPS_ARCH 0xf0000000u
#define ELF_EF_MIPS_ARCH_32 0x50000000u
#define ELF_EF_MIPS_ARCH_32R2 0x70000000u

typedef struct elf_seg {
    uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
} elf_seg;

typedef struct elf_info {
    int big_endian;   /* EI_DATA == ELFDATA2MSB */
    uint16_t type;    /* ET_EXEC 2, ET_DYN 3 */
    uint16_t machine; /* EM_MIPS 8, EM_386 3, ... */
    uint32_t flags;   /* e_flags (MIPS: arch in the top nibble) */
    uint32_t entry;
    uint32_t phoff;
    size_t nseg;
    elf_seg seg[32];  /* program headers (at most 32) */
    char interp[256]; /* PT_INTERP path, "" when static */
} elf_info;

/* Parse an ELF32 file. Not ELF, ELF64, a header or program header past the end, a segment
 * whose file bytes lie outside the buffer: an error with the offset. A big-endian or
 * non-MIPS file parses fine (the caller decides); its facts are in *out. */
int elf_read(const uint8_t *buf, size_t len, elf_info *out, wa_err *e);

/* "MIPS32", "MIPS32R2", ... from e_flags; "?" when unknown. */
const char *elf_mips_arch(uint32_t flags);

#endif
