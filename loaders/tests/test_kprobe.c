/* test_kprobe.c: static probes of the real AR7 kernel. The compressed vmlinuz (its own LZMA
 * self-extractor) must give the same facts as the uncompressed vmlinux with symbols:
 * Linux 6.1 (the banner vmlinux holds), SquashFS 4.0 with zlib only, "rootfstype=squashfs,jffs2".
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"
#include "kprobe.h"
#include "testutil.h"

static void probe_elf(const char *path, kprobe_info *k)
{
    size_t n;
    uint8_t *b = slurp(path, &n);
    elf_info e;
    cr_assert_eq(elf_read(b, n, &e, NULL), WA_OK);
    adam2_seg segs[8];
    size_t ns = 0;
    for (size_t i = 0; i < e.nseg && ns < 8; i++)
        if (e.seg[i].type == ELF_PT_LOAD && e.seg[i].filesz)
            segs[ns++] = (adam2_seg){e.seg[i].vaddr, b + e.seg[i].offset, e.seg[i].filesz};
    cr_assert_eq(kprobe_run(segs, ns, k, NULL), WA_OK);
    free(b);
}

Test(kprobe, vmlinuz_and_vmlinux_agree)
{
    kprobe_info z, x;
    probe_elf(WA_FIXTURES "/kernel/vmlinuz", &z);
    probe_elf(WA_FIXTURES "/kernel/vmlinux", &x);
    cr_expect_str_eq(z.payload, "lzma");
    cr_expect_str_eq(x.payload, "none");
    char banner[256];
    kernel_banner(banner, sizeof banner);
    cr_expect(!strncmp(z.banner, "Linux version 6.1.", 18), "%s", z.banner);
    cr_expect_str_eq(z.banner, banner, "the probe's banner is the one vmlinux holds");
    cr_expect(strstr(z.banner, "#"), "%s", z.banner);
    cr_expect_str_eq(z.banner, x.banner);
    cr_expect_eq(z.sq_major, 4);
    cr_expect_eq(z.sq_minor, 0);
    cr_expect(z.sq_comp_known);
    cr_expect_eq(z.sq_comp_mask, 1u << 1, "mask 0x%x: zlib only", z.sq_comp_mask);
    cr_expect_eq(x.sq_comp_mask, z.sq_comp_mask);
    cr_expect_str_eq(z.cmdline, "rootfstype=squashfs,jffs2");
    cr_expect_str_eq(x.cmdline, z.cmdline);
    /* the load address found from the table is where vmlinux's first PT_LOAD goes */
    cr_expect_eq(z.image_base, readelf_load(WA_FIXTURES "/kernel/vmlinux", READELF_VADDR));
    cr_expect_eq(z.image_len, readelf_load(WA_FIXTURES "/kernel/vmlinux", READELF_FILESZ),
                 "decompressed 0x%zx bytes", z.image_len);
}

Test(kprobe, other_bytes_give_nothing)
{
    uint8_t junk[65536];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (uint8_t)(i * 2654435761u >> 13);
    adam2_seg s = {0x94000000, junk, sizeof junk};
    kprobe_info k;
    cr_expect_eq(kprobe_run(&s, 1, &k, NULL), WA_OK);
    cr_expect_str_eq(k.banner, "");
    cr_expect_eq(k.sq_major, 0);
    wa_err e = {0};
    cr_expect_eq(kprobe_run(&s, 0, &k, &e), WA_E_USAGE);
}

Test(kprobe, comp_list_names)
{
    char buf[64];
    kprobe_comp_list((1u << 1) | (1u << 4) | (1u << 6), buf, sizeof buf);
    cr_expect_str_eq(buf, "gzip xz zstd");
}
