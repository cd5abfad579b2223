/* machine.h: the AR7 board in Unicorn, for running an image's own kernel. RAM at physical
 * 0x14000000 (aliased up to 64 MB, as the SoC decodes it), the CFI flash at 0x10000000, the
 * UART, interrupt controller and the other blocks at 0x08610000, a CP0 count/compare timer in
 * virtual time (one instruction = one cycle), and exceptions delivered to the kernel's own
 * vectors. ar7_boot() loads what ADAM2 loads, hands over as ADAM2 does and runs until the
 * kernel execs init, or until it panics, stalls or runs out of budget. Deterministic: the
 * same inputs give the same console and the same instruction counts. */
#ifndef WA_MACHINE_H
#define WA_MACHINE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "adam2rec.h"
#include "error.h"
#include "nor.h"

/* Milestones, in boot order. */
enum ar7_milestone {
    AR7_M_NONE,
    AR7_M_ENTRY,  /* the decompressor is done: the kernel image's first instruction runs */
    AR7_M_BANNER, /* "Linux version" on the console */
    AR7_M_FLASH,  /* the MTD CFI probe found the chip */
    AR7_M_PARTS,  /* a partition parser found the partitions */
    AR7_M_ROOT,   /* the root file system is mounted */
    AR7_M_INIT,   /* init's first instruction runs in user mode */
    AR7_M_COUNT
};

/* How the run ended. */
enum ar7_end {
    AR7_END_INIT,      /* init was exec'd: the boot is done */
    AR7_END_PANIC,     /* "Kernel panic" on the console */
    AR7_END_EXCEPTION, /* an exception the kernel cannot have handled (no handler yet) */
    AR7_END_BUS,       /* an access to an address nothing answers */
    AR7_END_STALL,     /* no console output and no milestone for too long, or idle for ever */
    AR7_END_BUDGET,    /* the instruction budget ran out */
    AR7_END_TIMEOUT,   /* the wall-clock limit */
    AR7_END_RESET,     /* the kernel reset the board */
    AR7_END_EMU,       /* Unicorn refused to go on */
};

typedef struct ar7_opts {
    int cpu_model;         /* Unicorn UC_CPU_MIPS32_* */
    uint32_t ram_size;     /* bytes, power of two, <= 64 MB */
    nor_flash *flash;      /* the chip; the kernel may write it */
    const adam2_seg *segs; /* what ADAM2 copies to RAM (kseg0/kseg1 addresses) */
    size_t nsegs;
    uint32_t entry;
    int argc;
    const char *const *argv;
    const char *const *env;        /* name, value, name, value, ..., NULL */
    uint32_t kernel_lo, kernel_hi; /* where the kernel proper lies once decompressed (0: unknown) */
    uint64_t insn_budget;          /* 0: 6e9 */
    uint64_t stall_insns;          /* no console line for this long is a stall; 0: 1.5e9 */
    uint32_t wall_ms;              /* 0: none */
    FILE *echo;                    /* the console as it is written, or NULL */
} ar7_opts;

#define AR7_MAX_LINES 4096 /* console lines whose time is kept */

typedef struct ar7_result {
    int end;                     /* enum ar7_end */
    char reason[512];            /* what stopped it, in words */
    int milestone;               /* the last one reached */
    uint64_t at[AR7_M_COUNT];    /* instruction count at each milestone (0: not reached) */
    char line[AR7_M_COUNT][256]; /* the console line that marked it */
    char panic[256];             /* the "Kernel panic" line */
    char trouble[256];           /* the first line that said something went wrong */
    char *console;               /* everything the UART sent, NUL-terminated */
    size_t console_len;
    uint64_t *line_at; /* the instruction count at the end of each console line, in order */
    size_t nlines;
    uint64_t insns;          /* guest instructions run (virtual cycles) */
    uint64_t idle;           /* of which skipped while the CPU waited */
    double secs;             /* host time */
    uint32_t init_pc;        /* where init began */
    uint32_t kernel_entry;   /* where the kernel image began to run */
    uint64_t exceptions[32]; /* delivered, by ExcCode */
    uint64_t flash_reads, flash_writes;
    int timer_hooks; /* Count/Compare accesses found in the kernel and hooked */
    int timer_slots; /* ... and those left alone because they sit in a delay slot */
} ar7_result;

/* The whole boot: ar7_open, ar7_run to the end, ar7_close. */
int ar7_boot(const ar7_opts *o, ar7_result *r, wa_err *e);

/* The boot in pieces, for the debugger (debug_target.h). ar7_open sets the machine up at
 * ADAM2's hand-off (o and r must outlive it; r fills as it runs); ar7_run runs until the run
 * ends (ar7_ended) or the debugger paused it, steps > 0: that many instructions (a branch
 * with its delay slot is one); ar7_close counts the run's time into r and frees. */
typedef struct ar7 ar7;
int ar7_open(const ar7_opts *o, ar7_result *r, ar7 **out, wa_err *e);
int ar7_run(ar7 *m, uint64_t steps, wa_err *e);
int ar7_ended(const ar7 *m);
void ar7_close(ar7 *m);
void ar7_result_free(ar7_result *r);
const char *ar7_milestone_name(int m);
const char *ar7_end_name(int end);

#endif
