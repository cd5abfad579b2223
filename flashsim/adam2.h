/* adam2.h: the simulated ADAM2 bootloader: given the flash, what the real one does before it
 * jumps to the kernel, or why it stays in its recovery prompt. In order:
 *  1. read its environment from the start of mtd3 (env.h) and take mtd1/mtd4 from it;
 *  2. find the TI trailer (tichksum.h) in mtd4 where the board's key trailer says: by default
 *     the image's end is the last byte before the erased (0xFF) tail, and the 8 bytes before
 *     that end must be the trailer (board.h, wa_trailer_at, for the other models);
 *  3. check the TI checksum over mtd4's start up to the trailer (kernel + rootfs together;
 *     not with trailer = none);
 *  4. walk the loader records (adam2rec.h) from the start of mtd1, which must end inside
 *     mtd1, checking each record's checksum;
 *  5. hand over: entry, argc/argv (argv[0] "adam2", then the board's kernel_args), envp
 *     (the environment as "name=value"), memsize. */
#ifndef WA_ADAM2_H
#define WA_ADAM2_H

#include <stdint.h>

#include "adam2rec.h"
#include "board.h"
#include "env.h"
#include "nor.h"
#include "tichksum.h"

#define ADAM2_MAX_ARGS 16
#define ADAM2_RAM_PHYS 0x14000000u /* the AR7's SDRAM, physical; KSEG0/KSEG1 map it */

typedef struct adam2_boot {
    int boots;     /* 1: jumps to the kernel; 0: stays at its prompt */
    char code[40]; /* why not: env-damaged, checksum-missing, checksum-mismatch,
                      no-loader-tag, kernel-truncated, record-checksum,
                      record-outside-ram */
    char reason[256];
    uint64_t offset;                                 /* flash offset of the problem */
    wa_env env;                                      /* the environment read from mtd3 */
    uint32_t mtd1_off, mtd1_end, mtd4_off, mtd4_end; /* flash offsets, from the environment */
    uint32_t
        image_end; /* flash offset just past the trailer (0 when not found or not looked for) */
    ti_trailer trailer;
    adam2_chain chain; /* offsets are flash offsets */
    uint32_t entry, memsize;
    int argc;
    char argv[ADAM2_MAX_ARGS][128];
} adam2_boot;

/* Run the simulation. Only arguments that make no sense are errors; everything the
 * bootloader would refuse is an outcome in *out. */
int adam2_run(const nor_flash *f, const wa_board *b, adam2_boot *out, wa_err *e);

/* What ADAM2 copies to RAM when it boots: one segment per loader record of the chain, its
 * data in the flash f (out has room for ADAM2_MAX_RECORDS). Returns the count. */
size_t adam2_segments(const adam2_boot *o, const nor_flash *f, adam2_seg *out);

#endif
