/* stage_flash.c: stage 1. The board's flash is made as the box has it: the owner's backup
 * (verify --flash), or a blank chip with wa-emu's stand-in bootloader in mtd2 and the board's
 * ADAM2 environment in mtd3. The image is written into mtd4 as the owner will write it
 * (flash_write.h), and the result is checked: did the write reach the bootloader or its
 * environment (BRICK), was it clipped, did old bytes stay behind it. Where the parts lie is
 * drawn here; whether the rootfs is where the kernel mounts it is for stage rootfs to say,
 * once stage kernel has found how the kernel finds its partitions (kernel_root.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adam2_yamon.h"
#include "board_fit.h"
#include "stage.h"

/* A stand-in for the ADAM2 code in mtd2: any write that changes it is caught. It holds
 * ADAM2's service table at 0x500, which TI's 2.4 loader and kernel call (adam2_yamon.h). */
static void fill_bootloader(nor_flash *f, const wa_board *b)
{
    static const char pat[] = "ADAM2 bootloader (simulated) ";
    uint32_t off = board_part_off(b, 2), len = board_part_len(b, 2);
    uint8_t *buf = malloc(len);
    if (!buf) return;
    for (uint32_t i = 0; i < len; i++)
        buf[i] = (uint8_t)pat[i % (sizeof pat - 1)];
    adam2_yamon_table(buf, len);
    nor_write(f, off, buf, len, NULL);
    free(buf);
}

static int fill_env(nor_flash *f, const wa_board *b, wa_report *r)
{
    uint8_t buf[8192];
    size_t n;
    wa_err e = {0};
    if (env_store(&b->env, buf, sizeof buf, &n, &e) ||
        nor_write(f, board_part_off(b, 3), buf, (uint32_t)n, &e)) {
        wa_add(r, "flash", WA_BRICK, "env-too-large", NULL, "shorten the board's environment",
               "the board's ADAM2 environment does not fit mtd3: %s", e.msg);
        return -1;
    }
    return 0;
}

/* First differing byte of two equal-length areas, or -1. */
static long first_diff(const uint8_t *a, const uint8_t *b, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (a[i] != b[i]) return (long)i;
    return -1;
}

/* The partitions, what the reports draw the image over. */
static const char *const part_what[] = {"rootfs", "kernel", "bootloader", "config",
                                        "kernel+rootfs"};

/* Where the image's parts lie on the flash, red where they are not where the board wants
 * them (offsets on the chip; mtd4's start is the image's 0). */
static void map_image(const wa_run *run, wa_report *r)
{
    const wa_board *b = run->board;
    const mtd4_layout *l = run->layout;
    uint32_t at = board_part_off(b, 4);
    char note[160];
    if (!l->len) { /* not split: too large for mtd4 */
        uint32_t end =
            run->image_len > b->flash_size - at ? b->flash_size : at + (uint32_t)run->image_len;
        if (run->written.clipped && run->write_mode == WA_WRITE_MTDBLOCK) {
            snprintf(note, sizeof note, "clipped at mtd4's end: 0x%zx bytes not written",
                     run->written.clipped);
            wa_map_add(r, "image", at, run->written.to, 1, "the image", note);
        } else {
            wa_map_add(r, "image", at, end, run->image_len > board_part_len(b, 4), "the image",
                       "written past mtd4's end");
        }
        return;
    }
    if (l->has_chain && !l->chain_err.code) {
        snprintf(note, sizeof note, "%zu records, entry 0x%08x%s", l->chain.n, l->chain.entry,
                 l->chain.first_bad >= 0 ? ", a record checksum is wrong" : "");
        wa_map_add(r, "records", at + (uint32_t)l->chain.start, at + (uint32_t)l->chain.end,
                   l->chain.first_bad >= 0, "loader records (kernel)", note);
    }
    size_t kend = l->has_chain && !l->chain_err.code ? l->chain.end : 0;
    size_t rstart = l->has_rootfs ? l->rootfs.offset : l->trailer.data_len;
    if (rstart > kend)
        wa_map_add(r, "padding", at + (uint32_t)kend, at + (uint32_t)rstart, 0, "padding", NULL);
    if (l->has_rootfs) {
        size_t used = l->rootfs.bytes_used ? l->rootfs.bytes_used : l->trailer.data_len - rstart;
        size_t rend = rstart + used < l->trailer.data_len ? rstart + used : l->trailer.data_len;
        /* whether it is where the kernel mounts it is stage rootfs's to say (kernel_root.h) */
        snprintf(note, sizeof note, "SquashFS '%s' %u.%u", l->rootfs.magic, l->rootfs.major,
                 l->rootfs.minor);
        wa_map_add(r, "rootfs", at + (uint32_t)rstart, at + (uint32_t)rend,
                   rstart + used > l->trailer.data_len, "rootfs", note);
    }
    if (l->trailer.present) {
        snprintf(note, sizeof note, "stored 0x%08x, computed 0x%08x", l->trailer.stored,
                 l->trailer.computed);
        wa_map_add(r, "trailer", at + (uint32_t)l->trailer.data_len, at + (uint32_t)l->len,
                   l->trailer.stored != l->trailer.computed, "TI checksum", note);
    }
    if (run->stale_to > run->stale_from)
        wa_map_add(r, "stale", run->stale_from, run->stale_to, 1, "stale bytes",
                   "the old flash the write left after the image");
}

/* The chip as the owner's backup has it; what the backup itself says is reported as notes
 * (they say how far the start is the box's flash, not whether the image boots). */
static int from_backup(const wa_run *run, nor_flash *f, wa_report *r)
{
    const wa_board *b = run->board;
    const wa_backup *k = run->backup;
    if (k->size != f->size) {
        wa_add(r, "flash", WA_NOBOOT, "backup-size", NULL, "give the backup of this board",
               "the backup %s is of a 0x%x-byte flash; board %s has 0x%x", k->path, k->size,
               b->name, f->size);
        return -1;
    }
    memcpy(f->mem, k->mem, f->size);
    if (!k->known[2]) fill_bootloader(f, b);
    for (size_t i = 0; i < k->nnote; i++) {
        const wa_backup_note *n = &k->note[i];
        char ev[96];
        snprintf(ev, sizeof ev, "flash 0x%08x-0x%08x", n->off, n->end);
        if (n->kind == WA_BK_SHORT)
            wa_add(r, "flash", WA_INFO, "backup-short", ev,
                   "dump the partition again if you can; what it lacks is taken from the others",
                   "%s", n->text);
        else if (n->kind == WA_BK_DIFFER)
            wa_add(r, "flash", WA_INFO, "backup-differ", ev,
                   "the flash changed between the dumps, or a read failed: dump both again", "%s",
                   n->text);
        else
            wa_add(r, "flash", WA_INFO, "backup-missing", ev,
                   "the boot wa-emu simulates does not read the bootloader; dump mtd2 to keep it",
                   "%s", n->text);
    }
    if (k->nnote_lost)
        wa_add(r, "flash", WA_INFO, "backup-differ", NULL, NULL,
               "%zu more notes on the backup %s were left off", k->nnote_lost, k->path);
    return 0;
}

/* Old bytes after the image in mtd4: mtdblock keeps the rest of the last erase block and
 * every block after it, so a shorter image than the one before leaves the old one's tail
 * (its rootfs end, its TI trailer) where ADAM2 looks for the end of the image. */
static void find_stale(wa_run *run, wa_report *r)
{
    const wa_board *b = run->board;
    const uint8_t *m = run->flash->mem;
    uint32_t from = run->written.to, end = board_part_off(b, 4) + board_part_len(b, 4);
    while (end > from && m[end - 1] == 0xff)
        end--;
    if (end <= from) return;
    run->stale_from = from, run->stale_to = end;
    uint32_t blk = run->written.block_to;
    char ev[512];
    snprintf(ev, sizeof ev,
             "the image ends at flash 0x%08x (image 0x%zx); old bytes up to 0x%08x: 0x%x in the "
             "rest of its last erase block (to 0x%08x), 0x%x in blocks the write did not touch",
             from, run->image_len, end, (blk < end ? blk : end) - from, blk,
             end > blk ? end - blk : 0);
    wa_add(r, "flash", WA_INFO, "stale-bytes", ev,
           b->trailer_at == WA_TRAILER_PARTITION_END
               ? "pad the image with 0xFF to mtd4's end (this board's ADAM2 reads its trailer "
                 "there: wa-emu chksum --fix --pad-to)"
               : "erase mtd4 before writing, or pad the image with 0xFF to mtd4's end",
           "0x%x bytes of the old flash stay after the image in mtd4 (written %s)", end - from,
           wa_write_mode_name(run->write_mode));
}

int stage_flash(wa_run *run, wa_report *r)
{
    const wa_board *b = run->board;
    nor_flash *f = nor_new(b->flash_size, b->erase_size);
    mtd4_layout *l = calloc(1, sizeof *l);
    if (!f || !l) {
        nor_free(f);
        free(l);
        wa_add(r, "flash", WA_NOBOOT, "out-of-memory", NULL, NULL, "cannot allocate the flash");
        return WA_STAGE_STOP;
    }
    run->flash = f;
    run->layout = l;
    r->flash_size = b->flash_size;
    for (int i = 4; i >= 0; i--) {
        char name[40];
        snprintf(name, sizeof name, "mtd%d %s", i, part_what[i]);
        wa_map_add(r, "partition", board_part_off(b, i),
                   board_part_off(b, i) + board_part_len(b, i), 0, name, NULL);
    }
    if (run->backup) {
        if (from_backup(run, f, r)) return WA_STAGE_STOP;
    } else {
        fill_bootloader(f, b);
        if (fill_env(f, b, r)) return WA_STAGE_STOP;
    }

    uint32_t boot_off = board_part_off(b, 2), boot_len = board_part_len(b, 2);
    uint32_t cfg_off = board_part_off(b, 3), cfg_len = board_part_len(b, 3);
    uint8_t *before = malloc((size_t)boot_len + cfg_len);
    if (!before) return WA_STAGE_STOP;
    memcpy(before, f->mem + boot_off, boot_len);
    memcpy(before + boot_len, f->mem + cfg_off, cfg_len);

    uint32_t mtd4 = board_part_off(b, 4), mtd4_len = board_part_len(b, 4);
    wa_err e = {0};
    int wrc = wa_write_image(f, b, run->write_mode, run->image, run->image_len, &run->written, &e);
    long dboot = first_diff(before, f->mem + boot_off, boot_len);
    long dcfg = first_diff(before + boot_len, f->mem + cfg_off, cfg_len);
    free(before);
    if (wrc) {
        wa_add(r, "flash", WA_NOBOOT, "flash-write", NULL, NULL,
               "writing the image (%s) failed: %s", wa_write_mode_name(run->write_mode), e.msg);
        return WA_STAGE_STOP;
    }

    char ev[512];
    if (run->write_mode == WA_WRITE_MTDBLOCK && run->written.clipped) {
        /* mtdblock's device ends where mtd4 does: the write fails there, nothing after it
         * changes, and the image on the flash has lost its end (the TI trailer first) */
        snprintf(ev, sizeof ev,
                 "image 0x%zx bytes, mtd4 0x%08x-0x%08x holds 0x%x; written %s: 0x%zx bytes "
                 "(image 0x%x-0x%zx) not written, mtd2 and mtd3 unchanged",
                 run->image_len, b->mtd[4].start, b->mtd[4].end, mtd4_len,
                 wa_write_mode_name(run->write_mode), run->written.clipped, mtd4_len,
                 run->image_len);
        wa_add(r, "flash", WA_NOBOOT, "image-clipped", ev,
               "make the rootfs smaller: the image must fit mtd4; ADAM2 is intact, so the box "
               "recovers from its prompt",
               "the image is 0x%zx bytes larger than mtd4: the write stops at mtd4's end and the "
               "image loses its end, its TI checksum trailer with it",
               run->written.clipped);
        map_image(run, r);
        return WA_STAGE_STOP;
    }
    if (run->image_len > mtd4_len || dboot >= 0 || dcfg >= 0) {
        snprintf(ev, sizeof ev, "image 0x%zx bytes, mtd4 0x%08x-0x%08x holds 0x%x; %s",
                 run->image_len, b->mtd[4].start, b->mtd[4].end, mtd4_len,
                 dcfg >= 0    ? "the write reaches mtd3 (ADAM2 environment)"
                 : dboot >= 0 ? "the write reaches mtd2 (bootloader)"
                              : "it does not fit");
        wa_add(r, "flash", WA_BRICK, "image-too-large", ev,
               "make the rootfs smaller; never write more than mtd4 holds",
               "the image is 0x%zx bytes larger than mtd4: writing it destroys the bootloader's "
               "environment",
               run->image_len - mtd4_len);
        map_image(run, r);
        return WA_STAGE_STOP;
    }
    find_stale(run, r);

    uint32_t kernel_at = board_part_off(b, 1) - mtd4, rootfs_at = board_part_off(b, 0) - mtd4;
    if (mtd4_split(run->image, run->image_len, kernel_at, rootfs_at, b->erase_size, l, &e)) {
        wa_add(r, "flash", WA_NOBOOT, "layout", NULL, NULL, "cannot split the image: %s", e.msg);
        return WA_STAGE_STOP;
    }
    map_image(run, r);
    wa_board_fit_report(b, run->image, run->image_len, r); /* made for another board? */
    return WA_STAGE_GO;
}
