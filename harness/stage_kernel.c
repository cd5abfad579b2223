/* stage_kernel.c: stage 3, the fast path. The kernel ADAM2 would load (its loader records) is
 * probed statically: banner, the SquashFS version and compressions it mounts, its built-in
 * command line, how it finds its partitions; an AVM EVA record is unpacked first, as AVM's
 * bootloader does. From that, where the kernel mounts its root (kernel_root.h). Stage 4 checks
 * the rootfs against what is found here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stage.h"

static int probe(wa_run *run, wa_report *r)
{
    const adam2_boot *o = run->boot;
    kprobe_info *k = calloc(1, sizeof *k);
    if (!k) return WA_STAGE_STOP;
    run->kernel = k;
    adam2_seg segs[ADAM2_MAX_RECORDS];
    size_t n = adam2_segments(o, run->flash, segs);
    /* the records' offsets are the flash's; the image starts at mtd4 */
    uint32_t m4 = board_part_off(run->board, 4);
    wa_err e = {0};
    char ev[1024];
    if (kprobe_run(segs, n, k, &e)) {
        int eva = !strcmp(k->payload, "eva"), ti7z = !strcmp(k->payload, "ti7z");
        if ((eva || ti7z) && k->payload_seg < o->chain.n) {
            const adam2_rec *rec = &o->chain.rec[k->payload_seg];
            snprintf(ev, sizeof ev,
                     "loader record %zu at image offset 0x%zx (%u bytes for 0x%08x); the fault "
                     "is at image offset 0x%llx",
                     k->payload_seg, rec->offset - m4, rec->length, rec->addr,
                     (unsigned long long)(rec->offset - m4 + 8 + e.offset));
            if (eva)
                wa_add(r, "kernel", WA_INFO, "kernel-probe", ev,
                       "rebuild the record from the LZMA kernel (freetz's lzma2eva)",
                       "AVM EVA kernel record cannot be unpacked: %s", e.msg);
            else
                wa_add(r, "kernel", WA_INFO, "kernel-probe", ev,
                       "rebuild the kernel with TI's SDK (make ram_zimage_pad): its loader "
                       "unpacks this blob at boot",
                       "TI loader's 7z kernel blob cannot be unpacked: %s", e.msg);
        } else {
            wa_add(r, "kernel", WA_INFO, "kernel-probe", NULL, NULL, "kernel probe: %s", e.msg);
        }
        return WA_STAGE_GO;
    }
    if (!k->banner[0]) {
        wa_add(r, "kernel", WA_INFO, "kernel-unknown", NULL,
               "run with --deep once the kernel runs in the emulator",
               "no \"Linux version\" banner in the kernel records (payload: %s)", k->payload);
        return WA_STAGE_GO;
    }
    char comps[64], how[96] = "";
    kprobe_comp_list(k->sq_comp_mask, comps, sizeof comps);
    if (!strcmp(k->payload, "eva"))
        snprintf(how, sizeof how, " (AVM EVA record %zu, %u bytes of LZMA)", k->payload_seg,
                 k->eva.packed);
    else if (!strcmp(k->payload, "ti7z"))
        snprintf(how, sizeof how, " (TI's LZMA loader, record %zu: 7z blob at +0x%zx, %u bytes)",
                 k->payload_seg, k->payload_offset, k->ti7z.packed);
    char sq[96], more[160] = "";
    if (k->sq_minor_le && k->sq_minor)
        snprintf(sq, sizeof sq, "SquashFS %s2.0..2.%u", k->sq_any_1x ? "1.x or " : "", k->sq_minor);
    else if (k->sq_minor_le)
        snprintf(sq, sizeof sq, "SquashFS %s2.0", k->sq_any_1x ? "1.x or " : "");
    else
        snprintf(sq, sizeof sq, "SquashFS %u.%u", k->sq_major, k->sq_minor);
    if (k->parts[0] || k->root_dev[0])
        snprintf(more, sizeof more, "; partitions: %s; root %s", k->parts[0] ? k->parts : "?",
                 k->root_dev[0] ? k->root_dev : "from the command line");
    snprintf(ev, sizeof ev, "payload %s%s, %zu bytes at 0x%08x; %s (%s)%s%s; cmdline \"%.160s\"",
             k->payload, how, k->image_len, k->image_base, sq,
             k->sq_comp_known ? comps : "compressions unknown", more,
             k->devfs ? "; devfs on /dev" : "", k->cmdline);
    wa_add(r, "kernel", WA_INFO, "kernel-found", ev, NULL, "%s", k->banner);
    return WA_STAGE_GO;
}

int stage_kernel(wa_run *run, wa_report *r)
{
    int go = probe(run, r);
    const kprobe_info *k = run->kernel && run->kernel->banner[0] ? run->kernel : NULL;
    wa_kernel_root(run->board, run->flash->mem, run->board->flash_size, 0, run->image, run->layout,
                   k, &run->root);
    return go;
}
