/* test_board.c: board profiles (built-in and from text), the ADAM2 environment in flash. */
#include <criterion/criterion.h>
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

Test(env, flash_round_trip_and_damage)
{
    wa_board b;
    cr_assert_eq(board_builtin("wa1003a", &b, NULL), WA_OK);
    uint8_t buf[4096];
    memset(buf, 0xff, sizeof buf);
    size_t n;
    cr_assert_eq(env_store(&b.env, buf, sizeof buf, &n, NULL), WA_OK);
    cr_expect(!memcmp(buf, "TIENV0.8", 8));
    wa_env back;
    cr_assert_eq(env_load(buf, sizeof buf, &back, NULL), WA_OK);
    cr_expect_eq(back.n, b.env.n);
    cr_expect_str_eq(env_get(&back, "mtd4"), "0x90010000,0x903f0000");
    cr_expect_str_eq(env_get(&back, "memsize"), "0x01000000");
    wa_err e = {0};
    cr_expect_eq(env_load(buf, n - 3, &back, &e), WA_E_TRUNC);
    buf[0] = 'X';
    cr_expect_eq(env_load(buf, sizeof buf, &back, &e), WA_E_FORMAT);
    cr_expect_eq(e.offset, 0u);
    cr_expect_eq(env_set(&back, "bad name", "v", &e), WA_E_FORMAT);
}
