/* board_cpu.c: the CPU table (board_cpu.h). The kernel runs on the core itself: the AR7's 4KEc
 * is Unicorn's 4KEcR1 (PRId 0x00018400, no FPU). User programs run on a core with an FPU,
 * because a kernel on an FPU-less core emulates floating point for them; on a release-1 core
 * a release-2 instruction stops the program with a finding, as the box's kernel would kill it
 * with SIGILL. */
#include <string.h>

#include <unicorn/unicorn.h>

#include "board_cpu.h"

static const wa_cpu cpus[] = {
    {"4KEc", UC_CPU_MIPS32_4KECR1, UC_CPU_MIPS32_24KF, 1},
    {"4KEcR1", UC_CPU_MIPS32_4KECR1, UC_CPU_MIPS32_24KF, 1},
    {"4Kc", UC_CPU_MIPS32_4KC, UC_CPU_MIPS32_24KF, 1},
    {"4KEcR2", UC_CPU_MIPS32_4KEC, UC_CPU_MIPS32_24KF, 0},
    {"24Kc", UC_CPU_MIPS32_24KC, UC_CPU_MIPS32_24KF, 0},
    {"24Kf", UC_CPU_MIPS32_24KF, UC_CPU_MIPS32_24KF, 0},
    {"34Kf", UC_CPU_MIPS32_34KF, UC_CPU_MIPS32_34KF, 0},
    {"74Kf", UC_CPU_MIPS32_74KF, UC_CPU_MIPS32_74KF, 0},
};

const wa_cpu *wa_cpu_find(const char *name)
{
    for (size_t i = 0; i < sizeof cpus / sizeof cpus[0]; i++)
        if (!strcmp(cpus[i].name, name)) return &cpus[i];
    return NULL;
}

const wa_cpu *wa_cpu_at(size_t i)
{
    return i < sizeof cpus / sizeof cpus[0] ? &cpus[i] : NULL;
}
