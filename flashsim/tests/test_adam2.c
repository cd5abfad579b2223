/* test_adam2.c: the simulated ADAM2 on flash images made here, one per outcome. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "adam2.h"
#include "bytes.h"

/* A wa1003a flash with the environment in mtd3 and, in mtd4, a small kernel (two records)
 * at mtd1, padding to mtd0, 4 KiB of "rootfs" and the trailer. */
static nor_flash *make(wa_board *b, uint8_t **img, size_t *len)
{
    cr_assert_eq(board_builtin("wa1003a", b, NULL), WA_OK);
    nor_flash *f = nor_new(b->flash_size, b->erase_size);
    uint8_t env[4096];
    size_t n;
    cr_assert_eq(env_store(&b->env, env, sizeof env, &n, NULL), WA_OK);
    nor_write(f, board_part_off(b, 3), env, (uint32_t)n, NULL);
    static uint8_t k1[3000], k2[1000];
    for (size_t i = 0; i < sizeof k1; i++)
        k1[i] = (uint8_t)(i * 7);
    for (size_t i = 0; i < sizeof k2; i++)
        k2[i] = (uint8_t)(i * 13);
    adam2_seg segs[2] = {{0x94000000, k1, sizeof k1}, {0x94100000, k2, sizeof k2}};
    uint32_t kat = board_part_off(b, 1) - board_part_off(b, 4);
    uint32_t rat = board_part_off(b, 0) - board_part_off(b, 4);
    *len = rat + 4096 + 8;
    *img = malloc(*len);
    memset(*img, 0xff, *len);
    cr_assert_eq(adam2_build(segs, 2, 0x94000400, *img + kat, rat - kat, NULL), WA_OK);
    memset(*img + rat, 0x5a, 4096);
    ti_trailer_make(*img, rat + 4096, *img + rat + 4096);
    return f;
}

static void flash(nor_flash *f, const wa_board *b, const uint8_t *img, size_t len)
{
    cr_assert_eq(nor_write(f, board_part_off(b, 4), img, (uint32_t)len, NULL), WA_OK);
}

Test(adam2, good_image_boots_with_the_handoff)
{
    wa_board b;
    uint8_t *img;
    size_t len;
    nor_flash *f = make(&b, &img, &len);
    flash(f, &b, img, len);
    adam2_boot o;
    cr_assert_eq(adam2_run(f, &b, &o, NULL), WA_OK);
    cr_expect(o.boots, "%s: %s", o.code, o.reason);
    cr_expect_eq(o.entry, 0x94000400u);
    cr_expect_eq(o.chain.n, 2u);
    cr_expect_eq(o.chain.rec[1].addr, 0x94100000u);
    cr_expect_eq(o.memsize, 16u << 20);
    cr_expect_eq(o.image_end, board_part_off(&b, 4) + len);
    cr_expect_str_eq(o.argv[0], "adam2");
    cr_expect_str_eq(o.argv[1], "root=/dev/mtdblock0");
    cr_expect_eq(o.argc, 3);
    nor_free(f);
    free(img);
}

static const char *outcome(void (*damage)(uint8_t *img, size_t *len, const wa_board *b))
{
    wa_board b;
    uint8_t *img;
    size_t len;
    nor_flash *f = make(&b, &img, &len);
    damage(img, &len, &b);
    flash(f, &b, img, len);
    static adam2_boot o;
    cr_assert_eq(adam2_run(f, &b, &o, NULL), WA_OK);
    cr_expect(!o.boots);
    nor_free(f);
    free(img);
    return o.code;
}

static void no_trailer(uint8_t *img, size_t *len, const wa_board *b)
{
    *len -= 8;
}
static void bad_sum(uint8_t *img, size_t *len, const wa_board *b)
{
    img[*len - 1] ^= 1;
}
static void retrail(uint8_t *img, size_t len)
{
    ti_trailer_make(img, len - 8, img + len - 8);
}
static void bad_record(uint8_t *img, size_t *len, const wa_board *b)
{
    img[0x90 + 4 + 8 + 10] ^= 0x40;
    retrail(img, *len);
}
static void no_tag(uint8_t *img, size_t *len, const wa_board *b)
{
    img[0x90] = 0;
    retrail(img, *len);
}
static void long_record(uint8_t *img, size_t *len, const wa_board *b)
{
    wr_le32(img + 0x90 + 4, 0x100000); /* runs past the end of mtd1 */
    retrail(img, *len);
}

/* The first record (3000 bytes) moved to the end of the 16 MiB RAM, its checksum made right:
 * its last bytes would land past the RAM. */
static void far_record(uint8_t *img, size_t *len, const wa_board *b)
{
    uint32_t at = 0x94000000u + b->ram_size - 1000, delta = at - rd_le32(img + 0x98);
    wr_le32(img + 0x98, at);
    wr_le32(img + 0x9c + 3000, rd_le32(img + 0x9c + 3000) - delta);
    retrail(img, *len);
}

Test(adam2, each_refusal_has_its_code)
{
    cr_expect_str_eq(outcome(no_trailer), "checksum-missing");
    cr_expect_str_eq(outcome(bad_sum), "checksum-mismatch");
    cr_expect_str_eq(outcome(bad_record), "record-checksum");
    cr_expect_str_eq(outcome(no_tag), "no-loader-tag");
    cr_expect_str_eq(outcome(long_record), "kernel-truncated");
    cr_expect_str_eq(outcome(far_record), "record-outside-ram");
}

Test(adam2, lost_environment)
{
    wa_board b;
    uint8_t *img;
    size_t len;
    nor_flash *f = make(&b, &img, &len);
    flash(f, &b, img, len);
    nor_erase(f, board_part_off(&b, 3), board_part_len(&b, 3), NULL);
    adam2_boot o;
    cr_assert_eq(adam2_run(f, &b, &o, NULL), WA_OK);
    cr_expect(!o.boots);
    cr_expect_str_eq(o.code, "env-damaged");
    cr_expect_eq(o.offset, board_part_off(&b, 3));
    nor_free(f);
    free(img);
}

/* Board key trailer: where ADAM2 looks for the TI trailer (board.h). The image of make() has
 * its trailer right after its data; padded, the same data fills mtd4 with the trailer in its
 * last 8 bytes. */
static adam2_boot *run_model(wa_trailer_at at, int padded, int damage)
{
    wa_board b;
    uint8_t *img;
    size_t len;
    nor_flash *f = make(&b, &img, &len);
    b.trailer_at = at;
    if (padded) {
        size_t part = board_part_len(&b, 4);
        img = realloc(img, part);
        cr_assert(img);
        memset(img + len - 8, 0xff, part - (len - 8));
        len = part;
        retrail(img, len);
    }
    if (damage) img[len - 9] ^= 1; /* the data changed after the checksum was written */
    flash(f, &b, img, len);
    static adam2_boot o;
    cr_assert_eq(adam2_run(f, &b, &o, NULL), WA_OK);
    nor_free(f);
    free(img);
    return &o;
}

Test(adam2, trailer_at_the_erased_tail)
{
    wa_board b;
    cr_assert_eq(board_builtin("wa1003a", &b, NULL), WA_OK);
    cr_expect_eq(b.trailer_at, WA_TRAILER_ERASED_TAIL, "the default");
    adam2_boot *o = run_model(WA_TRAILER_ERASED_TAIL, 1, 0);
    cr_expect(o->boots, "padded to mtd4's end: %s", o->reason);
    cr_expect_eq(o->image_end, board_part_off(&b, 4) + board_part_len(&b, 4));
    o = run_model(WA_TRAILER_ERASED_TAIL, 1, 1);
    cr_expect_str_eq(o->code, "checksum-mismatch");
}

Test(adam2, trailer_at_the_partition_end)
{
    wa_board b;
    cr_assert_eq(board_builtin("wa1003a", &b, NULL), WA_OK);
    uint32_t end = board_part_off(&b, 4) + board_part_len(&b, 4);
    adam2_boot *o = run_model(WA_TRAILER_PARTITION_END, 0, 0);
    cr_expect(!o->boots, "the trailer right after the data is not where it looks");
    cr_expect_str_eq(o->code, "checksum-missing");
    cr_expect_eq(o->offset, end - 8);
    cr_expect(strstr(o->reason, "last 8 bytes of mtd4"), "%s", o->reason);
    o = run_model(WA_TRAILER_PARTITION_END, 1, 0);
    cr_expect(o->boots, "%s: %s", o->code, o->reason);
    cr_expect_eq(o->image_end, end);
    cr_expect_eq(o->trailer.data_len, board_part_len(&b, 4) - 8, "the checksum covers the pad");
    o = run_model(WA_TRAILER_PARTITION_END, 1, 1);
    cr_expect_str_eq(o->code, "checksum-mismatch");
    cr_expect_eq(o->offset, end - 4);
}

Test(adam2, trailer_not_checked)
{
    adam2_boot *o = run_model(WA_TRAILER_NONE, 0, 1);
    cr_expect(o->boots, "a wrong checksum is not looked at: %s", o->reason);
    cr_expect_eq(o->image_end, 0u);
    cr_expect_eq(o->entry, 0x94000400u, "the records are still walked");
}
