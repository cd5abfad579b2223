/* insmod.c: the module calls an insmod makes, 2.4's (query_module, create_module) and 2.6's
 * (init_module), then rmmod's delete_module, each result printed; run as `insmod -f wlan.o`
 * so that the module's name is its argument, as insmod's is. No C library (nolibc.h). */
#include "nolibc.h"

static void say(const char *s)
{
    long n = 0;
    while (s[n])
        n++;
    sys(4004, 1, (long)s, n);
}
static void num(const char *name, long v)
{
    char b[24], *e = b + sizeof b;
    unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
    *--e = 0;
    do
        *--e = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0) *--e = '-';
    say(name);
    say(e);
    say(" ");
}

void __start(void)
{
    static char image[64] = "\177ELF";
    num("query_module=", sys4(4187, 0, 0, 0, 0));
    num("create_module=", sys(4127, (long)"wlan", sizeof image, 0));
    num("init_module=", sys(4128, (long)image, sizeof image, (long)""));
    num("delete_module=", sys(4129, (long)"wlan", 0, 0));
    say("\n");
    sys(4001, 0, 0, 0);
    for (;;)
        ;
}
