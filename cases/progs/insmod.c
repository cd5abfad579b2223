/* insmod.c: the module calls an insmod makes, 2.4's (query_module, create_module) and 2.6's
 * (init_module), then rmmod's delete_module, each result printed; run as `insmod -f wlan.o`
 * so that the module's name is its argument, as insmod's is. No C library (nolibc.h). */
#include "nolibc.h"

void __start(void)
{
    static char image[64] = "\177ELF";
    nl_num("query_module=", sys4(4187, 0, 0, 0, 0));
    nl_num("create_module=", sys(4127, (long)"wlan", sizeof image, 0));
    nl_num("init_module=", sys(4128, (long)image, sizeof image, (long)""));
    nl_num("delete_module=", sys(4129, (long)"wlan", 0, 0));
    nl_say("\n");
    sys(4001, 0, 0, 0);
    for (;;)
        ;
}
