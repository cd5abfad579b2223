/* test_squashfs_write.c: the writer's formats against what reads them outside wa-emu. The
 * WA1003A's root (SquashFS 1.0 little-endian, LZMA, 32 KiB blocks) block by block as its 2.4
 * kernel reads it (shared/research/ti-2.4-boot.md section 5.3: every compressed block a whole
 * LZMA-alone stream, properties from byte 0, the low 32 bits of the 64-bit size at 5 as the
 * output size, the raw stream from 13, LzmaDecode 4.05 with room for lc + lp <= 3): decoded
 * with liblzma told that size and no end marker, each gives exactly its bytes. The real
 * WAG200G root (the same TI SDK's mksquashfs) tells its format, and the writer's blocks in
 * that format begin as the vendor's do. Each LZMA variant's format reads back off an image
 * written in it. */
#include <criterion/criterion.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bytes.h"
#include "squashfs.h"
#include "squashfs_write.h"

#include "sqfs_writer.h"
#include "testutil.h"

#define WAG200G_ROOT "fixtures/third-party/linksys-wag200g/rootfs-original.img"

/* A fixture of ../shared (beside the checkout, as in CI; or where WA_SHARED says). */
static uint8_t *shared_fixture(const char *rel, size_t *n, char *path, size_t cap)
{
    const char *env = getenv("WA_SHARED");
    snprintf(path, cap, "%s/%s", env && *env ? env : WA_SRC "/../shared", rel);
    return access(path, R_OK) ? NULL : slurp(path, n);
}

/* The WA1003A's format as repack writes it when fw.bin's root is the vendor's (and the
 * research notes' reading of the 2.4 driver): sqlzma's LZMA-alone blocks under the standard
 * magic, lc=3 lp=0 pb=2, 8 MiB stated, the size in the header, no end marker. */
static sqfs_wfmt wa1003a(void)
{
    sqfs_wfmt f;
    sqfs_wfmt_default(&f, 1, 0, 0);
    f.variant = DECOMP_V_SQLZMA;
    f.block_size = 32768;
    return f;
}

/* Decode one block as the 2.4 kernel does: the size from the header, the stream from 13;
 * liblzma is strict: no end marker allowed, exactly that many bytes. Returns the bytes of
 * input the stream took (0 when it does not decode). */
static size_t kernel_decode(const uint8_t *in, size_t avail, uint8_t *out, size_t want)
{
    cr_assert_geq(avail, 13);
    unsigned props = in[0];
    lzma_options_lzma o = {.dict_size = rd_le32(in + 1),
                           .lc = props % 9,
                           .lp = props / 9 % 5,
                           .pb = props / 45,
                           .ext_flags = 0,
                           .ext_size_low = (uint32_t)want,
                           .ext_size_high = 0};
    cr_expect_leq(o.lc + o.lp, 3u, "lc %u + lp %u: more than LzmaDecode 4.05's 16 KB of probs",
                  o.lc, o.lp);
    cr_expect_eq(rd_le64(in + 5), want, "the header's size");
    lzma_filter f[2] = {{LZMA_FILTER_LZMA1EXT, &o}, {LZMA_VLI_UNKNOWN, NULL}};
    lzma_stream s = LZMA_STREAM_INIT;
    cr_assert_eq(lzma_raw_decoder(&s, f), LZMA_OK);
    s.next_in = in + 13, s.avail_in = avail - 13, s.next_out = out, s.avail_out = want;
    lzma_ret r = lzma_code(&s, LZMA_RUN);
    size_t used = avail - 13 - s.avail_in;
    lzma_end(&s);
    return r == LZMA_STREAM_END && s.avail_out == 0 ? 13 + used : 0;
}

Test(squashfs_write, wa1003a_root_reads_as_its_24_kernel_reads_it)
{
    struct node t[32];
    int n = tree(t);
    static char large[100000]; /* three whole 32 KiB blocks and a tail */
    for (size_t i = 0; i < sizeof large; i++)
        large[i] = (char)("wa1003a "[i % 8] + i / 5000);
    t[n++] = (struct node){
        .name = "large", .mode = S_IFREG | 0644, .data = large, .size = sizeof large, .parent = 0};
    sqfs_wnode w[32];
    for (int i = 0; i < n; i++)
        w[i] = (sqfs_wnode){.name = t[i].name,
                            .mode = t[i].mode,
                            .uid = t[i].uid,
                            .gid = t[i].uid,
                            .mtime = 1000,
                            .rdev_major = t[i].rdev_major,
                            .rdev_minor = t[i].rdev_minor,
                            .data = (const uint8_t *)t[i].data,
                            .size = t[i].size,
                            .parent = t[i].parent};
    sqfs_wfmt f = wa1003a();
    uint8_t *b;
    size_t len;
    wa_err e = {0};
    cr_assert_eq(sqfs_write(&f, w, (size_t)n, &b, &len, &e), WA_OK, "%s", e.msg);
    cr_expect(!memcmp(b, "hsqs", 4), "the magic the 2.4 driver checks");
    cr_expect_eq(rd_le16(b + 28), 1);
    cr_expect_eq(rd_le16(b + 30), 0);
    cr_expect_eq(rd_le16(b + 32), 32768, "1.0's 16-bit block size");
    cr_expect_eq(rd_le16(b + 34), 15);
    uint32_t ino = rd_le32(b + 20), uid = rd_le32(b + 12);
    /* the data blocks lie one after another from 64 to the inode table; each file's are
     * whole 32 KiB blocks and a shorter last one (1.0 has no fragments) */
    static uint8_t out[32768];
    size_t at = 64, blocks = 0;
    for (int i = 0; i < n; i++) {
        if (!S_ISREG(t[i].mode)) continue;
        for (size_t o = 0; o < t[i].size; o += 32768) {
            size_t want = t[i].size - o < 32768 ? t[i].size - o : 32768;
            if (want < 32 && !memcmp(b + at, t[i].data + o, want)) { /* stored: too small */
                at += want;
                continue;
            }
            size_t used = kernel_decode(b + at, ino - at, out, want);
            cr_assert(used, "%s: the block at 0x%zx does not decode as the kernel decodes it",
                      t[i].name, at);
            cr_expect(!memcmp(out, t[i].data + o, want), "%s: block at 0x%zx", t[i].name, at);
            at += used, blocks++;
        }
    }
    cr_expect_eq(at, ino, "the data blocks end where the inode table starts");
    cr_expect_geq(blocks, 5);
    /* metadata: a 2-byte header (bit 15 clear: compressed) and a block of 8192 bytes, or the
     * table's remainder; the inode table must be compressed */
    size_t metas = 0;
    for (at = ino; at < uid; metas++) {
        uint16_t h = rd_le16(b + at);
        if (h & 0x8000) { /* stored (smaller than its LZMA stream): the kernel copies it */
            at += 2 + (h & 0x7fff);
            continue;
        }
        uint64_t want = rd_le64(b + at + 2 + 5);
        cr_assert_leq(want, 8192);
        cr_expect_eq(kernel_decode(b + at + 2, h, out, (size_t)want), h,
                     "the metadata block at 0x%zx", at);
        at += 2 + h;
    }
    cr_expect_eq(at, uid, "the metadata ends where the uid table starts");
    cr_expect_geq(metas, 2);
    cr_expect(!(rd_le16(b + ino) & 0x8000), "the inode table's first block is compressed");
    /* and the reader (and its check of the whole tree) reads the tree */
    sqfs *fs;
    cr_assert_eq(sqfs_open(&fs, b, len, NULL, &e), WA_OK, "%s", e.msg);
    cr_expect_eq(sqfs_check_tree(fs, sqfs_root(fs), "/", &e), WA_OK, "%s", e.msg);
    sqfs_wfmt g;
    cr_assert_eq(sqfs_wfmt_of(fs, &g, &e), WA_OK, "%s", e.msg);
    char d[256];
    sqfs_wfmt_describe(&g, d, sizeof d);
    cr_expect_str_eq(d,
                     "SquashFS 1.0 'hsqs' little-endian, lzma (sqlzma): lc=3 lp=0 pb=2, dictionary "
                     "8192 KiB, size in header, no end marker, 32 KiB blocks");
    sqfs_close(fs);
    free(b);
}

/* The WAG200G's own root, from TI's SDK mksquashfs: 2.0, LZMA-alone blocks under the standard
 * magic with the size filled in and no end marker (what wa1003a() writes for 1.0); the
 * writer's first metadata block in that format starts as the vendor's does. */
Test(squashfs_write, the_vendor_format_of_the_wag200g_root)
{
    size_t n;
    char path[512];
    uint8_t *img = shared_fixture(WAG200G_ROOT, &n, path, sizeof path);
    if (!img) cr_skip_test("no %s", path);
    sqfs *fs;
    wa_err e = {0};
    cr_assert_eq(sqfs_open(&fs, img, n, NULL, &e), WA_OK, "%s", e.msg);
    sqfs_wfmt f;
    cr_assert_eq(sqfs_wfmt_of(fs, &f, &e), WA_OK, "%s", e.msg);
    char d[256];
    sqfs_wfmt_describe(&f, d, sizeof d);
    cr_expect_str_eq(d,
                     "SquashFS 2.0 'hsqs' little-endian, lzma (sqlzma): lc=3 lp=0 pb=2, dictionary "
                     "8192 KiB, size in header, no end marker, 32 KiB blocks, fragments");
    sqfs_close(fs);
    struct node t[32];
    int k = tree(t);
    sqfs_wnode w[32];
    for (int i = 0; i < k; i++)
        w[i] = (sqfs_wnode){.name = t[i].name,
                            .mode = t[i].mode,
                            .data = (const uint8_t *)t[i].data,
                            .size = t[i].size,
                            .parent = t[i].parent,
                            .rdev_major = t[i].rdev_major,
                            .rdev_minor = t[i].rdev_minor};
    uint8_t *b;
    size_t len;
    cr_assert_eq(sqfs_write(&f, w, (size_t)k, &b, &len, &e), WA_OK, "%s", e.msg);
    uint32_t vino = rd_le32(img + 20), ino = rd_le32(b + 20);
    cr_expect(!memcmp(b + ino + 2, img + vino + 2, 5), "properties and dictionary");
    uint64_t size = rd_le64(b + ino + 2 + 5);
    cr_expect(size && size <= 8192, "the first block's size in its header: %llu",
              (unsigned long long)size);
    cr_assert_eq(sqfs_open(&fs, b, len, NULL, &e), WA_OK, "%s", e.msg);
    cr_expect_eq(sqfs_check_tree(fs, sqfs_root(fs), "/", &e), WA_OK, "%s", e.msg);
    sqfs_close(fs);
    free(b);
    free(img);
}

/* Every variant's format comes back off an image written in it: what repack needs to write
 * another in the same format. */
Test(squashfs_write, each_format_reads_back_off_its_image)
{
    static const int versions[][2] = {{1, 0}, {2, 0}, {3, 1}, {4, 0}};
    int images = 0;
    for (size_t v = 0; v < 4; v++)
        for (int be = 0; be < 2; be++)
            for (int lz = 0; lz < 8; lz++) {
                int v4 = versions[v][0] == 4;
                if ((v4 && lz > 0 && lz < 6) || (!v4 && lz >= 6)) continue;
                struct node t[32];
                int n = tree(t);
                sqfs_wfmt want = sqw_format(versions[v][0], versions[v][1], be, lz, be, 1);
                struct img m = write_image(versions[v][0], versions[v][1], be, lz, be, 1, t, n);
                sqfs *fs;
                wa_err e = {0};
                cr_assert_eq(sqfs_open(&fs, m.b, m.len, NULL, &e), WA_OK, "%s", e.msg);
                sqfs_wfmt got;
                cr_assert_eq(sqfs_wfmt_of(fs, &got, &e), WA_OK, "%s", e.msg);
                char a[256], b[256];
                sqfs_wfmt_describe(&want, a, sizeof a);
                sqfs_wfmt_describe(&got, b, sizeof b);
                cr_expect_str_eq(b, a);
                cr_expect(!memcmp(got.lzma.prefix, want.lzma.prefix, want.lzma.nprefix), "%s", a);
                sqfs_close(fs);
                free(m.b);
                images++;
            }
    cr_expect_eq(images, 2 * (6 + 6 + 6 + 3));
}
