/* fd.c: guest descriptors. A descriptor is a host one (standard streams, pipes, sockets: the
 * host kernel shares them across fork) or a reference to one of the world's open file
 * descriptions, counted so that offsets stay shared across dup and fork as on Linux. The
 * table may be shared by threads in other host processes (files_shared.c): slots are taken
 * and given back under the space's lock (which is nothing without one). */
#include <string.h>
#include <unistd.h>

#include "ramfs.h"
#include "vfs.h"

int lx_fd_new(lx_proc *p, int from)
{
    lx_vm_lock(p);
    int fd = from < 0 ? 0 : from;
    while (fd < LX_NFD && p->files->fd[fd].used)
        fd++;
    if (fd < LX_NFD) p->files->fd[fd] = (lx_fd){.used = LX_FD_RESERVED, .host = -1};
    lx_vm_unlock(p);
    return fd < LX_NFD ? fd : -LX_EMFILE;
}

int64_t lx_fd_unreserve(lx_proc *p, int fd, int64_t rc)
{
    lx_vm_lock(p);
    memset(&p->files->fd[fd], 0, sizeof p->files->fd[fd]);
    lx_vm_unlock(p);
    return rc;
}

lx_ofd *lx_fd_ofd(lx_proc *p, uint32_t fd)
{
    if (fd >= LX_NFD || p->files->fd[fd].used != 1 || p->files->fd[fd].host >= 0) return NULL;
    return &p->w->ofd[p->files->fd[fd].ofd];
}

int lx_ofd_new(lx_world *w)
{
    for (int i = 1; i < LX_NOFD; i++)
        if (!w->ofd[i].refs) {
            memset(&w->ofd[i], 0, sizeof w->ofd[i]);
            w->ofd[i].refs = 1;
            return i;
        }
    return -LX_ENFILE;
}

void lx_ofd_put(lx_world *w, int i)
{
    lx_ofd *o = &w->ofd[i];
    if (!o->refs || --o->refs) return;
    if (o->kind == LX_OF_RAM) lx_rf_closed(w, o->node);
    o->kind = LX_OF_FREE;
}

int lx_fd_close(lx_proc *p, uint32_t fd)
{
    lx_vm_lock(p);
    if (fd >= LX_NFD || p->files->fd[fd].used != 1) {
        lx_vm_unlock(p);
        return -LX_EBADF;
    }
    lx_fd f = p->files->fd[fd];
    memset(&p->files->fd[fd], 0, sizeof f);
    lx_vm_unlock(p);
    if (f.host >= 0) {
        close(f.host);
    } else {
        lx_lock(p->w);
        lx_ofd_put(p->w, f.ofd);
        lx_unlock(p->w);
    }
    return 0;
}

/* Make nfd a copy of ofd (host descriptors are duplicated on the host); vm locked. A slot
 * another thread reserved is busy, as Linux's dup2 says of an fd being opened. */
static int dup_locked(lx_proc *p, uint32_t ofd, int nfd, int cloexec)
{
    if (ofd >= LX_NFD || p->files->fd[ofd].used != 1) return -LX_EBADF;
    if (nfd < 0 || nfd >= LX_NFD) return -LX_EBADF;
    if ((int)ofd == nfd) return nfd;
    if (p->files->fd[nfd].used == LX_FD_RESERVED) return -LX_EBUSY;
    lx_fd copy = p->files->fd[ofd];
    if (copy.host >= 0 && (copy.host = dup(copy.host)) < 0) return -LX_EMFILE;
    if (copy.host < 0) {
        lx_lock(p->w);
        p->w->ofd[copy.ofd].refs++;
        lx_unlock(p->w);
    }
    if (p->files->fd[nfd].used) lx_fd_close(p, (uint32_t)nfd);
    copy.cloexec = cloexec;
    p->files->fd[nfd] = copy;
    return nfd;
}

int lx_fd_dup(lx_proc *p, uint32_t ofd, int nfd, int cloexec)
{
    lx_vm_lock(p);
    int r = dup_locked(p, ofd, nfd, cloexec);
    lx_vm_unlock(p);
    return r;
}

int lx_fd_dup_new(lx_proc *p, uint32_t ofd, int from, int cloexec)
{
    lx_vm_lock(p);
    int fd = from < 0 ? 0 : from;
    while (fd < LX_NFD && p->files->fd[fd].used)
        fd++;
    int r = ofd >= LX_NFD || p->files->fd[ofd].used != 1 ? -LX_EBADF
            : fd < LX_NFD                                ? dup_locked(p, ofd, fd, cloexec)
                                                         : -LX_EMFILE;
    lx_vm_unlock(p);
    return r;
}

void lx_fd_fork(lx_proc *p)
{
    lx_lock(p->w);
    for (int fd = 0; fd < LX_NFD; fd++)
        if (p->files->fd[fd].used == 1 && p->files->fd[fd].host < 0)
            p->w->ofd[p->files->fd[fd].ofd].refs++;
    lx_unlock(p->w);
}

/* At exit: give back the open descriptions; the host closes its own descriptors. A table other
 * threads still share is theirs. */
void lx_fd_close_all(lx_proc *p)
{
    if (!lx_files_exit(p)) return;
    for (int fd = 0; fd < LX_NFD; fd++)
        if (p->files->fd[fd].used == 1 && p->files->fd[fd].host < 0) lx_fd_close(p, (uint32_t)fd);
}
