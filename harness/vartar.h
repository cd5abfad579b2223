/* vartar.h: measuring what unpacking /etc/var.tar into the RAM disk costs. The tar is read
 * from memory with libarchive; each regular file is counted at its size rounded up to whole
 * 4 KiB pages, as ramfs keeps it in the page cache. */
#ifndef WA_VARTAR_H
#define WA_VARTAR_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct vartar_size {
    uint64_t entries;
    uint64_t bytes; /* file contents */
    uint64_t ram;   /* page-rounded: what the RAM disk holds */
} vartar_size;

/* Fails with the byte offset libarchive had reached when the archive is damaged. */
int vartar_measure(const uint8_t *tar, size_t n, vartar_size *out, wa_err *e);

#endif
