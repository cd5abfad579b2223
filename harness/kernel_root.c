/* kernel_root.c: where the kernel mounts its root (kernel_root.h). */
#include "kernel_root.h"

#include <stdio.h>
#include <string.h>

/* ar7part's choice in words, offsets in the image (m4: mtd4's flash offset). */
static void ar7part_words(const ar7part_map *m, uint32_t m4, char *out, size_t cap)
{
    long long base = -(long long)m4;
    if (m->walk == AR7PART_LOST) {
        snprintf(out, cap,
                 "the kernel's ar7part parser walks the loader chain (tag 0x%08x at image 0x%llx) "
                 "off its end: after %u headers it reads at image 0x%llx, and finds no rootfs",
                 m->tag, base + m->linux_off, m->steps, base + m->end_header);
        return;
    }
    char start[256];
    if (m->walk == AR7PART_NO_TAG)
        snprintf(start, sizeof start,
                 "finds no loader tag at the start of erase blocks 1..%u (image 0x%llx-0x%llx), "
                 "so takes its default, flash 0x%x (image 0x%llx)",
                 AR7PART_TRIES, base + (m->linux_off / AR7PART_TRIES), base + m->linux_off,
                 AR7PART_ROOT_DEFAULT, base + AR7PART_ROOT_DEFAULT);
    else
        snprintf(start, sizeof start,
                 "takes the loader chain (tag 0x%08x at image 0x%llx) to its final record at "
                 "image 0x%llx, and just past its 12 bytes%s: image 0x%llx",
                 m->tag, base + m->linux_off, base + m->end_header + 4,
                 m->tag == ADAM2_TAG2 ? " rounded up to 256 bytes (AVM's tag)" : "",
                 base + m->root_before);
    snprintf(out, cap, "the kernel's ar7part parser %s; %s", start,
             m->magic ? "a SquashFS magic is there, so the rootfs starts there"
                      : "no SquashFS magic there, so the rootfs starts at the next erase block");
}

void wa_kernel_root(const wa_board *b, const uint8_t *flash, size_t flash_len, uint32_t flash_base,
                    const uint8_t *img, const mtd4_layout *l, const kprobe_info *k, wa_kroot *out)
{
    memset(out, 0, sizeof *out);
    uint32_t m4 = board_part_off(b, 4);
    ar7part_parse(flash, flash_len, flash_base, b->flash_size, b->erase_size, &out->ar7, NULL);
    if (out->ar7.walk != AR7PART_LOST && out->ar7.rootfs_off >= m4)
        out->ar7_offset = out->ar7.rootfs_off - m4;
    out->by = !k                                  ? WA_ROOT_GUESS
              : k->parser == KPROBE_PARTS_AR7PART ? WA_ROOT_AR7PART
              : k->parser == KPROBE_PARTS_ENV     ? WA_ROOT_ENV
                                                  : WA_ROOT_GUESS;
    if (out->by == WA_ROOT_AR7PART) {
        out->found = out->ar7.walk != AR7PART_LOST && out->ar7.rootfs_len;
        out->flash_off = out->ar7.rootfs_off;
        out->part_len = out->ar7.rootfs_len;
        ar7part_words(&out->ar7, m4, out->how, sizeof out->how);
    } else {
        out->found = 1;
        out->flash_off = board_part_off(b, 0);
        out->part_len = board_part_len(b, 0);
        snprintf(out->how, sizeof out->how,
                 "%s: mtd0 of the ADAM2 environment, 0x%08x (image 0x%x)",
                 out->by == WA_ROOT_ENV ? "the kernel's flash map driver (TI's)"
                                        : "the kernel's partition logic is not known",
                 b->mtd[0].start, out->flash_off - m4);
    }
    size_t data = l->trailer.data_len;
    if (out->found && out->flash_off >= m4) out->offset = out->flash_off - m4;
    if (out->found && out->flash_off >= m4 && out->offset < data) {
        out->in_image = 1;
        out->has_sqfs = mtd4_sqfs_at(img, data, out->offset, &out->sq, NULL) == WA_OK;
    }
}
