/* files_shared.c: the descriptors and the directory clone(CLONE_FILES) and clone(CLONE_FS)
 * share, as LinuxThreads' threads have them (it passes both with CLONE_VM): a descriptor one
 * thread opens is every thread's, one it closes is closed for all, a chdir or umask is seen by
 * all. The tables move into the shared space (lx_vm, mem_shared.c) at the first such clone,
 * and the host processes share their host descriptor table too (clone(CLONE_FILES) on the
 * host, syscall_proc.c), so the host descriptors behind the guest ones are the same in each.
 * One table of each per space: a clone that asks to share while another group of the space
 * holds it gets a copy, as do clones without the flags, a fork's child, and (as Linux's exec
 * unshares the files) a sharer that execs. Table changes are made under the space's lock
 * (fd.c). */
#include <sched.h>
#include <string.h>

#include "lx_int.h"

int lx_files_shared(const lx_proc *p)
{
    return p->vm && p->files == &p->vm->files;
}

static int fsi_shared(const lx_proc *p)
{
    return p->vm && p->fsi == &p->vm->fsi;
}

int lx_files_share(lx_proc *p, int files, int fs)
{
    if (!p->vm) return 0;
    int got = 0;
    lx_vm_lock(p);
    if (files && (lx_files_shared(p) || !p->vm->files_users)) {
        if (!lx_files_shared(p)) {
            p->vm->files = p->files_own;
            p->files = &p->vm->files;
            p->vm->files_users = 1;
        }
        p->vm->files_users++; /* the child's */
        got |= LX_SHARE_FILES;
    }
    if (fs && (fsi_shared(p) || !p->vm->fsi_users)) {
        if (!fsi_shared(p)) {
            p->vm->fsi = p->fsi_own;
            p->fsi = &p->vm->fsi;
            p->vm->fsi_users = 1;
        }
        p->vm->fsi_users++;
        got |= LX_SHARE_FS;
    }
    lx_vm_unlock(p);
    return got;
}

void lx_files_unshare(lx_proc *p, int got)
{
    lx_vm_lock(p);
    if (got & LX_SHARE_FILES) p->vm->files_users--;
    if (got & LX_SHARE_FS) p->vm->fsi_users--;
    lx_vm_unlock(p);
}

void lx_files_copy(lx_proc *p, int got)
{
    lx_vm_lock(p);
    if (!(got & LX_SHARE_FILES) && lx_files_shared(p)) {
        p->files_own = p->vm->files;
        p->files = &p->files_own;
    }
    if (!(got & LX_SHARE_FS) && fsi_shared(p)) {
        p->fsi_own = p->vm->fsi;
        p->fsi = &p->fsi_own;
    }
    lx_vm_unlock(p);
}

void lx_files_exec(lx_proc *p)
{
    if (fsi_shared(p)) {
        lx_vm_lock(p);
        p->fsi_own = p->vm->fsi;
        p->fsi = &p->fsi_own;
        p->vm->fsi_users--;
        lx_vm_unlock(p);
    }
    if (!lx_files_shared(p)) return;
    /* the host's table first: the old program's closes (close-on-exec, the space's memfd)
     * are then this process's alone */
    unshare(CLONE_FILES);
    lx_vm_lock(p);
    p->files_own = p->vm->files;
    p->files = &p->files_own;
    p->vm->files_users--;
    lx_vm_unlock(p);
    lx_fd_fork(p); /* the copy's references to the open descriptions */
}

int lx_files_exit(lx_proc *p)
{
    if (fsi_shared(p)) {
        lx_vm_lock(p);
        p->vm->fsi_users--;
        lx_vm_unlock(p);
    }
    if (!lx_files_shared(p)) return 1;
    lx_vm_lock(p);
    int last = !--p->vm->files_users;
    lx_vm_unlock(p);
    return last;
}
