/* rootdir.c: a host directory as the writer's tree (rootdir.h). */
#include "rootdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* A file seen with more than one link: its (device, inode) and the node that holds it. */
typedef struct seen {
    dev_t dev;
    ino_t ino;
    int node;
} seen;

typedef struct walk {
    wa_rootdir *t;
    uint64_t max;
    seen *seen;
    size_t nseen, capseen;
    char path[4096];
    wa_err *e;
} walk;

static int add(wa_rootdir *t, const sqfs_wnode *x, wa_err *e)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 256;
        sqfs_wnode *n = realloc(t->nodes, cap * sizeof *n);
        if (!n) return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "out of memory"), -1;
        t->nodes = n, t->cap = cap;
    }
    t->nodes[t->n] = *x;
    return (int)t->n++;
}

static int read_fd(int fd, uint64_t size, uint8_t **out, wa_err *e, const char *path)
{
    uint8_t *b = malloc(size ? (size_t)size : 1);
    if (!b) return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "%s: out of memory", path);
    uint64_t got = 0;
    while (got < size) {
        ssize_t k = read(fd, b + got, (size_t)(size - got));
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) {
            free(b);
            return wa_fail(e, WA_E_IO, got, "%s: %s", path,
                           k < 0 ? strerror(errno) : "shorter than its size (changed while read)");
        }
        got += (uint64_t)k;
    }
    *out = b;
    return WA_OK;
}

static int walk_dir(walk *w, int dfd, int parent)
{
    DIR *d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        return wa_fail(w->e, WA_E_IO, WA_NO_OFFSET, "%s: %s", w->path, strerror(errno));
    }
    int rc = WA_OK;
    size_t plen = strlen(w->path);
    struct dirent *de;
    while (!rc && (errno = 0, de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        snprintf(w->path + plen, sizeof w->path - plen, "/%s", de->d_name);
        struct stat st;
        if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW)) {
            rc = wa_fail(w->e, WA_E_IO, WA_NO_OFFSET, "%s: %s", w->path, strerror(errno));
            break;
        }
        char *name = strdup(de->d_name);
        if (!name) {
            rc = wa_fail(w->e, WA_E_NOMEM, WA_NO_OFFSET, "out of memory");
            break;
        }
        sqfs_wnode x = {.name = name,
                        .mode = st.st_mode,
                        .uid = st.st_uid,
                        .gid = st.st_gid,
                        .mtime = (uint32_t)st.st_mtime,
                        .parent = parent};
        if (!S_ISDIR(st.st_mode) && st.st_nlink > 1) { /* a second name of one seen before? */
            for (size_t i = 0; i < w->nseen; i++)
                if (w->seen[i].dev == st.st_dev && w->seen[i].ino == st.st_ino) {
                    x.link = w->seen[i].node + 1;
                    break;
                }
        }
        if (x.link) {
            if (add(w->t, &x, w->e) < 0) free(name), rc = WA_E_NOMEM;
            continue;
        }
        if (S_ISREG(st.st_mode)) {
            if (w->t->bytes + (uint64_t)st.st_size > w->max) {
                free(name);
                rc = wa_fail(w->e, WA_E_LIMIT, WA_NO_OFFSET,
                             "%s: the files come to more than %llu bytes", w->path,
                             (unsigned long long)w->max);
                break;
            }
            int fd = openat(dirfd(d), de->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
            uint8_t *data = NULL;
            if (fd < 0)
                rc = wa_fail(w->e, WA_E_IO, WA_NO_OFFSET, "%s: %s", w->path, strerror(errno));
            else
                rc = read_fd(fd, (uint64_t)st.st_size, &data, w->e, w->path), close(fd);
            if (rc) {
                free(name);
                break;
            }
            x.data = data, x.size = (uint64_t)st.st_size;
            w->t->bytes += x.size;
        } else if (S_ISLNK(st.st_mode)) {
            char *target = malloc(4097);
            ssize_t k = target ? readlinkat(dirfd(d), de->d_name, target, 4097) : -1;
            if (k <= 0 || k > 4096) {
                free(target);
                free(name);
                rc =
                    wa_fail(w->e, WA_E_IO, WA_NO_OFFSET, "%s: %s", w->path,
                            k > 4096 ? "a symlink target longer than 4096 bytes" : strerror(errno));
                break;
            }
            x.data = (uint8_t *)target, x.size = (uint64_t)k;
        } else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
            x.rdev_major = major(st.st_rdev), x.rdev_minor = minor(st.st_rdev);
        }
        int idx = add(w->t, &x, w->e);
        if (idx < 0) {
            free(name);
            free((void *)x.data);
            rc = WA_E_NOMEM;
            break;
        }
        if (!S_ISDIR(st.st_mode) && st.st_nlink > 1) {
            if (w->nseen == w->capseen) {
                size_t cap = w->capseen ? 2 * w->capseen : 64;
                seen *s = realloc(w->seen, cap * sizeof *s);
                if (!s) {
                    rc = wa_fail(w->e, WA_E_NOMEM, WA_NO_OFFSET, "out of memory");
                    break;
                }
                w->seen = s, w->capseen = cap;
            }
            w->seen[w->nseen++] = (seen){st.st_dev, st.st_ino, idx};
        }
        if (S_ISDIR(st.st_mode)) {
            int sub = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub < 0) {
                rc = wa_fail(w->e, WA_E_IO, WA_NO_OFFSET, "%s: %s", w->path, strerror(errno));
                break;
            }
            rc = walk_dir(w, sub, idx);
        }
    }
    if (!rc && errno) rc = wa_fail(w->e, WA_E_IO, WA_NO_OFFSET, "%s: %s", w->path, strerror(errno));
    w->path[plen] = 0;
    closedir(d);
    return rc;
}

int wa_rootdir_read(const char *dir, uint64_t max_bytes, wa_rootdir *t, wa_err *e)
{
    memset(t, 0, sizeof *t);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st)) {
        int err = errno;
        if (fd >= 0) close(fd);
        return wa_fail(e, WA_E_IO, WA_NO_OFFSET, "%s: %s", dir, strerror(err));
    }
    char *root = strdup("");
    sqfs_wnode r = {.name = root,
                    .mode = st.st_mode,
                    .uid = st.st_uid,
                    .gid = st.st_gid,
                    .mtime = (uint32_t)st.st_mtime,
                    .parent = -1};
    if (!root || add(t, &r, e) < 0) {
        free(root);
        close(fd);
        return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "out of memory");
    }
    walk w = {.t = t, .max = max_bytes, .e = e};
    snprintf(w.path, sizeof w.path, "%s", dir);
    int rc = walk_dir(&w, fd, 0);
    free(w.seen);
    if (rc) wa_rootdir_free(t);
    return rc;
}

/* The child called name (len bytes) of directory d, or -1. */
static int child(const wa_rootdir *t, int d, const char *name, size_t len)
{
    for (size_t i = 1; i < t->n; i++)
        if (t->nodes[i].parent == d && strlen(t->nodes[i].name) == len &&
            !memcmp(t->nodes[i].name, name, len))
            return (int)i;
    return -1;
}

int wa_rootdir_find(const wa_rootdir *t, const char *path)
{
    int at = 0;
    for (const char *p = path; *p;) {
        while (*p == '/')
            p++;
        if (!*p) break;
        size_t len = strcspn(p, "/");
        if (at < 0 || !S_ISDIR(t->nodes[at].mode) || t->nodes[at].link) return -1;
        at = child(t, at, p, len);
        p += len;
    }
    return at;
}

int wa_rootdir_put(wa_rootdir *t, const char *path, const sqfs_wnode *like, wa_err *e)
{
    const char *slash = strrchr(path, '/');
    if (!slash || !slash[1]) return wa_fail(e, WA_E_USAGE, WA_NO_OFFSET, "%s: no name", path), -1;
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    int d = wa_rootdir_find(t, dir[0] ? dir : "/");
    if (d < 0 || !S_ISDIR(t->nodes[d].mode) || t->nodes[d].link)
        return wa_fail(e, WA_E_NOTFOUND, WA_NO_OFFSET, "%s: no directory %s in the tree", path,
                       dir[0] ? dir : "/"),
               -1;
    int old = child(t, d, slash + 1, strlen(slash + 1));
    if (old >= 0 && S_ISDIR(t->nodes[old].mode))
        return wa_fail(e, WA_E_USAGE, WA_NO_OFFSET, "%s: a directory in the tree", path), -1;
    sqfs_wnode x = *like;
    x.parent = d, x.link = 0;
    x.name = strdup(slash + 1);
    uint8_t *data = x.size ? malloc((size_t)x.size) : NULL;
    if (!x.name || (x.size && !data)) {
        free((void *)x.name);
        free(data);
        return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "out of memory"), -1;
    }
    if (x.size) memcpy(data, like->data, (size_t)x.size);
    x.data = data;
    if (old >= 0) { /* replaced in place; its other names go with it */
        sqfs_wnode *o = &t->nodes[old];
        if (!o->link) {
            for (size_t i = 1; i < t->n; i++)
                if (t->nodes[i].link == old + 1) t->nodes[i].parent = -2; /* dropped below */
            if (S_ISREG(o->mode)) t->bytes -= o->size;
        }
        free((void *)o->name);
        if (!o->link) free((void *)o->data);
        *o = x;
        if (S_ISREG(x.mode)) t->bytes += x.size;
        /* drop the dropped names (none are directories, so no index above them moves a
         * parent; links after them are renumbered) */
        size_t w = 0;
        int *map = malloc(sizeof *map * t->n);
        if (!map) return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "out of memory"), -1;
        for (size_t i = 0; i < t->n; i++) {
            map[i] = t->nodes[i].parent == -2 ? -1 : (int)w;
            if (t->nodes[i].parent == -2) {
                free((void *)t->nodes[i].name);
                continue;
            }
            t->nodes[w++] = t->nodes[i];
        }
        for (size_t i = 0; i < w; i++) {
            if (t->nodes[i].parent >= 0) t->nodes[i].parent = map[t->nodes[i].parent];
            if (t->nodes[i].link) t->nodes[i].link = map[t->nodes[i].link - 1] + 1;
        }
        int at = map[old];
        free(map);
        t->n = w;
        return at;
    }
    int idx = add(t, &x, e);
    if (idx < 0) {
        free((void *)x.name);
        free(data);
    } else if (S_ISREG(x.mode)) {
        t->bytes += x.size;
    }
    return idx;
}

void wa_rootdir_free(wa_rootdir *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free((void *)t->nodes[i].name);
        if (!t->nodes[i].link) free((void *)t->nodes[i].data);
    }
    free(t->nodes);
    memset(t, 0, sizeof *t);
}
