/* decomp.c: zlib (libdeflate), LZMA (raw streams behind the headers each variant writes), LZO,
 * xz, LZ4 and zstd through their Debian libraries. */
#include "decomp.h"

#include <lz4.h>
#include <string.h>

#include "bytes.h"
#include <stdlib.h>
#include <lzma.h>
#include <lzo/lzo1x.h>
#include <libdeflate.h>
#include <zstd.h>

const char *decomp_name(int method)
{
    static const char *const names[] = {"?",  "gzip", "lzma", "lzo",
                                        "xz", "lz4",  "zstd", "gzip/lzma (legacy)"};
    return method >= 0 && method < 8 ? names[method] : "?";
}

/* A whole zlib stream (trailing bytes ignored, as zlib's uncompress does): libdeflate, which
 * decodes a whole buffer about twice as fast as zlib's streaming inflate. */
static int d_gzip(decomp *d, const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *got,
                  wa_err *e)
{
    if (!d->deflate && !(d->deflate = libdeflate_alloc_decompressor()))
        return wa_fail(e, WA_E_NOMEM, 0, "libdeflate: out of memory");
    size_t used;
    enum libdeflate_result r =
        libdeflate_zlib_decompress_ex(d->deflate, in, n, out, cap, &used, got);
    if (r == LIBDEFLATE_INSUFFICIENT_SPACE)
        return wa_fail(e, WA_E_FORMAT, 0, "zlib: more than %zu bytes of output", cap);
    if (r != LIBDEFLATE_SUCCESS) return wa_fail(e, WA_E_FORMAT, 0, "zlib: damaged stream");
    return WA_OK;
}

/* xz via liblzma; the memory limit keeps a hostile header from asking for much. */
static int d_xz(decomp *d, const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *got,
                wa_err *e)
{
    if (!d->lzma) {
        lzma_stream init = LZMA_STREAM_INIT;
        if (!(d->lzma = malloc(sizeof init)))
            return wa_fail(e, WA_E_NOMEM, 0, "liblzma: out of memory");
        *(lzma_stream *)d->lzma = init;
    }
    lzma_stream *s = d->lzma;
    /* Starting a decoder on a used stream reuses its memory. */
    lzma_ret r = lzma_stream_decoder(s, 16u << 20, 0);
    if (r != LZMA_OK) return wa_fail(e, WA_E_NOMEM, 0, "liblzma: cannot start a decoder");
    s->next_in = in;
    s->avail_in = n;
    s->next_out = out;
    s->avail_out = cap;
    r = lzma_code(s, LZMA_FINISH);
    *got = cap - s->avail_out;
    if (r == LZMA_OK && s->avail_out == 0) {
        /* The output is full: the block is good only if nothing more comes out. */
        uint8_t more;
        s->next_out = &more;
        s->avail_out = 1;
        r = lzma_code(s, LZMA_FINISH);
        if (s->avail_out == 0)
            return wa_fail(e, WA_E_FORMAT, 0, "xz: block decompresses to more than %zu bytes", cap);
    }
    if (r != LZMA_STREAM_END)
        return wa_fail(e, WA_E_FORMAT, 0, "xz: damaged stream (liblzma error %d)", (int)r);
    return WA_OK;
}

static int d_lzo(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *got, wa_err *e)
{
    if (lzo_init() != LZO_E_OK) return wa_fail(e, WA_E_UNSUPPORTED, 0, "lzo: library unusable");
    lzo_uint len = cap;
    int r = lzo1x_decompress_safe(in, n, out, &len, NULL);
    if (r != LZO_E_OK) return wa_fail(e, WA_E_FORMAT, 0, "lzo: damaged block (error %d)", r);
    *got = len;
    return WA_OK;
}

static int d_lz4(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *got, wa_err *e)
{
    if (n > INT32_MAX || cap > INT32_MAX) return wa_fail(e, WA_E_LIMIT, 0, "lz4: block too large");
    int r = LZ4_decompress_safe((const char *)in, (char *)out, (int)n, (int)cap);
    if (r < 0) return wa_fail(e, WA_E_FORMAT, 0, "lz4: damaged block");
    *got = (size_t)r;
    return WA_OK;
}

static int d_zstd(decomp *d, const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *got,
                  wa_err *e)
{
    if (!d->zstd && !(d->zstd = ZSTD_createDCtx()))
        return wa_fail(e, WA_E_NOMEM, 0, "zstd: out of memory");
    size_t r = ZSTD_decompressDCtx(d->zstd, out, cap, in, n);
    if (ZSTD_isError(r)) return wa_fail(e, WA_E_FORMAT, 0, "zstd: %s", ZSTD_getErrorName(r));
    *got = r;
    return WA_OK;
}

/* Raw LZMA1 (no header) with the given properties, fed exactly n bytes: what the vendor
 * variants store. Without an end marker the stream simply ends with its input. */
static int d_raw(decomp *d, const uint8_t *in, size_t n, unsigned props, uint32_t dict,
                 uint8_t *out, size_t cap, size_t *got, wa_err *e)
{
    if (props >= 9 * 5 * 5) return wa_fail(e, WA_E_FORMAT, 0, "lzma: properties byte %u", props);
    /* A block is a stream of its own: no dictionary larger than its output is ever used, so
     * a header's claim of more is not honoured (and the allocation stays the same size). */
    if (dict > cap) dict = (uint32_t)cap;
    lzma_options_lzma o = {.dict_size = dict < 4096 ? 4096 : dict,
                           .lc = props % 9,
                           .lp = props / 9 % 5,
                           .pb = props / 45};
    lzma_filter f[2] = {{LZMA_FILTER_LZMA1, &o}, {LZMA_VLI_UNKNOWN, NULL}};
    if (!d->lzma) {
        lzma_stream init = LZMA_STREAM_INIT;
        if (!(d->lzma = malloc(sizeof init)))
            return wa_fail(e, WA_E_NOMEM, 0, "liblzma: out of memory");
        *(lzma_stream *)d->lzma = init;
    }
    lzma_stream *s = d->lzma;
    if (lzma_raw_decoder(s, f) != LZMA_OK)
        return wa_fail(e, WA_E_FORMAT, 0, "lzma: cannot start a raw decoder");
    s->next_in = in;
    s->avail_in = n;
    s->next_out = out;
    s->avail_out = cap;
    lzma_ret r = lzma_code(s, LZMA_RUN);
    *got = cap - s->avail_out;
    if ((r != LZMA_OK && r != LZMA_STREAM_END) || *got == 0)
        return wa_fail(e, WA_E_FORMAT, 0, "lzma: damaged raw stream (liblzma error %d)", (int)r);
    return WA_OK;
}

/* SquashFS 4.0 "lzma" comes in two forms. squashfs-tools writes the LZMA-alone header:
 * properties, dictionary, and the uncompressed size (64 bits; the stream has an end marker
 * too). OpenWrt's 2.6.3x-era mksquashfs (the LZMA SDK's LzmaCompress) writes the properties
 * and dictionary only (lc=1 lp=2 pb=2, 8 MiB), then a stream without an end marker. A size
 * that fits the block and a stream that gives exactly that many bytes make the first form
 * certain; otherwise the second is tried. One mksquashfs wrote every block of an image, so
 * the form that decoded the first block is the only one tried after it: a damaged block is
 * refused, not decoded again as the other form. */
static int d_lzma4(decomp *d, const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *got,
                   wa_err *e)
{
    if (n < 6) return wa_fail(e, WA_E_TRUNC, 0, "lzma: block shorter than its header");
    if (d->variant != DECOMP_V_LZMA4_OPENWRT && n > 13 && rd_le64(in + 5) <= cap &&
        d_raw(d, in + 13, n - 13, in[0], rd_le32(in + 1), out, cap, got, NULL) == WA_OK &&
        *got == rd_le64(in + 5)) {
        d->variant = DECOMP_V_LZMA4_ALONE;
        return WA_OK;
    }
    if (d->variant != DECOMP_V_LZMA4_ALONE &&
        d_raw(d, in + 5, n - 5, in[0], rd_le32(in + 1), out, cap, got, NULL) == WA_OK) {
        d->variant = DECOMP_V_LZMA4_OPENWRT;
        return WA_OK;
    }
    if (d->variant == DECOMP_V_LZMA4_ALONE)
        return wa_fail(e, WA_E_FORMAT, 0, "lzma: damaged block (13-byte header, size %llu)",
                       (unsigned long long)(n > 13 ? rd_le64(in + 5) : 0));
    if (d->variant == DECOMP_V_LZMA4_OPENWRT)
        return wa_fail(e, WA_E_FORMAT, 0, "lzma: damaged block (5-byte OpenWrt header)");
    return wa_fail(e, WA_E_FORMAT, 0,
                   "lzma: neither a 13-byte (squashfs-tools) nor a 5-byte (OpenWrt) header "
                   "and stream decode this block");
}

/* The 1.x-3.x compressors. zlib; sqlzma's LZMA-alone blocks (0x5d, dictionary, 64-bit size);
 * "lzma-alt" blocks of a 5-byte header (properties, dictionary) and a raw stream, in some 1.0
 * images after 4 bytes of cruft; DD-WRT's 4-byte header (pb, lc, lp, unused) and a raw stream
 * with an 8 MiB dictionary; the zlib-compatible LZMA wrapper (raw, lc=3 lp=0 pb=2, 8 MiB
 * dictionary, optionally after "7zip"), also AVM's minor-76 images. The first bytes rule most
 * out; what decoded the last block is tried first. */
static int d_legacy(decomp *d, const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *got,
                    wa_err *e)
{
    static const int order[] = {DECOMP_V_ZLIB,      DECOMP_V_SQLZMA, DECOMP_V_LZMA_ALT,
                                DECOMP_V_LZMA_ALT4, DECOMP_V_DDWRT,  DECOMP_V_LZMA_RAW};
    for (int k = -1; k < (int)(sizeof order / sizeof order[0]); k++) {
        int v = k < 0 ? d->variant : order[k], rc = WA_E_FORMAT;
        if (k >= 0 && v == d->variant) continue;
        if (v == DECOMP_V_ZLIB && n >= 2 && (in[0] & 0x0f) == 8) {
            rc = d_gzip(d, in, n, out, cap, got, NULL);
        } else if (v == DECOMP_V_SQLZMA && n >= 13 && in[0] < 225) {
            rc = d_raw(d, in + 13, n - 13, in[0], rd_le32(in + 1), out, cap, got, NULL);
        } else if (v == DECOMP_V_LZMA_ALT && n >= 6 && in[0] < 225) {
            rc = d_raw(d, in + 5, n - 5, in[0], rd_le32(in + 1), out, cap, got, NULL);
        } else if (v == DECOMP_V_LZMA_ALT4 && n >= 10 && in[4] < 225) {
            rc = d_raw(d, in + 9, n - 9, in[4], rd_le32(in + 5), out, cap, got, NULL);
        } else if (v == DECOMP_V_DDWRT && n >= 5 && in[0] <= 4 && in[1] <= 8 && in[2] <= 4) {
            rc = d_raw(d, in + 4, n - 4, (in[0] * 5u + in[2]) * 9u + in[1], 1u << 23, out, cap, got,
                       NULL);
        } else if (v == DECOMP_V_LZMA_RAW) {
            size_t skip = n > 4 && !memcmp(in, "7zip", 4) ? 4 : 0;
            rc = d_raw(d, in + skip, n - skip, 3 + 2 * 45, 1u << 23, out, cap, got, NULL);
        }
        if (rc == WA_OK) {
            d->variant = v;
            return WA_OK;
        }
    }
    return wa_fail(e, WA_E_FORMAT, 0, "no zlib or LZMA variant decodes this block");
}

void decomp_init(decomp *d, int method)
{
    d->method = method;
    d->variant = 0;
    d->lzma = NULL;
    d->zstd = NULL;
    d->deflate = NULL;
}

void decomp_free(decomp *d)
{
    if (d->lzma) lzma_end(d->lzma);
    free(d->lzma);
    ZSTD_freeDCtx(d->zstd);
    libdeflate_free_decompressor(d->deflate);
    d->lzma = d->zstd = d->deflate = NULL;
}

int decomp_run(decomp *d, const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *got,
               wa_err *e)
{
    *got = 0;
    switch (d->method) {
    case DECOMP_GZIP: return d_gzip(d, in, n, out, cap, got, e);
    case DECOMP_LZMA: return d_lzma4(d, in, n, out, cap, got, e);
    case DECOMP_XZ: return d_xz(d, in, n, out, cap, got, e);
    case DECOMP_LZO: return d_lzo(in, n, out, cap, got, e);
    case DECOMP_LZ4: return d_lz4(in, n, out, cap, got, e);
    case DECOMP_ZSTD: return d_zstd(d, in, n, out, cap, got, e);
    case DECOMP_LEGACY: return d_legacy(d, in, n, out, cap, got, e);
    }
    return wa_fail(e, WA_E_UNSUPPORTED, 0, "compression id %d is not supported", d->method);
}
