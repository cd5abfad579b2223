/* machine.c: the AR7 machine: memory map, what ADAM2 leaves in RAM and registers, and the
 * run. The decompressor runs with no hooks at all (it is most of the instructions). When the
 * first block of the kernel image runs, the kernel's Count/Compare accesses are hooked and a
 * block hook starts counting virtual time: it raises the timer, shows interrupt lines in
 * Cause, takes interrupts at block starts, and watches the budgets. A `wait` stops Unicorn;
 * the loop then skips virtual time to the next timer event. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "ar7_int.h"

#define HANDOFF 0x14000400u /* argv, the environment and their strings (ADAM2 keeps them low) */
#define HANDOFF_END 0x14002000u
#define ENV_SLOTS 80 /* the kernel reads 80 name/value pairs (arch/mips/ar7/prom.c) */
#define CHECK_EVERY 1000000u
#define TCG_BUFFER (64u << 20) /* translated code; Unicorn's default (1 GB) is resident */

enum { WANT_NONE, WANT_KERNEL };

static double elapsed(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void limits(ar7 *m)
{
    const ar7_opts *o = m->o;
    uint64_t budget = o->insn_budget ? o->insn_budget : 6000000000ull;
    uint64_t stall = o->stall_insns ? o->stall_insns : 1500000000ull;
    if (m->cycles >= budget)
        ar7_end(m, AR7_END_BUDGET, "the instruction budget (%llu) ran out",
                (unsigned long long)budget);
    else if (m->cycles - m->last_output >= stall)
        ar7_end(m, AR7_END_STALL, "no console output for %llu instructions",
                (unsigned long long)stall);
    else if (m->panic_at && m->cycles - m->panic_at >= 50000000)
        ar7_end(m, AR7_END_PANIC, "the kernel panicked: %s", m->r->panic);
    else if (o->wall_ms && elapsed(&m->t0) * 1000 >= o->wall_ms)
        ar7_end(m, AR7_END_TIMEOUT, "the wall-clock limit (%u ms) was reached", o->wall_ms);
}

int ar7_word(ar7 *m, uint32_t va, uint32_t *out)
{
    if (va < 0x80000000u || va >= 0xc0000000u) return 0; /* only unmapped kernel segments */
    uint32_t pa = va & 0x1fffffff;
    const uint8_t *p;
    if (pa - AR7_RAM_BASE <= m->o->ram_size - 4)
        p = m->ram + (pa - AR7_RAM_BASE);
    else if (pa <= AR7_IRAM_SIZE - 4)
        p = m->iram + pa;
    else
        return 0;
    *out = p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
    return 1;
}

void ar7_pause(ar7 *m, int why, int code, uint32_t addr)
{
    if (!m->dbg.why) {
        m->dbg.why = why + 1;
        m->dbg.code = code;
        m->dbg.addr = addr;
    }
    uc_emu_stop(m->uc);
}

/* The debugger's pause at a block start, before the block runs: interrupt() or the
 * instruction count asked for (one-shot). m->stop is not the debugger's: it ends the run. */
static void pause_at_block(ar7 *m)
{
    if (!m->kernel) m->next_check = m->dbg.at_insn ? m->dbg.at_insn : UINT64_MAX;
    if (m->stop) {
        uc_emu_stop(m->uc);
    } else if (m->dbg.watched) {
        ar7_pause(m, DBG_STOP_WATCH, m->dbg.watched - 1, m->dbg.watch_addr);
        m->dbg.watched = 0;
    } else if (m->dbg.hold) {
        m->dbg.hold = 0;
        ar7_pause(m, DBG_STOP_INTERRUPT, 0, 0);
    } else if (m->dbg.at_insn && m->cycles >= m->dbg.at_insn) {
        m->dbg.at_insn = 0;
        if (!m->kernel) m->next_check = UINT64_MAX;
        ar7_pause(m, DBG_STOP_INSN, 0, 0);
    }
}

/* One block hook for the whole run (Unicorn 2.1 leaks the hooks it deletes). Before the
 * kernel runs it only counts and looks for the kernel's first block. */
static void on_block(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    ar7 *m = user;
    if (!m->kernel) {
        if (addr - m->o->kernel_lo < (uint64_t)m->o->kernel_hi - m->o->kernel_lo) {
            ar7_milestone(m, AR7_M_ENTRY, "");
            m->r->kernel_entry = (uint32_t)addr;
            m->want = WANT_KERNEL;
            uc_emu_stop(uc);
            return;
        }
        m->cycles += size / 4;
        m->blk_start = (uint32_t)addr;
        m->blk_size = size;
        if (++m->blocks % CHECK_EVERY == 0) limits(m);
        if (m->stop || m->cycles >= m->next_check) pause_at_block(m); /* next_check: debugger's */
        return;
    }
    m->cycles += size / 4;
    m->blk_start = (uint32_t)addr;
    m->blk_size = size;
    if (m->cycles < m->next_check && !m->lines_dirty && !m->lines) return;
    if (m->dbg.resume_mid == (uint32_t)addr) { /* not a block start of a free run */
        m->dbg.resume_mid = 0;
        return;
    }
    if (m->cycles >= m->next_check) {
        if (m->dbg.hold || m->dbg.watched || (m->dbg.at_insn && m->cycles >= m->dbg.at_insn)) {
            pause_at_block(m);
            return;
        }
        m->next_check = m->cycles + CHECK_EVERY;
        ar7_timer_tick(m);
        if (m->timer.fire < m->next_check) m->next_check = m->timer.fire;
        if (m->dbg.at_insn && m->dbg.at_insn < m->next_check) m->next_check = m->dbg.at_insn;
        limits(m);
        if (m->stop) {
            uc_emu_stop(uc);
            return;
        }
    }
    ar7_irq_check(m, (uint32_t)addr);
}

static bool on_bad(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value,
                   void *user)
{
    ar7 *m = user;
    uint32_t pc;
    (void)value;
    uc_reg_read(uc, UC_MIPS_REG_PC, &pc);
    ar7_end(m, AR7_END_BUS,
            "%s of %d bytes at physical 0x%08llx, where nothing answers (in the block at 0x%08x)",
            type == UC_MEM_WRITE_UNMAPPED   ? "write"
            : type == UC_MEM_FETCH_UNMAPPED ? "fetch"
                                            : "read",
            size, (unsigned long long)addr, m->blk_start ? m->blk_start : pc);
    return false;
}

static uint64_t flash_read(uc_engine *uc, uint64_t off, unsigned size, void *user)
{
    ar7 *m = user;
    (void)uc;
    m->r->flash_reads++;
    return cfi_read(&m->flash, (uint32_t)(off % m->flash.nor->size), size);
}

static void flash_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t v, void *user)
{
    ar7 *m = user;
    (void)uc;
    m->r->flash_writes++;
    cfi_write(&m->flash, (uint32_t)(off % m->flash.nor->size), size, (uint32_t)v);
}

/* ADAM2's hand-off: a0 = argc, a1 = argv, a2 = the environment as name/value pointer pairs,
 * a3 = the memory size; everything in kseg0. */
static int handoff(ar7 *m, wa_err *e)
{
    const ar7_opts *o = m->o;
    uint32_t ptrs = HANDOFF, envp = ptrs + 4 * (uint32_t)(o->argc + 1);
    uint32_t str = envp + 8 * ENV_SLOTS, nenv = 0;
    uint8_t *ram = m->ram - AR7_RAM_BASE;
#define PUT32(pa, v) memcpy(ram + (pa), &(uint32_t){(v)}, 4)
    for (int i = 0; i < o->argc; i++) {
        size_t n = strlen(o->argv[i]) + 1;
        if (str + n > HANDOFF_END) goto full;
        memcpy(ram + str, o->argv[i], n);
        PUT32(ptrs + 4 * (uint32_t)i, 0x80000000u | str);
        str += (uint32_t)n;
    }
    for (size_t i = 0; o->env && o->env[i] && o->env[i + 1] && nenv < ENV_SLOTS - 1; i += 2) {
        for (int k = 0; k < 2; k++) {
            size_t n = strlen(o->env[i + (size_t)k]) + 1;
            if (str + n > HANDOFF_END) goto full;
            memcpy(ram + str, o->env[i + (size_t)k], n);
            PUT32(envp + 8 * nenv + 4 * (uint32_t)k, 0x80000000u | str);
            str += (uint32_t)n;
        }
        nenv++;
    }
#undef PUT32
    uint32_t regs[4] = {(uint32_t)o->argc, 0x80000000u | ptrs, 0x80000000u | envp, o->ram_size};
    uint32_t sp = 0x80000000u | HANDOFF_END, pc = o->entry;
    for (int i = 0; i < 4; i++)
        uc_reg_write(m->uc, UC_MIPS_REG_4 + i, &regs[i]);
    uc_reg_write(m->uc, UC_MIPS_REG_SP, &sp);
    uc_reg_write(m->uc, UC_MIPS_REG_PC, &pc);
    return WA_OK;
full:
    return wa_fail(
        e, WA_E_LIMIT, WA_NO_OFFSET,
        "the kernel arguments and environment do not fit the %u bytes ADAM2 keeps for them",
        HANDOFF_END - HANDOFF);
}

static int setup(ar7 *m, wa_err *e)
{
    const ar7_opts *o = m->o;
    if (!o->ram_size || (o->ram_size & (o->ram_size - 1)) || o->ram_size > 64u << 20 ||
        o->ram_size < 1u << 20)
        return wa_fail(e, WA_E_USAGE, WA_NO_OFFSET,
                       "RAM size %u is not a power of two from 1 to 64 MB", o->ram_size);
    int rc = ar7_cp0_find(o->cpu_model, &m->cp0, e);
    if (rc) return rc;
    if (uc_open(UC_ARCH_MIPS, UC_MODE_MIPS32 | UC_MODE_LITTLE_ENDIAN, &m->uc))
        return wa_fail(e, WA_E_UNSUPPORTED, WA_NO_OFFSET,
                       "Unicorn has no MIPS32 little-endian CPU");
    uc_ctl_set_cpu_model(m->uc, o->cpu_model);
    uc_ctl_set_tcg_buffer_size(m->uc, TCG_BUFFER);
    if (uc_context_alloc(m->uc, &m->ctx))
        return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "out of memory");
    m->ram = mmap(NULL, o->ram_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    m->iram = mmap(NULL, AR7_IRAM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m->ram == MAP_FAILED || m->iram == MAP_FAILED) {
        m->ram = m->iram = NULL;
        return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "cannot allocate %u bytes of RAM", o->ram_size);
    }
    uc_err err = uc_mem_map_ptr(m->uc, 0, AR7_IRAM_SIZE, UC_PROT_ALL, m->iram);
    for (uint32_t a = 0; !err && a < 64u << 20; a += o->ram_size) /* SDRAM repeats in its window */
        err = uc_mem_map_ptr(m->uc, AR7_RAM_BASE + a, o->ram_size, UC_PROT_ALL, m->ram);
    uint32_t window = o->flash->size > AR7_FLASH_WINDOW ? o->flash->size : AR7_FLASH_WINDOW;
    if (!err) err = uc_mmio_map(m->uc, AR7_FLASH_BASE, window, flash_read, m, flash_write, m);
    if (!err)
        err = uc_mmio_map(m->uc, AR7_REGS_BASE, AR7_REGS_SIZE, ar7_regs_read, m, ar7_regs_write, m);
    if (err) return wa_fail(e, WA_E_UNSUPPORTED, WA_NO_OFFSET, "memory map: %s", uc_strerror(err));
    cfi_init(&m->flash, o->flash, CFI_AMD);
    ar7_regs_init(m);
    for (size_t i = 0; i < o->nsegs; i++) {
        uint32_t pa = o->segs[i].addr & 0x1fffffff, len = o->segs[i].size;
        if (pa < AR7_RAM_BASE || pa - AR7_RAM_BASE > o->ram_size ||
            len > o->ram_size - (pa - AR7_RAM_BASE))
            return wa_fail(e, WA_E_RANGE, i,
                           "loader record %zu (0x%08x, %u bytes) is outside the RAM", i,
                           o->segs[i].addr, len);
        memcpy(m->ram + (pa - AR7_RAM_BASE), o->segs[i].data, len);
    }
    if ((rc = handoff(m, e))) return rc;
    uc_hook h;
    if (uc_hook_add(m->uc, &h, UC_HOOK_INTR, (void *)ar7_on_intr, m, 1, 0) ||
        uc_hook_add(m->uc, &h, UC_HOOK_MEM_UNMAPPED, (void *)on_bad, m, 1, 0))
        return wa_fail(e, WA_E_UNSUPPORTED, WA_NO_OFFSET, "Unicorn refused a hook");
    if (uc_hook_add(m->uc, &h, UC_HOOK_BLOCK, (void *)on_block, m, 1, 0))
        return wa_fail(e, WA_E_UNSUPPORTED, WA_NO_OFFSET, "Unicorn refused a hook");
    m->next_check = UINT64_MAX; /* before the kernel only the debugger's pauses use it */
    if (o->kernel_hi <= o->kernel_lo)
        m->want = WANT_KERNEL; /* no image range known: time runs from the first instruction */
    return WA_OK;
}

/* The kernel image is in RAM and runs: hook its timer accesses, start virtual time. */
static int start_kernel(ar7 *m, wa_err *e)
{
    int rc = ar7_timer_hooks(m, e);
    if (rc) return rc;
    m->kernel = 1;
    uc_ctl_flush_tb(m->uc);
    m->last_output = m->cycles;
    ar7_timer_init(m);
    m->next_check = m->cycles;
    return WA_OK;
}

/* The CPU waits for an interrupt: skip to the next timer event. */
static void idle(ar7 *m, uint32_t pc)
{
    uint32_t st;
    uc_reg_read(m->uc, UC_MIPS_REG_CP0_STATUS, &st);
    if (!(st & ST_IE) || !(st & CA_IP7) || (st & (ST_EXL | ST_ERL))) {
        if (!(st & ST_IE && st & m->lines & 0xfc00u))
            ar7_end(m, AR7_END_STALL,
                    "the CPU waits at 0x%08x with its timer interrupt masked "
                    "(Status 0x%08x): nothing can wake it",
                    pc - 4, st);
    } else if (!(m->lines & CA_IP7) && m->timer.fire > m->cycles) {
        m->r->idle += m->timer.fire - m->cycles;
        m->cycles = m->timer.fire;
    }
    ar7_timer_tick(m);
    limits(m);
    if (!m->stop) ar7_irq_check(m, pc);
}

int ar7_open(const ar7_opts *o, ar7_result *r, ar7 **out, wa_err *e)
{
    memset(r, 0, sizeof *r);
    *out = NULL;
    ar7 *m = calloc(1, sizeof *m);
    if (!m) return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "out of memory");
    m->o = o;
    m->r = r;
    clock_gettime(CLOCK_MONOTONIC, &m->t0);
    int rc = setup(m, e);
    if (!rc && m->want == WANT_KERNEL) rc = start_kernel(m, e);
    if (rc) {
        ar7_close(m);
        return rc;
    }
    *out = m;
    return WA_OK;
}

/* A pause inside a block: the block hook counted all of it, the instructions from pc on did
 * not run; they count when the run resumes there (a block start of its own, where no
 * interrupt is taken, as a free run would not take one there). */
static void settle(ar7 *m, uint32_t pc)
{
    if (pc - m->blk_start >= m->blk_size) return;
    m->cycles -= (m->blk_start + m->blk_size - pc) / 4;
    if (pc != m->blk_start) m->dbg.resume_mid = pc;
}

int ar7_run(ar7 *m, uint64_t steps, wa_err *e)
{
    int rc = WA_OK;
    m->dbg.why = 0;
    while (!rc && !m->stop) {
        uint32_t pc, insn = 0;
        uc_reg_read(m->uc, UC_MIPS_REG_PC, &pc);
        if (steps) ar7_word(m, pc, &insn);
        int before = m->want;
        m->want = WANT_NONE;
        /* Unicorn counts instructions with a code hook that only blocks translated after it
         * call: blocks cached by a free run would run whole (it drops them itself when the
         * count is dropped) */
        if (steps && !m->dbg.stepping) uc_ctl_flush_tb(m->uc);
        m->dbg.stepping = steps != 0;
        uc_err err = uc_emu_start(m->uc, pc, 0, 0, steps);
        uc_reg_read(m->uc, UC_MIPS_REG_PC, &pc);
        if (m->dbg.why) {
            settle(m, pc);
            if (m->want == WANT_KERNEL && before != WANT_KERNEL) rc = start_kernel(m, e);
            break;
        }
        if (m->stop) break;
        if (err) {
            ar7_end(m, AR7_END_EMU, "Unicorn stopped at 0x%08x: %s", pc, uc_strerror(err));
            break;
        }
        if (m->want == WANT_KERNEL && before != WANT_KERNEL) {
            rc = start_kernel(m, e);
            continue;
        }
        int waited = !steps || insn == 0x42000020u; /* a step returns without a wait too */
        if (waited && m->kernel)
            idle(m, pc);
        else if (waited)
            ar7_end(m, AR7_END_STALL, "the CPU waits at 0x%08x before the kernel runs", pc - 4);
        if (steps && !m->stop) {
            settle(m, pc);
            if (m->dbg.watched) /* the step did the access */
                ar7_pause(m, DBG_STOP_WATCH, m->dbg.watched - 1, m->dbg.watch_addr);
            m->dbg.watched = 0;
            ar7_pause(m, DBG_STOP_STEP, 0, 0);
            break;
        }
    }
    return rc;
}

int ar7_ended(const ar7 *m)
{
    return m->stop != 0;
}

void ar7_close(ar7 *m)
{
    if (!m) return;
    m->r->insns = m->cycles;
    m->r->secs = elapsed(&m->t0);
    if (m->uc) uc_close(m->uc);
    if (m->ctx) uc_context_free(m->ctx);
    if (m->ram) munmap(m->ram, m->o->ram_size);
    if (m->iram) munmap(m->iram, AR7_IRAM_SIZE);
    free(m);
}

int ar7_boot(const ar7_opts *o, ar7_result *r, wa_err *e)
{
    ar7 *m;
    int rc = ar7_open(o, r, &m, e);
    if (!rc) rc = ar7_run(m, 0, e);
    ar7_close(m);
    return rc;
}

void ar7_result_free(ar7_result *r)
{
    free(r->console);
    r->console = NULL;
    free(r->line_at);
    r->line_at = NULL;
    r->nlines = 0;
}
