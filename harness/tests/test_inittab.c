/* test_inittab.c: the boot script BusyBox init runs first, from inittabs as these boxes have
 * them: the example's, AVM's rc.S with arguments and a '-', comments, and inittabs without a
 * sysinit line. */
#include <criterion/criterion.h>
#include <string.h>

#include "inittab.h"

static const char *sysinit(const char *t, int *line)
{
    static char path[128];
    return wa_inittab_sysinit(t, strlen(t), path, sizeof path, line) ? path : NULL;
}

Test(inittab, the_first_sysinit_program)
{
    int line = 0;
    cr_expect_str_eq(sysinit("::sysinit:/etc/init.d/rcS\n::respawn:/bin/sh\n", &line),
                     "/etc/init.d/rcS");
    cr_expect_eq(line, 1);
    cr_expect_str_eq(sysinit("# AVM\n\n::respawn:-/bin/sh\nnull::sysinit:-/etc/init.d/rc.S start\n"
                             "::sysinit:/etc/other\n",
                             &line),
                     "/etc/init.d/rc.S");
    cr_expect_eq(line, 4);
    cr_expect_str_eq(sysinit("tty1::sysinit:/etc/rc\r\n", &line), "/etc/rc");
}

Test(inittab, none)
{
    int line = 0;
    cr_expect_null(sysinit("::respawn:/bin/sh\n", &line));
    cr_expect_null(sysinit("#::sysinit:/etc/init.d/rcS\n", &line));
    cr_expect_null(sysinit("::sysinit\n::sysinit:\n", &line));
    cr_expect_null(sysinit("", &line));
}
