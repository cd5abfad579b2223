/* board_arg.h: turning a --board argument (a built-in name or a profile file) into a board,
 * with the CLI's error messages and exit codes. */
#ifndef WA_BOARD_ARG_H
#define WA_BOARD_ARG_H

#include "board.h"

/* Load the board; on failure print "wa-emu CMD: ..." and return the exit code (64 for an
 * unknown name or bad profile, 66 for an unreadable file); 0 on success. */
int wa_board_arg(const char *arg, wa_board *b, const char *cmd);

#endif
