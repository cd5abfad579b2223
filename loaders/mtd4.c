/* mtd4.c: the mtd4 split. */
#include "mtd4.h"

#include <string.h>

#include "bytes.h"

/* SquashFS magics as the first four bytes read: standard, then vendor variants. */
static const struct {
    char magic[5];
    int big_endian;
} magics[] = {
    {"hsqs", 0}, {"sqsh", 1}, /* standard */
    {"shsq", 0}, {"qshs", 1}, /* sqlzma / Broadcom */
    {"hsqt", 0}, {"tqsh", 1}, /* DD-WRT */
    {"zlqs", 0}, {"sqlz", 1}, /* non-standard v2/v3: the bytes reversed, as in each pair */
};

const char *mtd4_comp_name(unsigned id)
{
    static const char *const names[] = {"?", "gzip", "lzma", "lzo", "xz", "lz4", "zstd"};
    return id < sizeof names / sizeof names[0] ? names[id] : "?";
}

int mtd4_sqfs_at(const uint8_t *img, size_t len, size_t off, mtd4_sqfs *out, wa_err *e)
{
    memset(out, 0, sizeof *out);
    if (!in_bounds(len, off, 4))
        return wa_fail(e, WA_E_TRUNC, off, "no SquashFS magic: past the end");
    size_t k;
    for (k = 0; k < sizeof magics / sizeof magics[0]; k++)
        if (!memcmp(img + off, magics[k].magic, 4)) break;
    if (k == sizeof magics / sizeof magics[0])
        return wa_fail(e, WA_E_FORMAT, off, "no SquashFS magic at 0x%zx", off);
    memcpy(out->magic, magics[k].magic, 5);
    out->offset = off;
    out->big_endian = magics[k].big_endian;
    if (!in_bounds(len, off, 96))
        return wa_fail(e, WA_E_TRUNC, off, "SquashFS superblock at 0x%zx is cut off", off);
    const uint8_t *s = img + off;
    uint16_t (*r16)(const uint8_t *) = out->big_endian ? rd_be16 : rd_le16;
    uint32_t (*r32)(const uint8_t *) = out->big_endian ? rd_be32 : rd_le32;
    uint64_t (*r64)(const uint8_t *) = out->big_endian ? rd_be64 : rd_le64;
    out->major = r16(s + 28);
    out->minor = r16(s + 30);
    switch (out->major) {
    case 1:
        out->bytes_used = r32(s + 8);
        out->block_size = r16(s + 32);
        break;
    case 2:
        out->bytes_used = r32(s + 8);
        out->block_size = r32(s + 51);
        break;
    case 3:
        out->bytes_used = r64(s + 63);
        out->block_size = r32(s + 51);
        break;
    case 4:
        out->bytes_used = r64(s + 40);
        out->block_size = r32(s + 12);
        out->compression = r16(s + 20);
        break;
    }
    return WA_OK;
}

int mtd4_split(const uint8_t *img, size_t len, size_t kernel_at, size_t rootfs_at, uint32_t erase,
               mtd4_layout *out, wa_err *e)
{
    memset(out, 0, sizeof *out);
    if (erase == 0 || (erase & (erase - 1)))
        return wa_fail(e, WA_E_USAGE, WA_NO_OFFSET, "erase size 0x%x is not a power of two", erase);
    out->len = len;
    ti_trailer_read(img, len, &out->trailer, NULL);
    size_t data = out->trailer.data_len;

    /* The loader tag: where the board says, else the first one in the first erase block. */
    size_t tag = SIZE_MAX;
    if (in_bounds(data, kernel_at, 4) &&
        (rd_le32(img + kernel_at) == ADAM2_TAG || rd_le32(img + kernel_at) == ADAM2_TAG2))
        tag = kernel_at;
    for (size_t o = 0; tag == SIZE_MAX && o + 4 <= data && o < erase; o += 4)
        if (rd_le32(img + o) == ADAM2_TAG || rd_le32(img + o) == ADAM2_TAG2) tag = o;
    if (tag != SIZE_MAX) {
        out->has_chain = 1;
        adam2_parse(img, data, tag, &out->chain, &out->chain_err);
    }
    size_t chain_end = out->has_chain && !out->chain_err.code ? out->chain.end : 0;

    /* The rootfs: where the board says, at the end of the chain, else the first 256-byte
     * aligned superblock after the kernel. */
    size_t cand[] = {rootfs_at, chain_end};
    for (size_t i = 0; i < 2 && !out->has_rootfs; i++)
        if (cand[i] && mtd4_sqfs_at(img, data, cand[i], &out->rootfs, NULL) == WA_OK)
            out->has_rootfs = 1;
    for (size_t o = (chain_end + 0xff) & ~(size_t)0xff; !out->has_rootfs && o + 4 <= data;
         o += 0x100)
        if (mtd4_sqfs_at(img, data, o, &out->rootfs, NULL) == WA_OK) out->has_rootfs = 1;

    return WA_OK;
}
