/* mem_shared.c: one address space for several guest processes, as clone(CLONE_VM) makes for
 * LinuxThreads' manager and threads on a 2.4 kernel (each thread its own process, its own pid).
 *
 * Each guest process stays a host process with its own Unicorn engine, so the design keeps the
 * guest's memory where the engines already point (the host reservation of mem.c) and makes it
 * shared there: at the first CLONE_VM the reservation's pages move into a memfd mapped
 * MAP_SHARED|MAP_FIXED over the same host addresses (Unicorn's pointers stay valid), and the
 * host child the clone forks inherits that mapping. What is mapped (the page bitmaps, the heap's
 * and the stack's bounds, the RAM it counts) moves into a struct in shared memory with its own
 * lock. A process's own bitmap (lx_proc.mapped) then says only what its engine has mapped; an
 * engine catches up with what the others mapped or unmapped (a generation count) at each system
 * call and on a fault, mapping and unmapping there. A thread running without system calls
 * sees another's munmap late (its reads of the unmapped pages see zeros, not SIGSEGV), and
 * mprotect stays per engine (wa-emu does not enforce protections anyway).
 *
 * A fork (no CLONE_VM) of such a process copies the pages into private memory at the same
 * addresses, and an execve leaves the shared space; whoever leaves last frees it. Shared memory
 * segments (shmat) are not shared between threads. The struct also holds the signal handlers
 * of CLONE_SIGHAND sharers (signal.c) and the descriptors and directory of CLONE_FILES and
 * CLONE_FS sharers (files_shared.c). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lx_int.h"

static int bit(const uint8_t *m, uint32_t pg)
{
    return m[pg >> 3] >> (pg & 7) & 1;
}

/* The end of the run of the guest's own pages (mapped, not a shared memory segment's) from
 * pg: pg itself when pg is not one. */
static uint32_t own_end(const lx_proc *p, uint32_t pg)
{
    while (pg < LX_PAGES && bit(p->mapped, pg) && !bit(p->ext, pg))
        pg++;
    return pg;
}

void lx_vm_lock(lx_proc *p)
{
    /* a holder killed mid-change: the bitmaps stay in bounds, better than a hang */
    if (p->vm && pthread_mutex_lock(&p->vm->lock) == EOWNERDEAD)
        pthread_mutex_consistent(&p->vm->lock);
}

void lx_vm_unlock(lx_proc *p)
{
    if (p->vm) pthread_mutex_unlock(&p->vm->lock);
}

int lx_vm_share(lx_proc *p, wa_err *e)
{
    if (p->vm) return 0;
    if (!p->host)
        return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "clone(CLONE_VM): no host reservation");
    lx_vm *vm = mmap(NULL, sizeof *vm, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (vm == MAP_FAILED)
        return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "clone(CLONE_VM): %s", strerror(errno));
    int fd = memfd_create("wa-emu-guest", MFD_CLOEXEC);
    uint8_t *view = MAP_FAILED;
    if (fd >= 0 && !ftruncate(fd, LX_TASK_SIZE))
        view = mmap(NULL, LX_TASK_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, fd, 0);
    if (view == MAP_FAILED) {
        int err = errno;
        if (fd >= 0) close(fd);
        munmap(vm, sizeof *vm);
        return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "clone(CLONE_VM): memfd: %s", strerror(err));
    }
    /* the mapped runs' bytes into the memfd, then the memfd over the reservation */
    for (uint32_t pg = 0, end; pg<LX_PAGES; pg = end> pg ? end : pg + 1)
        if ((end = own_end(p, pg)) > pg)
            memcpy(view + (size_t)pg * LX_PAGE, p->host + (size_t)pg * LX_PAGE,
                   (size_t)(end - pg) * LX_PAGE);
    munmap(view, LX_TASK_SIZE);
    if (mmap(p->host, LX_TASK_SIZE, PROT_NONE, MAP_SHARED | MAP_FIXED | MAP_NORESERVE, fd, 0) ==
        MAP_FAILED) {
        /* MAP_FIXED failed: the old mapping is still there, untouched */
        int err = errno;
        close(fd);
        munmap(vm, sizeof *vm);
        return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "clone(CLONE_VM): %s", strerror(err));
    }
    for (uint32_t pg = 0, end; pg<LX_PAGES; pg = end> pg ? end : pg + 1)
        if ((end = own_end(p, pg)) > pg)
            mprotect(p->host + (size_t)pg * LX_PAGE, (size_t)(end - pg) * LX_PAGE,
                     PROT_READ | PROT_WRITE);
    pthread_mutexattr_t at;
    pthread_mutexattr_init(&at);
    pthread_mutexattr_setpshared(&at, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&at, PTHREAD_MUTEX_ROBUST);
    pthread_mutexattr_settype(&at, PTHREAD_MUTEX_RECURSIVE); /* brk holds it around lx_map */
    pthread_mutex_init(&vm->lock, &at);
    pthread_mutexattr_settype(&at, PTHREAD_MUTEX_NORMAL);
    pthread_mutex_init(&vm->cpu, &at);
    pthread_mutexattr_destroy(&at);
    vm->memfd = fd;
    vm->users = 1;
    vm->owner = p->pid;
    vm->mem = p->mem;
    vm->brk_start = p->brk_start;
    vm->brk = p->brk;
    vm->brk_mapped = p->brk_mapped;
    vm->stack_low = p->stack_low;
    memcpy(vm->mapped, p->mapped, sizeof vm->mapped);
    memcpy(vm->counted, p->counted, sizeof vm->counted);
    p->vm = vm;
    p->vm_gen = vm->gen;
    return 0;
}

/* The engine maps and unmaps what the others did since it last looked. vm locked. */
static void catch_up(lx_proc *p)
{
    lx_vm *vm = p->vm;
    if (p->vm_gen == vm->gen) return;
    for (uint32_t pg = 0; pg < LX_PAGES;) {
        if (p->mapped[pg >> 3] == vm->mapped[pg >> 3] && !(pg & 7)) {
            pg += 8;
            continue;
        }
        int want = bit(vm->mapped, pg);
        if (want == bit(p->mapped, pg)) {
            pg++;
            continue;
        }
        uint32_t run = pg;
        while (run < LX_PAGES && bit(vm->mapped, run) == want && bit(p->mapped, run) != want)
            run++;
        uint8_t *h = p->host + (size_t)pg * LX_PAGE;
        size_t n = (size_t)(run - pg) * LX_PAGE;
        if (want) {
            mprotect(h, n, PROT_READ | PROT_WRITE);
            if (uc_mem_map_ptr(p->uc, (uint64_t)pg * LX_PAGE, n, UC_PROT_ALL, h) == UC_ERR_OK)
                uc_ctl_remove_cache(p->uc, (uint64_t)pg * LX_PAGE, (uint64_t)run * LX_PAGE);
        } else {
            uc_mem_unmap(p->uc, (uint64_t)pg * LX_PAGE, n);
            mprotect(h, n, PROT_NONE);
        }
        for (uint32_t q = pg; q < run; q++)
            if (want)
                p->mapped[q >> 3] |= (uint8_t)(1u << (q & 7));
            else
                p->mapped[q >> 3] &= (uint8_t) ~(1u << (q & 7));
        pg = run;
    }
    p->vm_gen = vm->gen;
}

void lx_vm_sync(lx_proc *p)
{
    if (!p->vm || __atomic_load_n(&p->vm->gen, __ATOMIC_ACQUIRE) == p->vm_gen) return;
    lx_vm_lock(p);
    catch_up(p);
    lx_vm_unlock(p);
}

void lx_vm_sync_locked(lx_proc *p)
{
    if (p->vm) catch_up(p);
}

int lx_vm_fault(lx_proc *p, uint32_t addr)
{
    if (!p->vm) return 0;
    lx_vm_sync(p);
    return bit(p->mapped, addr / LX_PAGE);
}

void lx_vm_changed(lx_proc *p)
{
    __atomic_add_fetch(&p->vm->gen, 1, __ATOMIC_RELEASE);
    p->vm_gen = p->vm->gen; /* this engine did it itself */
}

/* A sharer ends, execs or forks away: the RAM stays counted by another sharer's entry. */
static void leave_locked(lx_proc *p)
{
    lx_vm *vm = p->vm;
    for (uint32_t i = 0; i < vm->users; i++)
        if (vm->pids[i] == p->pid) {
            vm->pids[i] = vm->pids[--vm->users];
            break;
        }
    lx_lock(p->w);
    lx_pent *me = lx_pent_find(p->w, p->pid);
    if (vm->owner == p->pid) {
        /* a sharer still running: one killed outright (the manager's SIGKILL) never left */
        lx_pent *to = NULL;
        vm->owner = 0;
        for (uint32_t i = 0; i < vm->users && !to; i++)
            if ((to = lx_pent_find(p->w, vm->pids[i])) && to->state != 'R') to = NULL;
        if (to) {
            vm->owner = to->pid;
            to->mem = vm->mem;
        }
    }
    if (me) me->mem = 0;
    lx_unlock(p->w);
    p->mem = 0;
}

void lx_vm_join(lx_proc *p)
{
    lx_vm *vm = p->vm;
    lx_vm_lock(p);
    if (vm->users < LX_NPROC) vm->pids[vm->users++] = p->pid;
    p->mem = vm->mem;
    if (!vm->owner) { /* every other sharer left before this one joined */
        vm->owner = p->pid;
        lx_lock(p->w);
        lx_pent *me = lx_pent_find(p->w, p->pid);
        if (me) me->mem = vm->mem;
        lx_unlock(p->w);
    }
    lx_vm_unlock(p);
}

void lx_cpu_take(lx_proc *p)
{
    if (!p->vm || p->cpu_held) return;
    __atomic_add_fetch(&p->vm->cpu_waiters, 1, __ATOMIC_RELAXED);
    /* its holder was killed running guest code (the manager's SIGKILL): the CPU is free */
    if (pthread_mutex_lock(&p->vm->cpu) == EOWNERDEAD) pthread_mutex_consistent(&p->vm->cpu);
    __atomic_sub_fetch(&p->vm->cpu_waiters, 1, __ATOMIC_RELAXED);
    p->cpu_held = 1;
    p->cpu_blocks = 0;
}

void lx_cpu_give(lx_proc *p)
{
    if (!p->vm || !p->cpu_held) return;
    p->cpu_held = 0;
    pthread_mutex_unlock(&p->vm->cpu);
}

void lx_cpu_slice(lx_proc *p)
{
    if (!p->vm || ++p->cpu_blocks < LX_CPU_SLICE ||
        !__atomic_load_n(&p->vm->cpu_waiters, __ATOMIC_RELAXED))
        return;
    lx_cpu_give(p);
    sched_yield(); /* the waiter, woken by the unlock, takes it */
    lx_cpu_take(p);
}

void lx_vm_exit(lx_proc *p)
{
    if (!p->vm) return;
    lx_cpu_give(p);
    lx_vm_lock(p);
    leave_locked(p);
    lx_vm_unlock(p);
}

/* The reservation private again: copy (a fork's child, which never joined) keeps the bytes,
 * else (an execve) the sharer leaves and it is emptied. */
void lx_vm_leave(lx_proc *p, int copy)
{
    lx_vm *vm = p->vm;
    if (!vm) return;
    lx_sig_private(p);   /* the handlers too, if they were the space's */
    lx_files_copy(p, 0); /* and the descriptors (an execve made them its own before) */
    lx_cpu_give(p);
    p->cpu_held = 0; /* a fork's child holds nothing its parent held */
    lx_vm_lock(p);
    if (copy)
        catch_up(p); /* the engine maps all the space had */
    else
        leave_locked(p);
    int last = !copy && !vm->users;
    if (copy) {
        p->brk_start = vm->brk_start;
        p->brk = vm->brk;
        p->brk_mapped = vm->brk_mapped;
        p->stack_low = vm->stack_low;
        memcpy(p->counted, vm->counted, sizeof p->counted);
        p->mem = vm->mem;
    }
    lx_vm_unlock(p);
    /* the pages not copied below: private, empty and inaccessible (the reservation ends at
     * LX_TASK_SIZE; what follows it is not the guest's) */
    const uint32_t top = LX_TASK_SIZE / LX_PAGE;
    for (uint32_t pg = 0; pg < top;) {
        int keep = copy && bit(p->mapped, pg) && !bit(p->ext, pg);
        uint32_t run = pg;
        while (run < top && (copy && bit(p->mapped, run) && !bit(p->ext, run)) == keep)
            run++;
        uint8_t *h = p->host + (size_t)pg * LX_PAGE;
        size_t n = (size_t)(run - pg) * LX_PAGE;
        if (keep) {
            /* copied aside and moved back over the same addresses: Unicorn's pointers hold */
            void *t = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (t != MAP_FAILED) {
                memcpy(t, h, n);
                if (mremap(t, n, n, MREMAP_MAYMOVE | MREMAP_FIXED, h) == MAP_FAILED) munmap(t, n);
            }
        } else {
            mmap(h, n, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
        }
        pg = run;
    }
    close(vm->memfd);
    if (last) {
        pthread_mutex_destroy(&vm->lock);
        pthread_mutex_destroy(&vm->cpu);
    }
    munmap(vm, sizeof *vm);
    p->vm = NULL;
    if (copy) {
        lx_lock(p->w);
        lx_pent *me = lx_pent_find(p->w, p->pid);
        if (me) me->mem = p->mem;
        lx_unlock(p->w);
    }
}

void lx_vm_release(lx_proc *p, uint32_t pg, uint32_t end)
{
    fallocate(p->vm->memfd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)pg * LX_PAGE,
              (off_t)(end - pg) * LX_PAGE);
    mprotect(p->host + (size_t)pg * LX_PAGE, (size_t)(end - pg) * LX_PAGE, PROT_NONE);
}
