/* sqfs_check.h: what the SquashFS tests check an image against. The tree that went into the
 * test writer (sqfs_writer.h): every node found by path with its mode, owner and contents.
 * And unsquashfs (an independent reader): the whole image listed by the reader in the form of
 * `unsquashfs -lln` (mode, uid/gid, size or device numbers, mtime in UTC, path under
 * squashfs-root, symlink target) against unsquashfs's own listing with its runs of spaces
 * made single, line by line. Static functions: include it once. */
#ifndef WA_SQFS_CHECK_H
#define WA_SQFS_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "sqfs_writer.h"
#include "squashfs.h"
#include "testutil.h"

/* Write n bytes to path; the test fails when it cannot. */
static void spill(const char *path, const void *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    cr_assert(f && fwrite(b, 1, n, f) == n && !fclose(f), "cannot write %s", path);
}

/* The node's path from the root, "/bin/sh". */
static void node_path(const struct node *t, int i, char *path, size_t cap)
{
    path[0] = 0;
    for (int j = i; j > 0; j = t[j].parent) {
        char tmp[512];
        snprintf(tmp, sizeof tmp, "/%s%s", t[j].name, path);
        snprintf(path, cap, "%s", tmp);
    }
}

static int count_fn(void *ctx, const char *name, sqfs_ref ref, uint32_t mode)
{
    (void)name, (void)ref, (void)mode;
    (*(int *)ctx)++;
    return 0;
}

/* Every node of t, found by path, with its type, mode, owner, size, bytes, target, device;
 * the root lists exactly its children. */
__attribute__((unused)) static void check_tree(sqfs *fs, const struct node *t, int n,
                                               const char *what)
{
    int kids = 0;
    for (int i = 1; i < n; i++) {
        char path[512];
        node_path(t, i, path, sizeof path);
        kids += t[i].parent == 0;
        sqfs_ref r;
        wa_err e = {0};
        cr_assert_eq(sqfs_lookup(fs, path, 0, &r, &e), WA_OK, "%s: %s: %s", what, path, e.msg);
        sqfs_attr a;
        cr_assert_eq(sqfs_stat(fs, r, &a, &e), WA_OK, "%s: %s: %s", what, path, e.msg);
        cr_expect_eq(a.mode, t[i].mode, "%s: %s: mode 0%o, want 0%o", what, path, a.mode,
                     t[i].mode);
        cr_expect_eq(a.uid, 1000 + t[i].uid, "%s: %s: uid %u", what, path, a.uid);
        if (S_ISREG(a.mode)) {
            cr_expect_eq(a.size, t[i].size, "%s: %s: size", what, path);
            char *buf = malloc(t[i].size + 1);
            size_t got = 0;
            cr_assert_eq(sqfs_read(fs, r, 0, buf, t[i].size + 1, &got, &e), WA_OK, "%s: %s: %s",
                         what, path, e.msg);
            cr_expect_eq(got, t[i].size, "%s: %s", what, path);
            cr_expect(!memcmp(buf, t[i].data, t[i].size), "%s: %s: contents differ", what, path);
            free(buf);
        } else if (S_ISLNK(a.mode)) {
            char target[64];
            cr_assert_eq(sqfs_readlink(fs, r, target, sizeof target, NULL), WA_OK);
            cr_expect_str_eq(target, t[i].data, "%s: %s", what, path);
        } else if (S_ISCHR(a.mode) || S_ISBLK(a.mode)) {
            cr_expect_eq(a.rdev_major, t[i].rdev_major, "%s: %s", what, path);
            cr_expect_eq(a.rdev_minor, t[i].rdev_minor, "%s: %s", what, path);
        }
    }
    int c = 0;
    wa_err e = {0};
    cr_expect_eq(sqfs_readdir(fs, sqfs_root(fs), count_fn, &c, &e), WA_OK, "%s: %s", what, e.msg);
    cr_expect_eq(c, kids, "%s: %d root entries, want %d", what, c, kids);
}

/* unsquashfs -cat of every regular file of t in the image file img gives its bytes. */
__attribute__((unused)) static void
expect_unsquashfs_contents(const char *img, const struct node *t, int n, const char *what)
{
    char want[1100], cmd[3400], path[512];
    snprintf(want, sizeof want, "%s.want", img);
    for (int i = 1; i < n; i++) {
        if (!S_ISREG(t[i].mode)) continue;
        node_path(t, i, path, sizeof path);
        spill(want, t[i].data, t[i].size);
        snprintf(cmd, sizeof cmd, "unsquashfs -cat '%s' '%s' 2>/dev/null | cmp -s - '%s'", img,
                 path, want);
        cr_expect_eq(run(cmd, NULL), 0, "%s: %s: unsquashfs reads other bytes", what, path);
    }
    remove(want);
}

/* ls -l's ten characters for mode. */
static void perm_str(uint32_t mode, char *out)
{
    out[0] = S_ISDIR(mode)    ? 'd'
             : S_ISLNK(mode)  ? 'l'
             : S_ISCHR(mode)  ? 'c'
             : S_ISBLK(mode)  ? 'b'
             : S_ISFIFO(mode) ? 'p'
             : S_ISSOCK(mode) ? 's'
                              : '-';
    for (int k = 0; k < 9; k++)
        out[1 + k] = mode >> (8 - k) & 1 ? "rwxrwxrwx"[k] : '-';
    if (mode & 04000) out[3] = out[3] == 'x' ? 's' : 'S';
    if (mode & 02000) out[6] = out[6] == 'x' ? 's' : 'S';
    if (mode & 01000) out[9] = out[9] == 'x' ? 't' : 'T';
    out[10] = 0;
}

struct lsout {
    sqfs *fs;
    char *s;
    size_t len, cap;
    char path[1024];
    int rc; /* the first reader error */
    wa_err e;
};

static void ls_put(struct lsout *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ls_put(struct lsout *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (o->len + (size_t)n + 1 > o->cap) {
        o->cap = (o->len + (size_t)n + 1) * 2;
        o->s = realloc(o->s, o->cap);
    }
    va_start(ap, fmt);
    vsnprintf(o->s + o->len, o->cap - o->len, fmt, ap);
    va_end(ap);
    o->len += (size_t)n;
}

static int ls_each(void *ctx, const char *name, sqfs_ref ref, uint32_t mode);

/* One line for the entry at o->path, then, for a directory, its entries. */
static void ls_line(struct lsout *o, sqfs_ref ref)
{
    sqfs_attr a;
    if (!o->rc) o->rc = sqfs_stat(o->fs, ref, &a, &o->e);
    if (o->rc) return;
    char perm[11], when[32], target[4097] = "";
    perm_str(a.mode, perm);
    time_t t = a.mtime;
    strftime(when, sizeof when, "%Y-%m-%d %H:%M", gmtime(&t));
    if (S_ISLNK(a.mode) && (o->rc = sqfs_readlink(o->fs, ref, target, sizeof target, &o->e)))
        return;
    if (S_ISCHR(a.mode) || S_ISBLK(a.mode))
        ls_put(o, "%s %u/%u %u, %u %s squashfs-root%s\n", perm, a.uid, a.gid, a.rdev_major,
               a.rdev_minor, when, o->path);
    else
        ls_put(o, "%s %u/%u %llu %s squashfs-root%s%s%s\n", perm, a.uid, a.gid,
               (unsigned long long)a.size, when, o->path, *target ? " -> " : "", target);
    if (S_ISDIR(a.mode) && !o->rc) {
        int rc = sqfs_readdir(o->fs, ref, ls_each, o, &o->e);
        if (!o->rc) o->rc = rc;
    }
}

static int ls_each(void *ctx, const char *name, sqfs_ref ref, uint32_t mode)
{
    (void)mode;
    struct lsout *o = ctx;
    size_t n = strlen(o->path);
    snprintf(o->path + n, sizeof o->path - n, "/%s", name);
    ls_line(o, ref);
    o->path[n] = 0;
    return o->rc != 0;
}

/* The reader's listing of the whole tree (malloc'd); *rc and e: the first error, if any. */
static char *sqfs_listing(sqfs *fs, int *rc, wa_err *e)
{
    struct lsout o = {.fs = fs};
    ls_put(&o, "%s", "");
    ls_line(&o, sqfs_root(fs));
    if (rc) *rc = o.rc;
    if (e) *e = o.e;
    return o.s;
}

/* `unsquashfs -lln` of the image file at path (malloc'd, runs of spaces made one), or NULL
 * when unsquashfs refuses it (*status: its exit status). */
static char *unsquashfs_listing(const char *path, int *status)
{
    char cmd[1200], *out;
    snprintf(cmd, sizeof cmd, "TZ=UTC unsquashfs -lln '%s' 2>/dev/null", path);
    int st = run(cmd, &out);
    if (status) *status = st;
    if (st) {
        free(out);
        return NULL;
    }
    char *w = out;
    for (const char *r = out; *r; r++)
        if (*r != ' ' || (w > out && w[-1] != ' ')) *w++ = *r;
    *w = 0;
    return out;
}

/* The two listings must be equal; the first line that differs is shown. */
static void expect_same_listing(const char *got, const char *want, const char *what)
{
    int line = 1;
    const char *g = got ? got : "", *w = want ? want : "";
    while (*g && *g == *w) {
        if (*g == '\n') line++;
        g++, w++;
    }
    if (!*g && !*w) return;
    while (g > got && g[-1] != '\n' && w[-1] != '\n')
        g--, w--;
    cr_expect(0, "%s: line %d differs:\n  reader:     %.*s\n  unsquashfs: %.*s", what, line,
              (int)strcspn(g, "\n"), g, (int)strcspn(w, "\n"), w);
}

#endif
