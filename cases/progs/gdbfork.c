/* gdbfork.c: the program the gdb tests follow a fork in (emu/linux/tests/test_gdb.c). The
 * parent forks; the child sets its copy of a global (made), stops by child_done and ends
 * with status 3; the parent waits for it, stops by parent_done with the child's wait status,
 * and ends with 10 + the child's exit status. Its own copy of made is left as it was: the
 * two address spaces are apart. No C library. */
#include "nolibc.h"

volatile unsigned made = 0x11;
volatile long status;

static int child_done(void)
{
    return 3;
}

static int parent_done(long st)
{
    status = st;
    return 10 + (int)(st >> 8 & 0xff);
}

int main(void)
{
    long pid = sys(4002, 0, 0, 0); /* fork */
    if (pid == 0) {
        made = 0xc41d;
        sys(4001, child_done(), 0, 0); /* exit */
    }
    int st = 0;
    sys4(4114, pid, (long)&st, 0, 0); /* wait4 */
    return parent_done(st);
}

void __start(void)
{
    sys(4001, main(), 0, 0); /* exit */
    for (;;)
        continue;
}
