/* rootdir.h: a host directory read into the SquashFS writer's tree (squashfs_write.h): every
 * entry with its mode, owner, time, contents, symlink target or device numbers, hard links as
 * second names of one node. Read through directory descriptors with O_NOFOLLOW: a symlink is
 * stored as a symlink, never followed. Nodes can be added or replaced by path afterwards (a
 * rebuilt var.tar, a device node the host could not hold). */
#ifndef WA_ROOTDIR_H
#define WA_ROOTDIR_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "squashfs_write.h"

typedef struct wa_rootdir {
    sqfs_wnode *nodes; /* nodes[0] is the root; names and contents are owned */
    size_t n, cap;
    uint64_t bytes; /* file contents held */
} wa_rootdir;

/* Read dir (limit: max_bytes of file contents in all). e names the path that failed. */
int wa_rootdir_read(const char *dir, uint64_t max_bytes, wa_rootdir *t, wa_err *e);

/* The node at an absolute path ("/etc/var.tar"), or -1. */
int wa_rootdir_find(const wa_rootdir *t, const char *path);

/* Add a node at path, whose directory must exist; an existing non-directory node of that
 * name is replaced (its hard links with it). data is copied. Returns the node's index, or -1
 * with e filled. */
int wa_rootdir_put(wa_rootdir *t, const char *path, const sqfs_wnode *like, wa_err *e);

void wa_rootdir_free(wa_rootdir *t);

#endif
