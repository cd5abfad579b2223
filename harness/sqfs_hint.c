/* sqfs_hint.c: the tool that makes a root this kernel mounts (sqfs_hint.h). */
#include "sqfs_hint.h"

#include <stdio.h>

const char *wa_sqfs_hint(const kprobe_info *k, const char *what, char *buf, size_t cap)
{
    /* mksquashfs's -comp names, by 4.0 id, in the order to suggest them */
    static const struct {
        unsigned id;
        const char *name;
    } comps[] = {{1, "gzip"}, {4, "xz"}, {2, "lzma"}, {3, "lzo"}, {6, "zstd"}, {5, "lz4"}};
    if (k && k->sq_major && k->sq_major < 4) {
        snprintf(buf, cap,
                 "%s in SquashFS %s, which this kernel mounts (today's mksquashfs writes 4.0 "
                 "only): wa-emu repack BACKUP ROOTDIR -o new.bin, BACKUP the box's mtd4 dump",
                 what, k->sq_minor_le ? (k->sq_any_1x ? "1.x or 2.0" : "2.x") : "3.x");
        return buf;
    }
    const char *comp = "gzip";
    if (k && k->sq_major == 4 && k->sq_comp_known)
        for (size_t i = 0; i < sizeof comps / sizeof comps[0]; i++)
            if (k->sq_comp_mask & (1u << comps[i].id)) {
                comp = comps[i].name;
                break;
            }
    snprintf(buf, cap, "%s: mksquashfs ROOTDIR root.sqfs -comp %s -all-root%s, then wa-emu pack",
             what, comp, k && k->sq_major == 4 ? "" : " (if the kernel mounts SquashFS 4.0)");
    return buf;
}
