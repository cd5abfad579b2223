/* extract.h: writing a SquashFS tree to a host directory, safely. Everything is created
 * relative to directory descriptors opened with O_NOFOLLOW, so nothing is written outside
 * the target: names with '/' or '..' are refused by the reader, symlinks are created but
 * never followed, a pre-existing symlink where a directory should be is an error. Each file
 * is written to a temporary name and renamed into place (atomic per file). Existing entries
 * are an error unless overwrite is set. Device nodes only when asked and running as root.
 * The tree's metadata is read through first (sqfs_check_tree: a name twice, a directory
 * reached twice by a loop or a second name): an image that fails there writes nothing. Zeros
 * are written as holes and the files' total size is limited (max_size), so that a small
 * crafted image cannot fill the host's disk. */
#ifndef WA_EXTRACT_H
#define WA_EXTRACT_H

#include "error.h"
#include "squashfs.h"

typedef struct wa_extract_opts {
    int overwrite;               /* replace existing files */
    int devices;                 /* create device nodes (needs root) */
    unsigned long long max_size; /* the files' bytes in all at most (0: no limit) */
} wa_extract_opts;

#define WA_EXTRACT_PATH 4096 /* a path in the image, longest (as PATH_MAX) */

typedef struct wa_extract_stats {
    unsigned long files, dirs, symlinks, hardlinks, fifos, devices, skipped;
    unsigned long long bytes;
} wa_extract_stats;

/* Extract the tree below from (a directory of fs) into the host directory dir (made if
 * missing). On error e names the path inside the image. */
int wa_extract(sqfs *fs, sqfs_ref from, const char *dir, const wa_extract_opts *o,
               wa_extract_stats *st, wa_err *e);

#endif
