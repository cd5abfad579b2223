/* world_arg.h: turning a --world argument (a world file, or "default") into the scripted
 * world outside the box (emu/net), with the CLI's error messages and exit codes. */
#ifndef WA_WORLD_ARG_H
#define WA_WORLD_ARG_H

#include "net.h"

/* Load the world; on failure print "wa-emu CMD: FILE: line N: ..." and return the exit code
 * (64 for a bad world file, 66 for an unreadable one); 0 on success. */
int wa_world_arg(const char *arg, net_world *w, const char *cmd);

#endif
