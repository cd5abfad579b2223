/* stage_adam2.c: stage 2. Runs the simulated ADAM2 on the flash of stage 1. When it stays in
 * its prompt the box is recoverable (NO-BOOT); a lost environment is BRICK. A checksum that
 * matches another part of the image (the rootfs alone, the kernel alone) is named as such. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "misplaced.h"
#include "stage.h"

static const struct {
    const char *code;
    int severity;
    const char *hint;
} outcomes[] = {
    {"env-damaged", WA_BRICK, "the ADAM2 environment must be restored over JTAG"},
    {"checksum-missing", WA_NOBOOT, "append the TI checksum: wa-emu chksum --fix fw.bin"},
    {"checksum-mismatch", WA_NOBOOT, "recompute the TI checksum: wa-emu chksum --fix fw.bin"},
    {"no-loader-tag", WA_NOBOOT, "wrap the kernel in loader records: wa-emu pack"},
    {"kernel-truncated", WA_NOBOOT,
     "the kernel part is cut short or overwritten; rebuild with wa-emu pack"},
    {"record-checksum", WA_NOBOOT,
     "a kernel byte changed after the records were made; rebuild with wa-emu pack"},
    {"record-outside-ram", WA_NOBOOT,
     "the kernel was linked for another load address or a board with more RAM; link it for "
     "this board's RAM"},
};

/* The stored checksum matches cksum over which part of the image, if any? */
static int wrong_range(const wa_run *run, uint32_t stored, char *ev, size_t cap)
{
    const mtd4_layout *l = run->layout;
    size_t data = l->trailer.data_len;
    struct {
        const char *what;
        size_t from, to;
    } parts[3] = {{"the rootfs only", l->has_rootfs ? l->rootfs.offset : 0, data},
                  {"the kernel only", 0, l->has_rootfs ? l->rootfs.offset : 0},
                  {"the kernel records only", l->has_chain ? l->chain.start : 0,
                   l->has_chain && !l->chain_err.code ? l->chain.end : 0}};
    for (int i = 0; i < 3; i++) {
        if (parts[i].to <= parts[i].from || parts[i].to > data) continue;
        if (ti_cksum(run->image + parts[i].from, parts[i].to - parts[i].from) == stored) {
            snprintf(ev, cap,
                     "stored 0x%08x is the checksum of %s (image 0x%zx-0x%zx); ADAM2 checks "
                     "0x0-0x%zx, which gives 0x%08x",
                     stored, parts[i].what, parts[i].from, parts[i].to, data, l->trailer.computed);
            return 1;
        }
    }
    return 0;
}

/* ADAM2 took the end of the image from old bytes the write left after it (stage flash's
 * stale-bytes): the file is fine, the way it was written is not; recomputing its checksum
 * would change nothing. */
static int stale_end(const wa_run *run, const adam2_boot *o, wa_report *r)
{
    int mismatch = !strcmp(o->code, "checksum-mismatch");
    if ((!mismatch && strcmp(o->code, "checksum-missing")) || run->stale_to <= run->stale_from ||
        o->offset < run->stale_from)
        return 0;
    /* looking at mtd4's end, ADAM2 sees old bytes only when they reach it */
    int at_end = run->board->trailer_at == WA_TRAILER_PARTITION_END;
    if (at_end && run->stale_to <= o->mtd4_end - 8) return 0;
    char hint[256];
    if (at_end)
        snprintf(hint, sizeof hint,
                 "this board's ADAM2 reads the trailer from mtd4's last 8 bytes: pad the image "
                 "to mtd4's size so the write covers the old bytes (wa-emu chksum --fix "
                 "--pad-to 0x%x fw.bin); the rest of the file is fine",
                 o->mtd4_end - o->mtd4_off);
    else
        snprintf(hint, sizeof hint, "%s",
                 "erase mtd4 before writing (ADAM2's upload, or flash_eraseall /dev/mtd4 then the "
                 "write), or pad the image with 0xFF to mtd4's end so the write covers the old "
                 "bytes; the file itself is fine");
    char ev[512];
    if (mismatch) {
        snprintf(ev, sizeof ev,
                 "the new image ends at flash 0x%08x; old bytes 0x%08x-0x%08x; ADAM2 takes the "
                 "old trailer at flash 0x%08x (stored 0x%08x) and checks 0x%x-0x%x, which gives "
                 "0x%08x",
                 run->written.to, run->stale_from, run->stale_to, o->image_end - 8,
                 o->trailer.stored, o->mtd4_off, o->image_end - 8, o->trailer.computed);
        wa_add(r, "adam2", WA_NOBOOT, "stale-trailer", ev, hint,
               "ADAM2 stays in its prompt: the old image's TI trailer, left after the shorter "
               "new image, is the one it checks");
    } else {
        snprintf(ev, sizeof ev,
                 "the new image ends at flash 0x%08x; old bytes 0x%08x-0x%08x, not a TI "
                 "trailer at their end (0x%08x)",
                 run->written.to, run->stale_from, run->stale_to, run->stale_to);
        wa_add(r, "adam2", WA_NOBOOT, "stale-tail", ev, hint,
               "ADAM2 stays in its prompt: old bytes after the new image hide its trailer (%s)",
               at_end ? "it looks for it at mtd4's end"
                      : "the image's end is where the erased flash begins");
    }
    return 1;
}

/* ADAM2's refusal as a finding. */
static void refuse(const wa_run *run, const adam2_boot *o, wa_report *r)
{
    char ev[512];
    const char *code = o->code;
    if (stale_end(run, o, r)) return;
    if (!strcmp(code, "checksum-missing") && run->board->trailer_at == WA_TRAILER_PARTITION_END) {
        char hint[160];
        snprintf(ev, sizeof ev, "mtd4's last 8 bytes, flash 0x%08x-0x%08x", o->mtd4_end - 8,
                 o->mtd4_end);
        snprintf(hint, sizeof hint,
                 "pad the image to mtd4's size before its checksum is written: wa-emu chksum "
                 "--fix --pad-to 0x%x fw.bin",
                 o->mtd4_end - o->mtd4_off);
        wa_add(r, "adam2", WA_NOBOOT, code, ev, hint,
               "ADAM2 stays in its prompt: this board's ADAM2 (board key trailer = "
               "partition-end) finds no TI trailer at mtd4's end");
        return;
    }
    if (!strcmp(code, "checksum-mismatch") && wrong_range(run, o->trailer.stored, ev, sizeof ev)) {
        wa_add(r, "adam2", WA_NOBOOT, "checksum-wrong-range", ev,
               "the checksum must cover kernel + rootfs together: wa-emu chksum --fix fw.bin",
               "ADAM2 refuses to boot: the TI checksum was computed over the wrong range");
        return;
    }
    snprintf(ev, sizeof ev, "at flash offset 0x%llx (image offset 0x%llx)",
             (unsigned long long)o->offset,
             (unsigned long long)(o->offset - board_part_off(run->board, 4)));
    for (size_t i = 0; i < sizeof outcomes / sizeof outcomes[0]; i++)
        if (!strcmp(outcomes[i].code, code)) {
            wa_add(r, "adam2", outcomes[i].severity, code, ev, outcomes[i].hint,
                   "ADAM2 stays in its prompt: %s", o->reason);
            return;
        }
    wa_add(r, "adam2", WA_NOBOOT, code, ev, NULL, "ADAM2 stays in its prompt: %s", o->reason);
}

/* The diagnoses that follow a refusal (they are filed after it): the loader tag where mtd1
 * does not start (an mtd1 dump for an mtd4 one). */
static void go_on_diagnose(const wa_run *run, wa_report *r)
{
    const wa_board *b = run->board;
    wa_tag_shift_report(run->layout, board_part_off(b, 1) - board_part_off(b, 4), r);
}

int stage_adam2(wa_run *run, wa_report *r)
{
    adam2_boot *o = calloc(1, sizeof *o);
    if (!o) return WA_STAGE_STOP;
    run->boot = o;
    wa_err e = {0};
    if (adam2_run(run->flash, run->board, o, &e)) {
        wa_add(r, "adam2", WA_NOBOOT, "adam2-error", NULL, NULL, "%s", e.msg);
        return WA_STAGE_STOP;
    }
    if (o->boots) return WA_STAGE_GO;
    /* what it refuses, then what may have led there: a shifted kernel part, another board */
    refuse(run, o, r);
    go_on_diagnose(run, r);
    return WA_STAGE_STOP;
}
