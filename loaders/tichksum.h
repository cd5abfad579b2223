/* tichksum.h: the TI checksum trailer that `tichksum` appends and ADAM2 verifies.
 * The last 8 bytes of an image: le32 magic 0xC453DE23, le32 checksum, where the checksum is
 * exactly POSIX cksum's CRC over every byte before the trailer (so `head -c -8 fw | cksum`
 * prints it). Streaming form for large inputs; slicing-by-8 tables for speed. */
#ifndef WA_TICHKSUM_H
#define WA_TICHKSUM_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define TI_TRAILER_MAGIC 0xC453DE23u
#define TI_TRAILER_LEN 8

/* Streaming CRC: init, feed any number of chunks, then final (length folded in, inverted). */
typedef struct ti_cksum_ctx {
    uint32_t crc;
    uint64_t len;
} ti_cksum_ctx;

void ti_cksum_init(ti_cksum_ctx *c);
void ti_cksum_update(ti_cksum_ctx *c, const uint8_t *p, size_t n);
uint32_t ti_cksum_final(const ti_cksum_ctx *c);

/* The cksum of one buffer. */
uint32_t ti_cksum(const uint8_t *p, size_t n);

typedef struct ti_trailer {
    int present;       /* the last 8 bytes start with the magic */
    size_t data_len;   /* bytes the checksum covers (len - 8 when present, else len) */
    uint32_t stored;   /* the checksum in the trailer (when present) */
    uint32_t computed; /* the checksum of the data_len bytes */
} ti_trailer;

/* Read and check the trailer of an image. A missing or wrong trailer is not an error: it is
 * reported in *out (present, stored vs computed). Always returns WA_OK. */
int ti_trailer_read(const uint8_t *img, size_t len, ti_trailer *out, wa_err *e);

/* Write the 8-byte trailer for data[0..len) into out8. */
void ti_trailer_make(const uint8_t *data, size_t len, uint8_t out8[TI_TRAILER_LEN]);

#endif
