/* board_fit.h: which of the built-in boards an image was built for, when it does not fit the
 * board it is verified against (another board's partition map: a kernel part of another
 * length, mtd1 elsewhere). An image fits a board when it fits its mtd4, its loader chain
 * starts at that board's mtd1 with every record checksum right and ends before its mtd0,
 * and a SquashFS is where that board's kernel would look (its mtd0, or ar7part's rootfs). */
#ifndef WA_BOARD_FIT_H
#define WA_BOARD_FIT_H

#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "finding.h"

/* The built-in boards other than b that img fits, as "ar7-8m" or "ar7-8m, wag200g" into
 * names, and for the first of them where its parts lie into ev. 0 when none does, or when
 * img fits b itself. */
int wa_board_fit(const wa_board *b, const uint8_t *img, size_t len, char *names, size_t cap,
                 char *ev, size_t evcap);

/* The same as an INFO finding of stage flash, code board-mismatch, when a board fits. */
void wa_board_fit_report(const wa_board *b, const uint8_t *img, size_t len, wa_report *r);

#endif
