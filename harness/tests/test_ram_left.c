/* test_ram_left.c: the RAM the kernel leaves (ram.h) from each kernel's own console line: 6.1's
 * "Memory: 10420K/16384K available" and 2.4.17's lower-case "Memory: 13892k/16384k
 * available" (both as the fixture kernels print them under --deep), else the estimate. */
#include <criterion/criterion.h>
#include <string.h>

#include "ram.h"

Test(ram, the_kernels_own_line_in_either_case)
{
    char how[256];
    cr_expect_eq(wa_ram_left(16u << 20, 0,
                             "x\nMemory: 10420K/16384K available (4767K kernel code, 207K "
                             "rwdata, 552K rodata, 164K init, 87K bss, 5964K reserved)\n",
                             how, sizeof how),
                 10420u << 10);
    cr_expect(strstr(how, "\"Memory: 10420K/16384K available\""), "%s", how);
    cr_expect_eq(wa_ram_left(16u << 20, 0,
                             "\rMemory: 13892k/16384k available (1892k kernel code, 2492k "
                             "reserved, 155k data, 64k init)\n",
                             how, sizeof how),
                 13892u << 10);
    cr_expect(strstr(how, "\"Memory: 13892k/16384k available\""), "%s", how);
    /* no such line, or one that makes no sense: the estimate */
    cr_expect_eq(
        wa_ram_left(16u << 20, 1u << 20, "Memory: 20000k/16384k available", how, sizeof how),
        (16u << 20) - (1u << 20) - (16u << 20) / 64);
    cr_expect(strstr(how, "estimated"), "%s", how);
    cr_expect_eq(wa_ram_left(16u << 20, 0, "Memory: 100k/16384K available", how, sizeof how),
                 (16u << 20) - (16u << 20) / 64);
}
