/* meminfo.c: /proc/meminfo in the board kernel's own format, with the figures of the world's
 * RAM (lx_world.ram: what the kernel leaves to the userland, harness/ram.h, the one number
 * the userland's RAM limit also uses).
 *  - A 2.4 kernel prints the byte table first ("        total:    used: ..." with its Mem:
 *    and Swap: lines), then 14 lines of kB with 14-column labels: MontaVista 2.4.17_mvl21's
 *    fs/proc/proc_misc.c meminfo_read_proc (the WAG200G's tree, Tetramatrix/wag200gfirmware
 *    kernel/src/fs/proc/proc_misc.c; the same strings are in its vmlinux).
 *  - Today's kernel (6.1, the ar7-8m fixture) prints 16-column labels with an 8-digit value
 *    (fs/proc/meminfo.c show_val_kb), in the order of the fixture vmlinux's strings; the
 *    AR7 config has no HIGHMEM, ZSWAP, CMA or huge pages, so none of their lines.
 * What wa-emu models: the RAM (total), what the guests and the RAM file systems hold (used),
 * and the RAM file systems with SysV shared memory (ramfs and shm pages are page cache:
 * Cached, Shmem, and on the LRU: Active). No swap, buffers, slab or high memory; the rest
 * reads 0 (VmallocTotal too: kernel address space, which nothing here models). */
#include <stdio.h>

#include "vfs.h"

/* What a line shows. */
enum mi_field {
    MI_ZERO = 0, /* a figure wa-emu has no counterpart for */
    MI_TOTAL,
    MI_FREE,
    MI_CACHED,   /* RAM file systems and shared memory */
    MI_COMMIT,   /* CommitLimit: with no swap, half the RAM (vm_commit_limit, ratio 50) */
    MI_USED_ALL, /* Committed_AS: what the guests hold */
};

typedef struct mi_row {
    const char *label; /* as the kernel prints it, padded to its column */
    int field;
} mi_row;

/* 2.4.17_mvl21 after its byte table; LowTotal/LowFree are the whole RAM (no high memory). */
static const mi_row rows24[] = {
    {"MemTotal:     ", MI_TOTAL},  {"MemFree:      ", MI_FREE},   {"MemShared:    ", MI_ZERO},
    {"Buffers:      ", MI_ZERO},   {"Cached:       ", MI_CACHED}, {"SwapCached:   ", MI_ZERO},
    {"Active:       ", MI_CACHED}, {"Inactive:     ", MI_ZERO},   {"HighTotal:    ", MI_ZERO},
    {"HighFree:     ", MI_ZERO},   {"LowTotal:     ", MI_TOTAL},  {"LowFree:      ", MI_FREE},
    {"SwapTotal:    ", MI_ZERO},   {"SwapFree:     ", MI_ZERO},
};

/* 6.1 (CONFIG_MMU, CONFIG_SWAP, no HIGHMEM/ZSWAP/CMA/THP/HUGETLB on ar7_defconfig). */
static const mi_row rows61[] = {
    {"MemTotal:       ", MI_TOTAL},    {"MemFree:        ", MI_FREE},
    {"MemAvailable:   ", MI_FREE},     {"Buffers:        ", MI_ZERO},
    {"Cached:         ", MI_CACHED},   {"SwapCached:     ", MI_ZERO},
    {"Active:         ", MI_CACHED},   {"Inactive:       ", MI_ZERO},
    {"Active(anon):   ", MI_ZERO},     {"Inactive(anon): ", MI_ZERO},
    {"Active(file):   ", MI_CACHED},   {"Inactive(file): ", MI_ZERO},
    {"Unevictable:    ", MI_ZERO},     {"Mlocked:        ", MI_ZERO},
    {"SwapTotal:      ", MI_ZERO},     {"SwapFree:       ", MI_ZERO},
    {"Dirty:          ", MI_ZERO},     {"Writeback:      ", MI_ZERO},
    {"AnonPages:      ", MI_ZERO},     {"Mapped:         ", MI_ZERO},
    {"Shmem:          ", MI_CACHED},   {"KReclaimable:   ", MI_ZERO},
    {"Slab:           ", MI_ZERO},     {"SReclaimable:   ", MI_ZERO},
    {"SUnreclaim:     ", MI_ZERO},     {"KernelStack:    ", MI_ZERO},
    {"PageTables:     ", MI_ZERO},     {"SecPageTables:  ", MI_ZERO},
    {"NFS_Unstable:   ", MI_ZERO},     {"Bounce:         ", MI_ZERO},
    {"WritebackTmp:   ", MI_ZERO},     {"CommitLimit:    ", MI_COMMIT},
    {"Committed_AS:   ", MI_USED_ALL}, {"VmallocTotal:   ", MI_ZERO},
    {"VmallocUsed:    ", MI_ZERO},     {"VmallocChunk:   ", MI_ZERO},
    {"Percpu:         ", MI_ZERO},
};

static uint64_t kb_of(const lx_memfig *m, int field)
{
    switch (field) {
    case MI_TOTAL: return m->total * (LX_PAGE / 1024);
    case MI_FREE: return m->free * (LX_PAGE / 1024);
    case MI_CACHED: return m->cached * (LX_PAGE / 1024);
    case MI_COMMIT: return m->total / 2 * (LX_PAGE / 1024);
    case MI_USED_ALL: return m->used * (LX_PAGE / 1024);
    }
    return 0;
}

void lx_mem_figures(lx_proc *p, lx_memfig *m)
{
    lx_lock(p->w);
    uint64_t used = lx_ram_used(p->w), files = p->w->ram_files;
    lx_unlock(p->w);
    uint64_t total = p->w->ram ? p->w->ram : (64u << 20);
    m->total = total / LX_PAGE;
    uint64_t used_pages = (used + LX_PAGE - 1) / LX_PAGE;
    m->free = m->total > used_pages ? m->total - used_pages : 0;
    m->used = m->total - m->free;
    m->cached = (files + LX_PAGE - 1) / LX_PAGE;
    if (m->cached > m->used) m->cached = m->used;
}

int lx_meminfo_text(lx_proc *p, char *b, size_t cap)
{
    lx_memfig m;
    lx_mem_figures(p, &m);
    const mi_row *rows = rows61;
    size_t nrows = sizeof rows61 / sizeof rows61[0];
    int n = 0;
    if (p->o->linux24) {
        rows = rows24;
        nrows = sizeof rows24 / sizeof rows24[0];
        /* Mem: total, used, free, shared (0 on 2.4.17), buffers, cached, in bytes */
        n = snprintf(b, cap,
                     "        total:    used:    free:  shared: buffers:  cached:\n"
                     "Mem:  %8llu %8llu %8llu %8llu %8llu %8llu\nSwap: %8llu %8llu %8llu\n",
                     (unsigned long long)(m.total * LX_PAGE),
                     (unsigned long long)(m.used * LX_PAGE), (unsigned long long)(m.free * LX_PAGE),
                     0ull, 0ull, (unsigned long long)(m.cached * LX_PAGE), 0ull, 0ull, 0ull);
    }
    for (size_t i = 0; i < nrows && n >= 0 && (size_t)n < cap; i++)
        n += snprintf(b + n, cap - (size_t)n, "%s%8llu kB\n", rows[i].label,
                      (unsigned long long)kb_of(&m, rows[i].field));
    return n;
}
