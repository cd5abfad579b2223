/* vfs.c: walking guest paths over the mounts, and what every kind of node answers (vfs.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ramfs.h"
#include "vfs.h"

#define LINKS 40
#define DEPTH 64

int lx_mount_add(lx_world *w, const char *path, int type)
{
    if (strlen(path) >= sizeof w->mnt[0].path) return -LX_ENAMETOOLONG;
    int slot = -1;
    for (int i = 0; i < LX_NMOUNT; i++)
        if (!w->mnt[i].path[0] || !strcmp(w->mnt[i].path, path)) {
            slot = i;
            if (w->mnt[i].path[0]) break;
        }
    if (slot < 0) return -LX_ENOMEM;
    lx_mount *m = &w->mnt[slot];
    uint32_t root = 0;
    if (lx_mnt_ram(type) &&
        !(root = lx_rf_new(w, 0, "", S_IFDIR | (type == LX_MNT_SYSCTL ? 0555 : 01777), 0)))
        return -LX_ENOSPC;
    /* a mount over a mount hides the old one; its files stay until closed */
    snprintf(m->path, sizeof m->path, "%s", path);
    m->type = (uint8_t)type;
    m->root = root;
    return 0;
}

int lx_mount_del(lx_world *w, const char *path)
{
    for (int i = 0; i < LX_NMOUNT; i++)
        if (!strcmp(w->mnt[i].path, path)) {
            if (w->mnt[i].type == LX_MNT_PROC) { /* its /proc/sys goes with it */
                char sys[sizeof w->mnt[0].path + 8];
                snprintf(sys, sizeof sys, "%s/sys", strcmp(path, "/") ? path : "");
                for (int k = 0; k < LX_NMOUNT; k++)
                    if (w->mnt[k].type == LX_MNT_SYSCTL && !strcmp(w->mnt[k].path, sys))
                        w->mnt[k].path[0] = 0;
            }
            w->mnt[i].path[0] = 0;
            return 0;
        }
    return -LX_EINVAL;
}

/* The mount whose root is at canonical path (called with the world locked). */
static int mounted_locked(lx_world *w, const char *path, lx_vnode *v)
{
    for (int i = 0; i < LX_NMOUNT; i++)
        if (w->mnt[i].path[0] && !strcmp(w->mnt[i].path, path)) {
            if (lx_mnt_ram(w->mnt[i].type))
                *v = (lx_vnode){.fs = LX_FS_RAM, .id = w->mnt[i].root};
            else
                *v = (lx_vnode){.fs = LX_FS_PROC, .id = 0};
            return 1;
        }
    return 0;
}

static int mounted(lx_world *w, const char *path, lx_vnode *v)
{
    lx_lock(w);
    int m = mounted_locked(w, path, v);
    lx_unlock(w);
    return m;
}

/* name in directory dir: 0 and *out, or -errno. */
static int child(lx_proc *p, const lx_vnode *dir, const char *name, lx_vnode *out, uint32_t *mode)
{
    switch (dir->fs) {
    case LX_FS_SQ: {
        wa_err e = {0};
        sqfs_ref r;
        if (sqfs_child(p->fs, dir->ref, name, &r, mode, &e))
            return e.code == WA_E_USAGE      ? -LX_ENOTDIR
                   : e.code == WA_E_NOTFOUND ? -LX_ENOENT
                                             : -LX_EIO;
        *out = (lx_vnode){.fs = LX_FS_SQ, .ref = r};
        return 0;
    }
    case LX_FS_RAM: {
        lx_lock(p->w);
        int rc = 0;
        uint32_t n = 0;
        if (!S_ISDIR(p->w->node[dir->id].mode))
            rc = -LX_ENOTDIR;
        else if (!(n = lx_rf_child(p->w, dir->id, name)))
            rc = -LX_ENOENT;
        else
            *mode = p->w->node[n].mode;
        lx_unlock(p->w);
        *out = (lx_vnode){.fs = LX_FS_RAM, .id = n};
        return rc;
    }
    case LX_FS_PROC: {
        int rc = lx_proc_child(p, dir->id, name, out);
        lx_vattr a;
        if (!rc) rc = lx_proc_attr(p, out->id, &a);
        if (!rc) *mode = a.mode;
        return rc;
    }
    }
    return -LX_EIO;
}

int lx_walk_host(lx_proc *p, uint32_t dirfd, const char *path, int follow, lx_walk *w)
{
    char rest[2048];
    const char *base = "/";
    if (!path[0]) return -LX_ENOENT;
    if (path[0] != '/') {
        base = p->fsi->cwd;
        if (dirfd != LX_AT_FDCWD) {
            lx_ofd *o = lx_fd_ofd(p, dirfd);
            if (!o) return -LX_EBADF;
            if (!S_ISDIR(o->mode)) return -LX_ENOTDIR;
            base = o->path;
        }
    }
    if ((size_t)snprintf(rest, sizeof rest, "%s/%s", base, path) >= sizeof rest)
        return -LX_ENAMETOOLONG;
    lx_vnode stack[DEPTH];
    size_t plen[DEPTH];
    int depth = 0, links = 0, rc = 0;
    lx_world *wd = p->w;
    stack[0] = (lx_vnode){.fs = LX_FS_SQ, .ref = sqfs_root(p->fs)};
    w->path[0] = 0;
    plen[0] = 0;
    mounted(wd, "/", &stack[0]);
    char *s = rest;
    for (;;) {
        while (*s == '/')
            s++;
        if (!*s) break;
        size_t n = strcspn(s, "/");
        if (n >= sizeof w->name) {
            rc = -LX_ENAMETOOLONG;
            break;
        }
        memcpy(w->name, s, n);
        w->name[n] = 0;
        s += n;
        int last = !s[strspn(s, "/")];
        if (!strcmp(w->name, ".")) continue;
        if (!strcmp(w->name, "..")) {
            if (depth) depth--;
            w->path[plen[depth]] = 0;
            continue;
        }
        lx_vnode next;
        uint32_t mode = 0;
        rc = child(p, &stack[depth], w->name, &next, &mode);
        if (rc) {
            if (rc == -LX_ENOENT && last) {
                w->dir = stack[depth];
                snprintf(w->path + plen[depth], sizeof w->path - plen[depth], "/%s", w->name);
            } else {
                w->name[0] = 0; /* a directory on the way is missing: nothing to create */
            }
            break;
        }
        if (S_ISLNK(mode) && (!last || follow)) {
            char target[1024], joined[sizeof rest];
            int k = lx_vreadlink(p, &next, target, sizeof target);
            if (k < 0 || ++links > LINKS) {
                rc = k < 0 ? k : -LX_ELOOP;
                break;
            }
            if ((size_t)snprintf(joined, sizeof joined, "%s/%s", target, s) >= sizeof joined) {
                rc = -LX_ENAMETOOLONG;
                break;
            }
            strcpy(rest, joined);
            s = rest;
            if (target[0] == '/') {
                depth = 0;
                w->path[0] = 0;
            }
            continue;
        }
        if (depth + 1 == DEPTH || plen[depth] + 1 + n >= sizeof w->path) {
            rc = -LX_ENAMETOOLONG;
            break;
        }
        w->dir = stack[depth];
        sprintf(w->path + plen[depth], "/%s", w->name);
        plen[depth + 1] = plen[depth] + 1 + n;
        stack[++depth] = next;
        mounted(wd, w->path, &stack[depth]);
        if (!last && !S_ISDIR(mode) && !S_ISLNK(mode)) {
            rc = -LX_ENOTDIR;
            break;
        }
    }
    if (rc) return rc;
    if (!depth) {
        strcpy(w->path, "/");
        strcpy(w->name, "/");
        w->dir = stack[0];
    }
    w->vn = stack[depth];
    return 0;
}

int lx_walk_guest(lx_proc *p, uint32_t dirfd, uint32_t gpath, int follow, lx_walk *w)
{
    char path[1024];
    int rc = lx_get_str(p, gpath, path, sizeof path);
    return rc ? rc : lx_walk_host(p, dirfd, path, follow, w);
}

lx_vnode lx_ofd_vnode(const lx_ofd *o)
{
    if (o->kind == LX_OF_RAM) return (lx_vnode){.fs = LX_FS_RAM, .id = o->node};
    return (lx_vnode){.fs = (uint8_t)o->dir_fs, .id = o->dir_id, .ref = o->ref};
}

int lx_vstat(lx_proc *p, const lx_vnode *v, lx_vattr *a)
{
    memset(a, 0, sizeof *a);
    switch (v->fs) {
    case LX_FS_SQ: {
        sqfs_attr s;
        if (sqfs_stat(p->fs, v->ref, &s, NULL)) return -LX_EIO;
        *a = (lx_vattr){.mode = s.mode,
                        .ino = s.ino,
                        .nlink = s.nlink,
                        .uid = s.uid,
                        .gid = s.gid,
                        .size = s.size,
                        .mtime = s.mtime,
                        .dev = 0x1f03,
                        .rdev = s.rdev_major << 8 | (s.rdev_minor & 0xff)};
        if (S_ISDIR(s.mode)) a->size = 4096;
        return 0;
    }
    case LX_FS_RAM: {
        lx_lock(p->w);
        const lx_node *n = &p->w->node[v->id];
        /* each RAM mount its own anonymous device, 0:16 on, as each ramfs superblock has one
         * (df /tmp finds /tmp's mount by it, not the first RAM mount's) */
        uint32_t root = v->id, dev = 0x0001;
        for (int up = 0; up < LX_NNODE && p->w->node[root].parent != root; up++)
            root = p->w->node[root].parent;
        for (int i = 0; i < LX_NMOUNT; i++)
            if (p->w->mnt[i].path[0] && p->w->mnt[i].type == LX_MNT_RAM &&
                p->w->mnt[i].root == root)
                dev = 0x10 + (uint32_t)i;
        *a = (lx_vattr){.mode = n->mode,
                        .ino = 0x100000 + v->id,
                        .nlink = S_ISDIR(n->mode) ? 2 : 1,
                        .uid = n->uid,
                        .gid = n->gid,
                        .rdev = n->rdev,
                        .size = n->size,
                        .mtime = n->mtime,
                        .dev = dev};
        if (S_ISDIR(n->mode)) a->size = 0;
        lx_unlock(p->w);
        return 0;
    }
    case LX_FS_PROC: return lx_proc_attr(p, v->id, a);
    }
    return -LX_EIO;
}

int64_t lx_vread(lx_proc *p, const lx_vnode *v, uint64_t off, void *buf, size_t n)
{
    if (v->fs == LX_FS_SQ) {
        size_t got;
        return sqfs_read(p->fs, v->ref, off, buf, n, &got, NULL) ? -LX_EIO : (int64_t)got;
    }
    if (v->fs == LX_FS_RAM) {
        lx_lock(p->w);
        size_t got = lx_rf_read(p->w, v->id, off, buf, n);
        lx_unlock(p->w);
        return (int64_t)got;
    }
    return -LX_EINVAL;
}

int lx_vreadlink(lx_proc *p, const lx_vnode *v, char *buf, size_t cap)
{
    if (v->fs == LX_FS_SQ)
        return sqfs_readlink(p->fs, v->ref, buf, cap, NULL) ? -LX_EINVAL : (int)strlen(buf);
    if (v->fs == LX_FS_RAM) {
        int64_t k = lx_vread(p, v, 0, buf, cap - 1);
        if (k < 0) return (int)k;
        buf[k] = 0;
        return (int)k;
    }
    int k = lx_proc_read(p, v->id, buf, cap);
    return k;
}

struct nth {
    lx_proc *p;
    uint64_t want, at;
    char *name;
    size_t cap;
    sqfs_ref ref;
    uint32_t mode;
    int found;
};

static int nth_fn(void *ctx, const char *name, sqfs_ref ref, uint32_t mode)
{
    struct nth *n = ctx;
    if (n->at++ != n->want) return 0;
    snprintf(n->name, n->cap, "%s", name);
    n->ref = ref;
    n->mode = mode;
    n->found = 1;
    return 1;
}

int lx_vdirent(lx_proc *p, const lx_vnode *dir, uint64_t i, char *name, size_t cap, uint32_t *ino,
               uint32_t *mode)
{
    lx_vattr a;
    if (i < 2) {
        int rc = lx_vstat(p, dir, &a);
        if (rc) return rc;
        snprintf(name, cap, "%s", i ? ".." : ".");
        *ino = a.ino;
        *mode = S_IFDIR;
        return 1;
    }
    i -= 2;
    lx_vnode v;
    switch (dir->fs) {
    case LX_FS_SQ: {
        /* sqfs_readdir walks from the start: fine for the directory sizes of a firmware */
        struct nth n = {p, i, 0, name, cap, 0, 0, 0};
        if (sqfs_readdir(p->fs, dir->ref, nth_fn, &n, NULL)) return -LX_EIO;
        if (!n.found) return 0;
        v = (lx_vnode){.fs = LX_FS_SQ, .ref = n.ref};
        break;
    }
    case LX_FS_RAM: {
        lx_lock(p->w);
        uint32_t id = lx_rf_nth(p->w, dir->id, i);
        if (id) snprintf(name, cap, "%s", p->w->node[id].name);
        lx_unlock(p->w);
        if (!id) return 0;
        v = (lx_vnode){.fs = LX_FS_RAM, .id = id};
        break;
    }
    case LX_FS_PROC: {
        uint32_t id;
        int rc = lx_proc_nth(p, dir->id, i, name, cap, &id);
        if (rc <= 0) return rc;
        v = (lx_vnode){.fs = LX_FS_PROC, .id = id};
        break;
    }
    default: return -LX_EIO;
    }
    if (lx_vstat(p, &v, &a)) return -LX_EIO;
    *ino = a.ino;
    *mode = a.mode;
    return 1;
}

typedef struct dev_node {
    const char *name; /* in /dev; one directory level at most ("tts/0") */
    uint32_t mode, rdev;
} dev_node;

/* The nodes every /dev here has: what a boot script's mknod lines or devfs make first. */
static const dev_node devs[] = {
    {"console", S_IFCHR | 0600, 5 << 8 | 1}, {"null", S_IFCHR | 0666, 1 << 8 | 3},
    {"zero", S_IFCHR | 0666, 1 << 8 | 5},    {"tty", S_IFCHR | 0666, 5 << 8 | 0},
    {"random", S_IFCHR | 0666, 1 << 8 | 8},  {"urandom", S_IFCHR | 0666, 1 << 8 | 9},
    {"full", S_IFCHR | 0666, 1 << 8 | 7},
};

/* ... the serial port by its classic name, where rcS made the nodes */
static const dev_node flat_nodes[] = {{"ttyS0", S_IFCHR | 0600, 4 << 8 | 64}};

/* What devfs (Linux 2.4) adds for this board's drivers, by its own names: the serial port
 * (drivers/char/serial.c registers "tts/%d") and the flash's block devices (mtdblock.c,
 * "mtdblock/%d"); there are no virtual consoles on the AR7. */
static const dev_node devfs_nodes[] = {
    {"tts/0", S_IFCHR | 0600, 4 << 8 | 64},      {"mtdblock/0", S_IFBLK | 0600, 31 << 8 | 0},
    {"mtdblock/1", S_IFBLK | 0600, 31 << 8 | 1}, {"mtdblock/2", S_IFBLK | 0600, 31 << 8 | 2},
    {"mtdblock/3", S_IFBLK | 0600, 31 << 8 | 3}, {"mtdblock/4", S_IFBLK | 0600, 31 << 8 | 4},
};

/* Nodes into the RAM directory dir, each in its one subdirectory when it has one. Locked. */
static void add_nodes(lx_world *w, uint32_t dir, const dev_node *d, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "%s", d[i].name);
        char *slash = strchr(name, '/');
        uint32_t at = dir;
        if (slash) {
            *slash = 0;
            at = lx_rf_child(w, dir, name);
            if (!at) at = lx_rf_new(w, dir, name, S_IFDIR | 0755, 0);
            if (!at) continue;
        }
        lx_rf_new(w, at, slash ? slash + 1 : name, d[i].mode, d[i].rdev);
    }
}

/* Mount a RAM file system on path where the image has that directory; with /dev, its nodes
 * (and devfs's when devfs is set). 0 also when the image has no such directory. */
static int mount_one(lx_proc *p, const char *path, int type, int devfs)
{
    lx_walk w;
    lx_vattr a;
    if (lx_walk_host(p, LX_AT_FDCWD, path, 1, &w) || lx_vstat(p, &w.vn, &a) || !S_ISDIR(a.mode))
        return 0;
    lx_lock(p->w);
    int rc = lx_mount_add(p->w, w.path, type);
    if (!rc && type == LX_MNT_PROC) rc = lx_sysctl_mount(p, w.path);
    if (!rc && !strcmp(path, "/dev")) {
        lx_vnode root;
        mounted_locked(p->w, w.path, &root);
        add_nodes(p->w, root.id, devs, sizeof devs / sizeof devs[0]);
        if (devfs)
            add_nodes(p->w, root.id, devfs_nodes, sizeof devfs_nodes / sizeof devfs_nodes[0]);
        else
            add_nodes(p->w, root.id, flat_nodes, sizeof flat_nodes / sizeof flat_nodes[0]);
    }
    lx_unlock(p->w);
    return rc;
}

/* Mount ramfs on /tmp and /var, a /dev with the nodes a boot needs, and /proc, where the image
 * has those directories: what a typical rcS does first. */
int lx_vfs_premount(lx_proc *p)
{
    static const struct {
        const char *path;
        int type;
    } mnts[] = {
        {"/tmp", LX_MNT_RAM}, {"/var", LX_MNT_RAM}, {"/dev", LX_MNT_RAM}, {"/proc", LX_MNT_PROC}};
    for (size_t i = 0; i < sizeof mnts / sizeof mnts[0]; i++) {
        int rc = mount_one(p, mnts[i].path, mnts[i].type, 0);
        if (rc) return rc;
    }
    return 0;
}

/* devfs on /dev, as a 2.4 kernel built with CONFIG_DEVFS_MOUNT mounts it before it starts
 * init (init/do_mounts.c: "Mounted devfs on /dev"): the image's /dev is empty then. */
int lx_vfs_devfs(lx_proc *p)
{
    return mount_one(p, "/dev", LX_MNT_RAM, 1);
}

int lx_vfs_image_file(lx_proc *p, const char *path, sqfs_ref *ref)
{
    lx_walk w;
    lx_vattr a;
    if (lx_walk_host(p, LX_AT_FDCWD, path, 1, &w) || w.vn.fs != LX_FS_SQ ||
        lx_vstat(p, &w.vn, &a) || !S_ISREG(a.mode))
        return 0;
    *ref = w.vn.ref;
    return 1;
}

int lx_vfs_read_file(lx_proc *p, const char *path, uint8_t **data, size_t *len, uint32_t *mode)
{
    lx_walk w;
    lx_vattr a;
    int rc = lx_walk_host(p, LX_AT_FDCWD, path, 1, &w);
    if (!rc) rc = lx_vstat(p, &w.vn, &a);
    if (rc) return rc;
    *mode = a.mode;
    if (S_ISDIR(a.mode)) return -LX_EACCES;
    if (!S_ISREG(a.mode) || w.vn.fs == LX_FS_PROC) return -LX_EACCES;
    if (a.size > (64u << 20)) return -LX_ENOMEM;
    uint8_t *buf = malloc(a.size ? a.size : 1);
    if (!buf) return -LX_ENOMEM;
    int64_t k = lx_vread(p, &w.vn, 0, buf, a.size);
    if (k < 0) {
        free(buf);
        return (int)k;
    }
    *data = buf;
    *len = (size_t)k;
    return 0;
}
