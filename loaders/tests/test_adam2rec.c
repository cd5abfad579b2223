/* test_adam2rec.c: loader records built from the real AR7 kernel's PT_LOAD segments, parsed
 * back, and every structural error with its offset. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adam2rec.h"
#include "bytes.h"
#include "elf.h"
#include "testutil.h"

Test(adam2rec, round_trip_of_the_ar7_kernel)
{
    size_t klen;
    uint8_t *k = slurp(WA_FIXTURES "/kernel/vmlinuz", &klen);
    elf_info elf;
    cr_assert_eq(elf_read(k, klen, &elf, NULL), WA_OK);
    adam2_seg segs[8];
    size_t n = 0;
    for (size_t i = 0; i < elf.nseg; i++)
        if (elf.seg[i].type == ELF_PT_LOAD && elf.seg[i].filesz)
            segs[n++] = (adam2_seg){elf.seg[i].vaddr, k + elf.seg[i].offset, elf.seg[i].filesz};
    cr_assert(n >= 1);
    size_t size = adam2_build_size(segs, n);
    uint8_t *buf = malloc(size);
    cr_assert_eq(adam2_build(segs, n, elf.entry, buf, size, NULL), WA_OK);
    adam2_chain c;
    wa_err e = {0};
    cr_assert_eq(adam2_parse(buf, size, 0, &c, &e), WA_OK, "%s", e.msg);
    cr_expect_eq(c.n, n);
    cr_expect_eq(c.entry, readelf_entry(WA_FIXTURES "/kernel/vmlinuz"));
    cr_expect_eq(c.end, size);
    cr_expect_eq(c.first_bad, -1);
    for (size_t i = 0; i < n; i++) {
        cr_expect_eq(c.rec[i].addr, segs[i].addr);
        cr_expect_eq(c.rec[i].length, segs[i].size);
        cr_expect(!memcmp(buf + c.rec[i].offset + 8, segs[i].data, segs[i].size));
        /* the checksum definition: address + length + data bytes + checksum == 0 */
        uint32_t sum = c.rec[i].addr + c.rec[i].length + c.rec[i].stored;
        for (uint32_t j = 0; j < segs[i].size; j++)
            sum += segs[i].data[j];
        cr_expect_eq(sum, 0u);
    }
    /* one changed data byte: structure intact, that record's checksum reported */
    buf[c.rec[0].offset + 8 + 1000] ^= 0x10;
    cr_assert_eq(adam2_parse(buf, size, 0, &c, NULL), WA_OK);
    cr_expect_eq(c.first_bad, 0);
    cr_expect_eq(c.rec[0].stored - c.rec[0].computed, 0x10u);
    /* cut short: the record runs past the limit, error at the record's offset */
    cr_expect_eq(adam2_parse(buf, size / 2, 0, &c, &e), WA_E_TRUNC);
    cr_expect_eq(e.offset, 4u);
    free(buf);
    free(k);
}

Test(adam2rec, structural_errors_name_offsets)
{
    uint8_t b[64] = {0};
    wa_err e = {0};
    adam2_chain c;
    cr_expect_eq(adam2_parse(b, sizeof b, 0, &c, &e), WA_E_FORMAT);
    cr_expect_eq(e.offset, 0u);
    cr_expect_eq(adam2_parse(b, 2, 0, &c, &e), WA_E_TRUNC);
    wr_le32(b + 8, ADAM2_TAG);
    wr_le32(b + 12, 100); /* a 100-byte record in a 64-byte buffer */
    cr_expect_eq(adam2_parse(b, sizeof b, 8, &c, &e), WA_E_TRUNC);
    cr_expect_eq(e.offset, 12u);
    cr_expect(strstr(e.msg, "run past"), "%s", e.msg);
    wr_le32(b + 12, 0); /* only the final record, with a wrong checksum */
    wr_le32(b + 16, 0x94000000);
    cr_expect_eq(adam2_parse(b, sizeof b, 8, &c, &e), WA_OK);
    cr_expect_eq(c.n, 0u);
    cr_expect_eq(c.first_bad, 0);
    wr_le32(b + 20, 0u - 0x94000000u);
    cr_expect_eq(adam2_parse(b, sizeof b, 8, &c, &e), WA_OK);
    cr_expect_eq(c.first_bad, -1);
    cr_expect_eq(c.entry, 0x94000000u);
    /* too many records: ADAM2_MAX_RECORDS + 1 records of 4 bytes each */
    size_t mlen = 4 + 16 * (ADAM2_MAX_RECORDS + 1) + 12;
    uint8_t *many = calloc(1, mlen);
    wr_le32(many, ADAM2_TAG);
    for (int i = 0; i <= ADAM2_MAX_RECORDS; i++)
        wr_le32(many + 4 + 16 * i, 4);
    cr_expect_eq(adam2_parse(many, mlen, 0, &c, &e), WA_E_LIMIT);
    cr_expect_eq(e.offset, 4u + 16u * ADAM2_MAX_RECORDS);
    free(many);
}

/* How a chain ends goes by its tag: TI's end record has a checksum, -(entry), checked like any
 * record's; AVM's (0xFEED1281) is the length 0 and the entry alone, so what follows (0 in AVM's
 * images) is no checksum to be wrong, and a buffer may end right after it. */
Test(adam2rec, ti_and_avm_end_records)
{
    uint8_t b[64] = {0};
    wa_err e = {0};
    adam2_chain c;
    static const uint8_t data[4] = {1, 2, 3, 4};
    for (int avm = 0; avm < 2; avm++) {
        memset(b, 0, sizeof b);
        wr_le32(b, avm ? ADAM2_TAG2 : ADAM2_TAG);
        wr_le32(b + 4, 4);
        wr_le32(b + 8, 0x94000000);
        memcpy(b + 12, data, 4);
        wr_le32(b + 16, adam2_checksum(0x94000000, data, 4));
        wr_le32(b + 20, 0);
        wr_le32(b + 24, 0x94000100); /* the entry; the word after it stays 0 */
        cr_assert_eq(adam2_parse(b, sizeof b, 0, &c, &e), WA_OK, "%s", e.msg);
        cr_expect_eq(c.n, 1u);
        cr_expect_eq(c.entry, 0x94000100u);
        cr_expect_eq(c.end_offset, 20u);
        cr_expect_eq(c.end_computed, 0u - 0x94000100u);
        cr_expect(c.end_word);
        cr_expect_eq(c.end_stored, 0u);
        if (avm) {
            cr_expect_eq(c.end_kind, ADAM2_END_AVM);
            cr_expect_eq(c.end, 28u, "AVM's end record is 8 bytes");
            cr_expect_eq(c.first_bad, -1, "a 0 after AVM's end record is its normal end");
            cr_expect_eq(adam2_parse(b, 28, 0, &c, &e), WA_OK, "the image may end at the entry");
            cr_expect(!c.end_word);
            /* a data record's checksum is checked under either tag */
            b[12] ^= 1;
            cr_expect_eq(adam2_parse(b, sizeof b, 0, &c, &e), WA_OK);
            cr_expect_eq(c.first_bad, 0);
        } else {
            cr_expect_eq(c.end_kind, ADAM2_END_TI);
            cr_expect_eq(c.end, 32u);
            cr_expect_eq(c.first_bad, 1, "TI's end record with checksum 0 is a bad checksum");
            cr_expect_eq(adam2_parse(b, 28, 0, &c, &e), WA_E_TRUNC, "TI's needs its checksum");
            wr_le32(b + 28, 0u - 0x94000100u);
            cr_expect_eq(adam2_parse(b, sizeof b, 0, &c, &e), WA_OK);
            cr_expect_eq(c.first_bad, -1);
            cr_expect_eq(c.end_stored, c.end_computed);
        }
    }
}
