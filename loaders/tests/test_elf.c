/* test_elf.c: the ELF reader on real binaries (the AR7 kernel, Debian's mipsel busybox, the
 * x86 noip2) and on damaged headers. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "elf.h"
#include "testutil.h"

Test(elf, ar7_kernel_as_readelf_reads_it)
{
    size_t n;
    uint8_t *b = slurp(WA_FIXTURES "/kernel/vmlinux", &n);
    elf_info e;
    cr_assert_eq(elf_read(b, n, &e, NULL), WA_OK);
    cr_expect_eq(e.machine, ELF_EM_MIPS);
    cr_expect(!e.big_endian);
    const char *k = WA_FIXTURES "/kernel/vmlinux";
    cr_expect_eq(e.entry, readelf_entry(k));
    cr_expect_eq(e.seg[0].type, ELF_PT_LOAD);
    cr_expect_eq(e.seg[0].vaddr, readelf_load(k, READELF_VADDR));
    cr_expect_eq(e.seg[0].filesz, readelf_load(k, READELF_FILESZ));
    /* and the entry is the kernel's kernel_entry in its System.map */
    cr_expect_eq(e.entry, kernel_symbol("kernel_entry"));
    free(b);
}

Test(elf, busybox_static_and_dynamic)
{
    size_t n;
    uint8_t *b = slurp(WA_FIXTURES "/debs/busybox-static/bin/busybox", &n);
    elf_info e;
    cr_assert_eq(elf_read(b, n, &e, NULL), WA_OK);
    cr_expect_eq(e.machine, ELF_EM_MIPS);
    cr_expect_str_eq(e.interp, "");
    free(b);
    b = slurp(WA_FIXTURES "/debs/busybox/bin/busybox", &n);
    cr_assert_eq(elf_read(b, n, &e, NULL), WA_OK);
    cr_expect_str_eq(e.interp, "/lib/ld.so.1");
    cr_expect_str_eq(elf_mips_arch(e.flags), "MIPS32R2");
    free(b);
}

Test(elf, damaged_headers_give_offsets)
{
    size_t n;
    uint8_t *b = slurp(WA_FIXTURES "/kernel/vmlinux", &n);
    elf_info e;
    wa_err err = {0};
    cr_expect_eq(elf_read(b, 30, &e, &err), WA_E_TRUNC);
    cr_expect_eq(elf_read((const uint8_t *)"MZ\x90\x00", 4, &e, &err), WA_E_FORMAT);
    cr_expect_eq(err.offset, 0u);
    uint8_t *c = malloc(n);
    memcpy(c, b, n);
    c[4] = 2; /* ELF64 */
    cr_expect_eq(elf_read(c, n, &e, &err), WA_E_UNSUPPORTED);
    cr_expect_eq(err.offset, 4u);
    memcpy(c, b, n);
    /* the first segment's bytes cut off: a truncated kernel */
    cr_expect_eq(elf_read(c, 0x2000, &e, &err), WA_E_TRUNC);
    cr_expect_eq(err.offset, rd_le32(b + 28));
    cr_expect(strstr(err.msg, "past the end"), "%s", err.msg);
    wr_le32(c + 28, 0xfffffff0u); /* program headers far outside */
    cr_expect_eq(elf_read(c, n, &e, &err), WA_E_TRUNC);
    free(c);
    free(b);
}

/* A segment without file bytes (all bss) may name any offset, as Linux maps nothing from the
 * file for it; one with file bytes past the end is truncated. */
Test(elf, bss_only_segment_may_point_past_the_end)
{
    size_t n;
    uint8_t *b = slurp(WA_FIXTURES "/debs/busybox-static/bin/busybox", &n);
    elf_info e;
    wa_err err = {0};
    cr_assert_eq(elf_read(b, n, &e, NULL), WA_OK);
    uint32_t ph = rd_le32(b + 28);
    uint16_t phentsize = rd_le16(b + 42);
    size_t last = 0;
    for (size_t i = 0; i < e.nseg; i++)
        if (e.seg[i].type == ELF_PT_LOAD) last = i;
    uint8_t *s = b + ph + last * phentsize;
    wr_le32(s + 4, (uint32_t)n + 0x1000); /* p_offset past the end */
    wr_le32(s + 16, 0);                   /* p_filesz 0 */
    cr_expect_eq(elf_read(b, n, &e, &err), WA_OK, "%s", err.msg);
    wr_le32(s + 16, 4); /* 4 file bytes there: truncated */
    cr_expect_eq(elf_read(b, n, &e, &err), WA_E_TRUNC);
    free(b);
}
