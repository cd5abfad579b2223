/* mips_isa.h: the instructions MIPS32 release 2 added to release 1, as one table of opcode
 * patterns, and a scan of an ELF's code for them. A board with a release-1 CPU (the AR7's
 * 4KEc) raises Reserved Instruction for them and its kernel sends SIGILL. The runtime check
 * (emu/linux/isa.c, each block as it first runs) and the static one (harness/elfcheck.c, every
 * program of a rootfs) read the same table. The same scan finds the words by which a program
 * sets up or reads its TLS pointer, which a 2.4 kernel (no set_thread_area, no rdhwr
 * emulation) cannot give it. */
#ifndef WA_MIPS_ISA_H
#define WA_MIPS_ISA_H

#include <stddef.h>
#include <stdint.h>

#include "elf.h"

/* The name of a release-2 instruction a release-1 CPU cannot run ("ext", "seb", ...); NULL
 * for a release-1 word, and for what the kernel emulates on a release-1 CPU (rdhwr, the TLS
 * pointer musl and glibc read) or what release 1 runs as a no-op (ehb, pause: sll $0). */
const char *mips_r2_name(uint32_t insn);

/* What a TLS word does ("rdhwr $29": reads the TLS pointer; "set_thread_area": sets it up,
 * li $v0,4283 before a syscall), or NULL for any other word. */
const char *mips_tls_name(uint32_t insn);

typedef struct mips_r2_found {
    size_t count;        /* release-2 words in the code */
    uint32_t addr, insn; /* the first one: its virtual address and word */
    const char *name;    /* its name (mips_r2_name) */
    char section[32];    /* the section it lies in (".text"), or "" for a segment; a copy,
                          * so the result outlives the ELF's bytes */
    size_t tls;          /* TLS words in the code (mips_tls_name) */
    uint32_t tls_addr;   /* the first one's address */
    const char *tls_name;
    char tls_section[32];
} mips_r2_found;

/* Scan the code of a little-endian MIPS ELF (buf, len, parsed as in): the sections marked
 * executable (SHF_EXECINSTR), as objdump -d disassembles them; a file without section
 * headers: its executable PT_LOAD segments. Not the header's e_flags: a program the linker
 * flags mips32r2 may hold no release-2 instruction (musl built with -march=mips32).
 * 0 with *out filled (count 0: none), or an error with the offset of a header that does
 * not fit the file. */
int mips_r2_scan_elf(const uint8_t *buf, size_t len, const elf_info *in, mips_r2_found *out,
                     wa_err *e);

#endif
