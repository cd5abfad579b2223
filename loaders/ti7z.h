/* ti7z.h: TI's "7z" kernel blob, the payload of the LZMA loader of TI's AR7 SDK (MontaVista
 * 2.4.17_mvl21 kernels: Linksys WAG200G, Huawei WA1003A). ADAM2 loads one record, TI's
 * loader (`tikernelunzip`, linked at the kernel's _fbss), which unpacks the blob it carries
 * to the kernel's load address and jumps there. The blob, all little-endian:
 *   +0   "7z" 0xbc 0xaf 0x27 0x1c   7-Zip's signature (the loader checks "7z" only)
 *   +6   2 bytes                    "02" as TI's 7zip tool writes it
 *   +8   le32 packed                bytes of the LZMA stream at +32
 *   +20  le32 unpacked              bytes the stream decodes to: the kernel image
 *   +32  the raw LZMA1 stream, lc=3 lp=0 pb=2, 2 MiB dictionary (hard-coded in the
 *        loader's decoder, not stored), no end marker needed: it ends at unpacked
 * The other header words (+12, +16, +24, +28) are not read by the loader. Sources: the
 * loader's own code (inflater/inflate in Tetramatrix/wag200gfirmware, tidecompress and
 * cm_hwDecodeLZMA, ../shared/research/ti-2.4-boot.md §1.3) and the WAG200G's
 * ram_zimage_pad.bin, whose blob at file offset 0x4b60 has packed 0x9082e and unpacked
 * 0x211000 and decodes to exactly `objcopy -O binary vmlinux`. The loader is linked at the
 * end of the kernel image, so the kernel's load address is the record's address less the
 * unpacked size (0x94231000 - 0x211000 = 0x94020000, the loader's hard-coded output). */
#ifndef WA_TI7Z_H
#define WA_TI7Z_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define TI7Z_HEADER 32 /* bytes before the LZMA stream */

typedef struct ti7z_blob {
    size_t offset;     /* of the signature in the record's data */
    uint32_t packed;   /* as stored (+8) */
    uint32_t unpacked; /* as stored (+20) */
    size_t stream;     /* bytes of LZMA given to the decoder: packed, or what the record holds */
} ti7z_blob;

/* The first TI 7z blob in rec[0..len), or -1 when there is none. */
long ti7z_find(const uint8_t *rec, size_t len);

/* Read the header at rec[at] and decode the stream: *img is a malloc'd buffer of exactly
 * out->unpacked bytes (1..max). A header that claims more than the record holds, more than
 * max, or a stream that is damaged or ends early is an error whose offset is in rec. */
int ti7z_unpack(const uint8_t *rec, size_t len, size_t at, size_t max, ti7z_blob *out,
                uint8_t **img, wa_err *e);

#endif
