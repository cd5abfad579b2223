/* cmd_ls.c: `wa-emu ls fw.bin [PATH]`: list a directory of the image's root filesystem like
 * ls -l (or one entry, when PATH is not a directory). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "board_arg.h"
#include "cli.h"
#include "dirseen.h"
#include "finding.h"
#include "rootfs_open.h"

static void help(FILE *to)
{
    fprintf(to,
            "usage: wa-emu ls [--board B] [-R] fw.bin [PATH]\n\n"
            "Lists PATH (default /) of the root filesystem of an mtd4 image or a SquashFS file.\n"
            "  -R, --recursive  list subdirectories too\n"
            "  -b, --board B    board profile for finding the rootfs (default wa1003a)\n"
            "  -h, --help       this text\n");
}

/* As ls -l: the set-user-ID, set-group-ID and sticky bits in the x columns (s/S, t/T). */
static void mode_str(uint32_t m, char s[11])
{
    static const char types[] = "?pc?d?b?-?l?s???";
    s[0] = types[(m >> 12) & 15];
    const char *rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        s[1 + i] = m & (1u << (8 - i)) ? rwx[i] : '-';
    if (m & S_ISUID) s[3] = m & S_IXUSR ? 's' : 'S';
    if (m & S_ISGID) s[6] = m & S_IXGRP ? 's' : 'S';
    if (m & S_ISVTX) s[9] = m & S_IXOTH ? 't' : 'T';
    s[10] = 0;
}

/* A name from the image, as ls -b prints it: control bytes and backslashes escaped, so that
 * an escape sequence or a newline in a name cannot forge a line or drive the terminal. */
static void put_name(const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\\')
            fputs("\\\\", stdout);
        else if (c < 0x20 || c == 0x7f)
            printf("\\%03o", c);
        else
            putchar(c);
    }
}

struct lsctx {
    sqfs *fs;
    const char *image;
    char path[4096];
    wa_dirseen seen;
    int recursive, rc;
};

static void show(sqfs *fs, const char *path, sqfs_ref ref)
{
    sqfs_attr a;
    wa_err e = {0};
    if (sqfs_stat(fs, ref, &a, &e)) {
        fputs("?????????? ", stdout);
        put_name(path);
        printf(": %s\n", e.msg);
        return;
    }
    char m[11], when[32], link[4097] = "";
    mode_str(a.mode, m);
    time_t t = a.mtime;
    strftime(when, sizeof when, "%Y-%m-%d %H:%M", gmtime(&t));
    if (S_ISLNK(a.mode)) sqfs_readlink(fs, ref, link, sizeof link, NULL);
    if (S_ISCHR(a.mode) || S_ISBLK(a.mode))
        printf("%s %3u %5u %5u %4u, %4u %s ", m, a.nlink, a.uid, a.gid, a.rdev_major, a.rdev_minor,
               when);
    else
        printf("%s %3u %5u %5u %10llu %s ", m, a.nlink, a.uid, a.gid, (unsigned long long)a.size,
               when);
    put_name(path);
    if (link[0]) {
        fputs(" -> ", stdout);
        put_name(link);
    }
    putchar('\n');
}

/* An error of the image, naming it, the path and the offset. */
static void ls_fail(struct lsctx *c, const char *path, const wa_err *e)
{
    fprintf(stderr, "wa-emu ls: %s: %s: %s", c->image, path, e->msg);
    if (e->offset != WA_NO_OFFSET)
        fprintf(stderr, " (offset 0x%llx)", (unsigned long long)e->offset);
    fprintf(stderr, "\n");
    c->rc = WA_EXIT_NOINPUT;
}

static int each(void *c_, const char *name, sqfs_ref ref, uint32_t mode)
{
    struct lsctx *c = c_;
    size_t n = strlen(c->path);
    wa_err e = {0};
    if ((size_t)snprintf(c->path + n, sizeof c->path - n, "%s%s",
                         n && c->path[n - 1] == '/' ? "" : "/", name) >= sizeof c->path - n) {
        c->path[n] = 0;
        wa_fail(&e, WA_E_RANGE, WA_NO_OFFSET, "a name in it makes a path longer than %zu bytes",
                sizeof c->path - 1);
        ls_fail(c, c->path, &e);
        return 1;
    }
    show(c->fs, c->path, ref);
    if (c->recursive && S_ISDIR(mode)) {
        int fresh = wa_dirseen_add(&c->seen, ref);
        if (fresh <= 0) {
            wa_fail(&e, fresh ? WA_E_NOMEM : WA_E_FORMAT, WA_NO_OFFSET,
                    fresh ? "out of memory"
                          : "this directory (inode 0x%llx) was reached before: a directory loop "
                            "or a second name for a directory, which the image must not have",
                    (unsigned long long)ref);
            ls_fail(c, c->path, &e);
            c->path[n] = 0;
            return 1;
        }
        if (sqfs_readdir(c->fs, ref, each, c, &e)) ls_fail(c, c->path, &e);
    }
    c->path[n] = 0;
    return c->rc && c->recursive; /* an image that fails once stops the walk */
}

int cmd_ls(int argc, char **argv)
{
    static const struct option opts[] = {{"recursive", no_argument, 0, 'R'},
                                         {"board", required_argument, 0, 'b'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *bname = "wa1003a";
    int rec = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "Rb:h", opts, NULL)) != -1) {
        switch (c) {
        case 'R': rec = 1; break;
        case 'b': bname = optarg; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return WA_EXIT_USAGE;
        }
    }
    if (optind >= argc || argc - optind > 2) {
        fprintf(stderr, "wa-emu ls: expected an image and at most one PATH\n");
        return WA_EXIT_USAGE;
    }
    wa_board b;
    int rc = wa_board_arg(bname, &b, "ls");
    if (rc) return rc;
    wa_rootfs r;
    if ((rc = wa_rootfs_open(argv[optind], &b, &r, "ls"))) return rc;
    struct lsctx ctx = {.fs = r.fs, .image = argv[optind], .recursive = rec};
    snprintf(ctx.path, sizeof ctx.path, "%s", optind + 1 < argc ? argv[optind + 1] : "/");
    sqfs_ref ref;
    sqfs_attr a;
    wa_err e = {0};
    if (sqfs_lookup(r.fs, ctx.path, 0, &ref, &e) || sqfs_stat(r.fs, ref, &a, &e)) {
        ls_fail(&ctx, ctx.path, &e);
        rc = e.code == WA_E_NOTFOUND ? WA_EXIT_USAGE : WA_EXIT_NOINPUT;
    } else if (!S_ISDIR(a.mode)) {
        show(r.fs, ctx.path, ref);
    } else if (wa_dirseen_add(&ctx.seen, ref) < 0 || sqfs_readdir(r.fs, ref, each, &ctx, &e)) {
        if (!ctx.rc) ls_fail(&ctx, ctx.path, &e);
    }
    wa_dirseen_free(&ctx.seen);
    wa_rootfs_close(&r);
    return rc ? rc : ctx.rc;
}
