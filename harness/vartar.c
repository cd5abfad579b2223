/* vartar.c: var.tar size accounting through libarchive. */
#include "vartar.h"

#include <archive.h>
#include <archive_entry.h>
#include <string.h>

int vartar_measure(const uint8_t *tar, size_t n, vartar_size *out, wa_err *e)
{
    memset(out, 0, sizeof *out);
    struct archive *a = archive_read_new();
    if (!a) return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "out of memory");
    archive_read_support_format_tar(a);
    archive_read_support_format_gnutar(a);
    archive_read_support_filter_gzip(a);
    int rc = WA_OK;
    if (archive_read_open_memory(a, tar, n) != ARCHIVE_OK) {
        rc = wa_fail(e, WA_E_FORMAT, 0, "not a tar archive: %s", archive_error_string(a));
    } else {
        struct archive_entry *ent;
        int r;
        while ((r = archive_read_next_header(a, &ent)) == ARCHIVE_OK) {
            out->entries++;
            if (archive_entry_filetype(ent) == AE_IFREG) {
                int64_t sz = archive_entry_size(ent);
                if (sz < 0) sz = 0;
                out->bytes += (uint64_t)sz;
                out->ram += ((uint64_t)sz + 4095) & ~(uint64_t)4095;
            }
            if (archive_read_data_skip(a) != ARCHIVE_OK) {
                r = ARCHIVE_FATAL;
                break;
            }
        }
        if (r != ARCHIVE_EOF) {
            int64_t at = archive_filter_bytes(a, -1);
            rc = wa_fail(e, WA_E_FORMAT, at < 0 ? WA_NO_OFFSET : (uint64_t)at,
                         "damaged tar after %llu entries: %s", (unsigned long long)out->entries,
                         archive_error_string(a) ? archive_error_string(a) : "unexpected end");
        }
    }
    archive_read_free(a);
    return rc;
}
