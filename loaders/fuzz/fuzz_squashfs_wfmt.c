/* fuzz_squashfs_wfmt.c: read the writer's format off any bytes that open as SquashFS (the
 * header of its first compressed metadata block, a trial decode), then write a small tree in
 * that format and read it back: whatever the image says, the writer must give an image its
 * own reader opens, or a reason. */
#include <stdlib.h>
#include <sys/stat.h>

#include "squashfs.h"
#include "squashfs_write.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sqfs *fs;
    sqfs_limits lim = {4u << 20};
    if (sqfs_open(&fs, data, size, &lim, NULL)) return 0;
    sqfs_wfmt f;
    int rc = sqfs_wfmt_of(fs, &f, NULL);
    sqfs_close(fs);
    if (rc) return 0;
    char d[256];
    sqfs_wfmt_describe(&f, d, sizeof d);
    static const uint8_t text[] = "a file of the fuzzed format\n";
    const sqfs_wnode t[] = {
        {.name = "", .mode = S_IFDIR | 0755, .parent = -1},
        {.name = "f", .mode = S_IFREG | 0644, .data = text, .size = sizeof text, .parent = 0},
        {.name = "l", .mode = S_IFLNK | 0777, .data = (const uint8_t *)"f", .size = 1, .parent = 0},
    };
    uint8_t *b;
    size_t len;
    if (sqfs_write(&f, t, 3, &b, &len, NULL)) return 0;
    if (sqfs_open(&fs, b, len, NULL, NULL)) abort(); /* the writer's own image must open */
    if (sqfs_check_tree(fs, sqfs_root(fs), "/", NULL)) abort();
    sqfs_close(fs);
    free(b);
    return 0;
}
