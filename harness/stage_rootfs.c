/* stage_rootfs.c: stage 4. The root filesystem against the kernel's rules: the SquashFS
 * version and compression the kernel of stage 3 can mount. */
#include <stdio.h>
#include <string.h>

#include "stage.h"

int stage_rootfs(wa_run *run, wa_report *r)
{
    const mtd4_layout *l = run->layout;
    const kprobe_info *k = run->kernel;
    if (!l->has_rootfs || !k || !k->sq_major) return WA_STAGE_GO;
    const mtd4_sqfs *s = &l->rootfs;
    char ev[512], comps[64];
    kprobe_comp_list(k->sq_comp_mask, comps, sizeof comps);
    int version_ok = s->major == k->sq_major;
    int comp_ok = s->major != 4 || !k->sq_comp_known || (k->sq_comp_mask >> s->compression) & 1;
    int order_ok = !s->big_endian && (s->major < 4 || !strcmp(s->magic, "hsqs"));
    if (version_ok && comp_ok && order_ok) return WA_STAGE_GO;
    snprintf(ev, sizeof ev,
             "kernel: SquashFS %u.%u, %s; rootfs at 0x%zx: '%s' %u.%u%s%s, %s-endian", k->sq_major,
             k->sq_minor, k->sq_comp_known ? comps : "compressions unknown", s->offset, s->magic,
             s->major, s->minor, s->major == 4 ? " " : "",
             s->major == 4 ? mtd4_comp_name(s->compression) : "", s->big_endian ? "big" : "little");
    wa_add(r, "rootfs", WA_NOBOOT, "rootfs-unmountable", ev,
           "rebuild the rootfs with the version and compression the kernel mounts "
           "(e.g. mksquashfs -comp gzip)",
           "the kernel mounts SquashFS %u.%u with %s only; the rootfs is %u.%u %s: the kernel "
           "will panic at root mount",
           k->sq_major, k->sq_minor, k->sq_comp_known ? comps : "its own compression", s->major,
           s->minor, s->major == 4 ? mtd4_comp_name(s->compression) : s->magic);
    return WA_STAGE_GO;
}
