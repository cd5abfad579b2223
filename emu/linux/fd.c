/* fd.c: guest descriptors. A descriptor is a host one (standard streams, pipes, sockets: the
 * host kernel shares them across fork) or a reference to one of the world's open file
 * descriptions, counted so that offsets stay shared across dup and fork as on Linux. */
#include <string.h>
#include <unistd.h>

#include "ramfs.h"
#include "vfs.h"

int lx_fd_new(lx_proc *p, int from)
{
    for (int fd = from < 0 ? 0 : from; fd < LX_NFD; fd++)
        if (!p->fd[fd].used) return fd;
    return -LX_EMFILE;
}

lx_ofd *lx_fd_ofd(lx_proc *p, uint32_t fd)
{
    if (fd >= LX_NFD || !p->fd[fd].used || p->fd[fd].host >= 0) return NULL;
    return &p->w->ofd[p->fd[fd].ofd];
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
    if (fd >= LX_NFD || !p->fd[fd].used) return -LX_EBADF;
    lx_fd *f = &p->fd[fd];
    if (f->host >= 0) {
        close(f->host);
    } else {
        lx_lock(p->w);
        lx_ofd_put(p->w, f->ofd);
        lx_unlock(p->w);
    }
    memset(f, 0, sizeof *f);
    return 0;
}

/* Make nfd a copy of ofd (host descriptors are duplicated on the host). */
int lx_fd_dup(lx_proc *p, uint32_t ofd, int nfd, int cloexec)
{
    if (ofd >= LX_NFD || !p->fd[ofd].used) return -LX_EBADF;
    if (nfd < 0 || nfd >= LX_NFD) return -LX_EBADF;
    if ((int)ofd == nfd) return nfd;
    lx_fd copy = p->fd[ofd];
    if (copy.host >= 0 && (copy.host = dup(copy.host)) < 0) return -LX_EMFILE;
    if (copy.host < 0) {
        lx_lock(p->w);
        p->w->ofd[copy.ofd].refs++;
        lx_unlock(p->w);
    }
    if (p->fd[nfd].used) lx_fd_close(p, (uint32_t)nfd);
    copy.cloexec = cloexec;
    p->fd[nfd] = copy;
    return nfd;
}

void lx_fd_fork(lx_proc *p)
{
    lx_lock(p->w);
    for (int fd = 0; fd < LX_NFD; fd++)
        if (p->fd[fd].used && p->fd[fd].host < 0) p->w->ofd[p->fd[fd].ofd].refs++;
    lx_unlock(p->w);
}

/* At exit: give back the open descriptions; the host closes its own descriptors. */
void lx_fd_close_all(lx_proc *p)
{
    for (int fd = 0; fd < LX_NFD; fd++)
        if (p->fd[fd].used && p->fd[fd].host < 0) lx_fd_close(p, (uint32_t)fd);
}
