/* stage.h: the boot as stages. One wa_run holds everything a verify run knows about one image;
 * each stage reads what earlier stages left in it, adds its own results and its findings.
 * A stage returns WA_STAGE_GO to let later stages run, WA_STAGE_STOP when they would be
 * pointless (the kernel is never loaded, say), WA_STAGE_NA when it had nothing to do (the
 * userland after a kernel that never reached init): later stages run, the report says n/a. */
#ifndef WA_STAGE_H
#define WA_STAGE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "finding.h"
#include "lx.h"

#include "adam2.h"
#include "backup.h"
#include "board.h"
#include "flash_write.h"
#include "kernel_root.h"
#include "kprobe.h"
#include "net.h"
#include "mtd4.h"
#include "nor.h"

enum { WA_STAGE_GO = 0, WA_STAGE_STOP = 1, WA_STAGE_NA = 2 };

typedef struct wa_run {
    const char *image_path;
    const uint8_t *image; /* the mtd4 image as read from disk */
    size_t image_len;
    const wa_board *board;

    /* results, filled by the stages in order; NULL until the stage that makes them ran */
    nor_flash *flash;              /* stage flash: the simulated chip with the image written */
    mtd4_layout *layout;           /* stage flash: where kernel, rootfs and trailer lie */
    wa_write_result written;       /* stage flash: where the image went on the chip */
    uint32_t stale_from, stale_to; /* stage flash: old bytes left after the image in mtd4 */
    adam2_boot *boot;              /* stage adam2: what the bootloader did */
    kprobe_info *kernel;           /* stage kernel: what the kernel supports */
    wa_kroot root;                 /* stage kernel: where that kernel mounts its root */
    int at_init;                   /* stage boot: the kernel reached the exec of init */
    char init_path[128]; /* stage boot: the program it ran as init, when its console says */
    char script[128];    /* stage rootfs: the boot script init runs (inittab's sysinit) */
    uint64_t ram_left;   /* stage rootfs: the RAM the kernel leaves to the userland (ram.h) */
    char ram_how[200];   /* ... and where that number comes from */

    /* options */
    int deep;                /* verify --deep: the kernel runs (stage boot) before the userland */
    uint32_t deep_wall_ms;   /* wall-clock limit of the kernel run, and of the userland's */
    FILE *console_echo;      /* show the console as the kernel writes it, or NULL */
    const net_world *world;  /* the network outside the box the userland meets */
    int uclibc_shmctl;       /* verify --uclibc-shmctl (lx_opts.uclibc_shmctl) */
    const wa_backup *backup; /* verify --flash: the chip starts as this, not blank */
    int write_mode;          /* verify --write: enum wa_write_mode */
    /* debug --replay: the debugger holding init in the userland stage (lx_opts.dbg_fn) */
    int (*dbg_fn)(void *user, struct lx_dbg *d, dbg_target *t, const dbg_event *first);
    void *dbg_user;
    void (*dbg_end_fn)(void *user, int32_t pid, const char *how); /* lx_opts.dbg_end_fn */
} wa_run;

typedef int (*wa_stage_fn)(wa_run *run, wa_report *r);

/* What the kernel tries as init when no init= is given, in its order (init/main.c). */
extern const char *const wa_init_list[4];

/* The stages, in boot order; each lives in harness/stage_NAME.c. */
int stage_flash(wa_run *run, wa_report *r);
int stage_adam2(wa_run *run, wa_report *r);
int stage_kernel(wa_run *run, wa_report *r);
int stage_rootfs(wa_run *run, wa_report *r);
int stage_boot(wa_run *run, wa_report *r);     /* the deep path: the kernel runs */
int stage_userland(wa_run *run, wa_report *r); /* init runs as the kernel would start it */
int stage_services(wa_run *run, wa_report *r); /* what the daemons did in the world */

/* The finding code of the kernel run's end (enum ar7_end): "kernel-panic" ... (stage_boot.c) */
const char *wa_boot_end_code(int end);

/* Free what the stages left in run (not image or board). */
void wa_run_release(wa_run *run);

#endif
