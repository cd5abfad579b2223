/* fileio.h: whole-file reads and atomic writes for the CLI. A write goes to a temporary file
 * beside the target, is flushed, then renamed over it: a reader sees the old file or the new
 * one, never half of one. Errors come back as wa_err with the path in the message. */
#ifndef WA_FILEIO_H
#define WA_FILEIO_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Read all of path into a malloc'd buffer (limit: max bytes, else WA_E_LIMIT). */
int wa_read_file(const char *path, size_t max, uint8_t **out, size_t *len, wa_err *e);

/* Write len bytes to path atomically (mode 0644 for a new file, or the mode path had). A
 * symlink is written through to its target; a file with other hard links is refused. */
int wa_write_file_atomic(const char *path, const void *data, size_t len, wa_err *e);

#endif
