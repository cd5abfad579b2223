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
        /* what the model lacks: the environment read back through MTD device 4 once the
         * flash driver is up, which is the image partition here */
        "Failed to get base address to mtd4\n",
    };
    for (size_t i = 0; i < sizeof says / sizeof says[0]; i++)
        cr_expect(strstr(out, says[i]), "no \"%s\" in\n%s", says[i], out);
    cr_expect(!strstr(out, "kernel-exception"), "%s", out);
    cr_expect(!strstr(out, "kernel-timeout"), "the kernel run met the wall-clock limit:\n%s", out);
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
