/* misplaced.c: the causes of misplaced parts (misplaced.h). */
#include "misplaced.h"

#include <stdio.h>

static int pow2(uint64_t v)
{
    return v && !(v & (v - 1));
}

int wa_sqfs_search(const uint8_t *img, size_t len, size_t from, mtd4_sqfs *out)
{
    for (size_t o = (from + 3) & ~(size_t)3; o + 96 <= len; o += 4) {
        if (mtd4_sqfs_at(img, len, o, out, NULL) != WA_OK) continue;
        if (out->major < 1 || out->major > 4 || !pow2(out->block_size) || out->block_size < 512 ||
            out->block_size > (1u << 20))
            continue;
        if (out->bytes_used && (out->bytes_used < 96 || out->bytes_used > len - o)) continue;
        if (out->major == 4 && (out->compression < 1 || out->compression > 6)) continue;
        return 1;
    }
    return 0;
}

void wa_shift_cause(size_t found, size_t want, uint32_t erase, char *cause, size_t cap, char *hint,
                    size_t hcap)
{
    if (found > want) {
        size_t d = found - want;
        if (erase && d % erase == 0) {
            size_t n = d / erase;
            if (n == 1)
                snprintf(cause, cap,
                         "the kernel part is 0x%zx bytes (one erase block of %u KiB) too long", d,
                         erase >> 10);
            else
                snprintf(cause, cap,
                         "the kernel part is 0x%zx bytes (%zu erase blocks of %u KiB) too long", d,
                         n, erase >> 10);
            snprintf(hint, hcap,
                     "cut 0x%zx bytes of the padding before the rootfs (image 0x%zx-0x%zx), or "
                     "rebuild the image with wa-emu pack --board",
                     d, want, found);
        } else {
            snprintf(cause, cap,
                     "0x%zx bytes before the rootfs (image 0x%zx-0x%zx) that the "
                     "kernel does not expect: a header, or padding to another "
                     "boundary",
                     d, want, found);
            snprintf(hint, hcap,
                     "remove the 0x%zx bytes before the rootfs, or rebuild the image "
                     "with wa-emu pack --board",
                     d);
        }
    } else {
        size_t d = want - found;
        snprintf(cause, cap, "the kernel part is 0x%zx bytes short of image 0x%zx", d, want);
        snprintf(hint, hcap,
                 "pad the kernel part with 0x%zx bytes of 0xFF to image 0x%zx, or "
                 "rebuild the image with wa-emu pack --board",
                 d, want);
    }
}

void wa_tag_shift_report(const mtd4_layout *l, size_t kernel_at, wa_report *r)
{
    if (!l->has_chain || l->chain.start == kernel_at) return;
    char ev[400];
    size_t at = l->chain.start;
    snprintf(ev, sizeof ev,
             "loader tag 0x%08x at image 0x%zx; the board's mtd1 starts at image 0x%zx; the "
             "image is 0x%zx bytes%s%s",
             l->chain.tag, at, kernel_at, l->len, l->has_rootfs ? "" : ", no SquashFS in it",
             l->trailer.present ? "" : ", no TI trailer");
    if (at == 0 && kernel_at)
        wa_add(r, "adam2", WA_INFO, "loader-tag-offset", ev,
               "write the dump of mtd4 (cat /dev/mtdblock/4 on the box), or build the image with "
               "wa-emu pack --board",
               "the loader tag is at 0, not 0x%zx: this is a dump of mtd1 (the kernel alone, "
               "which starts 0x%zx into mtd4), not of mtd4",
               kernel_at, kernel_at);
    else
        wa_add(r, "adam2", WA_INFO, "loader-tag-offset", ev,
               at > kernel_at ? "remove what lies before the loader tag, or build the image "
                                "with wa-emu pack --board"
                              : "pad the start of the image to the board's mtd1, or build the "
                                "image with wa-emu pack --board",
               "the loader tag is at 0x%zx, not 0x%zx: the kernel part starts 0x%zx bytes %s", at,
               kernel_at, at > kernel_at ? at - kernel_at : kernel_at - at,
               at > kernel_at ? "late" : "early");
}
