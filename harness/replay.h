/* replay.h: a verify report read back for `wa-emu debug --replay` (harness/cmd_debug.c): how
 * its run was made (the image's size and CRC-32, verify's options, from the report's "run"),
 * and the first NO-BOOT finding a run reached, the kernel's in the AR7 machine (stage boot)
 * or init's in user mode (stage userland). The findings of the static checks are predictions
 * of those and are passed over. The report is untrusted bytes: every field is checked. */
#ifndef WA_REPLAY_H
#define WA_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "finding.h"

enum { WA_REPLAY_KERNEL = 1, WA_REPLAY_INIT = 2 };

typedef struct wa_replay {
    char image[512]; /* the image's path as the report gives it */
    char board[512]; /* the --board of the run, else the report's board name */
    wa_run_info run; /* (board unused: see above) */
    wa_finding first;
    int kind; /* enum: what the run stops before */
} wa_replay;

/* Read the report of len bytes (name: for the reasons) into out. 0, or WA_EXIT_USAGE with
 * the reason in why ("REPORT: not JSON at byte 12", "REPORT: no NO-BOOT finding"). */
int wa_replay_parse(const char *json, size_t len, const char *name, wa_replay *out, char *why,
                    size_t cap);
/* The same from a file: WA_EXIT_NOINPUT when it cannot be read. */
int wa_replay_load(const char *path, wa_replay *out, char *why, size_t cap);
/* 0 when img is the image the report's run verified, else WA_EXIT_USAGE with why. */
int wa_replay_same_image(const wa_replay *r, const char *path, const uint8_t *img, size_t len,
                         char *why, size_t cap);
uint32_t wa_crc32(const uint8_t *b, size_t len);

#endif
