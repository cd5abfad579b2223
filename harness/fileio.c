/* fileio.c: whole-file reads and atomic writes. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int wa_read_file(const char *path, size_t max, uint8_t **out, size_t *len, wa_err *e)
{
    *out = NULL;
    *len = 0;
    /* O_NONBLOCK: a FIFO (or a device) given as the file must not hang the open; only a
     * regular file is read, and there the flag means nothing */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return wa_fail(e, WA_E_IO, WA_NO_OFFSET, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return wa_fail(e, WA_E_IO, WA_NO_OFFSET, "not a regular file");
    }
    if ((uint64_t)st.st_size > max) {
        close(fd);
        return wa_fail(e, WA_E_LIMIT, (uint64_t)max,
                       "file is %lld bytes, more than the %zu allowed", (long long)st.st_size, max);
    }
    size_t n = (size_t)st.st_size;
    uint8_t *buf = malloc(n ? n : 1);
    if (!buf) {
        close(fd);
        return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "cannot allocate %zu bytes", n);
    }
    size_t got = 0;
    while (got < n) {
        ssize_t k = read(fd, buf + got, n - got);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) {
            int err = errno;
            free(buf);
            close(fd);
            return wa_fail(e, WA_E_IO, got, "read failed: %s", k ? strerror(err) : "file shrank");
        }
        got += (size_t)k;
    }
    close(fd);
    *out = buf;
    *len = n;
    return WA_OK;
}

int wa_write_file_atomic(const char *path, const void *data, size_t len, wa_err *e)
{
    char dir[4096], tmp[4200], target[PATH_MAX];
    /* a symlink is written through (its target gets the new bytes, the link stays a link);
     * a file with other hard links is refused: a rename would leave them the old bytes */
    struct stat ls;
    if (lstat(path, &ls) == 0 && S_ISLNK(ls.st_mode)) {
        if (!realpath(path, target))
            return wa_fail(e, WA_E_IO, WA_NO_OFFSET, "a symlink to nowhere: %s", strerror(errno));
        path = target;
    }
    if (stat(path, &ls) == 0 && S_ISREG(ls.st_mode) && ls.st_nlink > 1)
        return wa_fail(e, WA_E_IO, WA_NO_OFFSET,
                       "has %lu hard links: replacing it would split them; write a new file "
                       "instead",
                       (unsigned long)ls.st_nlink);
    snprintf(dir, sizeof dir, "%s", path);
    snprintf(tmp, sizeof tmp, "%s/.wa-emu.XXXXXX", dirname(dir));
    int fd = mkstemp(tmp);
    if (fd < 0)
        return wa_fail(e, WA_E_IO, WA_NO_OFFSET, "cannot create a temporary file in %s: %s", dir,
                       strerror(errno));
    struct stat st;
    mode_t mode = stat(path, &st) == 0 ? (st.st_mode & 07777) : 0644;
    const uint8_t *p = data;
    size_t done = 0;
    while (done < len) {
        ssize_t k = write(fd, p + done, len - done);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) break;
        done += (size_t)k;
    }
    int ok = done == len && fchmod(fd, mode) == 0 && fsync(fd) == 0;
    int err = errno;
    if (close(fd) != 0 && ok) {
        ok = 0;
        err = errno;
    }
    if (!ok) {
        unlink(tmp);
        return wa_fail(e, WA_E_IO, done, "cannot write: %s", strerror(err));
    }
    if (rename(tmp, path) != 0) {
        err = errno;
        unlink(tmp);
        return wa_fail(e, WA_E_IO, WA_NO_OFFSET, "cannot rename into place: %s", strerror(err));
    }
    return WA_OK;
}
