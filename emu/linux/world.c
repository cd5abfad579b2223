/* world.c: the shared mapping all guest processes of a run see (world.h). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "lx_int.h"
#include "ramfs.h"
#include "world.h"

uint64_t lx_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

lx_world *lx_world_new(uint32_t ram, wa_err *e)
{
    uint32_t nblocks = (ram ? ram : (64u << 20)) / LX_BLOCK + LX_TEXT_BLOCKS;
    size_t head = (sizeof(lx_world) + 4095) & ~(size_t)4095;
    size_t list = ((size_t)nblocks * 4 + 4095) & ~(size_t)4095;
    size_t shm = (size_t)LX_SHM_PAGES * 4096;
    size_t size = head + shm + list + (size_t)nblocks * LX_BLOCK;
    void *m =
        mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED)
        return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "cannot map %zu bytes for the guest", size),
               NULL;
    lx_world *w = m;
    w->ram = ram;
    w->map_size = size;
    w->t0_ms = lx_now_ms();
    lx_clock_start(w, &(lx_opts){0});
    w->nblocks = nblocks;
    w->shm_pool = (uint8_t *)m + head;
    w->free_list = (uint32_t *)((uint8_t *)m + head + shm);
    w->blocks = (uint8_t *)m + head + shm + list;
    /* block 0 means "none": hand out 1..nblocks-1 */
    for (uint32_t b = nblocks - 1; b >= 1; b--)
        w->free_list[w->nfree++] = b;
    w->shm_next_id = 1;
    /* shared by the run's processes, and robust: a guest killed while holding it (SIGKILL
     * from another guest, the OOM killer) leaves it to the next taker, not to a hang */
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    int rc = pthread_mutex_init(&w->lock, &a);
    if (!rc) rc = pthread_mutex_init(&w->dbg_lock, &a);
    pthread_mutexattr_destroy(&a);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    if (!rc) rc = pthread_cond_init(&w->dbg_cv, &ca);
    pthread_condattr_destroy(&ca);
    if (rc) {
        munmap(m, size);
        return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "cannot make the guests' lock: %s",
                       strerror(rc)),
               NULL;
    }
    return w;
}

void lx_world_free(lx_world *w)
{
    if (!w) return;
    lx_rf_fifos_remove(w);
    lx_net_dir_remove(w);
    pthread_mutex_destroy(&w->lock);
    /* dbg_cv is not destroyed: a guest killed in its wait leaves itself counted as a waiter,
     * and glibc's pthread_cond_destroy would wait for it for ever; unmapped, it is gone */
    pthread_mutex_destroy(&w->dbg_lock);
    munmap(w, w->map_size);
}

void lx_lock(lx_world *w)
{
    /* its holder died: what it was changing may be half done, but the tables stay in
     * bounds (every reader checks), which is better than every other guest waiting */
    if (pthread_mutex_lock(&w->lock) == EOWNERDEAD) pthread_mutex_consistent(&w->lock);
}

void lx_unlock(lx_world *w)
{
    pthread_mutex_unlock(&w->lock);
}

uint64_t lx_ram_used(lx_world *w)
{
    uint64_t used = w->ram_files;
    for (int i = 0; i < LX_NPROC; i++)
        if (w->proc[i].pid && w->proc[i].state == 'R') used += w->proc[i].mem;
    return used;
}

uint32_t lx_block_alloc(lx_world *w, int counted)
{
    if (!w->nfree) return 0;
    /* the counted ones leave LX_TEXT_BLOCKS free when there is no RAM limit to stop them */
    if (counted && (w->ram ? lx_ram_used(w) + LX_BLOCK > w->ram : w->nfree <= LX_TEXT_BLOCKS))
        return 0;
    uint32_t b = w->free_list[--w->nfree];
    if (b < w->fresh) {
        memset(lx_block(w, b), 0, LX_BLOCK); /* a block freed before */
    } else {
        /* The free list hands out untouched blocks in order: the host's pages behind the next
         * LX_POPULATE of them are made at once, which costs one call instead of a page fault
         * each (a RAM disk filled by tar or dd touches thousands). Their zeroes are the
         * host's; a kernel without MADV_POPULATE_WRITE (5.14) faults them in one by one. */
        uint32_t n = w->nblocks - b < LX_POPULATE ? w->nblocks - b : LX_POPULATE;
        madvise(lx_block(w, b), (size_t)n * LX_BLOCK, MADV_POPULATE_WRITE);
        w->fresh = b + n;
    }
    if (counted) w->ram_files += LX_BLOCK;
    return b;
}

void lx_block_free(lx_world *w, uint32_t b, int counted)
{
    if (!b) return;
    w->free_list[w->nfree++] = b;
    if (counted) w->ram_files -= LX_BLOCK;
}

uint8_t *lx_block(lx_world *w, uint32_t b)
{
    return w->blocks + (size_t)b * LX_BLOCK;
}

/* Whether an event like this one (kind, value, text; not its time or pids) was seen before:
 * a box that only repeats itself has settled (lx_opts.steady_ms). The world locked. */
static void note_novelty(lx_world *w, int kind, int32_t value, const char *text)
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
    uint8_t head[5] = {(uint8_t)kind, (uint8_t)value, (uint8_t)(value >> 8), (uint8_t)(value >> 16),
                       (uint8_t)(value >> 24)};
    for (size_t i = 0; i < sizeof head; i++)
        h = (h ^ head[i]) * 0x100000001b3u;
    for (const char *c = text ? text : ""; *c; c++)
        h = (h ^ (uint8_t)*c) * 0x100000001b3u;
    h |= 1; /* 0 is an empty slot */
    if (kind == LX_EV_NET) w->net_used = 1;
    for (uint32_t i = (uint32_t)h % LX_NSEEN, n = 0; n < LX_NSEEN; i = (i + 1) % LX_NSEEN, n++) {
        if (w->seen[i] == h) return;
        if (!w->seen[i]) {
            if (w->nseen + 1 < LX_NSEEN) { /* one slot stays empty: every probe ends */
                w->seen[i] = h;
                w->nseen++;
            }
            break;
        }
    }
    w->novel_ns = lx_vnow(w);
}

void lx_event_add(lx_world *w, int kind, int32_t pid, int32_t ppid, int32_t value, const char *text)
{
    lx_lock(w);
    note_novelty(w, kind, value, text);
    if (w->nev < LX_NEVENT) {
        lx_event *ev = &w->ev[w->nev++];
        *ev = (lx_event){.ms = lx_vnow(w) / 1000000,
                         .pid = lx_vpid(w, pid),
                         .ppid = lx_vpid(w, ppid),
                         .kind = (uint8_t)kind,
                         .value = value};
        snprintf(ev->text, sizeof ev->text, "%s", text ? text : "");
    } else {
        w->ev_lost++;
    }
    lx_unlock(w);
}

int32_t lx_vpid(const lx_world *w, int32_t host)
{
    return host && host == w->init_host ? 1 : host;
}

int32_t lx_hpid(const lx_world *w, int32_t guest)
{
    return guest == 1 && w->init_host ? w->init_host : guest;
}

uint32_t lx_nproc_limit(uint32_t ram)
{
    uint32_t max_threads = ram / (8 * 8192);
    if (!ram || max_threads > LX_NPROC) return LX_NPROC;
    return max_threads < 20 ? 20 : max_threads;
}

int lx_fork_hold(lx_world *w, lx_pent *pe, uint32_t mem)
{
    uint32_t n = 0;
    uint64_t held = 0;
    for (int i = 0; i < LX_NPROC; i++) {
        const lx_pent *e = &w->proc[i];
        if (!e->pid || e->state == 'X') continue;
        n++; /* a zombie holds its slot until it is reaped, as on Linux */
        if (e->forking && e->state == 'R') n++, held += e->mem;
    }
    if (n >= (w->nproc ? w->nproc : LX_NPROC)) return -LX_EAGAIN;
    /* every guest byte is counted once per process (no copy on write): the child's copy too */
    if (w->ram && lx_ram_used(w) + held + mem > w->ram) return -LX_EAGAIN;
    if (pe) pe->forking = 1;
    return 0;
}

void lx_fork_release(lx_pent *pe)
{
    if (pe) pe->forking = 0;
}

lx_pent *lx_pent_find(lx_world *w, int32_t pid)
{
    for (int i = 0; i < LX_NPROC; i++)
        if (w->proc[i].pid == pid && w->proc[i].state != 'X') return &w->proc[i];
    return NULL;
}

lx_pent *lx_pent_new(lx_world *w, int32_t pid, int32_t ppid)
{
    for (int i = 0; i < LX_NPROC; i++)
        if (!w->proc[i].pid || w->proc[i].state == 'X') {
            w->proc[i] =
                (lx_pent){.pid = pid, .ppid = ppid, .state = 'R', .start_ms = lx_vnow(w) / 1000000};
            return &w->proc[i];
        }
    return NULL;
}

const char *lx_event_name(int kind)
{
    static const char *const names[] = {"start",  "exec",    "exec-failed",  "exit",    "killed",
                                        "signal", "stopped", "enosys",       "net",     "syslog",
                                        "stderr", "quirk",   "write-failed", "console", "module"};
    _Static_assert(sizeof names / sizeof names[0] == LX_EV_MODULE + 1, "a name each");
    return kind >= 0 && kind <= LX_EV_MODULE ? names[kind] : "?";
}
