/* test_ti7z.c: TI's "7z" kernel blob (ti7z.h) and what the kernel probe reads from a 2.4 TI
 * SDK kernel inside it. A blob built here around a kernel-like image with the 2.4 driver's
 * messages and the code that passes its minor, unpacked and probed through a TI record; each
 * malformed field an error at its offset; and the real WAG200G ram_zimage_pad.bin when it is
 * there, whose unpacked kernel must be `objcopy -O binary` of its vmlinux byte for byte. */
#include <criterion/criterion.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adam2rec.h"
#include "bytes.h"
#include "kprobe.h"
#include "squashfs_rules.h"
#include "testutil.h"
#include "ti7z.h"

#define BANNER "Linux version 2.4.17_mvl21-wa (wa@emu) (gcc version 2.95.3) #1 Mon Jan 1 2007"
#define BASE 0x94020000u
#define REFUSE                                                                                     \
    "<3>SQUASHFS error: Major/Minor mismatch, filesystem is (%d:%d), I support (1 : x) or (2 : "   \
    "<= %d)\n"

/* A kernel-like image: the banner, the 2.4 driver's messages, TI's partition format and root,
 * and at 0x8000 the code that prints the refusal with a3 = minor (lui a0; addiu a0; li a3). */
static uint8_t *kernel_like(size_t n, unsigned minor)
{
    uint8_t *k = calloc(1, n);
    uint32_t x = 1;
    for (size_t i = 0x40; i < n; i++) {
        x = x * 1103515245u + 12345u;
        k[i] = (uint8_t)("etaoin shrdlu\n\0\0\0"[(x >> 16) % 18]);
    }
    static const struct {
        size_t at;
        const char *s;
    } str[] = {{0x1000, BANNER "\n"},
               {0x3000, REFUSE},
               {0x3100, "<3>SQUASHFS error: lzma returned unexpected result 0x%x\n"},
               {0x3200, "mtd%1u"},
               {0x3300, "/dev/mtdblock/0"}};
    for (size_t i = 0; i < sizeof str / sizeof str[0]; i++) {
        k[str[i].at - 1] = 0;
        memcpy(k + str[i].at, str[i].s, strlen(str[i].s) + 1);
    }
    uint32_t va = BASE + 0x3000;
    wr_le32(k + 0x8000, 0x3c040000u | ((va + 0x8000) >> 16));
    wr_le32(k + 0x8004, 0x24840000u | (va & 0xffff));
    wr_le32(k + 0x8008, 0x24070000u | minor);
    return k;
}

/* The blob as TI's 7zip tool lays it out (ti7z.h), behind pad bytes of loader code. */
static uint8_t *blob(const uint8_t *payload, size_t n, size_t pad, size_t *len)
{
    lzma_options_lzma o;
    cr_assert(!lzma_lzma_preset(&o, 6));
    o.dict_size = 2u << 20;
    o.lc = 3, o.lp = 0, o.pb = 2;
    lzma_filter f[2] = {{LZMA_FILTER_LZMA1, &o}, {LZMA_VLI_UNKNOWN, NULL}};
    size_t cap = n + n / 2 + 4096, out = 0;
    uint8_t *b = calloc(1, pad + TI7Z_HEADER + cap);
    memset(b, 0x27, pad);
    cr_assert_eq(lzma_raw_buffer_encode(f, NULL, payload, n, b + pad + TI7Z_HEADER, &out, cap),
                 LZMA_OK);
    memcpy(b + pad,
           "7z\xbc\xaf\x27\x1c"
           "02",
           8);
    wr_le32(b + pad + 8, (uint32_t)out);
    wr_le32(b + pad + 20, (uint32_t)n);
    *len = pad + TI7Z_HEADER + out;
    return b;
}

Test(ti7z, a_blob_built_here_unpacks_and_the_2_4_rules_are_read)
{
    size_t n = 200000, len;
    uint8_t *k = kernel_like(n, 1), *b = blob(k, n, 0x400, &len);
    cr_expect_eq(ti7z_find(b, len), 0x400);
    ti7z_blob h;
    uint8_t *img;
    wa_err e = {0};
    cr_assert_eq(ti7z_unpack(b, len, 0x400, KPROBE_MAX_OUT, &h, &img, &e), WA_OK, "%s", e.msg);
    cr_expect_eq(h.unpacked, n);
    cr_expect_eq(h.packed, len - 0x400 - TI7Z_HEADER);
    cr_expect(!memcmp(img, k, n), "the unpacked kernel is the one packed");
    free(img);

    /* the loader is linked at the kernel's end: its record's address less the unpacked size
     * is the kernel's base, which the refusal's code needs to be found */
    adam2_seg s = {BASE + (uint32_t)n, b, (uint32_t)len};
    kprobe_info p;
    cr_assert_eq(kprobe_run(&s, 1, &p, &e), WA_OK, "%s", e.msg);
    cr_expect_str_eq(p.payload, "ti7z");
    cr_expect_eq(p.payload_offset, 0x400u);
    cr_expect_str_eq(p.banner, BANNER);
    cr_expect_eq(p.image_base, BASE);
    cr_expect_eq(p.image_len, n);
    cr_expect(p.sq_major == 2 && p.sq_minor == 1 && p.sq_minor_le && p.sq_any_1x,
              "SquashFS %u.%u le %d 1x %d", p.sq_major, p.sq_minor, p.sq_minor_le, p.sq_any_1x);
    cr_expect_str_eq(p.sq_refusal, "Major/Minor mismatch, filesystem is (%d:%d), I support (1 "
                                   ": x) or (2 : <= 1)");
    cr_expect(p.sq_comp_known && p.sq_comp_mask == 1u << 2, "LZMA only: mask 0x%x", p.sq_comp_mask);
    cr_expect_str_eq(p.parts, "ADAM2 environment mtd0..mtd5");
    cr_expect_str_eq(p.root_dev, "/dev/mtdblock/0");

    /* the rules: 1.x and 2.0..2.1 mount, 2.2 and 4.0 are refused in the kernel's words */
    static const struct {
        unsigned major, minor;
        int ok;
    } v[] = {{1, 0, 1}, {1, 5, 1}, {2, 0, 1}, {2, 1, 1}, {2, 2, 0}, {3, 0, 0}, {4, 0, 0}};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        mtd4_sqfs q = {.major = v[i].major,
                       .minor = v[i].minor,
                       .block_size = 32768,
                       .compression = v[i].major == 4 ? 1 : 0};
        snprintf(q.magic, sizeof q.magic, "hsqs");
        char why[256] = "", want[128];
        cr_expect_eq(sqfs_rules_check(&p, &q, why, sizeof why), v[i].ok ? 0 : -1, "%u.%u: %s",
                     v[i].major, v[i].minor, why);
        snprintf(want, sizeof want, "filesystem is (%u:%u), I support (1 : x) or (2 : <= 1)",
                 v[i].major, v[i].minor);
        if (!v[i].ok) cr_expect(strstr(why, want), "%u.%u: %s", v[i].major, v[i].minor, why);
    }
    free(b);
    free(k);
}

/* Each field at fault: the error's code and the offset of that field in the record. */
Test(ti7z, malformed_blobs_name_the_field)
{
    size_t n = 50000, len;
    uint8_t *k = kernel_like(n, 0), *good = blob(k, n, 16, &len);
    uint8_t *b = malloc(len), *img = NULL;
    ti7z_blob h;
    wa_err e = {0};
    cr_expect_eq(ti7z_unpack(good, 16 + 20, 16, KPROBE_MAX_OUT, &h, &img, &e), WA_E_TRUNC);
    cr_expect_eq(e.offset, 16u);
    memcpy(b, good, len);
    b[17] = 'Z';
    cr_expect_eq(ti7z_unpack(b, len, 16, KPROBE_MAX_OUT, &h, &img, &e), WA_E_FORMAT);
    cr_expect_eq(ti7z_find(b, len), -1);
    memcpy(b, good, len);
    wr_le32(b + 16 + 20, 0);
    cr_expect_eq(ti7z_unpack(b, len, 16, KPROBE_MAX_OUT, &h, &img, &e), WA_E_FORMAT);
    cr_expect_eq(e.offset, 16u + 20);
    cr_expect_eq(ti7z_unpack(good, len, 16, n - 1, &h, &img, &e), WA_E_LIMIT);
    cr_expect_eq(e.offset, 16u + 20);
    memcpy(b, good, len);
    wr_le32(b + 16 + 8, (uint32_t)len);
    cr_expect_eq(ti7z_unpack(b, len, 16, KPROBE_MAX_OUT, &h, &img, &e), WA_E_TRUNC);
    cr_expect_eq(e.offset, 16u + 8);
    /* a stream cut short: it runs out, at the end of what there is */
    memcpy(b, good, len);
    wr_le32(b + 16 + 8, (uint32_t)(len - 16 - TI7Z_HEADER) / 2);
    cr_expect_eq(ti7z_unpack(b, len, 16, KPROBE_MAX_OUT, &h, &img, &e), WA_E_TRUNC, "%s", e.msg);
    cr_expect(strstr(e.msg, "runs out"), "%s", e.msg);
    /* through the probe: the payload and its record are named */
    adam2_seg s = {BASE + (uint32_t)n, b, (uint32_t)len};
    kprobe_info p;
    cr_expect_neq(kprobe_run(&s, 1, &p, &e), WA_OK);
    cr_expect_str_eq(p.payload, "ti7z");
    cr_expect(!img);
    free(b);
    free(good);
    free(k);
}

#define WAG WA_SRC "/../shared/fixtures/third-party/linksys-wag200g/"

/* The real kernel: the blob where its README says, the kernel it unpacks to is objcopy's
 * binary of the vmlinux beside it, and the 2.4 driver's rules (minor 0 from its code). */
Test(ti7z, wag200g_ram_zimage_pad)
{
    if (access(WAG "ram_zimage_pad.bin", R_OK) || access(WAG "vmlinux", R_OK))
        cr_skip_test("not run: " WAG "ram_zimage_pad.bin is not there");
    size_t n, vn;
    uint8_t *b = slurp(WAG "ram_zimage_pad.bin", &n);
    adam2_chain c;
    wa_err e = {0};
    cr_assert_eq(adam2_parse(b, n, 0, &c, &e), WA_OK, "%s", e.msg);
    cr_expect_eq(c.n, 1u);
    cr_expect_eq(c.rec[0].addr, 0x94231000u);
    cr_expect_eq(c.rec[0].length, 0x953a2u);
    cr_expect_eq(c.entry, 0x94231000u);
    adam2_seg s = {c.rec[0].addr, b + c.rec[0].offset + 8, c.rec[0].length};
    cr_expect_eq(ti7z_find(s.data, s.size), 0x4b54, "the blob at file offset 0x4b60");
    kprobe_info p;
    cr_assert_eq(kprobe_run(&s, 1, &p, &e), WA_OK, "%s", e.msg);
    cr_expect_str_eq(p.payload, "ti7z");
    cr_expect_eq(p.ti7z.packed, 0x9082eu);
    cr_expect_eq(p.ti7z.unpacked, 0x211000u);
    cr_expect_eq(p.image_base, 0x94020000u);
    cr_expect_str_eq(p.banner, "Linux version 2.4.17_mvl21-malta-mips_fp_le (root@Optimus) (gcc "
                               "version 2.95.3 20010315 (release/MontaVista)) #716 Sun Nov 9 "
                               "13:33:31 CET 2008");
    cr_expect(p.sq_major == 2 && p.sq_minor == 0 && p.sq_minor_le && p.sq_any_1x);
    cr_expect(strstr(p.sq_refusal, "I support (1 : x) or (2 : <= 0)"), "%s", p.sq_refusal);
    cr_expect_eq(p.sq_comp_mask, 1u << 2, "LZMA only");
    cr_expect_str_eq(p.parts, "ADAM2 environment mtd0..mtd5");
    cr_expect_str_eq(p.root_dev, "/dev/mtdblock/0");
    cr_expect_str_eq(p.cmdline, "", "no built-in command line (not the nfs piece)");

    char cmd[512], tmp[] = "/tmp/wa-ti7z-XXXXXX";
    cr_assert(mkdtemp(tmp));
    snprintf(cmd, sizeof cmd, "mipsel-linux-gnu-objcopy -S -O binary '%s' '%s/k.bin'",
             WAG "vmlinux", tmp);
    cr_assert_eq(run(cmd, NULL), 0, "%s", cmd);
    snprintf(cmd, sizeof cmd, "%s/k.bin", tmp);
    uint8_t *v = slurp(cmd, &vn);
    ti7z_blob h;
    uint8_t *img;
    cr_assert_eq(ti7z_unpack(s.data, s.size, 0x4b54, KPROBE_MAX_OUT, &h, &img, &e), WA_OK);
    cr_expect_eq(vn, h.unpacked);
    cr_expect(vn == h.unpacked && !memcmp(v, img, vn), "the blob is objcopy's binary of vmlinux");
    unlink(cmd);
    rmdir(tmp);
    free(img);
    free(v);
    free(b);
}
