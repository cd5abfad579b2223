/* decomp.h: the block decompressors SquashFS uses, behind one call. Each takes the exact
 * stored bytes and an output buffer of the exact size the format promises, so a damaged or
 * hostile block can never produce more than that (no decompression bombs). */
#ifndef WA_DECOMP_H
#define WA_DECOMP_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* SquashFS 4.0 compression ids. */
enum {
    DECOMP_GZIP = 1,
    DECOMP_LZMA = 2,
    DECOMP_LZO = 3,
    DECOMP_XZ = 4,
    DECOMP_LZ4 = 5,
    DECOMP_ZSTD = 6,
    DECOMP_LEGACY = 7, /* 1.x-3.x: zlib, or per block sqlzma's LZMA (an LZMA-alone header) */
};

/* The 1.x-3.x block variants DECOMP_LEGACY tells apart (decomp.c says how). */
enum {
    DECOMP_V_ZLIB,
    DECOMP_V_SQLZMA,
    DECOMP_V_LZMA_ALT,
    DECOMP_V_LZMA_ALT4, /* the same after 4 bytes of cruft (some 1.0 images) */
    DECOMP_V_DDWRT,
    DECOMP_V_LZMA_RAW,
};

/* The two 4.0 LZMA forms (decomp.c says how they are told apart): not yet known, the
 * LZMA-alone header of squashfs-tools, OpenWrt's 5-byte header. */
enum {
    DECOMP_V_LZMA4_UNKNOWN,
    DECOMP_V_LZMA4_ALONE,
    DECOMP_V_LZMA4_OPENWRT,
};

/* Decoder state kept between blocks so that libdeflate, liblzma and zstd reuse their
 * allocations. */
typedef struct decomp {
    int method;
    int variant;   /* DECOMP_LEGACY: the variant that decoded the last block; DECOMP_LZMA: the
                    * form of the image's blocks */
    void *lzma;    /* lzma_stream, once started */
    void *zstd;    /* ZSTD_DCtx, once made */
    void *deflate; /* struct libdeflate_decompressor, once made */
} decomp;

void decomp_init(decomp *d, int method);
void decomp_free(decomp *d);

/* Decompress in[0..n) into out[0..cap); *got = bytes produced. More output than cap, or
 * damaged input, is WA_E_FORMAT (offset 0: the caller adds the block's offset). */
int decomp_run(decomp *d, const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *got,
               wa_err *e);

/* "gzip", "xz", ...; "?" for an unknown id. */
const char *decomp_name(int method);

#endif
