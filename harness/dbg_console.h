/* dbg_console.h: the console of `wa-emu debug`: one command a line (break, step, next,
 * continue, finish, regs, x/Ni, x/Nx, bt, flash, mtd, log, ...) over the debugger core
 * (emu/debug/session.h) and the AR7 machine or the user-mode process it holds. With a terminal it
 * reads with GNU readline (editing, history); otherwise plain lines, after a prompt a driver can
 * wait for. */
#ifndef WA_DBG_CONSOLE_H
#define WA_DBG_CONSOLE_H

#include <stdio.h>

#include "board.h"
#include "debug_target.h"
#include "lx.h"
#include "session.h"

typedef struct wa_dbg {
    dbg_session s;
    ar7 *m;              /* the AR7 machine held, or NULL: a user-mode process (lx) */
    const ar7_result *r; /* the kernel's console so far (with m) */
    const wa_board *board;
    struct lx_dbg *lx; /* the user-mode process held (emu/linux/lx.h), or NULL */
    lx_dbg_peer *peer; /* after `switch PID`: the process held now, through lx (else lx's) */
    /* after each command, or NULL: a user-mode console reloads the program's symbols */
    void (*after)(struct wa_dbg *d);
    int tty; /* the console reads a terminal with readline */
} wa_dbg;

#define WA_DBG_PROMPT "(wa-emu) "

/* Run one command line; 1 when it was quit, else 0 (errors are answered on out). */
int wa_dbg_command(wa_dbg *d, const char *line, FILE *out);

/* Read and run commands from in until quit or the end of the input. */
void wa_dbg_console(wa_dbg *d, FILE *in, FILE *out);

/* The user-mode process held now: its pid as the guest sees it and the program it runs. */
int32_t wa_dbg_pid(wa_dbg *d);
const char *wa_dbg_prog(wa_dbg *d);

/* The run ends under a user-mode console that let its first process go (`switch`): why, on
 * a line of its own, and the terminal as it was before readline, from the thread of the
 * process that ends (the console's thread ends with it). */
void wa_dbg_console_ended(wa_dbg *d, const char *why, FILE *out);

/* The end of a user-mode console: the process held after a `switch` runs on. */
void wa_dbg_release(wa_dbg *d);

/* Print a stop: its words, and the instruction now at the pc. */
void wa_dbg_print_stop(wa_dbg *d, const dbg_event *ev, FILE *out);

#endif
