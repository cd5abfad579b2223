/* syscall_mem.c: brk, mmap (anonymous and of files from the VFS), munmap, mprotect. Private
 * read-only file mappings (program text) do not count against the RAM, as page-cache pages
 * shared by every process would not; everything writable does. Protections are not enforced:
 * every guest page is readable, writable and executable. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lx_int.h"
#include "vfs.h"

#define MAP_SHARED_ 0x1
#define MAP_FIXED_ 0x10
#define MAP_ANONYMOUS_ 0x800
#define PROT_WRITE_ 0x2

static int64_t brk_locked(lx_proc *p, const uint32_t *a);

/* Threads (a shared space, mem_shared.c) share one heap: its bounds are the space's, read and
 * written back under its lock. */
static int64_t sys_brk(lx_proc *p, const uint32_t *a)
{
    lx_vm_lock(p);
    if (p->vm) {
        p->brk_start = p->vm->brk_start;
        p->brk = p->vm->brk;
        p->brk_mapped = p->vm->brk_mapped;
    }
    int64_t r = brk_locked(p, a);
    if (p->vm) {
        p->vm->brk = p->brk;
        p->vm->brk_mapped = p->brk_mapped;
    }
    lx_vm_unlock(p);
    return r;
}

static int64_t brk_locked(lx_proc *p, const uint32_t *a)
{
    uint32_t want = a[0];
    if (want < p->brk_start || want > LX_MMAP_BASE) return p->brk;
    uint32_t need = (want + LX_PAGE - 1) & ~(LX_PAGE - 1);
    if (need > p->brk_mapped) {
        wa_err e = {0};
        if (!lx_is_mapped(p, p->brk_mapped, need - p->brk_mapped) &&
            lx_map(p, p->brk_mapped, need - p->brk_mapped, 1, &e)) {
            if (e.code == WA_E_LIMIT)
                lx_stop(p, LX_SIGKILL, "%s (the kernel's OOM killer would end it)", e.msg);
            return p->brk;
        }
        p->brk_mapped = need;
    }
    p->brk = want;
    return p->brk;
}

/* Fill [at, at+len) from the file behind fd at off (zeros past its end); fresh: lx_map has
 * just mapped all of it, so its host bytes are zero and no code of it ran. */
static int64_t fill_from(lx_proc *p, uint32_t fd, uint64_t off, uint32_t at, uint32_t len,
                         int fresh)
{
    lx_ofd *o = lx_fd_ofd(p, fd);
    if (!o || o->kind == LX_OF_DEV || S_ISDIR(o->mode)) return -LX_EACCES;
    lx_vnode v = lx_ofd_vnode(o);
    uint8_t *host = fresh ? lx_host_fresh(p, at) : NULL;
    if (host) {
        int64_t k = lx_vread(p, &v, off, host, len);
        /* code Unicorn translated from a region unmapped before may sit where this one is
         * in its RAM: a write through it would have thrown that away */
        uc_ctl_remove_cache(p->uc, at, (uint64_t)at + len);
        return k < 0 ? k : 0;
    }
    uint8_t *buf = calloc(1, len);
    if (!buf) return -LX_ENOMEM;
    int64_t k = lx_vread(p, &v, off, buf, len);
    int64_t rc = k < 0 ? k : lx_put(p, at, buf, len);
    free(buf);
    return rc;
}

int64_t lx_do_mmap(lx_proc *p, uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags,
                   uint32_t fd, uint64_t off)
{
    if (!len || (off & (LX_PAGE - 1))) return -LX_EINVAL;
    uint32_t n = (len + LX_PAGE - 1) & ~(LX_PAGE - 1);
    int anon = !!(flags & MAP_ANONYMOUS_);
    if (!anon && !lx_fd_ofd(p, fd))
        return fd < LX_NFD && p->files->fd[fd].used ? -LX_EACCES : -LX_EBADF;
    uint32_t at;
    if (flags & MAP_FIXED_) {
        if (addr & (LX_PAGE - 1) || (uint64_t)addr + n > LX_TASK_SIZE) return -LX_EINVAL;
        at = addr;
    } else if (addr && !(addr & (LX_PAGE - 1)) &&
               (uint64_t)addr + n <= LX_STACK_TOP - LX_STACK_MAX && addr >= LX_MMAP_BASE &&
               !lx_is_mapped(p, addr, 1) && !lx_is_mapped(p, addr + n - 1, 1)) {
        at = addr;
    } else if (!(at = lx_free_area(p, n))) {
        return -LX_ENOMEM;
    }
    if (anon && (flags & MAP_SHARED_)) { /* memory a fork shares: an unnamed segment */
        if (flags & MAP_FIXED_) lx_unmap(p, at, n);
        int64_t rc = lx_shm_anon(p, at, n);
        if (!rc) rc = lx_protect(p, at, n, prot);
        return rc ? rc : at;
    }
    int count = anon || (prot & PROT_WRITE_) || (flags & MAP_SHARED_);
    int fresh = !lx_any_mapped(p, at, n); /* mapped whole below: zero host pages */
    wa_err e = {0};
    if (lx_map(p, at, n, count, &e)) {
        if (e.code == WA_E_LIMIT)
            lx_stop(p, LX_SIGKILL, "%s (the kernel's OOM killer would end it)", e.msg);
        return -LX_ENOMEM;
    }
    int64_t rc;
    if (anon && fresh && lx_host_fresh(p, at)) {
        rc = 0; /* zero already */
    } else if (anon) {
        void *z = calloc(1, n);
        rc = z ? lx_put(p, at, z, n) : -LX_ENOMEM;
        free(z);
    } else {
        rc = fill_from(p, fd, off, at, n, fresh);
        if (!rc && (prot & 4) && lx_isa_checked(p->o) &&
            !p->isa_suspect) { /* PROT_EXEC: a library */
            uint8_t *code = malloc(n);
            if (code && !lx_get(p, at, code, n) && lx_isa_scan(p->o, code, n)) {
                p->isa_suspect = 1;
                uc_emu_stop(p->uc); /* the run loop turns the block hook on */
            }
            free(code);
        }
    }
    if (!rc) rc = lx_protect(p, at, n, prot);
    if (rc) {
        lx_unmap(p, at, n);
        return rc;
    }
    return at;
}

static int64_t sys_mmap(lx_proc *p, const uint32_t *a)
{
    return lx_do_mmap(p, a[0], a[1], a[2], a[3], a[4], a[5]);
}
static int64_t sys_mmap2(lx_proc *p, const uint32_t *a)
{
    return lx_do_mmap(p, a[0], a[1], a[2], a[3], a[4], (uint64_t)a[5] * 4096);
}

static int64_t sys_munmap(lx_proc *p, const uint32_t *a)
{
    if (a[0] & (LX_PAGE - 1) || !a[1]) return -LX_EINVAL;
    if (a[0] < p->brk_mapped && a[0] + a[1] > p->brk_start) return 0; /* not the heap */
    lx_unmap(p, a[0], a[1]);
    return 0;
}

static int64_t sys_mprotect(lx_proc *p, const uint32_t *a)
{
    if (a[0] & (LX_PAGE - 1) || (uint64_t)a[0] + a[1] > LX_TASK_SIZE) return -LX_EINVAL;
    return a[1] ? lx_protect(p, a[0], a[1], a[2]) : 0;
}

static int64_t sys_mremap(lx_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    return -LX_ENOMEM; /* callers fall back to allocate, copy and free */
}

static const lx_call calls[] = {
    {LX_NR_brk, sys_brk},           {LX_NR_mmap, sys_mmap},       {LX_NR_munmap, sys_munmap},
    {LX_NR_mprotect, sys_mprotect}, {LX_NR_msync, lx_ret_zero},   {LX_NR_mremap, sys_mremap},
    {LX_NR_mmap2, sys_mmap2},       {LX_NR_madvise, lx_ret_zero}, {LX_NR_mlock, lx_ret_zero},
    {LX_NR_munlock, lx_ret_zero},
};

const lx_call *lx_mem_call(uint32_t nr)
{
    return lx_find_call(calls, sizeof calls / sizeof calls[0], nr);
}
