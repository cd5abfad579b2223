/* syscall_fs.c: file and directory system calls over the VFS: the image (read-only: writes
 * get EROFS), RAM file systems (counted against the board's RAM), devices by their numbers,
 * /proc; plus reads and writes of host descriptors (standard streams, pipes, sockets). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "bytes.h"
#include "ramfs.h"
#include "vfs.h"

#define IOBUF 65536

static int64_t host_err(void)
{
    return errno == EAGAIN       ? -LX_EAGAIN
           : errno == EINTR      ? -LX_EINTR
           : errno == EPIPE      ? -LX_EPIPE
           : errno == EBADF      ? -LX_EBADF
           : errno == ECONNRESET ? -LX_ECONNRESET
           : errno == ENXIO      ? -LX_ENXIO
                                 : -LX_EIO;
}

/* Devices by major:minor: the memory devices and the console (lx_opts.console, else the host's
 * standard input and output). */
static int is_console(uint32_t rdev)
{
    return rdev >> 8 == 5 || rdev >> 8 == 4 || rdev >> 8 == 136;
}

int lx_console_host(lx_proc *p, const lx_ofd *o, int in)
{
    if (o->kind != LX_OF_DEV || !is_console(o->rdev)) return -1;
    return in ? p->w->con_in : p->w->con_out;
}

/* A write to the console on the timeline, with its time and writer (the console itself has
 * neither), for the first LX_CONSOLE_EVENTS of a program. */
static void console_event(lx_proc *p, const uint8_t *buf, size_t n)
{
    if (p->console_events >= LX_CONSOLE_EVENTS) return;
    p->console_events++;
    while (n && buf[n - 1] == '\n')
        n--;
    lx_net_event(p, LX_EV_CONSOLE, 0, "%.*s", (int)(n < 199 ? n : 199), (const char *)buf);
}

static int64_t dev_read(lx_proc *p, lx_ofd *o, uint8_t *buf, size_t n)
{
    switch (o->rdev) {
    case 1 << 8 | 3: return 0;
    case 1 << 8 | 5:
    case 1 << 8 | 7: memset(buf, 0, n); return (int64_t)n;
    case 1 << 8 | 8:
    case 1 << 8 | 9: /* deterministic, so that two runs of one image are the same */
        for (size_t i = 0; i < n; i++) {
            uint64_t x = (o->off + i) * 0x9e3779b97f4a7c15ull;
            buf[i] = (uint8_t)((x ^ x >> 29) >> 24);
        }
        o->off += n;
        return (int64_t)n;
    }
    if (is_console(o->rdev)) {
        ssize_t k = read(p->w->con_in, buf, n);
        return k < 0 ? host_err() : k;
    }
    return -LX_ENXIO;
}

static int64_t dev_write(lx_proc *p, lx_ofd *o, const uint8_t *buf, size_t n)
{
    if (o->rdev == (1 << 8 | 7)) return -LX_ENOSPC;
    if (is_console(o->rdev)) {
        ssize_t k = write(p->w->con_out, buf, n);
        if (k > 0) console_event(p, buf, (size_t)k);
        return k < 0 ? host_err() : k;
    }
    if (o->rdev >> 8 == 1) return (int64_t)n;
    return -LX_ENXIO;
}

/* Read or write n bytes at the description's offset (or at pos, when pos >= 0). */
static int64_t ofd_io(lx_proc *p, lx_ofd *o, uint8_t *buf, size_t n, int64_t pos, int wr)
{
    if (S_ISDIR(o->mode)) return -LX_EISDIR;
    uint32_t acc = o->flags & LX_O_ACCMODE;
    if (wr ? acc == 0 : acc == 1) return -LX_EBADF;
    if (o->kind == LX_OF_DEV) return wr ? dev_write(p, o, buf, n) : dev_read(p, o, buf, n);
    uint64_t off = pos >= 0 ? (uint64_t)pos : o->off;
    int64_t k;
    if (wr && o->dir_fs == LX_FS_PROC) /* a writable /proc file: its driver takes the write */
        return lx_proc_write(p, o->dir_id, (const char *)buf, n);
    if (o->kind == LX_OF_SQ) {
        if (wr) return -LX_EBADF;
        lx_vnode v = lx_ofd_vnode(o);
        k = lx_vread(p, &v, off, buf, n);
    } else {
        lx_lock(p->w);
        if (wr && (o->flags & LX_O_APPEND)) off = p->w->node[o->node].size;
        k = wr ? lx_rf_write(p->w, o->node, off, buf, n)
               : (int64_t)lx_rf_read(p->w, o->node, off, buf, n);
        lx_unlock(p->w);
    }
    if (k > 0 && pos < 0) o->off = off + (uint64_t)k;
    return k;
}

/* Read or write n bytes of buf through guest descriptor fd. */
static int64_t fd_io(lx_proc *p, uint32_t fd, uint8_t *buf, size_t n, int64_t pos, int wr)
{
    if (fd >= LX_NFD || !p->files->fd[fd].used) return -LX_EBADF;
    int64_t rc;
    int shown = 1; /* a host descriptor (the console, a pipe) or the console device */
    if (p->files->fd[fd].host < 0) {
        lx_ofd *o = &p->w->ofd[p->files->fd[fd].ofd];
        rc = ofd_io(p, o, buf, n, pos, wr);
        shown = is_console(o->rdev); /* /dev/console as an old init opens it; not /dev/null */
    } else {
        if (pos >= 0) return -LX_ESPIPE;
        ssize_t h = wr ? write(p->files->fd[fd].host, buf, n) : read(p->files->fd[fd].host, buf, n);
        if (h > 0 && wr && p->files->nconn) lx_net_pump(p); /* a request to the world's servers */
        struct stat cs;
        if (h > 0 && wr && p->console_events < LX_CONSOLE_EVENTS && p->w->con_ino &&
            !fstat(p->files->fd[fd].host, &cs) && cs.st_dev == p->w->con_dev &&
            cs.st_ino == p->w->con_ino)
            console_event(p, buf, (size_t)h);
        rc = h < 0 ? host_err() : h;
    }
    if (rc > 0 && wr && fd == 2 && shown && p->stderr_events < LX_PROC_EVENTS) {
        /* a program's error messages, by whom (the console alone does not say), also where
         * its fd 2 is the console device init opened (BusyBox 1.00 does) */
        p->stderr_events++;
        size_t k = (size_t)rc;
        while (k && buf[k - 1] == '\n')
            k--;
        lx_net_event(p, LX_EV_STDERR, 0, "%.*s", (int)(k < 199 ? k : 199), (const char *)buf);
    }
    return rc;
}

/* A buffer at a time; files and the memory devices to the end of the request, as Linux
 * reads /dev/zero or a file whole (dd bs=1M from /dev/zero got 64 KiB a block); host
 * descriptors (pipes, sockets) and the console once, as they may block for more. */
static int64_t do_rw(lx_proc *p, uint32_t fd, uint32_t addr, uint32_t n, int64_t pos, int wr)
{
    uint8_t buf[IOBUF];
    const lx_ofd *o = fd < LX_NFD && p->files->fd[fd].used ? lx_fd_ofd(p, fd) : NULL;
    int whole = o && !(o->kind == LX_OF_DEV && is_console(o->rdev));
    int64_t total = 0;
    do {
        uint32_t c = n - (uint32_t)total < sizeof buf ? n - (uint32_t)total : sizeof buf;
        if (wr && lx_get(p, addr + (uint32_t)total, buf, c)) return total ? total : -LX_EFAULT;
        int64_t k = fd_io(p, fd, buf, c, pos < 0 ? -1 : pos + total, wr);
        if (k > 0 && !wr && lx_put(p, addr + (uint32_t)total, buf, (size_t)k))
            return total ? total : -LX_EFAULT;
        if (k <= 0) return total ? total : k;
        total += k;
        if ((uint32_t)k < c) break;
    } while (whole && (uint32_t)total < n);
    return total;
}

/* sendfile64(out, in, offset *, count): in's bytes (from *offset, which then moves, or from
 * in's own offset) written to out, a buffer at a time. */
static int64_t sys_sendfile64(lx_proc *p, const uint32_t *a)
{
    uint8_t buf[IOBUF], o[8];
    int64_t pos = -1, total = 0;
    if (a[2]) {
        if (lx_get(p, a[2], o, 8)) return -LX_EFAULT;
        pos = (int64_t)(rd_le32(o) | (uint64_t)rd_le32(o + 4) << 32);
        if (pos < 0) return -LX_EINVAL;
    }
    while ((uint32_t)total < a[3]) {
        size_t n = a[3] - (uint32_t)total < sizeof buf ? a[3] - (uint32_t)total : sizeof buf;
        int64_t k = fd_io(p, a[1], buf, n, pos < 0 ? -1 : pos + total, 0);
        if (k <= 0) {
            if (!total) total = k;
            break;
        }
        int64_t w = fd_io(p, a[0], buf, (size_t)k, -1, 1);
        if (w <= 0) {
            if (!total) total = w;
            break;
        }
        total += w;
        if (w < k) break;
    }
    if (a[2] && total > 0) {
        wr_le32(o, (uint32_t)(pos + total));
        wr_le32(o + 4, (uint32_t)((uint64_t)(pos + total) >> 32));
        if (lx_put(p, a[2], o, 8)) return -LX_EFAULT;
    }
    return total;
}

static int64_t sys_read(lx_proc *p, const uint32_t *a)
{
    return do_rw(p, a[0], a[1], a[2], -1, 0);
}
static int64_t sys_write(lx_proc *p, const uint32_t *a)
{
    return do_rw(p, a[0], a[1], a[2], -1, 1);
}
static int64_t sys_pread64(lx_proc *p, const uint32_t *a)
{
    return do_rw(p, a[0], a[1], a[2], (int64_t)((uint64_t)a[5] << 32 | a[4]), 0);
}
static int64_t sys_pwrite64(lx_proc *p, const uint32_t *a)
{
    return do_rw(p, a[0], a[1], a[2], (int64_t)((uint64_t)a[5] << 32 | a[4]), 1);
}

static int64_t rwv(lx_proc *p, const uint32_t *a, int wr)
{
    int64_t total = 0;
    for (uint32_t i = 0; i < a[2] && i < 1024; i++) {
        uint8_t iov[8];
        if (lx_get(p, a[1] + 8 * i, iov, 8)) return -LX_EFAULT;
        uint32_t len = rd_le32(iov + 4);
        if (!len) continue;
        int64_t k = do_rw(p, a[0], rd_le32(iov), len, -1, wr);
        if (k < 0) return total ? total : k;
        total += k;
        if ((uint32_t)k < len) break;
    }
    return total;
}
static int64_t sys_readv(lx_proc *p, const uint32_t *a)
{
    return rwv(p, a, 0);
}
static int64_t sys_writev(lx_proc *p, const uint32_t *a)
{
    return rwv(p, a, 1);
}

static int on_ram(const lx_vnode *v)
{
    return v->fs == LX_FS_RAM;
}

static int64_t do_open(lx_proc *p, uint32_t dirfd, uint32_t gpath, uint32_t flags, uint32_t mode)
{
    lx_walk w;
    int follow = !(flags & LX_O_NOFOLLOW) && !(flags & LX_O_EXCL);
    int rc = lx_walk_guest(p, dirfd, gpath, follow, &w);
    int wr = (flags & LX_O_ACCMODE) != 0;
    if (rc == -LX_ENOENT && (flags & LX_O_CREAT) && !w.name[0] && lx_sysctl_dirs(p, dirfd, gpath))
        rc = lx_walk_guest(p, dirfd, gpath, follow, &w); /* /proc/sys/x/y: x made first */
    if (rc == -LX_ENOENT && (flags & LX_O_CREAT) && w.name[0]) {
        if (!on_ram(&w.dir)) return -LX_EROFS;
        lx_lock(p->w);
        uint32_t n =
            lx_rf_new(p->w, w.dir.id, w.name, S_IFREG | (mode & 07777 & ~p->fsi->umask), 0);
        lx_unlock(p->w);
        if (!n) return -LX_ENOSPC;
        w.vn = (lx_vnode){.fs = LX_FS_RAM, .id = n};
    } else if (rc) {
        return rc;
    } else if ((flags & LX_O_CREAT) && (flags & LX_O_EXCL)) {
        return -LX_EEXIST;
    }
    lx_vattr at;
    if ((rc = lx_vstat(p, &w.vn, &at))) return rc;
    if (S_ISLNK(at.mode)) return -LX_ELOOP;
    if ((flags & LX_O_DIRECTORY) && !S_ISDIR(at.mode)) return -LX_ENOTDIR;
    if (S_ISDIR(at.mode) && wr) return -LX_EISDIR;
    int dev = S_ISCHR(at.mode) || S_ISBLK(at.mode);
    if (wr && !dev && w.vn.fs != LX_FS_RAM &&
        !(w.vn.fs == LX_FS_PROC && lx_proc_writable(p, w.vn.id)))
        return w.vn.fs == LX_FS_SQ ? -LX_EROFS : -LX_EACCES;
    int fd = lx_fd_new(p, 0);
    if (fd < 0) return fd;
    if (S_ISFIFO(at.mode) && w.vn.fs == LX_FS_RAM) { /* its host end: opens meet as on Linux */
        char path[96];
        lx_lock(p->w);
        lx_rf_fifo_path(p->w, w.vn.id, path, sizeof path);
        lx_unlock(p->w);
        int h = open(path, (int)(flags & LX_O_ACCMODE) | (flags & LX_O_NONBLOCK ? O_NONBLOCK : 0) |
                               O_CLOEXEC);
        if (h < 0) return lx_fd_unreserve(p, fd, host_err());
        p->files->fd[fd] = (lx_fd){.used = 1, .host = h, .cloexec = !!(flags & LX_O_CLOEXEC)};
        return fd;
    }
    char text[8192];
    int tlen = 0;
    if (w.vn.fs == LX_FS_PROC && S_ISREG(at.mode) &&
        (tlen = lx_proc_read(p, w.vn.id, text, sizeof text)) < 0)
        return lx_fd_unreserve(p, fd, tlen);
    lx_lock(p->w);
    int i = lx_ofd_new(p->w);
    if (i < 0) {
        lx_unlock(p->w);
        return lx_fd_unreserve(p, fd, i);
    }
    lx_ofd *o = &p->w->ofd[i];
    o->flags = flags;
    o->mode = at.mode;
    o->dir_fs = w.vn.fs;
    o->dir_id = w.vn.id;
    o->ref = w.vn.ref;
    snprintf(o->path, sizeof o->path, "%s", w.path);
    if (dev) {
        o->kind = LX_OF_DEV;
        o->rdev = at.rdev;
    } else if (w.vn.fs == LX_FS_SQ) {
        o->kind = LX_OF_SQ;
    } else if (w.vn.fs == LX_FS_RAM) {
        o->kind = LX_OF_RAM;
        o->node = w.vn.id;
        p->w->node[o->node].opens++;
        if ((flags & LX_O_TRUNC) && wr && S_ISREG(at.mode)) lx_rf_truncate(p->w, o->node, 0);
    } else if (S_ISREG(at.mode)) { /* a /proc file: its text now, in an unlinked RAM node */
        uint32_t n = lx_rf_new(p->w, 0, "", S_IFREG | 0444, 0);
        if (n) p->w->node[n].uncounted = 1;
        if (!n || lx_rf_write(p->w, n, 0, text, (size_t)tlen) < 0) {
            if (n) lx_rf_unlink(p->w, n);
            o->refs = 0;
            lx_unlock(p->w);
            return lx_fd_unreserve(p, fd, -LX_ENOMEM);
        }
        p->w->node[n].unlinked = 1;
        p->w->node[n].opens = 1;
        o->kind = LX_OF_RAM;
        o->node = n;
    } else {
        o->kind = LX_OF_SQ; /* a /proc directory: read through getdents only */
    }
    lx_unlock(p->w);
    p->files->fd[fd] =
        (lx_fd){.used = 1, .host = -1, .ofd = i, .cloexec = !!(flags & LX_O_CLOEXEC)};
    return fd;
}

static int64_t sys_open(lx_proc *p, const uint32_t *a)
{
    return do_open(p, LX_AT_FDCWD, a[0], a[1], a[2]);
}
static int64_t sys_openat(lx_proc *p, const uint32_t *a)
{
    return do_open(p, a[0], a[1], a[2], a[3]);
}
static int64_t sys_creat(lx_proc *p, const uint32_t *a)
{
    return do_open(p, LX_AT_FDCWD, a[0], 0x301, a[1]);
}
static int64_t sys_close(lx_proc *p, const uint32_t *a)
{
    return lx_fd_close(p, a[0]);
}

static int64_t seek(lx_proc *p, uint32_t fd, int64_t off, uint32_t whence)
{
    if (fd >= LX_NFD || !p->files->fd[fd].used) return -LX_EBADF;
    lx_ofd *o = lx_fd_ofd(p, fd);
    if (!o) return -LX_ESPIPE;
    if (o->kind == LX_OF_DEV) return 0;
    uint64_t size = 0;
    if (whence == 2) {
        lx_vattr at;
        lx_vnode v = lx_ofd_vnode(o);
        if (lx_vstat(p, &v, &at)) return -LX_EIO;
        size = at.size;
    }
    int64_t base = whence == 0 ? 0 : whence == 1 ? (int64_t)o->off : (int64_t)size;
    if (whence > 2 || base + off < 0) return -LX_EINVAL;
    o->off = (uint64_t)(base + off);
    return (int64_t)o->off;
}

static int64_t sys_lseek(lx_proc *p, const uint32_t *a)
{
    int64_t r = seek(p, a[0], (int32_t)a[1], a[2]);
    return r > 0x7fffffff ? -LX_EOVERFLOW : r;
}

static int64_t sys_llseek(lx_proc *p, const uint32_t *a)
{
    int64_t r = seek(p, a[0], (int64_t)((uint64_t)a[1] << 32 | a[2]), a[4]);
    if (r < 0) return r;
    uint8_t out[8];
    wr_le32(out, (uint32_t)r);
    wr_le32(out + 4, (uint32_t)((uint64_t)r >> 32));
    return lx_put(p, a[3], out, 8) ? -LX_EFAULT : 0;
}

/* The stat structs of o32 (their layouts are in o32.h): struct stat64 (STAT64), the newstat
 * struct stat (STAT), and 2.4's struct __old_kernel_stat (OSTAT: 4018, 4028 and 4084), whose
 * 32-bit size makes a larger file EOVERFLOW, as 2.4's cp_old_stat did; its blksize and blocks
 * stay 0 as 2.4 left them unset (stack bytes there; not modelled). */
enum { STAT64, STAT, OSTAT };
static int64_t put_stat(lx_proc *p, uint32_t addr, const lx_vattr *a, int layout)
{
    uint8_t s[LX_STAT_LEN] = {0};
    uint32_t t = (uint32_t)a->mtime, blocks = (uint32_t)((a->size + 511) / 512);
    if (layout == OSTAT) {
        if (a->size > 0x7fffffff) return -LX_EOVERFLOW;
        uint32_t w[] = {a->dev,          a->ino,          a->mode, a->nlink,
                        a->uid & 0xffff, a->gid & 0xffff, a->rdev, (uint32_t)a->size};
        for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
            wr_le32(s + 4 * i, w[i]);
        wr_le32(s + 4 * LX_OSTAT_W_ATIME, t);
        wr_le32(s + 4 * LX_OSTAT_W_MTIME, t);
        wr_le32(s + 4 * LX_OSTAT_W_CTIME, t);
        return lx_put(p, addr, s, LX_OSTAT_LEN) ? -LX_EFAULT : 0;
    }
    if (layout == STAT) {
        uint32_t f[] = {LX_STAT_W_DEV,    a->dev,  LX_STAT_W_INO,     a->ino,
                        LX_STAT_W_MODE,   a->mode, LX_STAT_W_NLINK,   a->nlink,
                        LX_STAT_W_UID,    a->uid,  LX_STAT_W_GID,     a->gid,
                        LX_STAT_W_RDEV,   a->rdev, LX_STAT_W_SIZE,    (uint32_t)a->size,
                        LX_STAT_W_ATIME,  t,       LX_STAT_W_MTIME,   t,
                        LX_STAT_W_CTIME,  t,       LX_STAT_W_BLKSIZE, 4096,
                        LX_STAT_W_BLOCKS, blocks};
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i += 2)
            wr_le32(s + 4 * f[i], f[i + 1]);
        return lx_put(p, addr, s, LX_STAT_LEN) ? -LX_EFAULT : 0;
    }
    uint32_t f[] = {LX_STAT64_DEV,      a->dev,
                    LX_STAT64_INO,      a->ino,
                    LX_STAT64_MODE,     a->mode,
                    LX_STAT64_NLINK,    a->nlink,
                    LX_STAT64_UID,      a->uid,
                    LX_STAT64_GID,      a->gid,
                    LX_STAT64_RDEV,     a->rdev,
                    LX_STAT64_SIZE,     (uint32_t)a->size,
                    LX_STAT64_SIZE + 4, (uint32_t)(a->size >> 32),
                    LX_STAT64_ATIME,    t,
                    LX_STAT64_MTIME,    t,
                    LX_STAT64_CTIME,    t,
                    LX_STAT64_BLKSIZE,  4096,
                    LX_STAT64_BLOCKS,   blocks};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i += 2)
        wr_le32(s + f[i], f[i + 1]);
    return lx_put(p, addr, s, LX_STAT64_LEN) ? -LX_EFAULT : 0;
}

/* struct statx (256 bytes, the same on every architecture); the basic fields. */
static int64_t put_statx(lx_proc *p, uint32_t addr, const lx_vattr *a)
{
    uint8_t s[256] = {0};
    uint64_t blocks = (a->size + 511) / 512;
    uint32_t f[] = {0,   0x7ff, /* STATX_BASIC_STATS */
                    4,   4096,
                    16,  a->nlink,
                    20,  a->uid,
                    24,  a->gid,
                    28,  a->mode,
                    32,  a->ino,
                    40,  (uint32_t)a->size,
                    44,  (uint32_t)(a->size >> 32),
                    48,  (uint32_t)blocks,
                    64,  (uint32_t)a->mtime,
                    96,  (uint32_t)a->mtime,
                    112, (uint32_t)a->mtime,
                    128, a->rdev >> 8,
                    132, a->rdev & 0xff,
                    136, a->dev >> 8,
                    140, a->dev & 0xff};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i += 2)
        wr_le32(s + f[i], f[i + 1]);
    return lx_put(p, addr, s, sizeof s) ? -LX_EFAULT : 0;
}

/* The attributes behind a descriptor (host ones from the host, typed as the guest expects). */
static int fd_attr(lx_proc *p, uint32_t fd, lx_vattr *a)
{
    if (fd >= LX_NFD || !p->files->fd[fd].used) return -LX_EBADF;
    memset(a, 0, sizeof *a);
    lx_fd *f = &p->files->fd[fd];
    if (f->host >= 0) {
        struct stat st;
        if (fstat(f->host, &st)) return -LX_EBADF;
        a->mode = (st.st_mode & S_IFMT) | (st.st_mode & 0777);
        if (isatty(f->host)) a->mode = S_IFCHR | 0620, a->rdev = 136 << 8;
        if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) a->mode = S_IFIFO | 0600; /* redirects */
        a->ino = (uint32_t)st.st_ino;
        a->nlink = 1;
        a->dev = 0x0008;
        a->mtime = st.st_mtime;
        return 0;
    }
    lx_vnode v = lx_ofd_vnode(&p->w->ofd[f->ofd]);
    return lx_vstat(p, &v, a);
}

static int64_t stat_path(lx_proc *p, uint32_t dirfd, uint32_t path, uint32_t buf, int follow,
                         int layout)
{
    lx_walk w;
    lx_vattr a;
    int rc = lx_walk_guest(p, dirfd, path, follow, &w);
    if (!rc) rc = lx_vstat(p, &w.vn, &a);
    return rc ? rc : put_stat(p, buf, &a, layout);
}

static int64_t sys_stat64(lx_proc *p, const uint32_t *a)
{
    return stat_path(p, LX_AT_FDCWD, a[0], a[1], 1, STAT64);
}
static int64_t sys_lstat64(lx_proc *p, const uint32_t *a)
{
    return stat_path(p, LX_AT_FDCWD, a[0], a[1], 0, STAT64);
}
static int64_t sys_stat(lx_proc *p, const uint32_t *a)
{
    return stat_path(p, LX_AT_FDCWD, a[0], a[1], 1, STAT);
}
static int64_t sys_lstat(lx_proc *p, const uint32_t *a)
{
    return stat_path(p, LX_AT_FDCWD, a[0], a[1], 0, STAT);
}
static int64_t sys_oldstat(lx_proc *p, const uint32_t *a)
{
    return stat_path(p, LX_AT_FDCWD, a[0], a[1], 1, OSTAT);
}
static int64_t sys_oldlstat(lx_proc *p, const uint32_t *a)
{
    return stat_path(p, LX_AT_FDCWD, a[0], a[1], 0, OSTAT);
}
static int64_t sys_fstat64(lx_proc *p, const uint32_t *a)
{
    lx_vattr at;
    int rc = fd_attr(p, a[0], &at);
    return rc ? rc : put_stat(p, a[1], &at, STAT64);
}
static int64_t sys_fstat(lx_proc *p, const uint32_t *a)
{
    lx_vattr at;
    int rc = fd_attr(p, a[0], &at);
    return rc ? rc : put_stat(p, a[1], &at, STAT);
}
static int64_t sys_oldfstat(lx_proc *p, const uint32_t *a)
{
    lx_vattr at;
    int rc = fd_attr(p, a[0], &at);
    return rc ? rc : put_stat(p, a[1], &at, OSTAT);
}
/* The attributes a *at() stat call names: dirfd itself for an empty path with AT_EMPTY_PATH. */
static int attr_at(lx_proc *p, uint32_t dirfd, uint32_t path, uint32_t flags, lx_vattr *a)
{
    char first;
    if ((flags & LX_AT_EMPTY_PATH) && !lx_get(p, path, &first, 1) && !first)
        return fd_attr(p, dirfd, a);
    lx_walk w;
    int rc = lx_walk_guest(p, dirfd, path, !(flags & LX_AT_SYMLINK_NOFOLLOW), &w);
    return rc ? rc : lx_vstat(p, &w.vn, a);
}

static int64_t sys_fstatat64(lx_proc *p, const uint32_t *a)
{
    lx_vattr at;
    int rc = attr_at(p, a[0], a[1], a[3], &at);
    return rc ? rc : put_stat(p, a[2], &at, STAT64);
}

/* statx(dirfd, path, flags, mask, buf): every basic field, whatever the mask asks. */
static int64_t sys_statx(lx_proc *p, const uint32_t *a)
{
    lx_vattr at;
    int rc = attr_at(p, a[0], a[1], a[2], &at);
    return rc ? rc : put_statx(p, a[4], &at);
}

static int64_t do_access(lx_proc *p, uint32_t dirfd, uint32_t path, uint32_t mode)
{
    lx_walk w;
    lx_vattr at;
    int rc = lx_walk_guest(p, dirfd, path, 1, &w);
    if (!rc) rc = lx_vstat(p, &w.vn, &at);
    if (rc) return rc;
    if ((mode & 2) && w.vn.fs == LX_FS_SQ && !S_ISCHR(at.mode)) return -LX_EROFS;
    if ((mode & 1) && !(at.mode & 0111)) return -LX_EACCES;
    return 0;
}
static int64_t sys_access(lx_proc *p, const uint32_t *a)
{
    return do_access(p, LX_AT_FDCWD, a[0], a[1]);
}
static int64_t sys_faccessat(lx_proc *p, const uint32_t *a)
{
    return do_access(p, a[0], a[1], a[2]);
}

static int64_t do_readlink(lx_proc *p, uint32_t dirfd, uint32_t path, uint32_t buf, uint32_t n)
{
    lx_walk w;
    lx_vattr at;
    char target[1024];
    int rc = lx_walk_guest(p, dirfd, path, 0, &w);
    if (!rc) rc = lx_vstat(p, &w.vn, &at);
    if (rc) return rc;
    if (!S_ISLNK(at.mode)) return -LX_EINVAL;
    int k = lx_vreadlink(p, &w.vn, target, sizeof target);
    if (k < 0) return k;
    size_t len = (size_t)k < n ? (size_t)k : n;
    return lx_put(p, buf, target, len) ? -LX_EFAULT : (int64_t)len;
}
static int64_t sys_readlink(lx_proc *p, const uint32_t *a)
{
    return do_readlink(p, LX_AT_FDCWD, a[0], a[1], a[2]);
}
static int64_t sys_readlinkat(lx_proc *p, const uint32_t *a)
{
    return do_readlink(p, a[0], a[1], a[2], a[3]);
}

static int64_t sys_getcwd(lx_proc *p, const uint32_t *a)
{
    size_t n = strlen(p->fsi->cwd) + 1;
    if (n > a[1]) return -LX_ERANGE;
    return lx_put(p, a[0], p->fsi->cwd, n) ? -LX_EFAULT : (int64_t)n;
}

static int64_t change_dir(lx_proc *p, lx_walk *w)
{
    lx_vattr at;
    int rc = lx_vstat(p, &w->vn, &at);
    if (rc) return rc;
    if (!S_ISDIR(at.mode)) return -LX_ENOTDIR;
    snprintf(p->fsi->cwd, sizeof p->fsi->cwd, "%s", w->path);
    return 0;
}
static int64_t sys_chdir(lx_proc *p, const uint32_t *a)
{
    lx_walk w;
    int rc = lx_walk_guest(p, LX_AT_FDCWD, a[0], 1, &w);
    return rc ? rc : change_dir(p, &w);
}
static int64_t sys_fchdir(lx_proc *p, const uint32_t *a)
{
    lx_ofd *o = lx_fd_ofd(p, a[0]);
    lx_walk w;
    if (!o) return -LX_EBADF;
    int rc = lx_walk_host(p, LX_AT_FDCWD, o->path, 1, &w);
    return rc ? rc : change_dir(p, &w);
}

/* getdents64 (and the old getdents): entries from number o->off on. */
static int64_t dents(lx_proc *p, const uint32_t *a, int old)
{
    lx_ofd *o = lx_fd_ofd(p, a[0]);
    if (!o) return -LX_EBADF;
    if (!S_ISDIR(o->mode)) return -LX_ENOTDIR;
    lx_vnode dir = lx_ofd_vnode(o);
    static const uint8_t dtype[16] = {0, 1, 2, 0, 4, 0, 6, 0, 8, 0, 10, 0, 12};
    uint32_t used = 0;
    for (;;) {
        char name[256];
        uint32_t ino, mode;
        int rc = lx_vdirent(p, &dir, o->off, name, sizeof name, &ino, &mode);
        if (rc < 0) return used ? (int64_t)used : rc;
        if (!rc) break;
        size_t nl = strlen(name);
        size_t rec = old ? (10 + nl + 2 + 3) & ~(size_t)3 : (19 + nl + 1 + 7) & ~(size_t)7;
        if (used + rec > a[2]) {
            if (!used) return -LX_EINVAL;
            break;
        }
        uint8_t e[300] = {0};
        if (old) {
            wr_le32(e, ino);
            wr_le32(e + 4, (uint32_t)o->off + 1);
            wr_le16(e + 8, (uint16_t)rec);
            memcpy(e + 10, name, nl);
            e[rec - 1] = dtype[(mode >> 12) & 15];
        } else {
            wr_le32(e, ino);
            wr_le32(e + 8, (uint32_t)o->off + 1);
            wr_le16(e + 16, (uint16_t)rec);
            e[18] = dtype[(mode >> 12) & 15];
            memcpy(e + 19, name, nl);
        }
        if (lx_put(p, a[1] + used, e, rec)) return -LX_EFAULT;
        used += (uint32_t)rec;
        o->off++;
    }
    return used;
}
static int64_t sys_getdents64(lx_proc *p, const uint32_t *a)
{
    return dents(p, a, 0);
}
static int64_t sys_getdents(lx_proc *p, const uint32_t *a)
{
    return dents(p, a, 1);
}

/* Creating a node (directory, symlink, device, fifo) in a RAM directory. */
static int64_t make_node(lx_proc *p, uint32_t dirfd, uint32_t path, uint32_t mode, uint32_t rdev,
                         const char *link)
{
    lx_walk w;
    int rc = lx_walk_guest(p, dirfd, path, 0, &w);
    if (!rc) return -LX_EEXIST;
    if (rc != -LX_ENOENT || !w.name[0]) return rc;
    if (!on_ram(&w.dir)) return w.dir.fs == LX_FS_SQ ? -LX_EROFS : -LX_EACCES;
    if (!S_ISLNK(mode)) mode = (mode & S_IFMT) | (mode & 07777 & ~p->fsi->umask);
    lx_lock(p->w);
    uint32_t n = lx_rf_new(p->w, w.dir.id, w.name, mode, rdev);
    if (n && link && lx_rf_write(p->w, n, 0, link, strlen(link)) < 0) {
        lx_rf_unlink(p->w, n);
        n = 0;
    }
    lx_unlock(p->w);
    return n ? 0 : -LX_ENOSPC;
}
static int64_t sys_mkdir(lx_proc *p, const uint32_t *a)
{
    return make_node(p, LX_AT_FDCWD, a[0], S_IFDIR | (a[1] & 07777), 0, NULL);
}
static int64_t sys_mkdirat(lx_proc *p, const uint32_t *a)
{
    return make_node(p, a[0], a[1], S_IFDIR | (a[2] & 07777), 0, NULL);
}
static int64_t do_mknod(lx_proc *p, uint32_t dirfd, uint32_t path, uint32_t mode, uint32_t dev)
{
    if (!(mode & S_IFMT)) mode |= S_IFREG;
    /* o32 dev_t: major << 18 | minor */
    return make_node(p, dirfd, path, mode, (dev >> 18) << 8 | (dev & 0xff), NULL);
}
static int64_t sys_mknod(lx_proc *p, const uint32_t *a)
{
    return do_mknod(p, LX_AT_FDCWD, a[0], a[1], a[2]);
}
static int64_t sys_mknodat(lx_proc *p, const uint32_t *a)
{
    return do_mknod(p, a[0], a[1], a[2], a[3]);
}
static int64_t do_symlink(lx_proc *p, uint32_t target, uint32_t dirfd, uint32_t path)
{
    char t[1024];
    int rc = lx_get_str(p, target, t, sizeof t);
    return rc ? rc : make_node(p, dirfd, path, S_IFLNK | 0777, 0, t);
}
static int64_t sys_symlink(lx_proc *p, const uint32_t *a)
{
    return do_symlink(p, a[0], LX_AT_FDCWD, a[1]);
}
static int64_t sys_symlinkat(lx_proc *p, const uint32_t *a)
{
    return do_symlink(p, a[0], a[1], a[2]);
}

static int64_t do_remove(lx_proc *p, uint32_t dirfd, uint32_t path, int dir)
{
    lx_walk w;
    lx_vattr at;
    int rc = lx_walk_guest(p, dirfd, path, 0, &w);
    if (!rc) rc = lx_vstat(p, &w.vn, &at);
    if (rc) return rc;
    if (dir && !S_ISDIR(at.mode)) return -LX_ENOTDIR;
    if (!dir && S_ISDIR(at.mode)) return -LX_EISDIR;
    if (!on_ram(&w.vn)) return w.vn.fs == LX_FS_SQ ? -LX_EROFS : -LX_EACCES;
    lx_lock(p->w);
    if (p->w->node[w.vn.id].parent == w.vn.id)
        rc = -LX_EBUSY; /* a mount's root */
    else if (dir && lx_rf_nth(p->w, w.vn.id, 0))
        rc = -LX_ENOTEMPTY;
    else
        lx_rf_unlink(p->w, w.vn.id);
    lx_unlock(p->w);
    return rc;
}
static int64_t sys_unlink(lx_proc *p, const uint32_t *a)
{
    return do_remove(p, LX_AT_FDCWD, a[0], 0);
}
static int64_t sys_rmdir(lx_proc *p, const uint32_t *a)
{
    return do_remove(p, LX_AT_FDCWD, a[0], 1);
}
static int64_t sys_unlinkat(lx_proc *p, const uint32_t *a)
{
    return do_remove(p, a[0], a[1], !!(a[2] & LX_AT_REMOVEDIR));
}

static int64_t do_rename(lx_proc *p, uint32_t ofd, uint32_t opath, uint32_t nfd, uint32_t npath)
{
    lx_walk from, to;
    int rc = lx_walk_guest(p, ofd, opath, 0, &from);
    if (rc) return rc;
    int exists = lx_walk_guest(p, nfd, npath, 0, &to);
    if (exists && (exists != -LX_ENOENT || !to.name[0])) return exists; /* no such directory */
    if (!on_ram(&from.vn)) return from.vn.fs == LX_FS_SQ ? -LX_EROFS : -LX_EACCES;
    if (!on_ram(&to.dir)) return to.dir.fs == LX_FS_SQ ? -LX_EROFS : -LX_EXDEV;
    if (strlen(to.name) >= LX_NAME) return -LX_ENAMETOOLONG;
    lx_lock(p->w);
    lx_node *n = &p->w->node[from.vn.id];
    if (!exists && to.vn.id != from.vn.id) {
        if (S_ISDIR(p->w->node[to.vn.id].mode) && lx_rf_nth(p->w, to.vn.id, 0))
            rc = -LX_ENOTEMPTY;
        else
            lx_rf_unlink(p->w, to.vn.id);
    }
    if (!rc && !(!exists && to.vn.id == from.vn.id)) {
        n->parent = to.dir.id;
        strcpy(n->name, to.name);
    }
    lx_unlock(p->w);
    return rc;
}
static int64_t sys_rename(lx_proc *p, const uint32_t *a)
{
    return do_rename(p, LX_AT_FDCWD, a[0], LX_AT_FDCWD, a[1]);
}
static int64_t sys_renameat(lx_proc *p, const uint32_t *a)
{
    return do_rename(p, a[0], a[1], a[2], a[3]);
}
static int64_t sys_link(lx_proc *p, const uint32_t *a)
{
    (void)p, (void)a;
    return -LX_EPERM; /* RAM nodes have one name each */
}

/* chmod (what 0: mode x), chown (1: uid x, gid y), utimes (2: mtime x) on a path or
 * descriptor: RAM nodes only. */
static int64_t set_attr(lx_proc *p, const lx_vnode *v, int what, int64_t x, uint32_t y)
{
    if (!on_ram(v)) return v->fs == LX_FS_SQ ? -LX_EROFS : -LX_EPERM;
    lx_lock(p->w);
    lx_node *n = &p->w->node[v->id];
    if (what == 0) n->mode = (n->mode & S_IFMT) | (uint32_t)(x & 07777);
    if (what == 1) {
        if (x != 0xffffffffu) n->uid = (uint32_t)x;
        if (y != 0xffffffffu) n->gid = y;
    }
    if (what == 2) n->mtime = x;
    lx_unlock(p->w);
    return 0;
}
static int64_t path_attr(lx_proc *p, uint32_t dirfd, uint32_t path, int follow, int what, int64_t x,
                         uint32_t y)
{
    lx_walk w;
    int rc = lx_walk_guest(p, dirfd, path, follow, &w);
    return rc ? rc : set_attr(p, &w.vn, what, x, y);
}
static int64_t fd_set_attr(lx_proc *p, uint32_t fd, int what, int64_t x, uint32_t y)
{
    if (fd >= LX_NFD || !p->files->fd[fd].used) return -LX_EBADF;
    lx_ofd *o = lx_fd_ofd(p, fd);
    if (!o) return 0;
    lx_vnode v = lx_ofd_vnode(o);
    return set_attr(p, &v, what, x, y);
}
static int64_t sys_chmod(lx_proc *p, const uint32_t *a)
{
    return path_attr(p, LX_AT_FDCWD, a[0], 1, 0, a[1], 0);
}
static int64_t sys_fchmodat(lx_proc *p, const uint32_t *a)
{
    return path_attr(p, a[0], a[1], 1, 0, a[2], 0);
}
static int64_t sys_fchmod(lx_proc *p, const uint32_t *a)
{
    return fd_set_attr(p, a[0], 0, a[1], 0);
}
static int64_t sys_chown(lx_proc *p, const uint32_t *a)
{
    return path_attr(p, LX_AT_FDCWD, a[0], 1, 1, a[1], a[2]);
}
static int64_t sys_lchown(lx_proc *p, const uint32_t *a)
{
    return path_attr(p, LX_AT_FDCWD, a[0], 0, 1, a[1], a[2]);
}
static int64_t sys_fchown(lx_proc *p, const uint32_t *a)
{
    return fd_set_attr(p, a[0], 1, a[1], a[2]);
}
static int64_t sys_fchownat(lx_proc *p, const uint32_t *a)
{
    return path_attr(p, a[0], a[1], !(a[4] & LX_AT_SYMLINK_NOFOLLOW), 1, a[2], a[3]);
}
/* The modification time the times at addr ask for (0: now) in *t; 1 when they leave it as it
 * is (UTIME_OMIT), 0, or -errno. Two struct timespec of 32-bit fields, of 64-bit ones (ts64),
 * or two struct timeval (usec). Only the modification time is kept. */
static int64_t new_mtime(lx_proc *p, uint32_t addr, int ts64, int usec, int64_t *t)
{
    uint8_t b[32];
    *t = lx_vreal_ns(p->w) / 1000000000;
    if (!addr) return 0;
    if (lx_get(p, addr, b, ts64 ? 32 : 16)) return -LX_EFAULT;
    int64_t sec = ts64 ? (int64_t)rd_le64(b + 16) : (int32_t)rd_le32(b + 8);
    int64_t frac = ts64 ? (int64_t)rd_le64(b + 24) : (int32_t)rd_le32(b + 12);
    if (!usec && frac == 0x3ffffffe) return 1; /* UTIME_OMIT */
    if (!usec && frac == 0x3fffffff) return 0; /* UTIME_NOW */
    if (frac < 0 || frac >= (usec ? 1000000 : 1000000000)) return -LX_EINVAL;
    *t = sec;
    return 0;
}
static int64_t do_utimens(lx_proc *p, const uint32_t *a, int ts64)
{
    int64_t t, rc = new_mtime(p, a[2], ts64, 0, &t);
    if (rc < 0) return rc;
    if (rc == 1) return 0;
    if (!a[1]) return fd_set_attr(p, a[0], 2, t, 0);
    return path_attr(p, a[0], a[1], !(a[3] & LX_AT_SYMLINK_NOFOLLOW), 2, t, 0);
}
static int64_t sys_utimensat(lx_proc *p, const uint32_t *a)
{
    return do_utimens(p, a, 0);
}
static int64_t sys_utimensat_time64(lx_proc *p, const uint32_t *a)
{
    return do_utimens(p, a, 1);
}
static int64_t sys_utimes(lx_proc *p, const uint32_t *a)
{
    int64_t t, rc = new_mtime(p, a[1], 0, 1, &t);
    return rc < 0 ? rc : path_attr(p, LX_AT_FDCWD, a[0], 1, 2, t, 0);
}
/* utime, the old call (uClibc 0.9.28's utime(), BusyBox 1.1.2's touch): a struct utimbuf of
 * two 32-bit times, access then modification, or NULL for now. */
static int64_t sys_utime(lx_proc *p, const uint32_t *a)
{
    int64_t t = lx_vreal_ns(p->w) / 1000000000;
    uint8_t b[8];
    if (a[1]) {
        if (lx_get(p, a[1], b, sizeof b)) return -LX_EFAULT;
        t = (int32_t)rd_le32(b + 4);
    }
    return path_attr(p, LX_AT_FDCWD, a[0], 1, 2, t, 0);
}

static int64_t do_truncate(lx_proc *p, const lx_vnode *v, uint64_t size)
{
    if (!on_ram(v)) return v->fs == LX_FS_SQ ? -LX_EROFS : -LX_EINVAL;
    lx_lock(p->w);
    int64_t rc = S_ISREG(p->w->node[v->id].mode) ? 0 : -LX_EISDIR;
    if (!rc && size > p->w->node[v->id].size) {
        uint8_t z = 0; /* extend: write the last byte, the rest reads as a hole */
        rc = lx_rf_write(p->w, v->id, size - 1, &z, 1);
        rc = rc < 0 ? rc : 0;
    } else if (!rc) {
        lx_rf_truncate(p->w, v->id, size);
    }
    lx_unlock(p->w);
    return rc;
}
static int64_t sys_truncate64(lx_proc *p, const uint32_t *a)
{
    lx_walk w;
    int rc = lx_walk_guest(p, LX_AT_FDCWD, a[0], 1, &w);
    return rc ? rc : do_truncate(p, &w.vn, (uint64_t)a[3] << 32 | a[2]);
}
static int64_t ftruncate_(lx_proc *p, uint32_t fd, uint64_t len)
{
    lx_ofd *o = lx_fd_ofd(p, fd);
    if (!o || !(o->flags & LX_O_ACCMODE)) return -LX_EBADF;
    lx_vnode v = {.fs = o->kind == LX_OF_RAM ? LX_FS_RAM : LX_FS_SQ, .id = o->node};
    return do_truncate(p, &v, len);
}
static int64_t sys_ftruncate64(lx_proc *p, const uint32_t *a)
{
    return ftruncate_(p, a[0], (uint64_t)a[3] << 32 | a[2]);
}
/* truncate and ftruncate: a signed 32-bit length (negative: EINVAL). */
static int64_t sys_ftruncate(lx_proc *p, const uint32_t *a)
{
    return (int32_t)a[1] < 0 ? -LX_EINVAL : ftruncate_(p, a[0], a[1]);
}
static int64_t sys_truncate(lx_proc *p, const uint32_t *a)
{
    lx_walk w;
    if ((int32_t)a[1] < 0) return -LX_EINVAL;
    int rc = lx_walk_guest(p, LX_AT_FDCWD, a[0], 1, &w);
    return rc ? rc : do_truncate(p, &w.vn, a[1]);
}

static int64_t sys_umask(lx_proc *p, const uint32_t *a)
{
    uint32_t old = p->fsi->umask;
    p->fsi->umask = a[0] & 0777;
    return old;
}

/* mount(source, target, type, flags, data): ramfs/tmpfs and friends become a RAM file system,
 * proc the /proc tree; a remount changes nothing; the root stays the image, read-only. */
static int64_t sys_mount(lx_proc *p, const uint32_t *a)
{
    char type[32] = "";
    lx_walk w;
    int rc = lx_walk_guest(p, LX_AT_FDCWD, a[1], 1, &w);
    if (rc) return rc;
    lx_vattr at;
    if ((rc = lx_vstat(p, &w.vn, &at))) return rc;
    if (!S_ISDIR(at.mode)) return -LX_ENOTDIR;
    if (a[3] & 0x20) return 0; /* MS_REMOUNT */
    if (a[2] && (rc = lx_get_str(p, a[2], type, sizeof type))) return rc;
    static const char *const ram[] = {"ramfs", "tmpfs", "devpts", "sysfs", "usbfs", "devtmpfs"};
    int kind = !strcmp(type, "proc") ? LX_MNT_PROC : 0;
    for (size_t i = 0; i < sizeof ram / sizeof ram[0]; i++)
        if (!strcmp(type, ram[i])) kind = LX_MNT_RAM;
    if (!kind) return -LX_ENODEV;
    lx_lock(p->w);
    rc = lx_mount_add(p->w, w.path, kind);
    if (!rc && kind == LX_MNT_PROC) rc = lx_sysctl_mount(p, w.path);
    lx_unlock(p->w);
    return rc;
}
static int64_t sys_umount(lx_proc *p, const uint32_t *a)
{
    lx_walk w;
    int rc = lx_walk_guest(p, LX_AT_FDCWD, a[0], 1, &w);
    if (rc) return rc;
    lx_lock(p->w);
    rc = lx_mount_del(p->w, w.path);
    lx_unlock(p->w);
    return rc;
}

/* statfs and statfs64 of MIPS (layouts in o32.h): type, bsize, frsize, then the counts,
 * 32-bit in the old struct (statfs, fstatfs: what 2.4-era C libraries call) and 64-bit from
 * offset 16 in statfs64. */
static int64_t put_statfs(lx_proc *p, const lx_vnode *v, uint32_t buf, int is64)
{
    uint8_t s[LX_STATFS64_LEN] = {0};
    lx_lock(p->w);
    uint64_t total = p->w->ram ? p->w->ram : (64u << 20), used = lx_ram_used(p->w);
    lx_unlock(p->w);
    uint64_t blocks = v->fs == LX_FS_SQ ? sqfs_get_info(p->fs)->bytes_used / 4096 : total / 4096;
    uint64_t avail = v->fs == LX_FS_SQ ? 0 : (total > used ? total - used : 0) / 4096;
    wr_le32(s + LX_STATFS_TYPE, v->fs == LX_FS_SQ     ? 0x73717368
                                : v->fs == LX_FS_PROC ? 0x9fa0
                                                      : 0x858458f6);
    wr_le32(s + LX_STATFS_BSIZE, 4096);
    wr_le32(s + LX_STATFS_FRSIZE, 4096);
    if (!is64) {
        wr_le32(s + LX_STATFS_BLOCKS, (uint32_t)blocks);
        wr_le32(s + LX_STATFS_BFREE, (uint32_t)avail);
        wr_le32(s + LX_STATFS_BAVAIL, (uint32_t)avail);
        wr_le32(s + LX_STATFS_NAMELEN, 255);
        return lx_put(p, buf, s, LX_STATFS_LEN) ? -LX_EFAULT : 0;
    }
    const uint32_t at[] = {LX_STATFS64_BLOCKS, LX_STATFS64_BFREE, LX_STATFS64_BAVAIL};
    for (int i = 0; i < 3; i++) {
        uint64_t n = i ? avail : blocks;
        wr_le32(s + at[i], (uint32_t)n);
        wr_le32(s + at[i] + 4, (uint32_t)(n >> 32));
    }
    wr_le32(s + LX_STATFS64_NAMELEN, 255);
    return lx_put(p, buf, s, LX_STATFS64_LEN) ? -LX_EFAULT : 0;
}
static int64_t sys_statfs64(lx_proc *p, const uint32_t *a)
{
    lx_walk w;
    int rc = lx_walk_guest(p, LX_AT_FDCWD, a[0], 1, &w);
    return rc ? rc : put_statfs(p, &w.vn, a[2], 1);
}
static int64_t sys_fstatfs64(lx_proc *p, const uint32_t *a)
{
    lx_ofd *o = lx_fd_ofd(p, a[0]);
    if (!o) return -LX_EBADF;
    lx_vnode v = lx_ofd_vnode(o);
    return put_statfs(p, &v, a[2], 1);
}
static int64_t sys_statfs(lx_proc *p, const uint32_t *a)
{
    lx_walk w;
    int rc = lx_walk_guest(p, LX_AT_FDCWD, a[0], 1, &w);
    return rc ? rc : put_statfs(p, &w.vn, a[1], 0);
}
static int64_t sys_fstatfs(lx_proc *p, const uint32_t *a)
{
    lx_ofd *o = lx_fd_ofd(p, a[0]);
    if (!o) return -LX_EBADF;
    lx_vnode v = lx_ofd_vnode(o);
    return put_statfs(p, &v, a[1], 0);
}

static const lx_call calls[] = {
    {LX_NR_read, sys_read},
    {LX_NR_write, sys_write},
    {LX_NR_open, sys_open},
    {LX_NR_close, sys_close},
    {LX_NR_creat, sys_creat},
    {LX_NR_link, sys_link},
    {LX_NR_unlink, sys_unlink},
    {LX_NR_chdir, sys_chdir},
    {LX_NR_mknod, sys_mknod},
    {LX_NR_chmod, sys_chmod},
    {LX_NR_lchown, sys_lchown},
    {LX_NR_oldstat, sys_oldstat},
    {LX_NR_lseek, sys_lseek},
    {LX_NR_mount, sys_mount},
    {LX_NR_umount, sys_umount},
    {LX_NR_oldfstat, sys_oldfstat},
    {LX_NR_utime, sys_utime},
    {LX_NR_access, sys_access},
    {LX_NR_sync, lx_ret_zero},
    {LX_NR_rename, sys_rename},
    {LX_NR_mkdir, sys_mkdir},
    {LX_NR_rmdir, sys_rmdir},
    {LX_NR_umount2, sys_umount},
    {LX_NR_umask, sys_umask},
    {LX_NR_symlink, sys_symlink},
    {LX_NR_oldlstat, sys_oldlstat},
    {LX_NR_readlink, sys_readlink},
    {LX_NR_truncate, sys_truncate},
    {LX_NR_ftruncate, sys_ftruncate},
    {LX_NR_fchmod, sys_fchmod},
    {LX_NR_fchown, sys_fchown},
    {LX_NR_statfs, sys_statfs},
    {LX_NR_fstatfs, sys_fstatfs},
    {LX_NR_stat, sys_stat},
    {LX_NR_lstat, sys_lstat},
    {LX_NR_fstat, sys_fstat},
    {LX_NR_fsync, lx_ret_zero},
    {LX_NR_fchdir, sys_fchdir},
    {LX_NR__llseek, sys_llseek},
    {LX_NR_getdents, sys_getdents},
    {LX_NR_flock, lx_ret_zero},
    {LX_NR_readv, sys_readv},
    {LX_NR_writev, sys_writev},
    {LX_NR_fdatasync, lx_ret_zero},
    {LX_NR_pread64, sys_pread64},
    {LX_NR_pwrite64, sys_pwrite64},
    {LX_NR_chown, sys_chown},
    {LX_NR_getcwd, sys_getcwd},
    {LX_NR_truncate64, sys_truncate64},
    {LX_NR_ftruncate64, sys_ftruncate64},
    {LX_NR_stat64, sys_stat64},
    {LX_NR_lstat64, sys_lstat64},
    {LX_NR_fstat64, sys_fstat64},
    {LX_NR_getdents64, sys_getdents64},
    {LX_NR_sendfile64, sys_sendfile64},
    {LX_NR_statfs64, sys_statfs64},
    {LX_NR_fstatfs64, sys_fstatfs64},
    {LX_NR_utimes, sys_utimes},
    {LX_NR_openat, sys_openat},
    {LX_NR_mkdirat, sys_mkdirat},
    {LX_NR_mknodat, sys_mknodat},
    {LX_NR_fchownat, sys_fchownat},
    {LX_NR_fstatat64, sys_fstatat64},
    {LX_NR_unlinkat, sys_unlinkat},
    {LX_NR_renameat, sys_renameat},
    {LX_NR_symlinkat, sys_symlinkat},
    {LX_NR_readlinkat, sys_readlinkat},
    {LX_NR_fchmodat, sys_fchmodat},
    {LX_NR_faccessat, sys_faccessat},
    {LX_NR_utimensat, sys_utimensat},
    {LX_NR_statx, sys_statx},
    {LX_NR_utimensat_time64, sys_utimensat_time64},
};

const lx_call *lx_fs_call(uint32_t nr)
{
    return lx_find_call(calls, sizeof calls / sizeof calls[0], nr);
}
