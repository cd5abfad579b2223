/* lx.h: running one of the image's own MIPS programs the way Linux would: an o32 user-mode
 * personality on a Unicorn MIPS32 little-endian CPU, the program and its files read from the
 * image's SquashFS. This first step runs static programs; the guest's standard streams are
 * the host's, and nothing else of the host is reachable. */
#ifndef WA_LX_H
#define WA_LX_H

#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "squashfs.h"

typedef struct lx_opts {
    int cpu_model;        /* Unicorn UC_CPU_MIPS32_* */
    uint32_t ram;         /* guest memory limit in bytes (the board's RAM) */
    uint64_t insn_budget; /* 0: no limit */
    FILE *strace;         /* print each system call here, or NULL */
} lx_opts;

typedef struct lx_result {
    int exited;     /* 1: exit/exit_group; 0: stopped by the emulator (see stop) */
    int status;     /* exit status */
    char stop[256]; /* why the emulator stopped it, when it did */
    uint64_t insns; /* instructions counted (block granularity) */
    unsigned unknown_syscalls;
} lx_result;

/* Run argv[0] (an absolute path inside fs) with argv and a minimal environment. */
int lx_run(sqfs *fs, int argc, char **argv, const lx_opts *o, lx_result *r, wa_err *e);

#endif
