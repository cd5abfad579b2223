/* squashfs_rules.c: kernel rules for mounting a SquashFS. */
#include "squashfs_rules.h"

#include <stdio.h>
#include <string.h>

/* Largest block size a kernel of each SquashFS major version reads. */
static uint32_t max_block(unsigned major)
{
    static const uint32_t max[] = {0, 32768, 65536, 1u << 20, 1u << 20};
    return major < 5 ? max[major] : 0;
}

int sqfs_rules_check(const kprobe_info *k, const mtd4_sqfs *s, char *why, size_t cap)
{
    char comps[64], kind[64];
    kprobe_comp_list(k->sq_comp_mask, comps, sizeof comps);
    snprintf(kind, sizeof kind, "%u.%u%s%s", s->major, s->minor, s->major == 4 ? " " : "",
             s->major == 4 ? mtd4_comp_name(s->compression) : "");
    if (k->sq_minor_le) {
        /* Linux 2.4's driver: major 1, or major sq_major up to minor sq_minor; it refuses the
         * rest with its own words, which are given with the rootfs's numbers */
        int ok =
            (k->sq_any_1x && s->major == 1) || (s->major == k->sq_major && s->minor <= k->sq_minor);
        if (!ok) {
            char words[200] = "";
            if (k->sq_refusal[0]) {
                char kw[sizeof k->sq_refusal];
                snprintf(kw, sizeof kw, "%s", k->sq_refusal);
                char *f = strstr(kw, "(%d:%d)");
                if (f) {
                    *f = 0;
                    snprintf(words, sizeof words, "; the kernel says \"%s(%u:%u)%s\"", kw, s->major,
                             s->minor, f + 7);
                }
            }
            char mine[16] = "";
            if (k->sq_minor) snprintf(mine, sizeof mine, "..2.%u", k->sq_minor);
            snprintf(why, cap, "the kernel mounts SquashFS %s2.0%s only; the rootfs is %s%s",
                     k->sq_any_1x ? "1.x or " : "", mine, kind, words);
            return -1;
        }
    } else if (s->major != k->sq_major) {
        snprintf(why, cap, "the kernel mounts SquashFS %u.%u only; the rootfs is %s", k->sq_major,
                 k->sq_minor, kind);
        return -1;
    }
    if (s->major == 4 && k->sq_comp_known && !((k->sq_comp_mask >> s->compression) & 1)) {
        snprintf(why, cap, "the kernel mounts SquashFS 4.0 with %s only; the rootfs is %s", comps,
                 kind);
        return -1;
    }
    if (strcmp(s->magic, s->big_endian ? "sqsh" : "hsqs")) {
        snprintf(why, cap,
                 "the rootfs has the vendor magic '%s', which a stock kernel does not "
                 "recognise",
                 s->magic);
        return -1;
    }
    if (s->major == 4 && s->big_endian) {
        snprintf(why, cap,
                 "SquashFS 4.0 is little-endian only in the kernel; the rootfs is "
                 "big-endian");
        return -1;
    }
    if (s->block_size > max_block(s->major)) {
        snprintf(why, cap, "the rootfs uses %u-byte blocks; SquashFS %u kernels read at most %u",
                 s->block_size, s->major, max_block(s->major));
        return -1;
    }
    return 0;
}
