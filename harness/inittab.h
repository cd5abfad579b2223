/* inittab.h: /etc/inittab read the way BusyBox's init reads it, and the boot script it runs
 * first: lines `id:runlevels:action:process`, '#' comments; the first `sysinit` action's
 * program (a leading '-' dropped). Without an inittab BusyBox runs /etc/init.d/rcS; AVM's
 * images name /etc/init.d/rc.S there. */
#ifndef WA_INITTAB_H
#define WA_INITTAB_H

#include <stddef.h>

/* fn(ctx, action, program, line) for each entry of inittab (len bytes): the action
 * ("sysinit", "respawn", ...), the process field's first word, its line (from 1). */
void wa_inittab_each(const char *text, size_t len,
                     void (*fn)(void *ctx, const char *action, const char *program, int line),
                     void *ctx);

/* The sysinit program of inittab (len bytes) into path, and its line (from 1) in line.
 * 1 when found, 0 when the inittab has no sysinit line. */
int wa_inittab_sysinit(const char *text, size_t len, char *path, size_t cap, int *line);

#endif
