/* verify.h: one verify run, the stages in boot order over one image into a report (what
 * `wa-emu verify` and `wa-emu cases run` share), and writing a report document to a file. */
#ifndef WA_VERIFY_H
#define WA_VERIFY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "backup.h"
#include "board.h"
#include "finding.h"
#include "lx.h"
#include "net.h"

typedef struct wa_verify_opts {
    int deep;               /* the kernel runs in the AR7 machine first */
    int static_only;        /* no emulation: flash, ADAM2, kernel probe, rootfs */
    int uclibc_shmctl;      /* lx_opts.uclibc_shmctl */
    uint32_t timeout_ms;    /* wall-clock limit of each emulated run; 0: the default */
    FILE *console_echo;     /* show the kernel console as it runs, or NULL */
    const wa_backup *flash; /* the owner's backup the chip starts as, or NULL: a blank chip */
    int write_mode;         /* enum wa_write_mode: how fw.bin is written into mtd4 */
    /* debug --replay: init runs held by this debugger (lx_opts.dbg_fn), or NULL */
    int (*dbg_fn)(void *user, struct lx_dbg *d, dbg_target *t, const dbg_event *first);
    void *dbg_user;
    void (*dbg_end_fn)(void *user, int32_t pid, const char *how); /* lx_opts.dbg_end_fn */
} wa_verify_opts;

/* Run the stages over img (path names it in the report) into rep, which this initialises;
 * the caller frees it with wa_report_free. */
void wa_verify(const char *path, const uint8_t *img, size_t len, const wa_board *b,
               const net_world *w, const wa_verify_opts *o, wa_report *rep);

/* Write doc (malloc'd; freed here) atomically to path, or to stdout for "-". 0, or the exit
 * code, with the reason printed as "wa-emu CMD: ...". */
int wa_emit(const char *cmd, const char *path, char *doc, const char *what);

#endif
