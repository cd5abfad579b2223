/* vfs.h: the guest's file tree: the image's SquashFS as "/", with RAM file systems and /proc
 * mounted on it. Paths are walked one component at a time, so symlinks and ".." cross
 * mounts as on Linux (a SquashFS link to /tmp/x lands in the RAM disk). */
#ifndef WA_LX_VFS_H
#define WA_LX_VFS_H

#include "lx_int.h"

enum { LX_FS_SQ = 1, LX_FS_RAM, LX_FS_PROC };

typedef struct lx_vnode {
    uint8_t fs;
    uint32_t id;  /* LX_FS_RAM: node; LX_FS_PROC: pid << 8 | entry */
    sqfs_ref ref; /* LX_FS_SQ */
} lx_vnode;

typedef struct lx_vattr {
    uint32_t mode, ino, nlink, uid, gid, rdev, dev;
    uint64_t size;
    int64_t mtime;
} lx_vattr;

typedef struct lx_walk {
    lx_vnode vn;     /* the file, when found */
    lx_vnode dir;    /* the directory it is (or would be) in */
    char name[256];  /* its last component */
    char path[1024]; /* its canonical absolute path */
} lx_walk;

/* Walk a guest path (relative to dirfd, or the cwd for LX_AT_FDCWD). 0: found; -LX_ENOENT
 * with w->dir and w->name set when only the last component is missing; other -errno. */
int lx_walk_host(lx_proc *p, uint32_t dirfd, const char *path, int follow, lx_walk *w);
/* The same with the path read from guest memory. */
int lx_walk_guest(lx_proc *p, uint32_t dirfd, uint32_t gpath, int follow, lx_walk *w);

int lx_vstat(lx_proc *p, const lx_vnode *v, lx_vattr *a);
/* Read from a file vnode at off (image files and /proc text); bytes or -errno. */
int64_t lx_vread(lx_proc *p, const lx_vnode *v, uint64_t off, void *buf, size_t n);
/* The target of a symlink vnode; length or -errno. */
int lx_vreadlink(lx_proc *p, const lx_vnode *v, char *buf, size_t cap);
/* Entry i of a directory (".", ".." first); 1: one given, 0: end, -errno. */
int lx_vdirent(lx_proc *p, const lx_vnode *dir, uint64_t i, char *name, size_t cap, uint32_t *ino,
               uint32_t *mode);
/* The node an open file description is on (for a /proc file: its RAM copy). */
lx_vnode lx_ofd_vnode(const lx_ofd *o);

/* procfs.c */
int lx_proc_child(lx_proc *p, uint32_t dirid, const char *name, lx_vnode *out);
int lx_proc_attr(lx_proc *p, uint32_t id, lx_vattr *a);
int lx_proc_nth(lx_proc *p, uint32_t dirid, uint64_t i, char *name, size_t cap, uint32_t *id);
int lx_proc_read(lx_proc *p, uint32_t id, char *buf, size_t cap); /* text length or -errno */
/* A write(2) of n bytes to /proc entry id: n or -errno (-LX_EACCES: not writable). */
int64_t lx_proc_write(lx_proc *p, uint32_t id, const char *buf, size_t n);
int lx_proc_writable(lx_proc *p, uint32_t id);

/* meminfo.c: the RAM's figures in pages, as /proc/meminfo and sysinfo(2) both give them:
 * total (lx_world.ram), free, used (total - free), cached (RAM file systems and shared
 * memory); and /proc/meminfo's text in the board kernel's format. */
typedef struct lx_memfig {
    uint64_t total, free, used, cached;
} lx_memfig;
void lx_mem_figures(lx_proc *p, lx_memfig *m);
int lx_meminfo_text(lx_proc *p, char *b, size_t cap);
/* proc_mtd.c: /proc/mtd's text (lx_opts.mtd). */
int lx_mtd_text(lx_proc *p, char *b, size_t cap);
/* ticfg.c: /proc/ticfg/env. lx_ticfg_init (before the first fork): the world's copy of the
 * environment text (NULL: none, no /proc/ticfg); lx_ticfg_text: the text now;
 * lx_ticfg_write: one write(2) as TI's driver takes it. */
void lx_ticfg_init(lx_world *w, const char *env);
int lx_ticfg_text(lx_proc *p, char *b, size_t cap);
int64_t lx_ticfg_write(lx_proc *p, const char *buf, size_t n);

/* sysctl.c: /proc/sys for the proc mount at procpath (world locked): the board kernel's
 * sysctl tree as a RAM file system, every entry writable and read back. lx_sysctl_dirs: the
 * guest path (an open with O_CREAT) is under /proc/sys: its missing directories are made
 * (1), as the entries a driver module would have made; else 0. */
int lx_sysctl_mount(lx_proc *p, const char *procpath);
int lx_sysctl_dirs(lx_proc *p, uint32_t dirfd, uint32_t gpath);

/* The mount table. */
int lx_mount_add(lx_world *w, const char *path, int type);
int lx_mount_del(lx_world *w, const char *path);

#endif
