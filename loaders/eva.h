/* eva.h: AVM's EVA kernel record. An AVM-built AR7 image (loader tag 0xFEED1281, adam2rec.h)
 * has one data record whose bytes are an LZMA-packed kernel: AVM's bootloader, EVA, unpacks
 * it to the record's load address and jumps to the entry. From the record's first data byte,
 * all little-endian:
 *   +0   le32 type        0x075a0201 (an LZMA kernel)
 *   +4   le32 packed      bytes of the LZMA stream at +24
 *   +8   le32 unpacked    bytes the stream decodes to: the kernel image
 *   +12  le32 crc         CRC-32 (zlib's, IEEE) of the packed stream alone
 *   +16  u8   properties  LZMA (pb * 5 + lp) * 9 + lc
 *   +17  le32 dictionary  LZMA dictionary size
 *   +21  3 bytes          zero
 *   +24  the raw LZMA1 stream (no header, no size, no end marker needed: it ends at unpacked)
 * and the record's length is packed + 24. Sources: freetz's lzma2eva and eva2lzma
 * (tools/make/lzma2eva/src), the same lzma2eva that OpenWrt's firmware-utils carry for its
 * "eva-image" build step; measured on the Speedport W501V's kernel.image (637931 bytes packed,
 * 1966214 unpacked, lc=3 lp=0 pb=2, 8 MiB dictionary, CRC as stored). */
#ifndef WA_EVA_H
#define WA_EVA_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define EVA_TYPE_LZMA 0x075a0201u
#define EVA_HEADER 24 /* bytes before the LZMA stream */

typedef struct eva_kernel {
    uint32_t packed, unpacked;
    uint32_t crc, crc_computed;
    unsigned lc, lp, pb; /* from the properties byte */
    uint32_t dict;
} eva_kernel;

/* The record data rec[0..len) starts with EVA's LZMA type word: it is meant as an EVA kernel,
 * and a fault in it is an error rather than something else. */
int eva_is_kernel(const uint8_t *rec, size_t len);

/* Read and check the header: the type, packed within the record, 1..max unpacked bytes,
 * properties liblzma decodes, and the stream's CRC. An error's offset is that of the field at
 * fault, from rec (the caller adds where the record's data lies). */
int eva_parse(const uint8_t *rec, size_t len, size_t max, eva_kernel *out, wa_err *e);

/* eva_parse, then decode the stream: *img is a malloc'd buffer of exactly out->unpacked bytes.
 * A stream that is damaged or ends early is an error at the stream offset where it stopped. */
int eva_unpack(const uint8_t *rec, size_t len, size_t max, eva_kernel *out, uint8_t **img,
               wa_err *e);

#endif
