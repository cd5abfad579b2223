/* adam2rec.c: ADAM2 loader records. */
#include "adam2rec.h"

#include <string.h>

#include "bytes.h"

uint32_t adam2_checksum(uint32_t addr, const uint8_t *data, uint32_t len)
{
    uint32_t sum = addr + len;
    for (uint32_t i = 0; i < len; i++)
        sum += data[i];
    return 0u - sum;
}

int adam2_parse(const uint8_t *buf, size_t limit, size_t at, adam2_chain *out, wa_err *e)
{
    memset(out, 0, sizeof *out);
    out->first_bad = -1;
    out->start = at;
    if (!in_bounds(limit, at, 4))
        return wa_fail(e, WA_E_TRUNC, at, "no room for the loader tag at 0x%zx", at);
    out->tag = rd_le32(buf + at);
    if (out->tag != ADAM2_TAG && out->tag != ADAM2_TAG2)
        return wa_fail(e, WA_E_FORMAT, at, "loader tag is 0x%08x, not 0x%08x", out->tag, ADAM2_TAG);
    size_t off = at + 4;
    for (size_t i = 0;; i++) {
        if (!in_bounds(limit, off, 8))
            return wa_fail(e, WA_E_TRUNC, off, "record %zu header at 0x%zx runs past 0x%zx", i, off,
                           limit);
        uint32_t len = rd_le32(buf + off), addr = rd_le32(buf + off + 4);
        if (len == 0 && out->tag == ADAM2_TAG2) {
            out->entry = addr;
            out->end_offset = off;
            out->end = off + 8;
            out->n = i;
            out->end_kind = ADAM2_END_AVM;
            out->end_computed = adam2_checksum(addr, NULL, 0);
            out->end_word = in_bounds(limit, off + 8, 4);
            out->end_stored = out->end_word ? rd_le32(buf + off + 8) : 0;
            return WA_OK;
        }
        if (!in_bounds(limit, off + 8, (uint64_t)len + 4))
            return wa_fail(e, WA_E_TRUNC, off,
                           "record %zu at 0x%zx: %u data bytes for 0x%08x run past 0x%zx", i, off,
                           len, addr, limit);
        if (len && i >= ADAM2_MAX_RECORDS)
            return wa_fail(e, WA_E_LIMIT, off, "more than %d loader records", ADAM2_MAX_RECORDS);
        uint32_t stored = rd_le32(buf + off + 8 + len);
        uint32_t computed = adam2_checksum(addr, buf + off + 8, len);
        if (stored != computed && out->first_bad < 0) out->first_bad = (int)i;
        if (len == 0) {
            out->entry = addr;
            out->end_offset = off;
            out->end = off + 12;
            out->n = i;
            out->end_kind = ADAM2_END_TI;
            out->end_stored = stored;
            out->end_computed = computed;
            out->end_word = 1;
            return WA_OK;
        }
        out->rec[i] = (adam2_rec){off, len, addr, stored, computed};
        off += 12 + (size_t)len;
    }
}

size_t adam2_build_size(const adam2_seg *segs, size_t n)
{
    size_t total = 4 + 12;
    for (size_t i = 0; i < n; i++)
        total += 12 + segs[i].size;
    return total;
}

int adam2_build(const adam2_seg *segs, size_t n, uint32_t entry, uint8_t *out, size_t cap,
                wa_err *e)
{
    if (n > ADAM2_MAX_RECORDS)
        return wa_fail(e, WA_E_LIMIT, WA_NO_OFFSET, "%zu segments, at most %d records", n,
                       ADAM2_MAX_RECORDS);
    if (adam2_build_size(segs, n) > cap)
        return wa_fail(e, WA_E_RANGE, cap, "records need %zu bytes, room for %zu",
                       adam2_build_size(segs, n), cap);
    wr_le32(out, ADAM2_TAG);
    size_t off = 4;
    for (size_t i = 0; i < n; i++) {
        wr_le32(out + off, segs[i].size);
        wr_le32(out + off + 4, segs[i].addr);
        if (segs[i].size) memcpy(out + off + 8, segs[i].data, segs[i].size);
        wr_le32(out + off + 8 + segs[i].size,
                adam2_checksum(segs[i].addr, segs[i].data, segs[i].size));
        off += 12 + segs[i].size;
    }
    wr_le32(out + off, 0);
    wr_le32(out + off + 4, entry);
    wr_le32(out + off + 8, adam2_checksum(entry, NULL, 0));
    return WA_OK;
}
