/* test_board.c: board profiles (built-in and from text), the ADAM2 environment in flash. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "board.h"

Test(board, builtin_wa1003a_is_the_documented_map)
{
    wa_board b;
    cr_assert_eq(board_builtin("wa1003a", &b, NULL), WA_OK);
    cr_expect_eq(b.flash_size, 4u << 20);
    cr_expect_eq(b.erase_size, 0x10000u);
    cr_expect_eq(b.ram_size, 16u << 20);
    cr_expect_str_eq(b.cpu, "4KEc");
    cr_expect_str_eq(b.kernel, "2.4.17_mvl21", "the WA1003A runs MontaVista 2.4.17");
    cr_expect_eq(b.mtd[0].start, 0x90091000u);
    cr_expect_eq(b.mtd[1].start, 0x90010090u);
    cr_expect_eq(b.mtd[4].end, 0x903f0000u);
    cr_expect(!board_part_aligned(&b, 0), "mtd0 is read-only on the real box");
    cr_expect(!board_part_aligned(&b, 1));
    cr_expect(board_part_aligned(&b, 4), "mtd4 is writable");
    cr_expect_eq(board_part_off(&b, 0) - board_part_off(&b, 4), 0x81000u);
    cr_assert_eq(board_builtin("ar7-8m", &b, NULL), WA_OK);
    cr_expect_eq(b.mtd[0].start, 0x90210000u);
    wa_err e = {0};
    cr_expect_eq(board_builtin("nope", &b, &e), WA_E_NOTFOUND);
}

/* The Speedport W501V (AVM): 4 MB, 16 MB RAM; mtd1 holds the image's kernel and root, mtd0 is
 * the root at 0x9bd00 into mtd1 (where the image has its SquashFS), mtd4 is the image. */
Test(board, builtin_speedport_w501v)
{
    wa_board b;
    wa_err e = {0};
    cr_assert_eq(board_builtin("speedport-w501v", &b, &e), WA_OK, "%s", e.msg);
    cr_expect_eq(b.flash_size, 4u << 20);
    cr_expect_eq(b.ram_size, 16u << 20);
    cr_expect_eq(b.erase_size, 0x10000u);
    cr_expect_str_eq(b.cpu, "4KEc");
    cr_expect_str_eq(b.kernel, "2.6.13.1");
    cr_expect_eq(b.mtd[1].start, 0x90010000u);
    cr_expect_eq(board_part_len(&b, 1), 3866624u, "speed-to-fritz's kernel_size");
    cr_expect_eq(b.mtd[0].start - b.mtd[1].start, 0x9bd00u);
    cr_expect_eq(b.mtd[0].end, b.mtd[1].end);
    cr_expect_eq(b.mtd[4].start, b.mtd[1].start);
    cr_expect_eq(b.mtd[4].end, b.mtd[1].end);
    cr_expect_eq(b.mtd[2].start, 0x90000000u);
    cr_expect_eq(b.mtd[3].start, b.mtd[1].end);
    cr_expect_str_eq(board_env(&b, "memsize"), "0x01000000");
    cr_expect_str_eq(board_env(&b, "flashsize"), "0x00400000");
    int listed = 0;
    for (const char *const *n = board_builtin_names(); *n; n++)
        listed |= !strcmp(*n, "speedport-w501v");
    cr_expect(listed);
}

static int parse(const char *t, wa_err *e)
{
    wa_board b;
    return board_parse(t, strlen(t), "test", &b, e);
}

#define BASE                                                                                       \
    "name = x\ncpu = 4KEc\nram = 16M\nflash = 4M\nerase = 64K\n"                                   \
    "env.mtd0 = 0x90091000,0x903f0000\nenv.mtd1 = 0x90010090,0x90091000\n"                         \
    "env.mtd2 = 0x90000000,0x90010000\nenv.mtd3 = 0x903f0000,0x90400000\n"

Test(board, errors_name_the_line)
{
    wa_err e = {0};
    cr_expect_eq(parse(BASE "env.mtd4 = 0x90010000,0x903f0000\n", &e), WA_OK, "%s", e.msg);
    cr_expect_eq(parse(BASE "env.mtd4 = 0x90010000,0x903f0000\nbogus line\n", &e), WA_E_FORMAT);
    cr_expect(!strncmp(e.msg, "line 11:", 8), "%s", e.msg);
    cr_expect_eq(parse(BASE "env.mtd4 = 0x90010000,0x903f0000\nram = lots\n", &e), WA_E_FORMAT);
    cr_expect(strstr(e.msg, "line 11: ram"), "%s", e.msg);
    cr_expect_eq(parse(BASE "env.mtd4 = 0x90010000,0x90500000\n", &e), WA_E_RANGE, "past flash");
    cr_expect_eq(parse(BASE "env.mtd4 = 0x90010000,0x90300000\n", &e), WA_E_RANGE,
                 "mtd0 outside mtd4");
    cr_expect_eq(parse(BASE "\n", &e), WA_E_FORMAT, "no mtd4");
    cr_expect(strstr(e.msg, "mtd4"), "%s", e.msg);
    cr_expect_eq(parse(BASE "env.mtd4 = 0x90010000,0x903f0000\nenv.mtd4 = 1\n", &e), WA_E_FORMAT);
    cr_expect(strstr(e.msg, "twice"), "%s", e.msg);
    cr_expect_eq(parse(BASE "env.mtd4 = 0x90010000,0x903f0000\nservices = noip2,dropbear\n", &e),
                 WA_E_FORMAT);
    cr_expect(strstr(e.msg, "line 11: services: 'dropbear' is not a service wa-emu knows"), "%s",
              e.msg);
    cr_expect_eq(parse(BASE "env.mtd4 = 0x90010000,0x903f0000\nservices = noip2\n", &e), WA_OK,
                 "%s", e.msg);
    /* an erase block no NOR flash has (1 byte: a power of two all the same) */
    cr_expect_eq(parse(BASE "env.mtd4 = 0x90010000,0x903f0000\nerase = 1\n", &e), WA_E_FORMAT);
    cr_expect(strstr(e.msg, "erase must be a power of two from 4K to 1M"), "%s", e.msg);
}

/* Key image: the partition the image is written to and ADAM2 checks, apart from env.mtd4,
 * which the WAG200G's kernel reads as the environment's sector. */
Test(board, key_image_sets_the_image_partition_apart_from_env_mtd4)
{
    wa_board b;
    wa_err e = {0};
    cr_assert_eq(board_builtin("wag200g", &b, &e), WA_OK, "%s", e.msg);
    cr_expect(b.image_apart);
    cr_expect_eq(b.mtd[4].start, 0x90010000u);
    cr_expect_eq(b.mtd[4].end, 0x903f0000u);
    cr_expect_str_eq(board_env(&b, "mtd4"), "0x903f0000,0x90400000");
    cr_assert_eq(board_builtin("wa1003a", &b, &e), WA_OK, "%s", e.msg);
    cr_expect(!b.image_apart);
    cr_expect_eq(b.mtd[4].start, 0x90010000u);
    /* the environment's mtd4 must still be a range; the image must hold mtd0 and mtd1 */
    cr_expect_eq(
        parse(BASE "env.mtd4 = 0x903f0000,0x90400000\nimage = 0x90010000,0x903f0000\n", &e), WA_OK,
        "%s", e.msg);
    cr_expect_eq(
        parse(BASE "env.mtd4 = 0x903f0000,0x90400000\nimage = 0x90010000,0x90300000\n", &e),
        WA_E_RANGE);
    cr_expect(strstr(e.msg, "does not lie inside mtd4"), "%s", e.msg);
    cr_expect_eq(
        parse(BASE "env.mtd4 = 0x903f0000,0x90400000\nimage = 0x90010000,0x90500000\n", &e),
        WA_E_RANGE);
    cr_expect(strstr(e.msg, "image 0x90010000-0x90500000 is not a range inside"), "%s", e.msg);
    cr_expect_eq(parse(BASE "env.mtd4 = 0x903f0000,0x90400000\nimage = here\n", &e), WA_E_FORMAT);
    cr_expect(strstr(e.msg, "line 11: image must be"), "%s", e.msg);
}

/* ADAM2's entries as TI's adam2_env.h lays them out: 0x42, the payload's 8-bit sum, the
 * index, the size, "name\0value\0", 128 bytes each. */
Test(env, flash_round_trip_and_damage)
{
    wa_board b;
    cr_assert_eq(board_builtin("wa1003a", &b, NULL), WA_OK);
    uint8_t buf[8192];
    memset(buf, 0xff, sizeof buf);
    size_t n;
    cr_assert_eq(env_store(&b.env, buf, sizeof buf, &n, NULL), WA_OK);
    cr_expect_eq(n, b.env.n * 128);
    /* the first entry by hand: mtd0 = 0x90091000,0x903f0000 */
    static const char pay[] = "mtd0\0"
                              "0x90091000,0x903f0000";
    uint8_t sum = 0;
    for (size_t i = 0; i < sizeof pay; i++)
        sum = (uint8_t)(sum + (uint8_t)pay[i]);
    cr_expect_eq(buf[0], 0x42);
    cr_expect_eq(buf[1], sum);
    cr_expect_eq(buf[2], 1);
    cr_expect_eq(buf[3], sizeof pay);
    cr_expect(!memcmp(buf + 4, pay, sizeof pay));
    cr_expect_eq(buf[4 + sizeof pay], 0xff);
    wa_env back;
    cr_assert_eq(env_load(buf, sizeof buf, &back, NULL), WA_OK);
    cr_expect_eq(back.n, b.env.n);
    cr_expect_str_eq(env_get(&back, "mtd4"), "0x90010000,0x903f0000");
    cr_expect_str_eq(env_get(&back, "memsize"), "0x01000000");
    wa_err e = {0};
    cr_expect_eq(env_load(buf, n - 3, &back, &e), WA_E_TRUNC);
    cr_expect_eq(e.offset, n - 128);
    buf[2 * 128 + 1] ^= 1;
    cr_expect_eq(env_load(buf, sizeof buf, &back, &e), WA_E_FORMAT);
    cr_expect_eq(e.offset, 2 * 128 + 1u);
    cr_expect(strstr(e.msg, "checksum"), "%s", e.msg);
    memset(buf, 0xff, sizeof buf);
    cr_expect_eq(env_load(buf, sizeof buf, &back, &e), WA_E_FORMAT);
    cr_expect(strstr(e.msg, "erased"), "%s", e.msg);
    cr_expect_eq(env_set(&back, "bad name", "v", &e), WA_E_FORMAT);
    char big[120];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    cr_assert_eq(env_set(&back, "long", big, NULL), WA_OK);
    cr_expect_eq(env_store(&back, buf, sizeof buf, &n, &e), WA_E_RANGE);
}

/* What the kernel reads of a used environment: the last entry of a name wins, an entry of
 * size 0 unsets its index, an entry with another control byte is passed over; PSPBoot's
 * TIENV0.8 form is read too. */
Test(env, the_last_entry_wins_and_an_unset_removes)
{
    uint8_t buf[1024];
    memset(buf, 0xff, sizeof buf);
    static const struct {
        uint8_t ctrl, index;
        const char *name, *value;
    } ent[] = {{0x42, 1, "a", "1"},
               {0x42, 2, "b", "2"},
               {0x00, 3, "c", "3"},
               {0x42, 1, "a", "9"},
               {0x42, 2, NULL, NULL}};
    for (size_t i = 0; i < sizeof ent / sizeof ent[0]; i++) {
        uint8_t *t = buf + i * 128;
        t[0] = ent[i].ctrl;
        t[2] = ent[i].index;
        t[1] = t[3] = 0;
        if (!ent[i].name) continue;
        size_t a = strlen(ent[i].name) + 1, v = strlen(ent[i].value) + 1;
        memcpy(t + 4, ent[i].name, a);
        memcpy(t + 4 + a, ent[i].value, v);
        t[3] = (uint8_t)(a + v);
        for (size_t k = 0; k < a + v; k++)
            t[1] = (uint8_t)(t[1] + t[4 + k]);
    }
    wa_env env;
    wa_err e = {0};
    cr_assert_eq(env_load(buf, sizeof buf, &env, &e), WA_OK, "%s", e.msg);
    cr_expect_eq(env.n, 1);
    cr_expect_str_eq(env_get(&env, "a"), "9");
    cr_expect_null(env_get(&env, "b"));
    cr_expect_null(env_get(&env, "c"));
    static const uint8_t psp[] = "TIENV0.8mtd4\0"
                                 "0x90010000,0x903f0000\0memsize\0"
                                 "0x01000000";
    cr_assert_eq(env_load(psp, sizeof psp, &env, &e), WA_OK, "%s", e.msg);
    cr_expect_eq(env.n, 2);
    cr_expect_str_eq(env_get(&env, "memsize"), "0x01000000");
}

/* Key trailer: where ADAM2 looks for the TI trailer (board.h, wa_trailer_at). */
Test(board, key_trailer)
{
    static const struct {
        const char *v;
        wa_trailer_at at;
    } ok[] = {{"erased-tail", WA_TRAILER_ERASED_TAIL},
              {"partition-end", WA_TRAILER_PARTITION_END},
              {"none", WA_TRAILER_NONE}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        char t[512];
        snprintf(t, sizeof t, BASE "env.mtd4 = 0x90010000,0x903f0000\ntrailer = %s\n", ok[i].v);
        wa_board b;
        wa_err e = {0};
        cr_assert_eq(board_parse(t, strlen(t), "test", &b, &e), WA_OK, "%s", e.msg);
        cr_expect_eq(b.trailer_at, ok[i].at, "%s", ok[i].v);
        cr_expect_str_eq(board_trailer_name(b.trailer_at), ok[i].v);
    }
    wa_err e = {0};
    cr_expect_eq(parse(BASE "env.mtd4 = 0x90010000,0x903f0000\ntrailer = end\n", &e), WA_E_FORMAT);
    cr_expect(strstr(e.msg, "line 11: trailer: 'end' is not a value wa-emu knows (erased-tail, "
                            "partition-end, none)"),
              "%s", e.msg);
}
