/* ti7z.c: TI's "7z" kernel blob, found and unpacked with liblzma (raw LZMA1, as TI's loader). */
#include "ti7z.h"

#include <lzma.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"

static const uint8_t sig[6] = {'7', 'z', 0xbc, 0xaf, 0x27, 0x1c};

long ti7z_find(const uint8_t *rec, size_t len)
{
    const uint8_t *p = len >= sizeof sig ? memmem(rec, len, sig, sizeof sig) : NULL;
    return p ? (long)(p - rec) : -1;
}

int ti7z_unpack(const uint8_t *rec, size_t len, size_t at, size_t max, ti7z_blob *out,
                uint8_t **img, wa_err *e)
{
    *img = NULL;
    *out = (ti7z_blob){.offset = at};
    if (at > len || len - at < TI7Z_HEADER)
        return wa_fail(e, WA_E_TRUNC, at, "TI 7z blob: %zu bytes, its header needs %d",
                       at > len ? 0 : len - at, TI7Z_HEADER);
    const uint8_t *h = rec + at;
    if (memcmp(h, sig, sizeof sig))
        return wa_fail(e, WA_E_FORMAT, at, "TI 7z blob: no 7z signature");
    out->packed = rd_le32(h + 8);
    out->unpacked = rd_le32(h + 20);
    if (out->unpacked == 0 || out->unpacked > max)
        return wa_fail(e, out->unpacked ? WA_E_LIMIT : WA_E_FORMAT, at + 20,
                       "TI 7z blob: the kernel unpacks to %u bytes (limit %zu)", out->unpacked,
                       max);
    size_t room = len - at - TI7Z_HEADER;
    if (out->packed > room)
        return wa_fail(e, WA_E_TRUNC, at + 8,
                       "TI 7z blob: %u packed bytes claimed, the record holds %zu after its "
                       "header",
                       out->packed, room);
    /* The loader does not read the packed size (its input length is a link-time symbol);
     * a zero is taken as "up to the record's end". */
    out->stream = out->packed ? out->packed : room;
    /* cm_hwDecodeLZMA's fixed properties; no match reaches back further than the output. */
    uint32_t dict = out->unpacked < (2u << 20) ? out->unpacked : 2u << 20;
    lzma_options_lzma o = {.dict_size = dict < LZMA_DICT_SIZE_MIN ? LZMA_DICT_SIZE_MIN : dict,
                           .lc = 3,
                           .lp = 0,
                           .pb = 2};
    lzma_filter f[2] = {{LZMA_FILTER_LZMA1, &o}, {LZMA_VLI_UNKNOWN, NULL}};
    lzma_stream s = LZMA_STREAM_INIT;
    uint8_t *buf = malloc(out->unpacked);
    if (!buf)
        return wa_fail(e, WA_E_NOMEM, at + 20, "TI 7z blob: no memory for %u bytes", out->unpacked);
    if (lzma_raw_decoder(&s, f) != LZMA_OK) {
        free(buf);
        return wa_fail(e, WA_E_NOMEM, at, "TI 7z blob: liblzma cannot start a decoder");
    }
    s.next_in = h + TI7Z_HEADER;
    s.avail_in = out->stream;
    s.next_out = buf;
    s.avail_out = out->unpacked;
    lzma_ret r = lzma_code(&s, LZMA_RUN);
    size_t got = s.total_out, stop = at + TI7Z_HEADER + (size_t)s.total_in;
    lzma_end(&s);
    if (got == out->unpacked && (r == LZMA_OK || r == LZMA_STREAM_END)) {
        *img = buf;
        return WA_OK;
    }
    free(buf);
    if (r == LZMA_OK || r == LZMA_STREAM_END)
        return wa_fail(e, r == LZMA_OK ? WA_E_TRUNC : WA_E_FORMAT, stop,
                       "TI 7z blob: the LZMA stream %s after %zu of %u bytes",
                       r == LZMA_OK ? "runs out" : "has its end marker", got, out->unpacked);
    return wa_fail(e, r == LZMA_MEM_ERROR ? WA_E_NOMEM : WA_E_FORMAT, stop,
                   "TI 7z blob: the LZMA stream is damaged after %zu of %u bytes (liblzma error "
                   "%d)",
                   got, out->unpacked, (int)r);
}
