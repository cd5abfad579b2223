/* rcs_tar.h: which archive the boot script unpacks into /var, read from its tar command the
 * way the shell would run it: the -f (or bundled f) file, relative to the directory a cd on
 * the same line, or a -C, names. TI's reference rcS does `(cd /; tar xf var.tar)`, the
 * example's `tar -xf /etc/var.tar -C /`. */
#ifndef WA_RCS_TAR_H
#define WA_RCS_TAR_H

#include <stddef.h>

/* The first tar extraction in script (len bytes): the archive's absolute path in path and
 * its line number (from 1) in line. 1 when found, 0 when the script unpacks none. */
int wa_rcs_tar(const char *script, size_t len, char *path, size_t cap, int *line);

#endif
