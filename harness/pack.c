/* pack.c: mtd4 image builder (layout in pack.h). */
#include "pack.h"

#include <stdlib.h>
#include <string.h>

#include "adam2rec.h"
#include "bytes.h"
#include "elf.h"
#include "mtd4.h"
#include "tichksum.h"

/* The kernel given as ADAM2 loader records already (TI's ram_zimage_pad.bin, the kernel part
 * of a dump): the chain byte for byte at mtd1, its padding up to mtd0 made 0xFF. */
static int pack_records(const wa_board *b, const uint8_t *kernel, size_t klen,
                        const uint8_t *rootfs, size_t rlen, uint8_t **out, size_t *outlen,
                        wa_err *e)
{
    adam2_chain c;
    if (adam2_parse(kernel, klen, 0, &c, e)) {
        wa_err_prefix(e, "kernel (loader records): ");
        return e ? e->code : WA_E_FORMAT;
    }
    uint32_t mtd4 = board_part_off(b, 4), mtd4_len = board_part_len(b, 4);
    size_t kat = board_part_off(b, 1) - mtd4, rat = board_part_off(b, 0) - mtd4;
    size_t end = kat + c.end, total = rat + rlen + TI_TRAILER_LEN;
    if (end > rat)
        return wa_fail(e, WA_E_RANGE, c.end,
                       "the kernel's records end at 0x%zx, past mtd0 at 0x%zx: the kernel does "
                       "not fit mtd1 of board %s",
                       end, rat, b->name);
    if (total > mtd4_len)
        return wa_fail(e, WA_E_RANGE, total,
                       "the image would be 0x%zx bytes; mtd4 of board %s holds 0x%x", total,
                       b->name, mtd4_len);
    uint8_t *img = malloc(total);
    if (!img) return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "out of memory");
    memset(img, 0xff, rat);
    if (kat >= 12) {
        wr_le32(img, ADAM2_TAG);
        wr_le32(img + 4, (uint32_t)(kat - 12));
        wr_le32(img + 8, 0);
    }
    memcpy(img + kat, kernel, c.end);
    memcpy(img + rat, rootfs, rlen);
    ti_trailer_make(img, rat + rlen, img + rat + rlen);
    *out = img;
    *outlen = total;
    return WA_OK;
}

int wa_pack(const wa_board *b, const uint8_t *kernel, size_t klen, const uint8_t *rootfs,
            size_t rlen, uint8_t **out, size_t *outlen, wa_err *e)
{
    if (klen >= 4 && (rd_le32(kernel) == ADAM2_TAG || rd_le32(kernel) == ADAM2_TAG2)) {
        mtd4_sqfs sq;
        if (mtd4_sqfs_at(rootfs, rlen, 0, &sq, e)) {
            wa_err_prefix(e, "rootfs: ");
            return e ? e->code : WA_E_FORMAT;
        }
        return pack_records(b, kernel, klen, rootfs, rlen, out, outlen, e);
    }
    elf_info elf;
    if (elf_read(kernel, klen, &elf, e)) {
        wa_err_prefix(e, "kernel: ");
        return e ? e->code : WA_E_FORMAT;
    }
    if (elf.machine != ELF_EM_MIPS || elf.big_endian)
        return wa_fail(e, WA_E_UNSUPPORTED, 18, "kernel: not a little-endian MIPS ELF (machine %u)",
                       elf.machine);
    mtd4_sqfs sq;
    if (mtd4_sqfs_at(rootfs, rlen, 0, &sq, e)) {
        wa_err_prefix(e, "rootfs: ");
        return e ? e->code : WA_E_FORMAT;
    }

    adam2_seg segs[ADAM2_MAX_RECORDS];
    size_t n = 0;
    uint32_t top = 0;
    for (size_t i = 0; i < elf.nseg; i++) {
        const elf_seg *s = &elf.seg[i];
        if (s->type != ELF_PT_LOAD || !s->filesz) continue;
        if (n + 1 == ADAM2_MAX_RECORDS)
            return wa_fail(e, WA_E_LIMIT, elf.phoff, "kernel: too many segments");
        segs[n++] = (adam2_seg){s->vaddr, kernel + s->offset, s->filesz};
        if (s->vaddr + s->memsz > top) top = s->vaddr + s->memsz;
    }
    if (!n) return wa_fail(e, WA_E_FORMAT, elf.phoff, "kernel: no PT_LOAD segment with data");

    uint32_t mtd4 = board_part_off(b, 4), mtd4_len = board_part_len(b, 4);
    size_t kat = board_part_off(b, 1) - mtd4, rat = board_part_off(b, 0) - mtd4;
    size_t erase = b->erase_size;
    size_t end = kat + adam2_build_size(segs, n);
    /* A zero-filled record after the kernel's memory image, so that ar7part's rounding of the
     * chain end lands on mtd0 (only possible when mtd0 is erase-aligned). */
    uint8_t *zeros = NULL;
    if (rat % erase == 0 && end + erase <= rat) {
        uint32_t fill = (uint32_t)(rat - erase + 16 - end - 12);
        zeros = calloc(1, fill);
        if (!zeros) return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "out of memory");
        segs[n++] = (adam2_seg){(top + 15) & ~15u, zeros, fill};
        end += 12 + fill;
    }
    size_t total = rat + rlen + TI_TRAILER_LEN;
    if (end > rat || total > mtd4_len) {
        free(zeros);
        if (end > rat)
            return wa_fail(e, WA_E_RANGE, end,
                           "the kernel's records end at 0x%zx, past mtd0 at 0x%zx: the kernel "
                           "does not fit mtd1 of board %s",
                           end, rat, b->name);
        return wa_fail(e, WA_E_RANGE, total,
                       "the image would be 0x%zx bytes; mtd4 of board %s holds 0x%x", total,
                       b->name, mtd4_len);
    }
    uint8_t *img = malloc(total);
    if (!img) {
        free(zeros);
        return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "out of memory");
    }
    memset(img, 0xff, rat);
    if (kat >= 12) {
        wr_le32(img, ADAM2_TAG);
        wr_le32(img + 4, (uint32_t)(kat - 12));
        wr_le32(img + 8, 0);
    }
    int rc = adam2_build(segs, n, elf.entry, img + kat, rat - kat, e);
    free(zeros);
    if (rc) {
        free(img);
        return rc;
    }
    memcpy(img + rat, rootfs, rlen);
    ti_trailer_make(img, rat + rlen, img + rat + rlen);
    *out = img;
    *outlen = total;
    return WA_OK;
}
