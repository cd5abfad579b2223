/* stage_flash.c: stage 1. The board's flash is made as the box has it (bootloader in mtd2,
 * the ADAM2 environment in mtd3), the image is written from the start of mtd4 as a raw
 * upload writes it, and the result is checked: did the write reach the bootloader or its
 * environment (BRICK), and do the kernel and the rootfs lie where the partition map says. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stage.h"

/* A stand-in for the ADAM2 code in mtd2: any write that changes it is caught. */
static void fill_bootloader(nor_flash *f, const wa_board *b)
{
    static const char pat[] = "ADAM2 bootloader (simulated) ";
    uint32_t off = board_part_off(b, 2), len = board_part_len(b, 2);
    uint8_t *buf = malloc(len);
    if (!buf) return;
    for (uint32_t i = 0; i < len; i++)
        buf[i] = (uint8_t)pat[i % (sizeof pat - 1)];
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

static void check_rootfs(const wa_run *run, wa_report *r)
{
    const wa_board *b = run->board;
    const mtd4_layout *l = run->layout;
    uint32_t mtd0 = board_part_off(b, 0) - board_part_off(b, 4);
    uint32_t mtd0_len = board_part_len(b, 0);
    char ev[512];
    if (!l->has_rootfs) {
        snprintf(ev, sizeof ev, "searched 0x%x (mtd0) and every 256-byte boundary after the kernel",
                 mtd0);
        wa_add(r, "flash", WA_NOBOOT, "rootfs-missing", ev,
               "append a SquashFS image after the kernel (wa-emu pack does it)",
               "no SquashFS superblock in the image: the kernel has no root filesystem");
        return;
    }
    if (l->rootfs.offset != mtd0) {
        snprintf(ev, sizeof ev,
                 "SquashFS '%s' found at image offset 0x%zx; mtd0 starts at 0x%x "
                 "(flash 0x%08x)",
                 l->rootfs.magic, l->rootfs.offset, mtd0, b->mtd[0].start);
        wa_add(r, "flash", WA_NOBOOT, "rootfs-offset", ev,
               "pad the kernel part to exactly the mtd0 start (wa-emu pack --board does it)",
               "the rootfs starts 0x%zx bytes %s mtd0: the kernel would mount the wrong bytes",
               l->rootfs.offset > mtd0 ? l->rootfs.offset - mtd0 : mtd0 - l->rootfs.offset,
               l->rootfs.offset > mtd0 ? "after" : "before");
        return;
    }
    if (l->rootfs.bytes_used && l->rootfs.bytes_used > mtd0_len) {
        snprintf(ev, sizeof ev, "bytes_used 0x%llx, mtd0 holds 0x%x",
                 (unsigned long long)l->rootfs.bytes_used, mtd0_len);
        wa_add(r, "flash", WA_NOBOOT, "rootfs-too-large", ev, "make the root filesystem smaller",
               "the SquashFS image is larger than mtd0");
    } else if (l->rootfs.bytes_used && mtd0 + l->rootfs.bytes_used > l->trailer.data_len) {
        snprintf(ev, sizeof ev,
                 "superblock says 0x%llx bytes from 0x%x; the image data ends at 0x%zx",
                 (unsigned long long)l->rootfs.bytes_used, mtd0, l->trailer.data_len);
        wa_add(r, "flash", WA_NOBOOT, "rootfs-truncated", ev,
               "rebuild the image from the full rootfs", "the SquashFS image is cut off");
    }
    if (l->ar7part_rootfs && l->ar7part_rootfs != mtd0) {
        snprintf(ev, sizeof ev,
                 "loader chain ends at 0x%zx; ar7part puts the rootfs at 0x%zx, "
                 "mtd0 at 0x%x",
                 l->chain.end, l->ar7part_rootfs, mtd0);
        wa_add(r, "flash", WA_INFO, "ar7part-mismatch", ev,
               "kernels that use the ar7part parser (2.6+) will not find this rootfs",
               "the kernel's ar7part parser would look for the rootfs elsewhere than mtd0");
    }
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
    fill_bootloader(f, b);
    if (fill_env(f, b, r)) return WA_STAGE_STOP;

    uint32_t boot_off = board_part_off(b, 2), boot_len = board_part_len(b, 2);
    uint32_t cfg_off = board_part_off(b, 3), cfg_len = board_part_len(b, 3);
    uint8_t *before = malloc((size_t)boot_len + cfg_len);
    if (!before) return WA_STAGE_STOP;
    memcpy(before, f->mem + boot_off, boot_len);
    memcpy(before + boot_len, f->mem + cfg_off, cfg_len);

    uint32_t mtd4 = board_part_off(b, 4), mtd4_len = board_part_len(b, 4);
    uint32_t room = f->size - mtd4;
    size_t n = run->image_len < room ? run->image_len : room;
    nor_write(f, mtd4, run->image, (uint32_t)n, NULL);
    long dboot = first_diff(before, f->mem + boot_off, boot_len);
    long dcfg = first_diff(before + boot_len, f->mem + cfg_off, cfg_len);
    free(before);

    char ev[512];
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
        return WA_STAGE_STOP;
    }

    wa_err e = {0};
    uint32_t kernel_at = board_part_off(b, 1) - mtd4, rootfs_at = board_part_off(b, 0) - mtd4;
    if (mtd4_split(run->image, run->image_len, kernel_at, rootfs_at, b->erase_size, l, &e)) {
        wa_add(r, "flash", WA_NOBOOT, "layout", NULL, NULL, "cannot split the image: %s", e.msg);
        return WA_STAGE_STOP;
    }
    check_rootfs(run, r);
    return WA_STAGE_GO;
}
