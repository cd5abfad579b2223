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
    /* Speedport W 501V, where each fact comes from:
     *  - the image, AVM's kernel.image 28.04.38 (../shared/fixtures/third-party/speedport-
     *    w501v): its /etc/init.d/rc.init has for this hardware (HW=93) ROMSIZE=4, RAMSIZE=16,
     *    ANNEX=B, INSTALL_TYPE=ar7_4MB_1eth_2ab_pots_wlan_28776 and PRODUKT=
     *    Fritz_Box_SpeedportW501V; its kernel (2.6.13.1-ohio, TI AR7 TNETD7300) counts jffs2
     *    in "64KByte" sectors, reads memsize, flashsize, HWRevision, ProductID, annex, modetty0
     *    from the environment, and finds the SquashFS "hidden" in the kernel partition itself
     *    ([ohio_find_hidden_filesystem]); the root is at 0x9bd00 in the image;
     *  - Freetz-NG's speed-to-fritz, set_model "501": HWID 93, RAMSIZE 16, ROMSIZE 4,
     *    kernel_size=3866624 (mtd1 = 0x3b0000 bytes from 0x90010000), kernel_args annex=B;
     *    AVM's GPL sources for the box are GPL-r7203-4mb_26 (freetz's avm-gpl.mk);
     *  - AVM's flash layout (freetz wiki, "Flash Partitioning"): the bootloader (EVA, 64 KB on
     *    these early boxes) is mtd2 at the flash's start, the kernel with its root is mtd1,
     *    and two equal TFFS banks are mtd3 and mtd4: here the 256 KB after mtd1.
     * Two ranges follow this project's ADAM2 model, not AVM's environment (whose mtd0 is
     * empty, 0x90000000,0x90000000, as the kernel finds the root in mtd1, and whose mtd4 is
     * the second TFFS bank): mtd0 is the root where that kernel finds it, and mtd4, the image
     * as written and checked, is mtd1. The environment sits at mtd3's start (the first TFFS
     * bank; EVA keeps its own in the bootloader's sector). The CPU and bus clocks (the kernel
     * tells Ohio212 from Ohio250 parts) and the MAC addresses are not known: not set. */
    {"speedport-w501v",
     "# Telekom Speedport W 501V (built by AVM): TI AR7, EVA, 4 MB flash, 16 MB RAM\n"
     "name = speedport-w501v\n"
     "cpu = 4KEc\n"
     "ram = 16M\n"
     "flash = 4M\n"
     "erase = 64K\n"
     "env.mtd0 = 0x900abd00,0x903c0000\n"
     "env.mtd1 = 0x90010000,0x903c0000\n"
     "env.mtd2 = 0x90000000,0x90010000\n"
     "env.mtd3 = 0x903c0000,0x903e0000\n"
     "env.mtd4 = 0x90010000,0x903c0000\n"
     "env.memsize = 0x01000000\n"
     "env.flashsize = 0x00400000\n"
     "env.modetty0 = 38400,n,8,1,hw\n"
     "env.HWRevision = 93\n"
     "env.ProductID = Fritz_Box_SpeedportW501V\n"
     "env.annex = B\n"
     "kernel = 2.6.13.1\n"
     "kernel_args = annex=B\n"},
    /* Linksys WAG200G (TI AR7, TI's SDK with MontaVista 2.4.17_mvl21: the WA1003A's kernel
     * family), where each fact comes from (Tetramatrix/wag200gfirmware at eaa339bf, the
     * vendor's GPL tree, and ../shared/research/ti-2.4-boot.md, which reads it):
     *  - cpu: the kernel's cpu_probe takes 4Kc/4KEc/4KSc only (setup.c:505-525); the AR7 is
     *    a 4KEc;
     *  - ram 16M: target/usr/sbin/install.sh counts "This machine: (4096 num_physpages)",
     *    4096 pages of 4 KB; env.memsize says so to the kernel, which probes nothing
     *    (mips-boards/generic/memory.c);
     *  - flash 4M: the Makefile's makeImage_4M, and the flash map driver's window 0x400000
     *    (.config, drivers/mtd/maps/avalanche-flash.c); erase 64K: that driver's fallback for
     *    a missing mtd4, the last 64 KB sector 0x903f0000,0x90400000 (lines 138-147);
     *  - mtd2 the 64 KB ADAM2 and mtd3 the environment's last sector: ADAM2's usual 4 MB
     *    layout (wikibin.org "Adam2"); mtd1 from 0x90010090, where ADAM2 boards put the
     *    kernel after the image's header (same source), 0xA0000 long: the Makefile's
     *    ram_zimage_pad (the kernel padded to 0xA0000) followed by the root filesystem
     *    (makeImage_4M KERNEL FS_NAME), so mtd0 starts 0xA0000 after mtd1;
     *  - env.mtd4 the environment's sector, 0x903f0000,0x90400000: the kernel reads the
     *    environment back through MTD device 4 once its flash driver is up, at the device's
     *    start (include/asm-mips/avalanche/generic/ticfg.h: ENV_VAR_MTD 4, the 3 of other
     *    boards commented out; ENV_VAR_MTD_OFFSET 0), and finds the sector's address in the
     *    "mtd4" entry there (adam2_env_get_value_direct); the flash map driver's own value for
     *    a missing mtd4 on a 4 MB flash is that sector (MTD4_FLASH_4M, avalanche-flash.c);
     *  - image, the image (kernel + root) as this project's ADAM2 model writes and checks it:
     *    mtd1's sector to the environment's; the box's mtd5 (a 256 KB minix "language"
     *    partition, target/usr/sbin/make_mtd5) is not known where it lies: not set;
     *  - flashsize 0x00400000 (4 MB); modetty0 115200 (the research's run into this kernel;
     *    the box's own ADAM2 value is not known); cpufrequency not set: the kernel's default
     *    (CONFIG_CPU_FREQUENCY_AVALANCHE, 125 MHz); no kernel_args: the kernel takes its root
     *    from mtd0 whatever root= says (init/main.c:807-810) and its console from modetty0.
     * The MAC addresses are not known: not set. */
    {"wag200g", "# Linksys WAG200G: TI AR7, ADAM2, 4 MB flash, 16 MB RAM, MontaVista 2.4.17\n"
                "name = wag200g\n"
                "cpu = 4KEc\n"
                "ram = 16M\n"
                "flash = 4M\n"
                "erase = 64K\n"
                "env.mtd0 = 0x900b0090,0x903f0000\n"
                "env.mtd1 = 0x90010090,0x900b0090\n"
                "env.mtd2 = 0x90000000,0x90010000\n"
                "env.mtd3 = 0x903f0000,0x90400000\n"
                "env.mtd4 = 0x903f0000,0x90400000\n"
                "image = 0x90010000,0x903f0000\n"
                "env.memsize = 0x01000000\n"
                "env.flashsize = 0x00400000\n"
                "env.modetty0 = 115200,n,8,1,hw\n"
                "kernel = 2.4.17_mvl21\n"},
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
    static const char *const names[] = {"wa1003a", "ar7-8m", "speedport-w501v", "wag200g", NULL};
    return names;
}
