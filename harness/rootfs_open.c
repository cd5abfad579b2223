/* rootfs_open.c: finding and opening the rootfs of an image or a bare SquashFS file. */
#include "rootfs_open.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "finding.h"
#include "mtd4.h"

int wa_rootfs_open(const char *path, const wa_board *b, wa_rootfs *r, const char *cmd)
{
    memset(r, 0, sizeof *r);
    wa_err e = {0};
    if (wa_read_file(path, 512u << 20, &r->file, &r->len, &e)) {
        fprintf(stderr, "wa-emu %s: %s: %s\n", cmd, path, e.msg);
        return WA_EXIT_NOINPUT;
    }
    mtd4_sqfs sq;
    if (mtd4_sqfs_at(r->file, r->len, 0, &sq, NULL) != WA_OK) {
        mtd4_layout *l = calloc(1, sizeof *l);
        uint32_t m4 = board_part_off(b, 4);
        if (l &&
            mtd4_split(r->file, r->len, board_part_off(b, 1) - m4, board_part_off(b, 0) - m4,
                       b->erase_size, l, NULL) == WA_OK &&
            l->has_rootfs)
            r->offset = l->rootfs.offset;
        int found = l && l->has_rootfs;
        free(l);
        if (!found) {
            fprintf(stderr, "wa-emu %s: %s: no SquashFS image in it\n", cmd, path);
            wa_rootfs_close(r);
            return WA_EXIT_NOINPUT;
        }
    }
    if (sqfs_open(&r->fs, r->file + r->offset, r->len - r->offset, NULL, &e)) {
        fprintf(stderr, "wa-emu %s: %s: SquashFS at 0x%zx: %s", cmd, path, r->offset, e.msg);
        if (e.offset != WA_NO_OFFSET)
            fprintf(stderr, " (file offset 0x%llx)", (unsigned long long)(r->offset + e.offset));
        fprintf(stderr, "\n");
        wa_rootfs_close(r);
        return WA_EXIT_NOINPUT;
    }
    return 0;
}

void wa_rootfs_close(wa_rootfs *r)
{
    sqfs_close(r->fs);
    free(r->file);
    memset(r, 0, sizeof *r);
}
