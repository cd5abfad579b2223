/* gdbprog.c: the program the gdb tests debug in user mode (emu/linux/tests/test_gdb.c):
 * symbols and lines (-g), a global whose bytes are known, a call to step into, an exit
 * status that says the call ran, a loop a debugger can turn on (spin) to interrupt, and a
 * pause() it can turn on (nap): asleep in a system call until a signal comes. No C
 * library. */
#include "nolibc.h"

volatile unsigned counter = 0x1234abcd;
volatile unsigned spin;
volatile unsigned nap;

static unsigned add(unsigned a, unsigned b)
{
    return a + b;
}

int main(void)
{
    while (spin)
        continue;
    if (nap) sys(4029, 0, 0, 0); /* pause */
    unsigned x = add(counter, 1);
    counter = x;
    sys(4004, 1, (long)"gdbprog\n", 8); /* write */
    return (x & 0xff) == 0xce ? 7 : 1;
}

void __start(void)
{
    sys(4001, main(), 0, 0); /* exit */
    for (;;)
        continue;
}
