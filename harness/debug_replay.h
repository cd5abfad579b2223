/* debug_replay.h: `wa-emu debug --replay REPORT.json`: the run a verify report describes,
 * made again (a run is a pure function of the image, the board, the world and the options)
 * and stopped just before the first NO-BOOT finding it reached, then the console. The
 * kernel's end (stage boot) is replayed in the AR7 machine: run once to its end to count its
 * instructions, then again to --before N instructions short of it (or to panic() when the
 * symbols have it). Init's end (stage userland) is replayed as verify runs the userland, with
 * init held by the debugger and stopped at its exit or exit_group call, or at the fault or
 * the signal that ends it. cmd_debug.c parses the options; this file runs the replay. */
#ifndef WA_DEBUG_REPLAY_H
#define WA_DEBUG_REPLAY_H

#include <stdint.h>

#include "stage.h"
#include "symbols.h"

/* The stages before the kernel runs, as verify runs them (cmd_debug.c): WA_STAGE_GO when
 * the machine can start. */
int wa_debug_early_stages(wa_run *run, wa_report *rep);
/* The milestones by the names `break` takes, indexed by enum ar7_milestone. */
extern const char *const wa_debug_milestones[];

/* image: the image to run (NULL: the report's own path); syms may be NULL; at_start: stop
 * where the run the finding is of begins (ADAM2's hand-off, init's first instruction)
 * instead of short of its end. The exit code. */
int wa_debug_replay(const char *report, const char *image, const dbg_syms *syms, uint64_t before,
                    int at_start);

#endif
