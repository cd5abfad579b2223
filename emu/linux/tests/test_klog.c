/* test_klog.c: syslog(2) as do_syslog (kernel/printk.c) answers it, seen by cases/progs/klog.c:
 * open and close are no-ops, a console level must be 1..8, a read of the last messages gives
 * what the buffer holds (nothing here), a NULL buffer is EINVAL, and a read of new messages
 * sleeps until a signal ends it with EINTR (the WAG200G's klogd called it in a loop when it
 * answered 0 at once); the buffer's size (action 10) is a later kernel's, refused by a 2.4
 * kernel's default case. Not against qemu-mipsel: it passes the call to the host's kernel, whose
 * log is the host's. */
#include <criterion/criterion.h>
#include <string.h>

#include "guestprog.h"

static char dir[64];
static void cleanup(void)
{
    guestprog_clean(dir);
}
static void build(void)
{
    guestprog_build(dir, sizeof dir, "klog", "true");
}

static void check(const char *board, const char *want)
{
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd, "'%s' run %s '%s/root.sqfs' -- t/klog 2>&1", WA_BIN, board, dir);
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, want), "%s: want\n%s\nsaw\n%s", board, want, out);
    free(out);
}

Test(klog, the_log_reader_sleeps_until_a_signal, .init = build, .fini = cleanup)
{
    /* the ar7-8m board's 6.1 kernel and the WA1003A's 2.4.17 */
    check("--board ar7-8m",
          "open=0 level9=-22 level4=0 readall=0 readall_null=-22 size=16384 bad=-22 "
          "read=-4 got=14 \n");
    check("--board wa1003a", "open=0 level9=-22 level4=0 readall=0 readall_null=-22 size=-22 "
                             "bad=-22 read=-4 got=14 \n");
}
