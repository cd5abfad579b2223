/* board_cpu.h: the CPU names a board profile may give, and how wa-emu runs each: the Unicorn
 * model the AR7 machine boots the kernel on, and how user programs run (see board_cpu.c). */
#ifndef WA_BOARD_CPU_H
#define WA_BOARD_CPU_H

#include <stddef.h>

typedef struct wa_cpu {
    const char *name;  /* as in a profile: "4KEc" */
    int machine_model; /* UC_CPU_MIPS32_* for the kernel (the real core) */
    int user_model;    /* UC_CPU_MIPS32_* for user programs (a core with an FPU) */
    int isa_r1;        /* MIPS32 release 1: release-2 instructions are SIGILL */
} wa_cpu;

/* The CPU called name, or NULL when wa-emu cannot emulate it. */
const wa_cpu *wa_cpu_find(const char *name);
/* The i-th of the table, or NULL past its end. */
const wa_cpu *wa_cpu_at(size_t i);

#endif
