/* adam2rec.h: the ADAM2 kernel loader records, the form in which a kernel sits in flash.
 * le32 tag 0xFEEDFA42 (TI's; ar7part also takes AVM's 0xFEED1281), then records
 *   le32 length, le32 load address, length data bytes, le32 checksum
 * where checksum = -(address + length + sum of the data bytes) mod 2^32. The last record has
 * length 0 and address = the kernel entry. How it ends depends on the tag:
 *  - TI (0xFEEDFA42): a checksum follows as for any record, -(address);
 *  - AVM (0xFEED1281): nothing follows: the end record is the length and the entry alone.
 *    freetz's and OpenWrt's lzma2eva, which make images AVM's bootloader boots, write these
 *    8 bytes and stop; in AVM's own Speedport W501V image the word after the entry is 0, the
 *    start of the zero padding before the rootfs, which ar7part looks for one word further on
 *    and rounded up to 256 bytes for this tag. So a "checksum" of 0 there is AVM's normal end.
 * Parse, verify, build. */
#ifndef WA_ADAM2REC_H
#define WA_ADAM2REC_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define ADAM2_TAG 0xFEEDFA42u
#define ADAM2_TAG2 0xFEED1281u
#define ADAM2_MAX_RECORDS 64

typedef struct adam2_rec {
    size_t offset;     /* where the record's length field is, in the buffer */
    uint32_t length;   /* data bytes */
    uint32_t addr;     /* load address (kseg0/kseg1) */
    uint32_t stored;   /* checksum in the record */
    uint32_t computed; /* checksum of what is there */
} adam2_rec;

/* How the chain ends (by its tag, above). */
enum { ADAM2_END_TI, ADAM2_END_AVM };

typedef struct adam2_chain {
    uint32_t tag;
    size_t start;      /* offset of the tag */
    size_t end;        /* offset just past the final record (TI: past its checksum) */
    uint32_t entry;    /* address of the final (length 0) record */
    size_t n;          /* data records, the final one not counted */
    size_t end_offset; /* where the final record's length field is */
    int end_kind;      /* ADAM2_END_TI or ADAM2_END_AVM */
    /* TI: the final record's checksum. AVM: the word after the entry, which is not part of
     * the chain (0 in AVM's images; end_word says whether the buffer holds one). */
    uint32_t end_stored;
    uint32_t end_computed; /* -(entry), TI's rule */
    int end_word;
    adam2_rec rec[ADAM2_MAX_RECORDS];
    int first_bad; /* index of the first record whose checksum is wrong (n = TI's final
                      record; AVM's end has no checksum to be wrong), or -1 */
} adam2_chain;

/* Parse the chain whose tag is at buf[at], ending before buf[limit] (limit <= len: the end of
 * the kernel's partition). A missing tag, a record that runs past limit, or more than
 * ADAM2_MAX_RECORDS records is an error with the offset; wrong checksums are not errors: they
 * are reported per record and in first_bad. */
int adam2_parse(const uint8_t *buf, size_t limit, size_t at, adam2_chain *out, wa_err *e);

/* One piece of a kernel to load: size bytes to address. */
typedef struct adam2_seg {
    uint32_t addr;
    const uint8_t *data;
    uint32_t size;
} adam2_seg;

/* Bytes that adam2_build writes for these segments. */
size_t adam2_build_size(const adam2_seg *segs, size_t n);

/* Write tag, one record per segment and the final record into out (cap bytes). */
int adam2_build(const adam2_seg *segs, size_t n, uint32_t entry, uint8_t *out, size_t cap,
                wa_err *e);

/* The record checksum of (addr, data[0..len)). */
uint32_t adam2_checksum(uint32_t addr, const uint8_t *data, uint32_t len);

#endif
