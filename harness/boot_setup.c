/* boot_setup.c: the AR7 machine's options from a wa_run (boot_setup.h). */
#include "boot_setup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board_cpu.h"
#include "eva.h"

int wa_boot_setup_make(const wa_run *run, wa_boot_setup *s, char *why, size_t cap)
{
    const adam2_boot *o = run->boot;
    memset(s, 0, sizeof *s);
    const wa_cpu *cpu = wa_cpu_find(run->board->cpu);
    if (!cpu) {
        snprintf(why, cap, "board cpu \"%s\" has no Unicorn model", run->board->cpu);
        return WA_BOOT_SETUP_CPU;
    }
    size_t nsegs = adam2_segments(o, run->flash, s->segs);
    /* AVM's bootloader (EVA) unpacks an LZMA kernel record to its load address before it
     * jumps (eva.h): the machine gets the kernel, not the packed bytes */
    for (size_t i = 0; i < nsegs && !s->unpacked; i++) {
        if (!eva_is_kernel(s->segs[i].data, s->segs[i].size)) continue;
        eva_kernel ek;
        wa_err e = {0};
        if (eva_unpack(s->segs[i].data, s->segs[i].size, run->board->ram_size, &ek, &s->unpacked,
                       &e)) {
            snprintf(s->detail, sizeof s->detail, "%s", e.msg);
            snprintf(why, cap, "the bootloader cannot unpack the EVA kernel of record %zu: %s", i,
                     e.msg);
            return WA_BOOT_SETUP_EVA;
        }
        s->segs[i].data = s->unpacked;
        s->segs[i].size = ek.unpacked;
    }
    /* ADAM2's print routines in its RAM, which its service table points at (adam2_yamon.h);
     * they go first: the kernel's records are loaded over anything they might share */
    adam2_yamon_code(s->yamon);
    memmove(s->segs + 1, s->segs, nsegs * sizeof *s->segs);
    s->segs[0] = (adam2_seg){ADAM2_YAMON_CODE, s->yamon, sizeof s->yamon};
    nsegs++;
    for (int i = 0; i < o->argc; i++)
        s->argv[i] = o->argv[i];
    size_t ne = 0;
    for (size_t i = 0; i < o->env.n; i++) {
        s->env[ne++] = o->env.v[i].name;
        s->env[ne++] = o->env.v[i].value;
    }
    s->env[ne] = NULL;
    /* The kernel may write the flash: it gets a copy, so later stages see the image. */
    s->chip = nor_new(run->flash->size, run->flash->erase_size);
    if (!s->chip) {
        snprintf(why, cap, "out of memory for the flash copy");
        wa_boot_setup_free(s);
        return WA_BOOT_SETUP_NOMEM;
    }
    memcpy(s->chip->mem, run->flash->mem, s->chip->size);
    /* the machine runs the model of ADAM2, not the box's own (a backup's mtd2): its table */
    uint32_t m2 = board_part_off(run->board, 2), m2len = board_part_len(run->board, 2);
    if (m2 < s->chip->size && m2len <= s->chip->size - m2)
        adam2_yamon_table(s->chip->mem + m2, m2len);
    const kprobe_info *k = run->kernel;
    s->opts = (ar7_opts){
        .cpu_model = cpu->machine_model,
        .ram_size = run->board->ram_size,
        .flash = s->chip,
        .segs = s->segs,
        .nsegs = nsegs,
        .entry = o->entry,
        .argc = o->argc,
        .argv = s->argv,
        .env = s->env,
        .kernel_lo = k && k->image_base ? k->image_base : 0,
        .kernel_hi = k && k->image_base ? k->image_base + (uint32_t)k->image_len : 0,
        .wall_ms = run->deep_wall_ms,
        .echo = run->console_echo,
    };
    return WA_BOOT_SETUP_OK;
}

void wa_boot_setup_free(wa_boot_setup *s)
{
    nor_free(s->chip);
    free(s->unpacked);
    s->chip = NULL;
    s->unpacked = NULL;
}
