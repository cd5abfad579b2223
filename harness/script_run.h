/* script_run.h: what the boot script did, read from the userland run's timeline (stage
 * userland). The script is the program init runs for its sysinit line (stage rootfs found
 * it); its process is the one whose command line names it. From the timeline and the
 * script's own text (rcs_cmds.h):
 *   NO-BOOT  rcs-not-run       init never ran it (an exec before it, an init that skips it)
 *   NO-BOOT  rcs-syntax-error  the shell refused a line before the script ran any program
 *   DEGRADED rcs-syntax-error  ... after it ran some: the rest did not run
 *   NO-BOOT  rcs-exec          it replaced itself (exec) before running any program
 *   DEGRADED program-failed    a program it ran exited non-zero with an error message, and
 *                              the script does not test its status (if, &&, ||, ...)
 *   DEGRADED daemon-gone       a program that put itself in the background (forked and let
 *                              its parent exit) ended before the boot settled
 * with the program, the line of the script that ran it, its exit status and its last words.
 * What is normal in a healthy boot stays silent: builtins such as `[ -x ... ]`, a status the
 * script tests (`grep -q` finding nothing in an if), a failure that prints nothing. */
#ifndef WA_SCRIPT_RUN_H
#define WA_SCRIPT_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "finding.h"
#include "lx.h"
#include "squashfs.h"

#define WA_SCRIPT_CMDS 256

typedef struct wa_script_run {
    const lx_result *res;
    char path[128]; /* the script, "" when the image has none */
    int32_t pid;    /* its process, 0 when it never ran */
    size_t exec_at; /* the event that started it */
    struct {
        char word[128];
        int line, tested;
    } cmd[WA_SCRIPT_CMDS]; /* what its lines run, in order */
    size_t ncmd;
    int *line_of; /* per event index of a direct child's start: its line (0: unknown) */
} wa_script_run;

/* Find the script's process in res and read the script from fs. 0, or -1 out of memory. */
int wa_script_open(wa_script_run *s, const lx_result *res, sqfs *fs, const char *path);
void wa_script_close(wa_script_run *s);

/* The line of the script that started pid (itself or an ancestor a child of the script):
 * "/etc/init.d/rcS line 11" into buf; "" when the script did not start it. */
const char *wa_script_where(const wa_script_run *s, int32_t pid, char *buf, size_t cap);

/* The findings above. skip(ctx, pid) says a process another finding already named. */
void wa_script_judge(const wa_script_run *s, wa_report *r, int (*skip)(void *ctx, int32_t pid),
                     void *ctx);

#endif
