/* test_ram.c: the board's RAM is never overcommitted by guests racing for its last pages
 * (issue 18: the timeline once said 16875520 bytes in use on a 16 MB board, as the check and
 * the count of a mapping were not under one lock). Two processes of one world map a page at a
 * time until the RAM is full, many times over; what they hold must fit every time. */
#include <criterion/criterion.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lx_int.h"
#include "world.h"

#define RAM (1u << 20)

/* Fill: map pages at addr up from base until the RAM refuses; never returns. */
static void fill(lx_world *w, int32_t pid, uint32_t base)
{
    lx_proc *p = calloc(1, sizeof *p);
    cr_assert(p);
    p->w = w;
    p->pid = pid;
    cr_assert_eq(uc_open(UC_ARCH_MIPS, UC_MODE_MIPS32 | UC_MODE_LITTLE_ENDIAN, &p->uc), UC_ERR_OK);
    for (uint32_t a = base; !lx_map(p, a, LX_PAGE, 1, NULL); a += LX_PAGE)
        continue;
    _exit(0);
}

Test(ram, racing_mappings_never_pass_the_board_ram, .timeout = 120)
{
    wa_err e = {0};
    lx_world *w = lx_world_new(RAM, &e);
    cr_assert(w, "%s", e.msg);
    int over = 0;
    for (int round = 0; round < 100; round++) {
        memset(w->proc, 0, sizeof w->proc);
        pid_t kids[2];
        for (int i = 0; i < 2; i++) {
            lx_lock(w);
            lx_pent *pe = lx_pent_new(w, 1000 + i, 0);
            lx_unlock(w);
            cr_assert(pe);
            kids[i] = fork();
            cr_assert_geq(kids[i], 0);
            if (!kids[i]) fill(w, 1000 + i, 0x10000000u + (uint32_t)i * 0x10000000u);
        }
        for (int i = 0; i < 2; i++)
            waitpid(kids[i], NULL, 0);
        lx_lock(w);
        uint64_t used = lx_ram_used(w);
        lx_unlock(w);
        if (used > RAM) over++;
        cr_expect_leq(used, RAM, "round %d: %llu bytes in use on a %u-byte board", round,
                      (unsigned long long)used, RAM);
    }
    cr_log_info("%d of 100 rounds over the RAM", over);
    lx_world_free(w);
}
