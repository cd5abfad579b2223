/* inittab.h: the boot script BusyBox init runs first, read from /etc/inittab the way its init
 * reads it: lines `id:runlevels:action:process`, '#' comments; the first `sysinit` action's
 * program (a leading '-' dropped). Without an inittab BusyBox runs /etc/init.d/rcS; AVM's
 * images name /etc/init.d/rc.S there. */
#ifndef WA_INITTAB_H
#define WA_INITTAB_H

#include <stddef.h>

/* The sysinit program of inittab (len bytes) into path, and its line (from 1) in line.
 * 1 when found, 0 when the inittab has no sysinit line. */
int wa_inittab_sysinit(const char *text, size_t len, char *path, size_t cap, int *line);

#endif
