/* tichksum.c: POSIX cksum CRC (slicing-by-8) and the TI trailer. */
#include "tichksum.h"

#include "bytes.h"
#include "tichksum_table.h"

void ti_cksum_init(ti_cksum_ctx *c)
{
    c->crc = 0;
    c->len = 0;
}

static uint32_t crc_bytes(uint32_t crc, const uint8_t *p, size_t n)
{
    const uint32_t(*T)[256] = ti_crc_table;
    while (n >= 8) {
        uint32_t a = rd_be32(p) ^ crc, b = rd_be32(p + 4);
        crc = T[7][a >> 24] ^ T[6][(a >> 16) & 0xff] ^ T[5][(a >> 8) & 0xff] ^ T[4][a & 0xff] ^
              T[3][b >> 24] ^ T[2][(b >> 16) & 0xff] ^ T[1][(b >> 8) & 0xff] ^ T[0][b & 0xff];
        p += 8;
        n -= 8;
    }
    while (n--)
        crc = crc << 8 ^ T[0][(crc >> 24) ^ *p++];
    return crc;
}

void ti_cksum_update(ti_cksum_ctx *c, const uint8_t *p, size_t n)
{
    c->crc = crc_bytes(c->crc, p, n);
    c->len += n;
}

uint32_t ti_cksum_final(const ti_cksum_ctx *c)
{
    uint32_t crc = c->crc;
    for (uint64_t n = c->len; n; n >>= 8) {
        uint8_t b = (uint8_t)n;
        crc = crc_bytes(crc, &b, 1);
    }
    return ~crc;
}

uint32_t ti_cksum(const uint8_t *p, size_t n)
{
    ti_cksum_ctx c;
    ti_cksum_init(&c);
    ti_cksum_update(&c, p, n);
    return ti_cksum_final(&c);
}

int ti_trailer_read(const uint8_t *img, size_t len, ti_trailer *out, wa_err *e)
{
    out->present = len >= TI_TRAILER_LEN && rd_le32(img + len - 8) == TI_TRAILER_MAGIC;
    out->data_len = out->present ? len - TI_TRAILER_LEN : len;
    out->stored = out->present ? rd_le32(img + len - 4) : 0;
    out->computed = ti_cksum(img, out->data_len);
    return WA_OK;
}

void ti_trailer_make(const uint8_t *data, size_t len, uint8_t out8[TI_TRAILER_LEN])
{
    wr_le32(out8, TI_TRAILER_MAGIC);
    wr_le32(out8 + 4, ti_cksum(data, len));
}
