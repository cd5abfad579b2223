/* fuzz_squashfs.c: open any bytes as SquashFS, check the whole tree, walk it, read every file
 * and link. */
#include <stdlib.h>
#include <sys/stat.h>

#include "squashfs.h"

struct walk {
    sqfs *fs;
    int depth;
    int budget;
};

static int each(void *ctx, const char *name, sqfs_ref ref, uint32_t mode)
{
    struct walk *w = ctx;
    if (w->budget-- <= 0) return 1;
    sqfs_attr a;
    if (sqfs_stat(w->fs, ref, &a, NULL)) return 0;
    if (S_ISREG(a.mode)) {
        static uint8_t buf[8192];
        size_t got;
        for (uint64_t off = 0; off < a.size && off < (1u << 20); off += sizeof buf)
            if (sqfs_read(w->fs, ref, off, buf, sizeof buf, &got, NULL) || got > sizeof buf) break;
    } else if (S_ISLNK(a.mode)) {
        char t[4097];
        sqfs_readlink(w->fs, ref, t, sizeof t, NULL);
    } else if (S_ISDIR(a.mode) && w->depth < 8) {
        w->depth++;
        sqfs_readdir(w->fs, ref, each, w, NULL);
        w->depth--;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sqfs *fs;
    sqfs_limits lim = {4u << 20};
    if (sqfs_open(&fs, data, size, &lim, NULL)) return 0;
    struct walk w = {fs, 0, 2000};
    sqfs_check_tree(fs, sqfs_root(fs), "/", NULL);
    sqfs_readdir(fs, sqfs_root(fs), each, &w, NULL);
    sqfs_ref r;
    sqfs_lookup(fs, "/etc/l", 1, &r, NULL);
    sqfs_close(fs);
    return 0;
}
