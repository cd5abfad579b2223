/* elf.h: a reader for ELF32 files: the header, the program headers and the facts a loader
 * needs (machine, byte order, MIPS architecture flags, entry, PT_LOAD segments, interpreter).
 * It only reads: every field is bounds-checked against the buffer, nothing is mapped. */
#ifndef WA_ELF_H
#define WA_ELF_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define ELF_PT_LOAD 1
#define ELF_PT_DYNAMIC 2
#define ELF_PT_INTERP 3
#define ELF_PT_NOTE 4
#define ELF_PT_TLS 7
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

/* The libraries a dynamic ELF needs (DT_NEEDED, in order), each passed to fn; the string
 * table is found through DT_STRTAB's address in the PT_LOAD segments. 0 (also for a static
 * file), or an error with the offset of what does not fit. */
int elf_needed(const uint8_t *buf, size_t len, const elf_info *in,
               void (*fn)(void *ctx, const char *name), void *ctx, wa_err *e);

/* The oldest kernel the program says it runs on (its GNU ABI note, NT_GNU_ABI_TAG for Linux):
 * 1 and *version = major << 16 | minor << 8 | patch; 0 when it has no such note. */
int elf_abi_kernel(const uint8_t *buf, size_t len, const elf_info *in, uint32_t *version);

/* "MIPS32", "MIPS32R2", ... from e_flags; "?" when unknown. */
const char *elf_mips_arch(uint32_t flags);

#endif
