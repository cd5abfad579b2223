/* ar7_int.h: the machine's insides, shared by the files of emu/machine. One struct ar7 per
 * run, passed to every hook and device. */
#ifndef WA_AR7_INT_H
#define WA_AR7_INT_H

#include <time.h>
#include <unicorn/unicorn.h>

#include "cfi.h"
#include "machine.h"
#include "target.h"

#define AR7_RAM_BASE 0x14000000u
#define AR7_FLASH_BASE 0x10000000u
#define AR7_FLASH_WINDOW 0x00800000u /* the kernel's physmap window: 8 MB */
#define AR7_REGS_BASE 0x08610000u
#define AR7_REGS_SIZE 0x3000u
#define AR7_IRAM_SIZE 0x1000u /* on-chip memory at physical 0: the exception vectors */

/* Status and Cause bits. */
#define ST_IE 0x1u
#define ST_EXL 0x2u
#define ST_ERL 0x4u
#define ST_KSU 0x18u
#define ST_BEV 0x400000u
#define CA_IV 0x800000u
#define CA_BD 0x80000000u
#define CA_IP2 0x400u
#define CA_IP7 0x8000u

/* Where the CP0 state that Unicorn's API does not expose lies inside a saved CPU context:
 * byte offsets of 32-bit fields, found at start-up by running known instructions (cp0.c). */
typedef struct ar7_cp0 {
    size_t size, status, cause, epc, badvaddr, hflags, error_code;
} ar7_cp0;

typedef struct ar7_uart {
    uint8_t ier, lcr, mcr, scr, dll, dlm, fcr;
    int console; /* its output is the console */
} ar7_uart;

typedef struct ar7_intc {
    uint32_t latched[2], enable[2], raw[2]; /* channels 0..39 */
    uint32_t chnl[40];
} ar7_intc;

typedef struct ar7_timer {
    uint32_t compare, count_at_base;
    uint64_t cycle_base; /* Count = count_at_base + (cycles - cycle_base) / 2 */
    uint64_t fire;       /* cycle at which Count reaches Compare next */
} ar7_timer;

/* What the debugger asked of the run (debug_target.c); all zero in a plain boot. */
#define AR7_MAX_BREAKS 64
typedef struct ar7_break {
    int kind; /* enum dbg_break_kind + 1; 0: a free slot */
    uint32_t addr, len;
    uc_hook h;
} ar7_break;

typedef struct ar7_dbg {
    volatile int hold;   /* interrupt(): pause at the next block start */
    int why;             /* a pause is pending: enum dbg_stop + 1 */
    int code;            /* see enum dbg_stop */
    uint32_t addr;       /* the watched address touched */
    int watched;         /* a watchpoint was hit: 1 + its code (1 store, 0 load) */
    uint32_t watch_addr; /* ... at this address; the pause waits for the next block */
    uint32_t skip;       /* a code breakpoint here is not taken (the step off it) */
    uint32_t resume_mid; /* the run resumes here, inside a block: no interrupt check here */
    int stepping;        /* the last uc_emu_start counted instructions */
    uint32_t ms_mask;    /* milestones to pause at, 1 << enum ar7_milestone */
    uint32_t exc_mask;   /* exceptions to pause at, 1 << ExcCode */
    uint64_t at_insn;    /* pause when the count reaches this (0: never) */
    ar7_break bp[AR7_MAX_BREAKS];
    void (*trace)(void *user, uint32_t addr, uint32_t size); /* every block or instruction */
    void *trace_user;
    uc_hook trace_hook;
} ar7_dbg;

typedef struct ar7 {
    uc_engine *uc;
    uc_context *ctx;
    ar7_cp0 cp0;
    const ar7_opts *o;
    ar7_result *r;

    uint8_t *ram, *iram;
    cfi_chip flash;
    ar7_uart uart[2];
    ar7_intc intc;
    ar7_timer timer;
    uint32_t regs[AR7_REGS_SIZE / 4]; /* the blocks kept as plain registers */

    uint64_t cycles;      /* virtual time: instructions counted at block starts + idle */
    uint64_t next_check;  /* the block hook looks closer at this cycle */
    uint64_t last_output; /* cycle of the last console line */
    uint64_t blocks;
    uint32_t blk_start, blk_size; /* the block running now */
    uint32_t lines;               /* hardware interrupt lines, as Cause IP bits */
    int lines_dirty;              /* Cause in the CPU does not show lines yet */
    int want;                     /* machine.c: why the hooks stopped Unicorn */
    int kernel;                   /* the kernel image runs: virtual time and devices on */
    int stop;                     /* enum ar7_end + 1 once the run must end */
    uint64_t panic_at;
    struct timespec t0;

    char line[256];
    size_t linelen;
    size_t con_cap;
    ar7_dbg dbg;
} ar7;

/* machine.c: the word at a kseg0/kseg1 address of RAM or on-chip memory; 0 when none */
int ar7_word(ar7 *m, uint32_t va, uint32_t *out);

/* cp0.c */
int ar7_cp0_find(int cpu_model, ar7_cp0 *c, wa_err *e);
/* Enter the exception vector as the CPU would: excode is the MIPS ExcCode, pc the
 * instruction that caused it (or that an interrupt preempts). Must be called where the CPU
 * state is consistent (an interrupt hook or a block start). */
void ar7_enter(ar7 *m, unsigned excode, uint32_t pc);
/* Show m->lines in Cause and take an interrupt at pc if one is due and enabled. Returns 1
 * when it redirected the CPU. */
int ar7_irq_check(ar7 *m, uint32_t pc);
uint32_t ar7_ctx_get(ar7 *m, size_t off);
void ar7_ctx_set(ar7 *m, size_t off, uint32_t v);

/* trap.c: the interrupt hook: an exception on its way to the guest's vector */
void ar7_on_intr(uc_engine *uc, uint32_t intno, void *user);

/* timer.c */
void ar7_timer_init(ar7 *m);
uint32_t ar7_timer_count(ar7 *m);
void ar7_timer_tick(ar7 *m);            /* raise IP7 when Count passed Compare */
int ar7_timer_hooks(ar7 *m, wa_err *e); /* hook the kernel's Count/Compare accesses */

/* uart.c, intc.c, regs.c */
uint32_t ar7_uart_read(ar7 *m, ar7_uart *u, uint32_t reg);
void ar7_uart_write(ar7 *m, ar7_uart *u, uint32_t reg, uint32_t v);
int ar7_uart_irq(const ar7_uart *u);
uint32_t ar7_intc_read(ar7 *m, uint32_t off);
void ar7_intc_write(ar7 *m, uint32_t off, uint32_t v);
void ar7_intc_update(ar7 *m); /* recompute IP2 from the sources */
void ar7_regs_init(ar7 *m);
uint64_t ar7_regs_read(uc_engine *uc, uint64_t off, unsigned size, void *user);
void ar7_regs_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t v, void *user);

/* machine.c: pause the run for the debugger (why: enum dbg_stop) */
void ar7_pause(ar7 *m, int why, int code, uint32_t addr);

/* console.c */
void ar7_console_put(ar7 *m, uint8_t c);
void ar7_milestone(ar7 *m, int ms, const char *line);
void ar7_end(ar7 *m, int end, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
