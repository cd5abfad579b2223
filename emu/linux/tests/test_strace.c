/* test_strace.c: the o32 system call table (syscall_o32.tbl) against the cross toolchain's
 * Linux headers (asm/unistd_o32.h: every __NR_ there is in the table with its name), and
 * --strace's lines for cases/progs/stracecalls.c: as expected from its calls, with names in
 * the order qemu-mipsel -strace names them. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "o32.h"
#include "guestprog.h"

#define UNISTD "/usr/mipsel-linux-gnu/include/asm/unistd_o32.h"

Test(o32, every_call_of_linuxs_header_with_its_name)
{
    FILE *f = fopen(UNISTD, "r");
    cr_assert(f, "%s (the cross toolchain's kernel headers, ci/deps.sh)", UNISTD);
    char line[256], name[64];
    int n = 0, off;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "#define __NR_%63s (__NR_Linux + %d)", name, &off) != 2) continue;
        const lx_sysinfo *s = lx_o32(4000u + (unsigned)off);
        cr_assert(s, "%s (%d) is not in syscall_o32.tbl", name, 4000 + off);
        /* 2.4's old stat calls, which Linux's header calls unused18, 28 and 84 */
        const char *want = off == 18   ? "oldstat"
                           : off == 28 ? "oldfstat"
                           : off == 84 ? "oldlstat"
                                       : name;
        cr_expect_str_eq(s->name, want, "call %d", 4000 + off);
        n++;
    }
    fclose(f);
    cr_expect_gt(n, 400, "only %d calls read from " UNISTD, n);
    cr_expect_null(lx_o32(3999));
    cr_expect_null(lx_o32(LX_NR_END));
    cr_expect_null(lx_o32(4279), "4279 is free in Linux's table");
    cr_expect(lx_o32(LX_NR_read)->restart && !lx_o32(LX_NR_nanosleep)->restart);
    cr_expect_str_eq(lx_o32(LX_NR_open)->args, "sOo");
}

static char dir[64];
static void cleanup(void)
{
    guestprog_clean(dir);
}
static void build(void)
{
    guestprog_build(dir, sizeof dir, "stracecalls", "printf hello > t/data");
}

/* The call's name on a strace line: after "[pid] " (ours) or "pid " (qemu's). */
static void names(const char *text, char *out, size_t cap)
{
    out[0] = 0;
    for (const char *l = text; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l)) {
        const char *s = strchr(l, ' ');
        if (!s || s > strchr(l, '\n')) continue;
        size_t n = strcspn(s + 1, "( \n");
        if (strlen(out) + n + 2 < cap) strncat(strncat(out, s + 1, n), " ", 2);
    }
}

Test(strace, names_paths_flags_and_errors, .init = build, .fini = cleanup)
{
    char cmd[1024], *ours, *ref;
    snprintf(cmd, sizeof cmd,
             "'%s' run --strace '%s/root.sqfs' -- t/stracecalls 2>&1 >/dev/null | "
             "sed -E 's/^\\[[0-9]+\\]/[N]/; s/0x4[0-9a-f]{5}/ADDR/g'",
             WA_BIN, dir);
    cr_assert_eq(run(cmd, &ours), 0, "%s", ours);
    cr_expect_str_eq(ours,
                     "[N] open(\"/no/such\", O_RDONLY) = -1 ENOENT (No such file or directory)\n"
                     "[N] open(\"t/data\", O_RDONLY) = 3\n"
                     "[N] read(3, ADDR, 16) = 5\n"
                     "[N] close(3) = 0\n"
                     "[N] write(1, ADDR, 3) = 3\n"
                     "[N] adjtimex (4124) = -1 ENOSYS (Function not implemented)\n"
                     "[N] exit(0) = ?\n");
    snprintf(cmd, sizeof cmd,
             "cd '%s/root' && \"$(command -v qemu-mipsel)\" -strace -cpu 4KEcR1 t/stracecalls 2>&1 "
             ">/dev/null",
             dir);
    cr_assert_eq(run(cmd, &ref), 0, "%s", ref);
    char a[512], b[512];
    names(ours, a, sizeof a);
    names(ref, b, sizeof b);
    cr_expect_str_eq(a, b, "the calls by name: wa-emu's, then qemu-mipsel's");
    cr_expect_str_eq(a, "open open read close write adjtimex exit ");
    free(ours);
    free(ref);
}
