/* dirseen.h: the directories a walk of an image has entered (ls -R, which lists as it goes;
 * extract reads the whole tree through first with sqfs_check_tree instead). A directory
 * inode reached a second time is a loop (an entry pointing back at an ancestor) or a second
 * name for a directory, which no SquashFS writer makes: the walk refuses it, as unsquashfs
 * does, rather than recursing for ever or writing the same tree again and again. */
#ifndef WA_DIRSEEN_H
#define WA_DIRSEEN_H

#include <stddef.h>

#include "squashfs.h"

typedef struct wa_dirseen {
    sqfs_ref *slot; /* open addressing; ref + 1 so that 0 is free */
    size_t n, cap;
} wa_dirseen;

/* 1: dir is new (now recorded); 0: it was seen before; -1: out of memory. */
int wa_dirseen_add(wa_dirseen *s, sqfs_ref dir);
void wa_dirseen_free(wa_dirseen *s);

#endif
