/* eva.c: AVM's EVA kernel record, read and unpacked with liblzma. */
#include "eva.h"

#include <lzma.h>
#include <stdlib.h>

#include "bytes.h"

int eva_is_kernel(const uint8_t *rec, size_t len)
{
    return len >= 4 && rd_le32(rec) == EVA_TYPE_LZMA;
}

int eva_parse(const uint8_t *rec, size_t len, size_t max, eva_kernel *out, wa_err *e)
{
    *out = (eva_kernel){0};
    if (len < 4 || rd_le32(rec) != EVA_TYPE_LZMA)
        return wa_fail(e, len < 4 ? WA_E_TRUNC : WA_E_FORMAT, 0,
                       "EVA record: type is not 0x%08x (LZMA kernel)", EVA_TYPE_LZMA);
    if (len < EVA_HEADER)
        return wa_fail(e, WA_E_TRUNC, len, "EVA record: %zu bytes, its header needs %d", len,
                       EVA_HEADER);
    out->packed = rd_le32(rec + 4);
    out->unpacked = rd_le32(rec + 8);
    out->crc = rd_le32(rec + 12);
    unsigned props = rec[16];
    out->dict = rd_le32(rec + 17);
    if (out->packed > len - EVA_HEADER)
        return wa_fail(e, WA_E_TRUNC, 4,
                       "EVA record: %u packed bytes claimed, the record holds %zu after its "
                       "header",
                       out->packed, len - EVA_HEADER);
    if (out->unpacked == 0 || out->unpacked > max)
        return wa_fail(e, out->unpacked ? WA_E_LIMIT : WA_E_FORMAT, 8,
                       "EVA record: the kernel unpacks to %u bytes (limit %zu)", out->unpacked,
                       max);
    if (props >= 9 * 5 * 5)
        return wa_fail(e, WA_E_FORMAT, 16, "EVA record: LZMA properties byte 0x%02x", props);
    out->lc = props % 9;
    out->lp = props / 9 % 5;
    out->pb = props / 45;
    /* LZMA1 allows lc up to 8, but liblzma (like LZMA2) decodes only lc + lp <= 4; AVM's
     * kernels use lc=3 lp=0. */
    if (out->lc + out->lp > LZMA_LCLP_MAX)
        return wa_fail(e, WA_E_UNSUPPORTED, 16,
                       "EVA record: LZMA lc=%u lp=%u: liblzma decodes lc + lp <= %d only", out->lc,
                       out->lp, LZMA_LCLP_MAX);
    out->crc_computed = lzma_crc32(rec + EVA_HEADER, out->packed, 0);
    if (out->crc != out->crc_computed)
        return wa_fail(e, WA_E_CHECKSUM, 12,
                       "EVA record: CRC-32 of the %u packed bytes is 0x%08x, the header says "
                       "0x%08x",
                       out->packed, out->crc_computed, out->crc);
    return WA_OK;
}

int eva_unpack(const uint8_t *rec, size_t len, size_t max, eva_kernel *out, uint8_t **img,
               wa_err *e)
{
    *img = NULL;
    int rc = eva_parse(rec, len, max, out, e);
    if (rc) return rc;
    /* The whole kernel is one stream from an empty dictionary, so no match reaches further
     * back than its output: a dictionary claim larger than that is not allocated. */
    uint32_t dict = out->dict < out->unpacked ? out->dict : out->unpacked;
    lzma_options_lzma o = {.dict_size = dict < LZMA_DICT_SIZE_MIN ? LZMA_DICT_SIZE_MIN : dict,
                           .lc = out->lc,
                           .lp = out->lp,
                           .pb = out->pb};
    lzma_filter f[2] = {{LZMA_FILTER_LZMA1, &o}, {LZMA_VLI_UNKNOWN, NULL}};
    lzma_stream s = LZMA_STREAM_INIT;
    uint8_t *buf = malloc(out->unpacked);
    if (!buf) return wa_fail(e, WA_E_NOMEM, 8, "EVA record: no memory for %u bytes", out->unpacked);
    if (lzma_raw_decoder(&s, f) != LZMA_OK) {
        free(buf);
        return wa_fail(e, WA_E_NOMEM, 16, "EVA record: liblzma cannot start a decoder");
    }
    s.next_in = rec + EVA_HEADER;
    s.avail_in = out->packed;
    s.next_out = buf;
    s.avail_out = out->unpacked;
    /* EVA stops at the unpacked size: AVM's streams have no end marker, and what the stream
     * holds after that size is never decoded. */
    lzma_ret r = lzma_code(&s, LZMA_RUN);
    size_t got = s.total_out, at = EVA_HEADER + (size_t)s.total_in;
    lzma_end(&s);
    if (got == out->unpacked && (r == LZMA_OK || r == LZMA_STREAM_END)) {
        *img = buf;
        return WA_OK;
    }
    free(buf);
    if (r == LZMA_OK || r == LZMA_STREAM_END)
        return wa_fail(e, r == LZMA_OK ? WA_E_TRUNC : WA_E_FORMAT, at,
                       "EVA record: the LZMA stream %s after %zu of %u bytes",
                       r == LZMA_OK ? "runs out" : "has its end marker", got, out->unpacked);
    return wa_fail(e, r == LZMA_MEM_ERROR ? WA_E_NOMEM : WA_E_FORMAT, at,
                   "EVA record: the LZMA stream is damaged after %zu of %u bytes (liblzma error "
                   "%d)",
                   got, out->unpacked, (int)r);
}
