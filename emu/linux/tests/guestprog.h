/* guestprog.h: a test's guest program: cases/progs/NAME.c built with no C library for the
 * board's MIPS32 release 1 into DIR/root/t/NAME, beside the files setup (a shell command run
 * in DIR/root) makes, and the tree as DIR/root.sqfs, for `wa-emu run` and for qemu-mipsel
 * run from DIR/root. guestprog_clean removes DIR. */
#ifndef WA_GUESTPROG_H
#define WA_GUESTPROG_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "testutil.h"

static inline void guestprog_build(char *dir, size_t cap, const char *name, const char *setup)
{
    snprintf(dir, cap, "/tmp/wa-%s-XXXXXX", name);
    cr_assert(mkdtemp(dir), "mkdtemp");
    char cmd[4096], *out;
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s/root/t' && (cd '%s/root' && %s) && "
             "mipsel-linux-gnu-gcc -O1 -static -nostdlib -nostartfiles -fno-pic -mno-abicalls "
             "-march=mips32 -Wall -Wextra -Werror -o '%s/root/t/%s' '%s/cases/progs/%s.c' && "
             "mksquashfs '%s/root' '%s/root.sqfs' -quiet -noappend -all-root >/dev/null 2>&1 && "
             "echo ok",
             dir, dir, setup, dir, name, WA_SRC, name, dir, dir);
    cr_assert_eq(run(cmd, &out), 0, "building %s: %s", name, out);
    free(out);
}

static inline void guestprog_clean(const char *dir)
{
    char cmd[128];
    if (!dir[0]) return;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd)) return;
}

#endif
