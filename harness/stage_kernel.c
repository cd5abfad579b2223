/* stage_kernel.c: stage 3, the fast path. The kernel ADAM2 would load (its loader records) is
 * probed statically: banner, the SquashFS version and compressions it mounts, its built-in
 * command line. Stage 4 checks the rootfs against what is found here. */
#include <stdio.h>
#include <stdlib.h>

#include "stage.h"

int stage_kernel(wa_run *run, wa_report *r)
{
    const adam2_boot *o = run->boot;
    kprobe_info *k = calloc(1, sizeof *k);
    if (!k) return WA_STAGE_STOP;
    run->kernel = k;
    adam2_seg segs[ADAM2_MAX_RECORDS];
    size_t n = adam2_segments(o, run->flash, segs);
    wa_err e = {0};
    if (kprobe_run(segs, n, k, &e)) {
        wa_add(r, "kernel", WA_INFO, "kernel-probe", NULL, NULL, "kernel probe: %s", e.msg);
        return WA_STAGE_GO;
    }
    if (!k->banner[0]) {
        wa_add(r, "kernel", WA_INFO, "kernel-unknown", NULL,
               "run with --deep once the kernel runs in the emulator",
               "no \"Linux version\" banner in the kernel records (payload: %s)", k->payload);
        return WA_STAGE_GO;
    }
    char comps[64], ev[512];
    kprobe_comp_list(k->sq_comp_mask, comps, sizeof comps);
    snprintf(ev, sizeof ev,
             "payload %s, %zu bytes at 0x%08x; SquashFS %u.%u (%s); cmdline \"%.200s\"", k->payload,
             k->image_len, k->image_base, k->sq_major, k->sq_minor,
             k->sq_comp_known ? comps : "compressions unknown", k->cmdline);
    wa_add(r, "kernel", WA_INFO, "kernel-found", ev, NULL, "%s", k->banner);
    return WA_STAGE_GO;
}
