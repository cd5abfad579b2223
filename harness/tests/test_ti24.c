/* test_ti24.c: TI's own 2.4 kernel, the WA1003A's family, run with verify --deep: the Linksys
 * WAG200G's ram_zimage_pad.bin and its SquashFS 2.0 LZMA root (../shared third-party
 * fixture) packed for the wag200g board. TI's loader prints through ADAM2's service table and
 * unpacks the kernel; the kernel takes its console and memory from the environment, finds
 * the flash and its partitions from mtd0..mtd4, mounts its root from mtdblock/0 and execs
 * init, each a milestone. Not run when the fixture is not there. (The statics are the cases
 * wag200g-static and wag200g-root-4.0.) */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#define WAG WA_SRC "/../shared/fixtures/third-party/linksys-wag200g/"

Test(ti24, the_wag200g_kernel_boots_to_init, .timeout = 600)
{
    if (access(WAG "ram_zimage_pad.bin", R_OK) || access(WAG "rootfs-original.img", R_OK))
        cr_skip_test("not run: " WAG " is not there");
    char dir[] = "/tmp/wa-ti24-XXXXXX", cmd[2048], *out;
    cr_assert(mkdtemp(dir));
    snprintf(cmd, sizeof cmd,
             "'%s' pack -b wag200g -k '%s' -r '%s' -o '%s/w.bin' >/dev/null && "
             "'%s' verify --deep --no-color --timeout 60000 -b wag200g '%s/w.bin' 2>&1",
             WA_BIN, WAG "ram_zimage_pad.bin", WAG "rootfs-original.img", dir, WA_BIN, dir);
    /* a wall-clock limit six times the kernel run's time under ASan (10 s): the kernel's
     * own instruction budget decides, never this machine's load (the userland after it,
     * which does not settle yet, runs into the limit: a minute) */
    run(cmd, &out);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    run(cmd, NULL);
    static const char *const says[] = {
        "  boot      ok",
        "INFO [boot] boot-init: the kernel booted to init",
        "evidence: kernel entry at ",
        ", banner at ",
        ", flash probe at ",
        ", partitions at ",
        ", root mounted at ",
        ", init exec at ",
        /* the loader, through ADAM2's print (table +0x34) */
        "Launching kernel decompressor.\n",
        "Kernel decompressor was successful ... launching kernel.\n",
        /* the kernel's prom_printf, through print_count (+0x04), and the environment */
        "LINUX started...\n",
        "Config serial console: ttyS0,115200\n",
        " memory: 00fe0000 @ 14020000 (usable)\n",
        "ttyS00 at 0xa8610e00 (irq = 15) is a 16550A\n",
        "Creating 5 MTD partitions on \"Physically mapped flash\":\n",
        "0x000b0090-0x003f0000 : \"mtd0\"\n",
        "VFS: Mounted root (squashfs filesystem) readonly.\n",
        /* the environment read back from flash through MTD device 4 once the flash driver
         * is up: the board's has no wan_br_mac */
        "Please set the MAC Address for the WAN Bridge.\n",
    };
    for (size_t i = 0; i < sizeof says / sizeof says[0]; i++)
        cr_expect(strstr(out, says[i]), "no \"%s\" in\n%s", says[i], out);
    cr_expect(!strstr(out, "kernel-exception"), "%s", out);
    cr_expect(!strstr(out, "kernel-timeout"), "the kernel run met the wall-clock limit:\n%s", out);
    cr_expect(!strstr(out, "Failed to get base address to mtd4"), "%s", out);
    free(out);
}

/* Once its flash driver is up, the kernel reads every variable from the ADAM2 entries at the
 * start of MTD device 4, the environment's sector (env.mtd4; the image is key image): a
 * wan_br_mac set there reaches the WAN bridge, which asks for it after the partitions are
 * made. (With mtd4 the image, the kernel found no "mtd4" entry there and every later lookup
 * failed.) */
Test(ti24, the_kernel_reads_the_environment_back_from_flash, .timeout = 600)
{
    if (access(WAG "ram_zimage_pad.bin", R_OK) || access(WAG "rootfs-original.img", R_OK))
        cr_skip_test("not run: " WAG " is not there");
    char dir[] = "/tmp/wa-ti24-XXXXXX", cmd[4096], *out;
    cr_assert(mkdtemp(dir));
    snprintf(cmd, sizeof cmd,
             "cd '%s' && { printf '%%s\\n' 'name = wag200g-mac' 'cpu = 4KEc' 'ram = 16M' "
             "'flash = 4M' 'erase = 64K' 'env.mtd0 = 0x900b0090,0x903f0000' "
             "'env.mtd1 = 0x90010090,0x900b0090' 'env.mtd2 = 0x90000000,0x90010000' "
             "'env.mtd3 = 0x903f0000,0x90400000' 'env.mtd4 = 0x903f0000,0x90400000' "
             "'image = 0x90010000,0x903f0000' 'env.memsize = 0x01000000' "
             "'env.flashsize = 0x00400000' 'env.modetty0 = 115200,n,8,1,hw' "
             "'env.wan_br_mac = 00.11.22.33.44.55' 'kernel = 2.4.17_mvl21' > wag.board; } && "
             "'%s' pack -b ./wag.board -k '%s' -r '%s' -o w.bin >/dev/null && "
             "'%s' verify --deep --console --no-color --timeout 60000 -b ./wag.board w.bin 2>&1",
             dir, WA_BIN, WAG "ram_zimage_pad.bin", WAG "rootfs-original.img", WA_BIN);
    run(cmd, &out);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    run(cmd, NULL);
    cr_expect(strstr(out, "0x003f0000-0x00400000 : \"mtd4\"\n"), "%s", out);
    cr_expect(strstr(out, "Initializing the WAN Bridge.\n"), "%s", out);
    cr_expect(!strstr(out, "Please set the MAC Address for the WAN Bridge"), "%s", out);
    cr_expect(!strstr(out, "Failed to get base address"), "%s", out);
    cr_expect(strstr(out, "INFO [boot] boot-init: the kernel booted to init"), "%s", out);
    free(out);
}

/* The WAG200G's /dev is empty in its image: its kernel mounts devfs there before init
 * ("Mounted devfs on /dev"), and BusyBox 1.00's init opens /dev/console, then runs
 * /usr/etc/rcS. The userland run gives init that devfs, so the boot script runs (without it
 * init found no console and never started rcS). */
Test(ti24, the_wag200g_boot_script_runs_on_devfs, .timeout = 300)
{
    if (access(WAG "ram_zimage_pad.bin", R_OK) || access(WAG "rootfs-original.img", R_OK))
        cr_skip_test("not run: " WAG " is not there");
    char dir[] = "/tmp/wa-ti24-XXXXXX", cmd[2048], *out;
    cr_assert(mkdtemp(dir));
    snprintf(cmd, sizeof cmd,
             "'%s' pack -b wag200g -k '%s' -r '%s' -o '%s/w.bin' >/dev/null && "
             "'%s' verify --no-color --timeout 10000 -b wag200g '%s/w.bin' 2>&1; rm -rf '%s'",
             WA_BIN, WAG "ram_zimage_pad.bin", WAG "rootfs-original.img", dir, WA_BIN, dir, dir);
    run(cmd, &out);
    cr_expect(strstr(out, "; devfs on /dev; "), "%s", out);
    cr_expect(strstr(out, "] /bin/sh /usr/etc/rcS;"), "%s", out);
    free(out);
}
