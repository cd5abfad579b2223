/* test_eva.c: AVM's EVA kernel record (eva.h). A record built here around an ELF-like kernel
 * packed with liblzma, unpacked and probed through an AVM loader chain; each malformed field
 * an error at its offset; and the real Speedport W501V kernel.image when it is there. */
#include <criterion/criterion.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adam2rec.h"
#include "bytes.h"
#include "eva.h"
#include "kprobe.h"
#include "testutil.h"

#define BANNER "Linux version 2.6.13.1-wa (wa@emu) (gcc version 3.4.6) #1 Mon Jan 1 00:00:00 2007"
#define LOAD 0x94000000u

/* An ELF-like kernel: an ELF header, the banner and a SquashFS 2.2 announcement as 2.6.13
 * prints them, and text-like filler that LZMA packs well but not to nothing. */
static uint8_t *kernel_like(size_t n)
{
    uint8_t *k = calloc(1, n);
    static const uint8_t ehdr[] = {0x7f, 'E', 'L', 'F', 1, 1, 1, 0};
    memcpy(k, ehdr, sizeof ehdr);
    k[18] = 8; /* e_machine: MIPS */
    uint32_t x = 1;
    for (size_t i = 0x40; i < n; i++) {
        x = x * 1103515245u + 12345u;
        k[i] = (uint8_t)("etaoin shrdlu\n\0\0\0"[(x >> 16) % 18]);
    }
    memcpy(k + 0x1000, BANNER "\n", sizeof BANNER);
    static const char sq[] = "Squashfs 2.2-r2b (released 2006/02/23) (C) 2002-2005 Phillip Lougher";
    memcpy(k + 0x3000, sq, sizeof sq);
    return k;
}

/* The EVA record data lzma2eva writes around payload: header, then the raw LZMA1 stream. */
static uint8_t *eva_record(const uint8_t *payload, size_t n, size_t *len)
{
    lzma_options_lzma o;
    cr_assert(!lzma_lzma_preset(&o, 6));
    o.dict_size = 1u << 20;
    o.lc = 3, o.lp = 0, o.pb = 2;
    lzma_filter f[2] = {{LZMA_FILTER_LZMA1, &o}, {LZMA_VLI_UNKNOWN, NULL}};
    size_t cap = n + n / 2 + 4096, out = 0;
    uint8_t *rec = malloc(EVA_HEADER + cap);
    cr_assert_eq(lzma_raw_buffer_encode(f, NULL, payload, n, rec + EVA_HEADER, &out, cap), LZMA_OK);
    wr_le32(rec, EVA_TYPE_LZMA);
    wr_le32(rec + 4, (uint32_t)out);
    wr_le32(rec + 8, (uint32_t)n);
    wr_le32(rec + 12, lzma_crc32(rec + EVA_HEADER, out, 0));
    rec[16] = (uint8_t)((o.pb * 5 + o.lp) * 9 + o.lc);
    wr_le32(rec + 17, o.dict_size);
    rec[21] = rec[22] = rec[23] = 0;
    *len = EVA_HEADER + out;
    return rec;
}

/* An AVM loader chain: tag 0xFEED1281, the record, its checksum, the 8-byte end, padding. */
static uint8_t *avm_chain(const uint8_t *rec, size_t rlen, uint32_t entry, size_t *len)
{
    *len = 4 + 8 + rlen + 4 + 8 + 0x40;
    uint8_t *b = calloc(1, *len);
    wr_le32(b, ADAM2_TAG2);
    wr_le32(b + 4, (uint32_t)rlen);
    wr_le32(b + 8, LOAD);
    memcpy(b + 12, rec, rlen);
    wr_le32(b + 12 + rlen, adam2_checksum(LOAD, rec, (uint32_t)rlen));
    wr_le32(b + 16 + rlen, 0);
    wr_le32(b + 20 + rlen, entry);
    return b;
}

Test(eva, a_record_built_here_unpacks_and_probes)
{
    size_t n = 300000, rlen, clen;
    uint8_t *k = kernel_like(n), *rec = eva_record(k, n, &rlen);
    eva_kernel h;
    uint8_t *img;
    wa_err e = {0};
    cr_assert(eva_is_kernel(rec, rlen));
    cr_assert_eq(eva_unpack(rec, rlen, KPROBE_MAX_OUT, &h, &img, &e), WA_OK, "%s", e.msg);
    cr_expect_eq(h.packed, rlen - EVA_HEADER);
    cr_expect_eq(h.unpacked, n);
    cr_expect(h.lc == 3 && h.lp == 0 && h.pb == 2);
    cr_expect_eq(h.dict, 1u << 20);
    cr_expect_eq(h.crc, h.crc_computed);
    cr_expect(!memcmp(img, k, n), "the unpacked kernel is the one packed");
    free(img);

    /* in an AVM chain: the end record without a checksum is its normal end, and the kernel
     * probe unpacks the record to the load address */
    uint8_t *chain = avm_chain(rec, rlen, LOAD + 0x1000, &clen);
    adam2_chain c;
    cr_assert_eq(adam2_parse(chain, clen, 0, &c, &e), WA_OK, "%s", e.msg);
    cr_expect_eq(c.n, 1u);
    cr_expect_eq(c.first_bad, -1);
    cr_expect_eq(c.end_kind, ADAM2_END_AVM);
    cr_expect_eq(c.end, 12 + rlen + 4 + 8);
    adam2_seg s = {c.rec[0].addr, chain + c.rec[0].offset + 8, c.rec[0].length};
    kprobe_info p;
    cr_assert_eq(kprobe_run(&s, 1, &p, &e), WA_OK, "%s", e.msg);
    cr_expect_str_eq(p.payload, "eva");
    cr_expect_str_eq(p.banner, BANNER);
    cr_expect_eq(p.image_base, LOAD);
    cr_expect_eq(p.image_len, n);
    cr_expect_eq(p.eva.unpacked, n);
    cr_expect(p.sq_major == 2 && p.sq_minor == 2, "SquashFS %u.%u", p.sq_major, p.sq_minor);
    free(chain);
    free(rec);
    free(k);
}

/* Each field at fault: the error's code and the offset of that field in the record. */
Test(eva, malformed_records_name_the_field)
{
    size_t n = 100000, rlen;
    uint8_t *k = kernel_like(n), *good = eva_record(k, n, &rlen);
    uint8_t *r = malloc(rlen);
    static const struct {
        const char *what;
        size_t at;    /* byte changed */
        uint32_t val; /* le32 stored there (one byte for props) */
        int code;
        uint64_t off;
    } bad[] = {
        {"packed past the record", 4, 0x7fffffff, WA_E_TRUNC, 4},
        {"nothing unpacked", 8, 0, WA_E_FORMAT, 8},
        {"more than the limit", 8, 0x10000000, WA_E_LIMIT, 8},
        {"crc", 12, 0x12345678, WA_E_CHECKSUM, 12},
        {"properties byte", 16, 225, WA_E_FORMAT, 16},
        {"lc + lp beyond liblzma", 16, 8 + 9 * 1, WA_E_UNSUPPORTED, 16},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memcpy(r, good, rlen);
        if (bad[i].at == 16)
            r[16] = (uint8_t)bad[i].val;
        else
            wr_le32(r + bad[i].at, bad[i].val);
        eva_kernel h;
        uint8_t *img = (uint8_t *)1;
        wa_err e = {0};
        cr_expect_eq(eva_unpack(r, rlen, KPROBE_MAX_OUT, &h, &img, &e), bad[i].code, "%s: %s",
                     bad[i].what, e.msg);
        cr_expect_eq(e.offset, bad[i].off, "%s: offset %llu", bad[i].what,
                     (unsigned long long)e.offset);
        cr_expect_null(img, "%s", bad[i].what);
    }
    wa_err e = {0};
    eva_kernel h;
    uint8_t *img;
    /* a record a byte short of its packed size, not EVA's type, shorter than the header */
    cr_expect_eq(eva_parse(good, rlen - 1, KPROBE_MAX_OUT, &h, &e), WA_E_TRUNC);
    cr_expect_eq(e.offset, 4u);
    memcpy(r, good, rlen);
    r[0] ^= 1;
    cr_expect(!eva_is_kernel(r, rlen));
    cr_expect_eq(eva_parse(r, rlen, KPROBE_MAX_OUT, &h, &e), WA_E_FORMAT);
    cr_expect_eq(e.offset, 0u);
    cr_expect_eq(eva_parse(good, 20, KPROBE_MAX_OUT, &h, &e), WA_E_TRUNC);
    cr_expect_eq(e.offset, 20u);
    /* a stream cut in half, its size and CRC made to agree: it runs out inside the stream */
    memcpy(r, good, rlen);
    uint32_t half = (uint32_t)(rlen - EVA_HEADER) / 2;
    wr_le32(r + 4, half);
    wr_le32(r + 12, lzma_crc32(r + EVA_HEADER, half, 0));
    cr_expect_eq(eva_unpack(r, EVA_HEADER + half, KPROBE_MAX_OUT, &h, &img, &e), WA_E_TRUNC, "%s",
                 e.msg);
    cr_expect(e.offset > EVA_HEADER && e.offset <= EVA_HEADER + half, "offset %llu",
              (unsigned long long)e.offset);
    cr_expect(strstr(e.msg, "runs out after"), "%s", e.msg);
    /* a header that promises more than the stream holds: liblzma's end marker comes first */
    memcpy(r, good, rlen);
    wr_le32(r + 8, (uint32_t)n + 100);
    cr_expect_eq(eva_unpack(r, rlen, KPROBE_MAX_OUT, &h, &img, &e), WA_E_FORMAT, "%s", e.msg);
    cr_expect(strstr(e.msg, "end marker after 100000 of 100100"), "%s", e.msg);
    /* damaged stream bytes (CRC made to agree): an error inside the stream */
    memcpy(r, good, rlen);
    for (size_t i = EVA_HEADER + 40; i < EVA_HEADER + 80; i++)
        r[i] ^= 0x5a;
    wr_le32(r + 12, lzma_crc32(r + EVA_HEADER, rlen - EVA_HEADER, 0));
    int rc = eva_unpack(r, rlen, KPROBE_MAX_OUT, &h, &img, &e);
    if (rc == WA_OK) {
        cr_expect(memcmp(img, k, n), "damaged bytes decoded to the same kernel");
        free(img);
    } else {
        cr_expect(e.offset >= EVA_HEADER && e.offset <= rlen, "offset %llu",
                  (unsigned long long)e.offset);
    }
    /* through the kernel probe: the error and the segment that held the record */
    memcpy(r, good, rlen);
    wr_le32(r + 12, 0);
    adam2_seg s[2] = {{0x94000000, k, 4096}, {LOAD, r, (uint32_t)rlen}};
    kprobe_info p;
    cr_expect_eq(kprobe_run(s, 2, &p, &e), WA_E_CHECKSUM);
    cr_expect_str_eq(p.payload, "eva");
    cr_expect_eq(p.payload_seg, 1u);
    cr_expect_eq(e.offset, 12u);
    free(r);
    free(good);
    free(k);
}

#define W501V WA_SRC "/../shared/fixtures/third-party/speedport-w501v/kernel.image"

/* The real AVM image: the facts its README records, the EVA header as freetz's eva2lzma
 * reads it, and the unpacked kernel's first instruction at the entry (2.6.13's kernel_entry
 * starts with mfc0 t0, CP0_STATUS: 0x40086000), which only holds at the right load address. */
Test(eva, speedport_w501v_kernel_image)
{
    if (access(W501V, R_OK)) cr_skip_test("not run: " W501V " is not there");
    size_t n;
    uint8_t *b = slurp(W501V, &n);
    adam2_chain c;
    wa_err e = {0};
    cr_assert_eq(adam2_parse(b, n, 0, &c, &e), WA_OK, "%s", e.msg);
    cr_expect_eq(c.tag, ADAM2_TAG2);
    cr_expect_eq(c.n, 1u);
    cr_expect_eq(c.rec[0].length, 637955u);
    cr_expect_eq(c.rec[0].addr, 0x94000000u);
    cr_expect_eq(c.rec[0].stored, c.rec[0].computed);
    cr_expect_eq(c.entry, 0x941c5000u);
    cr_expect_eq(c.end_kind, ADAM2_END_AVM);
    cr_expect_eq(c.end_offset, 4u + 12 + 637955);
    cr_expect(c.end_word && c.end_stored == 0, "the word after AVM's end record is 0");
    cr_expect_eq(c.first_bad, -1, "AVM's end record is no bad checksum");
    adam2_seg s = {c.rec[0].addr, b + c.rec[0].offset + 8, c.rec[0].length};
    kprobe_info p;
    cr_assert_eq(kprobe_run(&s, 1, &p, &e), WA_OK, "%s", e.msg);
    cr_expect_str_eq(p.payload, "eva");
    cr_expect_eq(p.eva.packed, 637955u - EVA_HEADER);
    cr_expect_eq(p.eva.unpacked, 1966214u);
    cr_expect(p.eva.lc == 3 && p.eva.lp == 0 && p.eva.pb == 2);
    cr_expect_eq(p.eva.dict, 8u << 20);
    cr_expect_eq(p.eva.crc, 0x29176e12u);
    cr_expect_str_eq(p.banner, "Linux version 2.6.13.1-ohio (686) (gcc version 3.4.6) #9 Wed Apr "
                               "4 13:48:08 CEST 2007");
    cr_expect(p.sq_major == 2 && p.sq_minor == 2, "SquashFS %u.%u", p.sq_major, p.sq_minor);
    cr_expect_eq(p.image_base, 0x94000000u);
    eva_kernel h;
    uint8_t *img;
    cr_assert_eq(eva_unpack(s.data, s.size, KPROBE_MAX_OUT, &h, &img, &e), WA_OK, "%s", e.msg);
    cr_expect_eq(rd_le32(img + (c.entry - c.rec[0].addr)), 0x40086000u);
    free(img);
    free(b);
}
