/* ramfs.h: the RAM file systems' nodes, in the world's shared mapping (ramfs and tmpfs
 * mounts, /dev, and the text of open /proc files). A node has one name in one directory (no
 * hard links); file data sits in 4 KiB blocks reached through index blocks. A FIFO node has a
 * host FIFO in a private host directory, made and removed with it, which its opens open (so
 * guest processes, host processes, meet in it as on Linux). All calls are made with the world
 * locked. */
#ifndef WA_LX_RAMFS_H
#define WA_LX_RAMFS_H

#include "world.h"

/* A new node under parent (0: a root, its own parent); 0 when the table is full (or the
 * host FIFO of a FIFO node cannot be made). */
uint32_t lx_rf_new(lx_world *w, uint32_t parent, const char *name, uint32_t mode, uint32_t rdev);
uint32_t lx_rf_child(lx_world *w, uint32_t dir, const char *name); /* 0: none */
/* The i-th entry of dir (in node order); 0 past the end. */
uint32_t lx_rf_nth(lx_world *w, uint32_t dir, uint64_t i);
size_t lx_rf_read(lx_world *w, uint32_t n, uint64_t off, void *buf, size_t len);
/* Bytes written, or -LX_ENOSPC / -LX_EFBIG when nothing could be. */
int64_t lx_rf_write(lx_world *w, uint32_t n, uint64_t off, const void *buf, size_t len);
int lx_rf_truncate(lx_world *w, uint32_t n, uint64_t size);
/* Take the node out of its directory; it is freed now or at its last close. */
void lx_rf_unlink(lx_world *w, uint32_t n);
void lx_rf_closed(lx_world *w, uint32_t n); /* an open description of n went away */
/* The host path of FIFO node n's host end. At the end of the run: remove every one. */
void lx_rf_fifo_path(const lx_world *w, uint32_t n, char *buf, size_t len);
void lx_rf_fifos_remove(lx_world *w);

#endif
