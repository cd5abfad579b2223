/* kernel_root.h: where the image's kernel mounts its root filesystem, decided as that kernel
 * decides it (the fast path must not look where the kernel does not):
 *  - a kernel with Linux's ar7part parser (2.6 and later AR7 kernels; the probe finds the
 *    parser's own strings, kprobe.h) takes the "rootfs" partition ar7part makes of the flash
 *    (loaders/ar7part.h): the end of the loader chain, rounded as ar7part rounds;
 *  - TI's 2.4 kernels (their flash map driver) take mtd0 of the ADAM2 environment;
 *  - a kernel whose partition logic is not known is taken as the environment's, and what
 *    ar7part would do is kept for the report.
 * Made by stage kernel from the flash of stage flash; used by stages rootfs and userland. */
#ifndef WA_KERNEL_ROOT_H
#define WA_KERNEL_ROOT_H

#include <stddef.h>
#include <stdint.h>

#include "ar7part.h"
#include "board.h"
#include "kprobe.h"
#include "mtd4.h"

enum wa_root_by {
    WA_ROOT_GUESS = 0, /* the partition logic is not known: the environment's mtd0 */
    WA_ROOT_ENV,       /* TI's flash map driver: the environment's mtd0 */
    WA_ROOT_AR7PART,   /* Linux's ar7part parser */
};

typedef struct wa_kroot {
    int by;             /* enum wa_root_by */
    int found;          /* the kernel has a root partition (ar7part's walk may never end) */
    uint32_t flash_off; /* where it starts on the chip */
    uint32_t part_len;  /* its length */
    int in_image;       /* it starts inside the image's data (before the TI trailer) */
    size_t offset;      /* its image offset (0 when it lies before mtd4) */
    int has_sqfs;       /* a SquashFS superblock is there */
    mtd4_sqfs sq;
    ar7part_map ar7;   /* what ar7part makes of the flash (worked out for every kernel) */
    size_t ar7_offset; /* ar7's rootfs as an image offset (0 when it lies before mtd4) */
    char how[400];     /* in words, for the evidence */
} wa_kroot;

/* Decide for the image img (its layout l) written at mtd4 of board b, whose kernel the probe
 * found as k (NULL: not probed). The flash ar7part reads is flash_len bytes from chip offset
 * flash_base on (the whole chip, or the image alone at mtd4: the rest reads as erased). */
void wa_kernel_root(const wa_board *b, const uint8_t *flash, size_t flash_len, uint32_t flash_base,
                    const uint8_t *img, const mtd4_layout *l, const kprobe_info *k, wa_kroot *out);

#endif
