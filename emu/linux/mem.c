/* mem.c: the guest's address space. Two bitmaps say which pages are mapped and which count
 * against the board's RAM; Unicorn gets each request as whole runs of pages, because its
 * address lookup slows down with every region it holds. The RAM a process holds is in its
 * process-table entry, so the total over all processes can be checked on every mapping.
 *
 * The pages are the process's own: one host reservation of the whole o32 user space, no
 * access and no commitment until mapped, each run given to Unicorn as memory it does not own
 * (uc_mem_map_ptr). Unicorn 2.1.1 splits a region of its own (an mprotect of part of it, as
 * ld.so makes of every library) by copying it out and back whole, and fills a new one page by
 * page; here a split only cuts the region, an unmapped page goes back to the host (so the next
 * map of it is zero without a write), and a file's bytes are read straight into a new map. A
 * fork copies the reservation with the rest of the host process. Processes clone(CLONE_VM)
 * made share one space (mem_shared.c): then the bitmaps, bounds and RAM here are the space's,
 * and p->mapped is only what this process's engine has mapped of it. */
#include <string.h>
#include <sys/mman.h>

#include "lx_int.h"

static int get_bit(const uint8_t *m, uint32_t pg)
{
    return m[pg >> 3] >> (pg & 7) & 1;
}
static void set_bit(uint8_t *m, uint32_t pg, int v)
{
    if (v)
        m[pg >> 3] |= (uint8_t)(1u << (pg & 7));
    else
        m[pg >> 3] &= (uint8_t) ~(1u << (pg & 7));
}

/* The guest's bitmaps: what is mapped, and what of it counts against the RAM. */
static uint8_t *gmap(lx_proc *p)
{
    return p->vm ? p->vm->mapped : p->mapped;
}
static uint8_t *gcount(lx_proc *p)
{
    return p->vm ? p->vm->counted : p->counted;
}

/* The world locked (and a shared space's lock). A shared space counts once, in its owner's
 * entry. */
static void account_locked(lx_proc *p, int64_t delta)
{
    if (p->vm) {
        p->vm->mem = (uint32_t)((int64_t)p->vm->mem + delta);
        p->mem = p->vm->mem;
        lx_pent *pe = lx_pent_find(p->w, p->vm->owner);
        if (pe) pe->mem = p->vm->mem;
        return;
    }
    p->mem = (uint32_t)((int64_t)p->mem + delta);
    lx_pent *pe = lx_pent_find(p->w, p->pid);
    if (pe) pe->mem = p->mem;
}

static void account(lx_proc *p, int64_t delta)
{
    lx_lock(p->w);
    account_locked(p, delta);
    lx_unlock(p->w);
}

static int map_locked(lx_proc *p, uint32_t addr, uint32_t len, int count, wa_err *e);

int lx_map(lx_proc *p, uint32_t addr, uint32_t len, int count, wa_err *e)
{
    lx_vm_lock(p);
    lx_vm_sync_locked(p);
    int rc = map_locked(p, addr, len, count, e);
    if (p->vm) lx_vm_changed(p);
    lx_vm_unlock(p);
    return rc;
}

static int map_locked(lx_proc *p, uint32_t addr, uint32_t len, int count, wa_err *e)
{
    uint8_t *gm = gmap(p), *gc = gcount(p);
    uint32_t first = addr / LX_PAGE,
             end = (uint32_t)(((uint64_t)addr + len + LX_PAGE - 1) / LX_PAGE);
    if (end > LX_TASK_SIZE / LX_PAGE || end < first)
        return wa_fail(e, WA_E_RANGE, addr, "0x%x+0x%x is outside the user address space", addr,
                       len);
    uint32_t need = 0;
    for (uint32_t pg = first; pg < end; pg++)
        if (!get_bit(gm, pg) && count) need += LX_PAGE;
    if (need) {
        /* checked and counted under one lock: two processes must not both take the last
         * pages (the count is given back below for what cannot be mapped) */
        lx_lock(p->w);
        uint64_t used = lx_ram_used(p->w);
        int fits = !p->w->ram || used + need <= p->w->ram;
        if (fits) account_locked(p, need);
        lx_unlock(p->w);
        if (!fits)
            return wa_fail(e, WA_E_LIMIT, addr,
                           "out of memory: %llu bytes in use, %u more would exceed the "
                           "board's %u bytes of RAM",
                           (unsigned long long)used, need, p->w->ram);
    }
    uint32_t done = 0; /* counted pages mapped */
    for (uint32_t pg = first; pg < end;) {
        if (get_bit(gm, pg)) {
            pg++;
            continue;
        }
        uint32_t run = pg;
        while (run < end && !get_bit(gm, run))
            run++;
        uc_err u = UC_ERR_NOMEM;
        size_t n = (size_t)(run - pg) * LX_PAGE;
        if (!p->host)
            u = uc_mem_map(p->uc, pg * LX_PAGE, n, UC_PROT_ALL);
        else if (!mprotect(p->host + (size_t)pg * LX_PAGE, n, PROT_READ | PROT_WRITE))
            u = uc_mem_map_ptr(p->uc, pg * LX_PAGE, n, UC_PROT_ALL, p->host + (size_t)pg * LX_PAGE);
        if (u != UC_ERR_OK) {
            if (need > done) account(p, -(int64_t)(need - done));
            return wa_fail(e, WA_E_RANGE, addr, "cannot map 0x%x: %s", pg * LX_PAGE,
                           uc_strerror(u));
        }
        for (; pg < run; pg++) {
            set_bit(gm, pg, 1);
            set_bit(gc, pg, count);
            set_bit(p->mapped, pg, 1);
            set_bit(p->ext, pg, 0);
            if (count) done += LX_PAGE;
        }
    }
    return WA_OK;
}

/* Pages [pg, end) of the reservation back to the host: zero and inaccessible again. */
static void release(lx_proc *p, uint32_t pg, uint32_t end)
{
    if (p->vm)
        lx_vm_release(p, pg, end); /* for every sharer */
    else if (p->host)
        mmap(p->host + (size_t)pg * LX_PAGE, (size_t)(end - pg) * LX_PAGE, PROT_NONE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
}

int lx_mem_reserve(lx_proc *p)
{
    void *h =
        mmap(NULL, LX_TASK_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    p->host = h == MAP_FAILED ? NULL : h;
    return p->host ? 0 : -1;
}

uint8_t *lx_host_fresh(lx_proc *p, uint32_t addr)
{
    return p->host ? p->host + addr : NULL;
}

void lx_unmap(lx_proc *p, uint32_t addr, uint32_t len)
{
    lx_shm_unmapped(p, addr, len); /* shared memory in the range is detached with it */
    uint32_t first = addr / LX_PAGE,
             end = (uint32_t)(((uint64_t)addr + len + LX_PAGE - 1) / LX_PAGE);
    if (end > LX_PAGES) end = LX_PAGES;
    int64_t freed = 0;
    lx_vm_lock(p);
    lx_vm_sync_locked(p);
    uint8_t *gm = gmap(p), *gc = gcount(p);
    for (uint32_t pg = first; pg < end;) {
        if (!(pg & 7) && pg + 8 <= end && !gm[pg >> 3]) { /* 8 pages unmapped at once */
            pg += 8;
            continue;
        }
        if (!get_bit(gm, pg)) {
            pg++;
            continue;
        }
        uint32_t run = pg;
        while (run < end && get_bit(gm, run))
            run++;
        uc_mem_unmap(p->uc, pg * LX_PAGE, (run - pg) * LX_PAGE);
        release(p, pg, run);
        for (; pg < run; pg++) {
            if (get_bit(gc, pg)) freed += LX_PAGE;
            set_bit(gm, pg, 0);
            set_bit(gc, pg, 0);
            set_bit(p->mapped, pg, 0);
            set_bit(p->ext, pg, 0);
        }
    }
    if (freed) account(p, -freed);
    if (p->vm) lx_vm_changed(p);
    lx_vm_unlock(p);
}

int lx_any_mapped(lx_proc *p, uint32_t addr, uint32_t len)
{
    uint64_t end = ((uint64_t)addr + len + LX_PAGE - 1) / LX_PAGE;
    if (end > LX_PAGES) end = LX_PAGES;
    for (uint32_t pg = addr / LX_PAGE; pg < end; pg++)
        if (get_bit(gmap(p), pg)) return 1;
    return 0;
}

int lx_is_mapped(lx_proc *p, uint32_t addr, uint32_t len)
{
    uint64_t end = ((uint64_t)addr + len + LX_PAGE - 1) / LX_PAGE;
    if (end > LX_PAGES) return 0;
    for (uint32_t pg = addr / LX_PAGE; pg < end; pg++)
        if (!get_bit(gmap(p), pg)) return 0;
    return 1;
}

void lx_mark_mapped(lx_proc *p, uint32_t addr, uint32_t len)
{
    lx_vm_lock(p);
    for (uint32_t pg = addr / LX_PAGE; pg < (addr + len) / LX_PAGE; pg++) {
        set_bit(gmap(p), pg, 1);
        set_bit(p->mapped, pg, 1);
        set_bit(p->ext, pg, 1);
    }
    if (p->vm) lx_vm_changed(p);
    lx_vm_unlock(p);
}

int lx_protect(lx_proc *p, uint32_t addr, uint32_t len, uint32_t prot)
{
    uint32_t lo = addr & ~(LX_PAGE - 1);
    uint64_t hi = ((uint64_t)addr + len + LX_PAGE - 1) & ~(uint64_t)(LX_PAGE - 1);
    if (!lx_is_mapped(p, lo, (uint32_t)(hi - lo))) return -LX_ENOMEM;
    uint32_t perms = !(prot & 7) ? UC_PROT_NONE
                     : prot & 2  ? UC_PROT_ALL
                                 : UC_PROT_READ | UC_PROT_EXEC;
    return uc_mem_protect(p->uc, lo, (size_t)(hi - lo), perms) == UC_ERR_OK ? 0 : -LX_ENOMEM;
}

/* The lowest run of len free bytes above the mmap base, below the stack's reserve. */
uint32_t lx_free_area(lx_proc *p, uint32_t len)
{
    uint32_t n = (len + LX_PAGE - 1) / LX_PAGE, top = (LX_STACK_TOP - LX_STACK_MAX) / LX_PAGE;
    uint32_t run = 0;
    for (uint32_t pg = LX_MMAP_BASE / LX_PAGE; pg < top; pg++) {
        run = get_bit(gmap(p), pg) ? 0 : run + 1;
        if (run == n) return (pg + 1 - n) * LX_PAGE;
    }
    return 0;
}

void lx_mem_release(lx_proc *p)
{
    if (p->vm) { /* an execve leaves the shared space; the other sharers keep it */
        lx_vm_leave(p, 0);
        memset(p->mapped, 0, sizeof p->mapped);
        memset(p->counted, 0, sizeof p->counted);
        memset(p->ext, 0, sizeof p->ext);
        return;
    }
    memset(p->ext, 0, sizeof p->ext);
    release(p, 0, LX_TASK_SIZE / LX_PAGE); /* the engine that used them is closed */
    memset(p->mapped, 0, sizeof p->mapped);
    memset(p->counted, 0, sizeof p->counted);
    account(p, -(int64_t)p->mem);
}

void lx_mem_keep(lx_proc *p, uint32_t lo, uint32_t hi)
{
    lx_unmap(p, 0, lo);
    lx_unmap(p, hi, LX_TASK_SIZE - hi);
    if (p->mem) account(p, -(int64_t)p->mem); /* [lo, hi) counts none: nothing is left */
}

/* Linux grows the stack down on a fault below it, up to RLIMIT_STACK. */
int lx_grow_stack(lx_proc *p, uint32_t addr)
{
    uint32_t floor = LX_STACK_TOP - LX_STACK_MAX;
    lx_vm_lock(p);
    uint32_t *stack_low = p->vm ? &p->vm->stack_low : &p->stack_low;
    int grown = 0;
    if (addr < *stack_low && addr >= floor && *stack_low - addr <= (1u << 20)) {
        uint32_t low = (addr & ~(LX_PAGE - 1)) - (64u << 10);
        if (low < floor) low = floor;
        if (!lx_map(p, low, *stack_low - low, 1, NULL)) *stack_low = low, grown = 1;
    }
    lx_vm_unlock(p);
    return grown;
}
