/* board_builtin.c: the built-in board profiles, as profile text (format in board.h). */
#include <string.h>

#include "board.h"

static const struct {
    const char *name;
    const char *text;
} builtin[] = {
    {"wa1003a", "# Huawei Quidway WA1003A: TI AR7, ADAM2, 4 MB flash, 16 MB RAM\n"
                "name = wa1003a\n"
                "cpu = 4KEc\n"
                "ram = 16M\n"
                "flash = 4M\n"
                "erase = 64K\n"
                "env.mtd0 = 0x90091000,0x903f0000\n"
                "env.mtd1 = 0x90010090,0x90091000\n"
                "env.mtd2 = 0x90000000,0x90010000\n"
                "env.mtd3 = 0x903f0000,0x90400000\n"
                "env.mtd4 = 0x90010000,0x903f0000\n"
                "env.memsize = 0x01000000\n"
                "env.flashsize = 0x00400000\n"
                "env.modetty0 = 38400,n,8,1,hw\n"
                "env.bootloaderVersion = 0.22.06\n"
                "env.ProductID = AR7WRD\n"
                "env.HWRevision = Unknown\n"
                "env.cpufrequency = 150000000\n"
                "env.sysfrequency = 125000000\n"
                "env.maca = 00:e0:fc:00:00:01\n"
                "env.macb = 00:e0:fc:00:00:02\n"
                "env.usb_board_mac = 00:e0:fc:00:00:03\n"
                "env.IPA = 192.168.1.1\n"
                "kernel = 2.4.17_mvl21\n"
                "kernel_args = root=/dev/mtdblock0 console=ttyS0,38400\n"},
    {"ar7-8m", "# a generic TI AR7 board with 8 MB flash: room for the Linux 6.1 AR7 kernel\n"
               "name = ar7-8m\n"
               "cpu = 4KEc\n"
               "ram = 16M\n"
               "flash = 8M\n"
               "erase = 64K\n"
               "env.mtd0 = 0x90210000,0x907f0000\n"
               "env.mtd1 = 0x90010090,0x90210000\n"
               "env.mtd2 = 0x90000000,0x90010000\n"
               "env.mtd3 = 0x907f0000,0x90800000\n"
               "env.mtd4 = 0x90010000,0x907f0000\n"
               "env.memsize = 0x01000000\n"
               "env.flashsize = 0x00800000\n"
               "env.modetty0 = 38400,n,8,1,hw\n"
               "env.bootloaderVersion = 0.22.06\n"
               "env.ProductID = AR7RD\n"
               "env.cpufrequency = 150000000\n"
               "env.sysfrequency = 125000000\n"
               "env.maca = 00:e0:fc:00:10:01\n"
               "env.macb = 00:e0:fc:00:10:02\n"
               "env.IPA = 192.168.1.1\n"
               "kernel = 6.1\n"
               "kernel_args = root=/dev/mtdblock3 console=ttyS0,38400\n"},
};

int board_builtin(const char *name, wa_board *b, wa_err *e)
{
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
        if (!strcmp(builtin[i].name, name))
            return board_parse(builtin[i].text, strlen(builtin[i].text), name, b, e);
    return wa_fail(e, WA_E_NOTFOUND, WA_NO_OFFSET, "no built-in board profile '%s'", name);
}

const char *const *board_builtin_names(void)
{
    static const char *const names[] = {"wa1003a", "ar7-8m", NULL};
    return names;
}
