/* cmd_ls.c: `wa-emu ls fw.bin [PATH]`: list a directory of the image's root filesystem like
 * ls -l (or one entry, when PATH is not a directory). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "board_arg.h"
#include "cli.h"
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

static void mode_str(uint32_t m, char s[11])
{
    static const char types[] = "?pc?d?b?-?l?s???";
    s[0] = types[(m >> 12) & 15];
    const char *rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        s[1 + i] = m & (1u << (8 - i)) ? rwx[i] : '-';
    s[10] = 0;
}

struct lsctx {
    sqfs *fs;
    char path[1024];
    int recursive, rc;
};

static void show(sqfs *fs, const char *path, sqfs_ref ref)
{
    sqfs_attr a;
    wa_err e = {0};
    if (sqfs_stat(fs, ref, &a, &e)) {
        printf("?????????? %s: %s\n", path, e.msg);
        return;
    }
    char m[11], when[32], link[4097] = "";
    mode_str(a.mode, m);
    time_t t = a.mtime;
    strftime(when, sizeof when, "%Y-%m-%d %H:%M", gmtime(&t));
    if (S_ISLNK(a.mode)) sqfs_readlink(fs, ref, link, sizeof link, NULL);
    if (S_ISCHR(a.mode) || S_ISBLK(a.mode))
        printf("%s %3u %5u %5u %4u, %4u %s %s\n", m, a.nlink, a.uid, a.gid, a.rdev_major,
               a.rdev_minor, when, path);
    else
        printf("%s %3u %5u %5u %10llu %s %s%s%s\n", m, a.nlink, a.uid, a.gid,
               (unsigned long long)a.size, when, path, link[0] ? " -> " : "", link);
}

static int each(void *c_, const char *name, sqfs_ref ref, uint32_t mode)
{
    struct lsctx *c = c_;
    size_t n = strlen(c->path);
    snprintf(c->path + n, sizeof c->path - n, "%s%s", n && c->path[n - 1] == '/' ? "" : "/", name);
    show(c->fs, c->path, ref);
    if (c->recursive && S_ISDIR(mode)) {
        wa_err e = {0};
        if (sqfs_readdir(c->fs, ref, each, c, &e)) {
            fprintf(stderr, "wa-emu ls: %s: %s\n", c->path, e.msg);
            c->rc = WA_EXIT_NOINPUT;
        }
    }
    c->path[n] = 0;
    return 0;
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
    struct lsctx ctx = {r.fs, "", rec, 0};
    snprintf(ctx.path, sizeof ctx.path, "%s", optind + 1 < argc ? argv[optind + 1] : "/");
    sqfs_ref ref;
    sqfs_attr a;
    wa_err e = {0};
    if (sqfs_lookup(r.fs, ctx.path, 0, &ref, &e) || sqfs_stat(r.fs, ref, &a, &e)) {
        fprintf(stderr, "wa-emu ls: %s\n", e.msg);
        rc = e.code == WA_E_NOTFOUND ? WA_EXIT_USAGE : WA_EXIT_NOINPUT;
    } else if (!S_ISDIR(a.mode)) {
        show(r.fs, ctx.path, ref);
    } else if (sqfs_readdir(r.fs, ref, each, &ctx, &e)) {
        fprintf(stderr, "wa-emu ls: %s: %s\n", ctx.path, e.msg);
        rc = WA_EXIT_NOINPUT;
    }
    wa_rootfs_close(&r);
    return rc ? rc : ctx.rc;
}
