/* case_run.h: a case file made ready to run for the CLI (verify --case, cases run): read and
 * parsed with its errors as "wa-emu CMD: FILE:LINE: why", its board, world and image loaded. */
#ifndef WA_CASE_RUN_H
#define WA_CASE_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "case.h"
#include "net.h"

/* 0, or the exit code (64 a bad case file, 66 an unreadable one) with the error printed. */
int wa_case_load(const char *path, wa_case *c, const char *cmd);
/* The case's image: its file, or packed from its parts for board b. 0, or 66 (printed). */
int wa_case_image(const wa_case *c, const wa_board *b, uint8_t **img, size_t *len, const char *cmd);

#endif
