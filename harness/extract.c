/* extract.c: safe extraction of a SquashFS tree (rules in extract.h). */
#include "extract.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

struct link {
    uint32_t ino;
    char path[WA_EXTRACT_PATH]; /* relative to the extraction root */
};

struct ex {
    sqfs *fs;
    const wa_extract_opts *o;
    wa_extract_stats *st;
    wa_err *e;
    int root;           /* descriptor of the extraction root */
    struct link *links; /* files with nlink > 1 already written */
    size_t nlinks, cap;
    uint8_t *buf;
    unsigned serial;
    unsigned long long total; /* bytes of files so far, against o->max_size */
};

static int sys_fail(struct ex *x, const char *path, const char *what)
{
    return wa_fail(x->e, WA_E_IO, WA_NO_OFFSET, "%s: %s: %s", path, what, strerror(errno));
}

/* An existing entry at name: allowed only with overwrite (and never a directory for a file). */
static int clear_place(struct ex *x, int dfd, const char *name, const char *path, int want_dir)
{
    struct stat st;
    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return WA_OK;
    if (want_dir && S_ISDIR(st.st_mode)) return WA_OK;
    if (!x->o->overwrite)
        return wa_fail(x->e, WA_E_IO, WA_NO_OFFSET, "%s: exists (use --force to replace)", path);
    if (S_ISDIR(st.st_mode))
        return wa_fail(x->e, WA_E_IO, WA_NO_OFFSET, "%s: a directory is in the way", path);
    if (want_dir && unlinkat(dfd, name, 0) != 0) return sys_fail(x, path, "cannot replace");
    return WA_OK;
}

static void set_meta(struct ex *x, int dfd, const char *name, const sqfs_attr *a, int is_link)
{
    if (geteuid() == 0) fchownat(dfd, name, a->uid, a->gid, AT_SYMLINK_NOFOLLOW);
    if (!is_link) fchmodat(dfd, name, a->mode & 07777, 0);
    struct timespec t[2] = {{a->mtime, 0}, {a->mtime, 0}};
    utimensat(dfd, name, t, AT_SYMLINK_NOFOLLOW);
}

static int write_file(struct ex *x, int dfd, const char *name, const char *path, sqfs_ref ref,
                      const sqfs_attr *a)
{
    char tmp[64];
    int fd = -1;
    for (int tries = 0; fd < 0 && tries < 100; tries++) {
        snprintf(tmp, sizeof tmp, ".wa-emu-%d-%u.tmp", (int)getpid(), x->serial++);
        fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) return sys_fail(x, path, "cannot create");
    uint64_t off = 0;
    int rc = WA_OK;
    while (off < a->size) {
        size_t got;
        rc = sqfs_read(x->fs, ref, off, x->buf, 1u << 20, &got, x->e);
        if (rc) wa_err_prefix(x->e, "%s: ", path);
        if (rc || got == 0) break;
        /* a block of zeros is a hole, as unsquashfs writes it: a sparse file of the image
         * takes no more room on the host than in the image */
        for (size_t at = 0; at < got && !rc; at += 4096) {
            size_t n = got - at < 4096 ? got - at : 4096;
            int zero = 1;
            for (size_t i = 0; i < n && zero; i++)
                zero = !x->buf[at + i];
            if (zero ? lseek(fd, (off_t)n, SEEK_CUR) < 0 : write(fd, x->buf + at, n) != (ssize_t)n)
                rc = sys_fail(x, path, "cannot write");
        }
        if (rc) break;
        off += got;
    }
    if (!rc && ftruncate(fd, (off_t)off) != 0) rc = sys_fail(x, path, "cannot write");
    if (!rc && off != a->size)
        rc = wa_fail(x->e, WA_E_TRUNC, WA_NO_OFFSET, "%s: only %llu of %llu bytes", path,
                     (unsigned long long)off, (unsigned long long)a->size);
    if (close(fd) != 0 && !rc) rc = sys_fail(x, path, "cannot write");
    if (!rc) {
        set_meta(x, dfd, tmp, a, 0);
        if (renameat(dfd, tmp, dfd, name) != 0) rc = sys_fail(x, path, "cannot rename into place");
    }
    if (rc) {
        unlinkat(dfd, tmp, 0);
        return rc;
    }
    x->st->files++;
    x->st->bytes += a->size;
    return WA_OK;
}

static int walk(struct ex *x, int dfd, sqfs_ref dir, const char *rel);

/* A file's bytes against the limit of the whole extraction. */
static int count(struct ex *x, const char *path, uint64_t size)
{
    x->total += size;
    if (!x->o->max_size || x->total <= x->o->max_size) return WA_OK;
    return wa_fail(x->e, WA_E_LIMIT, WA_NO_OFFSET,
                   "%s: the files come to more than %llu bytes (the --max-size of this "
                   "extraction): not a tree a firmware image holds",
                   path, (unsigned long long)x->o->max_size);
}

struct ctx {
    struct ex *x;
    int dfd;
    const char *rel;
    int rc;
};

static int entry(void *c_, const char *name, sqfs_ref ref, uint32_t mode)
{
    struct ctx *c = c_;
    struct ex *x = c->x;
    char path[WA_EXTRACT_PATH];
    if ((size_t)snprintf(path, sizeof path, "%s%s%s", c->rel, *c->rel ? "/" : "", name) >=
        sizeof path) {
        c->rc = wa_fail(x->e, WA_E_RANGE, WA_NO_OFFSET, "%s...: path too long", c->rel);
        return 1;
    }
    sqfs_attr a;
    if ((c->rc = sqfs_stat(x->fs, ref, &a, x->e))) return 1;
    if (S_ISREG(a.mode) && (c->rc = count(x, path, a.size))) return 1;
    if ((c->rc = clear_place(x, c->dfd, name, path, S_ISDIR(a.mode)))) return 1;
    if (S_ISDIR(a.mode)) {
        if (mkdirat(c->dfd, name, 0700) != 0 && errno != EEXIST) {
            c->rc = sys_fail(x, path, "cannot make directory");
            return 1;
        }
        int sub = openat(c->dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sub < 0) {
            c->rc = sys_fail(x, path, "cannot open directory");
            return 1;
        }
        c->rc = walk(x, sub, ref, path);
        close(sub);
        if (c->rc) return 1;
        set_meta(x, c->dfd, name, &a, 0);
        x->st->dirs++;
        return 0;
    }
    if (S_ISREG(a.mode) && a.nlink > 1) {
        for (size_t i = 0; i < x->nlinks; i++)
            if (x->links[i].ino == a.ino) {
                if (x->o->overwrite) unlinkat(c->dfd, name, 0);
                if (linkat(x->root, x->links[i].path, c->dfd, name, 0) != 0) {
                    c->rc = sys_fail(x, path, "cannot make hard link");
                    return 1;
                }
                x->st->hardlinks++;
                return 0;
            }
    }
    if (S_ISREG(a.mode)) {
        if ((c->rc = write_file(x, c->dfd, name, path, ref, &a))) return 1;
        if (a.nlink > 1) {
            if (x->nlinks == x->cap) {
                size_t cap = x->cap ? x->cap * 2 : 16;
                struct link *nl = realloc(x->links, cap * sizeof *nl);
                if (!nl) return 0;
                x->links = nl;
                x->cap = cap;
            }
            x->links[x->nlinks].ino = a.ino;
            snprintf(x->links[x->nlinks++].path, sizeof x->links[0].path, "%s", path);
        }
        return 0;
    }
    if (S_ISLNK(a.mode)) {
        char target[4097];
        if ((c->rc = sqfs_readlink(x->fs, ref, target, sizeof target, x->e))) return 1;
        if (x->o->overwrite) unlinkat(c->dfd, name, 0);
        if (symlinkat(target, c->dfd, name) != 0) {
            c->rc = sys_fail(x, path, "cannot make symlink");
            return 1;
        }
        set_meta(x, c->dfd, name, &a, 1);
        x->st->symlinks++;
        return 0;
    }
    if (S_ISFIFO(a.mode)) {
        if (x->o->overwrite) unlinkat(c->dfd, name, 0);
        if (mkfifoat(c->dfd, name, 0600) != 0) {
            c->rc = sys_fail(x, path, "cannot make fifo");
            return 1;
        }
        set_meta(x, c->dfd, name, &a, 0);
        x->st->fifos++;
        return 0;
    }
    if ((S_ISCHR(a.mode) || S_ISBLK(a.mode)) && x->o->devices && geteuid() == 0) {
        if (x->o->overwrite) unlinkat(c->dfd, name, 0);
        if (mknodat(c->dfd, name, (a.mode & S_IFMT) | 0600, makedev(a.rdev_major, a.rdev_minor)) !=
            0) {
            c->rc = sys_fail(x, path, "cannot make device node");
            return 1;
        }
        sqfs_attr own = a; /* a node of the host's own devices: for its owner only, never
                            * the image's 0666 on a /dev/mem */
        own.mode &= ~077u;
        set_meta(x, c->dfd, name, &own, 0);
        x->st->devices++;
        return 0;
    }
    x->st->skipped++; /* devices when not asked or not root; sockets */
    return 0;
}

static int walk(struct ex *x, int dfd, sqfs_ref dir, const char *rel)
{
    struct ctx c = {x, dfd, rel, WA_OK};
    int rc = sqfs_readdir(x->fs, dir, entry, &c, x->e);
    return rc ? rc : c.rc;
}

int wa_extract(sqfs *fs, sqfs_ref from, const char *dir, const wa_extract_opts *o,
               wa_extract_stats *st, wa_err *e)
{
    memset(st, 0, sizeof *st);
    /* the whole tree's metadata read first (every listing, inode, link; a name twice, a loop):
     * an image that fails there writes nothing at all */
    int rc = sqfs_check_tree(fs, from, "/", e);
    if (rc) return rc;
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return wa_fail(e, WA_E_IO, WA_NO_OFFSET, "%s: cannot make directory: %s", dir,
                       strerror(errno));
    struct ex x = {.fs = fs, .o = o, .st = st, .e = e, .root = -1, .buf = malloc(1u << 20)};
    x.root = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (x.root < 0)
        rc = wa_fail(e, WA_E_IO, WA_NO_OFFSET, "%s: %s", dir, strerror(errno));
    else if (!x.buf)
        rc = wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "out of memory");
    else
        rc = walk(&x, x.root, from, "");
    if (x.root >= 0) close(x.root);
    free(x.buf);
    free(x.links);
    return rc;
}
