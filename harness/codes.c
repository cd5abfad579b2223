/* codes.c: the finding codes (codes.h), by stage in boot order. */
#include "codes.h"

#include <string.h>

const wa_code wa_codes[] = {
    /* flash: the image written into the board's simulated flash */
    {"env-too-large", "flash", "the board's ADAM2 environment does not fit mtd3"},
    {"image-too-large", "flash",
     "the image is larger than mtd4: writing it reaches the bootloader"},
    {"layout", "flash", "the image cannot be split into kernel, rootfs and trailer"},
    {"out-of-memory", "flash", "wa-emu could not allocate the simulated flash"},
    {"rootfs-missing", "flash", "no SquashFS superblock after the kernel"},
    {"rootfs-offset", "flash", "the rootfs does not start where mtd0 starts"},
    {"rootfs-too-large", "flash", "the SquashFS image is larger than mtd0"},
    {"rootfs-truncated", "flash", "the SquashFS image is cut off"},
    {"ar7part-mismatch", "flash", "ar7part (2.6+ kernels) would look for the rootfs elsewhere"},
    {"image-clipped", "flash", "the image is larger than mtd4: mtdblock's write stops at its end"},
    {"flash-write", "flash", "the image could not be written into the simulated flash"},
    {"stale-bytes", "flash", "old bytes of the flash stay after the image in mtd4"},
    {"backup-size", "flash", "the backup is of another flash size than the board's"},
    {"backup-short", "flash", "a dump of the backup is shorter than its partition"},
    {"backup-differ", "flash", "two dumps of the backup disagree where their partitions overlap"},
    {"backup-missing", "flash", "a partition of the backup has no dump"},
    /* adam2: the bootloader's checks and hand-off */
    {"adam2-error", "adam2", "the simulated ADAM2 could not run"},
    {"env-damaged", "adam2", "the ADAM2 environment in mtd3 is unusable"},
    {"checksum-missing", "adam2", "the image has no TI checksum trailer"},
    {"checksum-mismatch", "adam2", "the TI checksum does not match the image"},
    {"checksum-wrong-range", "adam2", "the TI checksum covers only part of the image"},
    {"stale-trailer", "adam2", "ADAM2 checks the old image's trailer left after a shorter one"},
    {"stale-tail", "adam2", "old bytes after the image hide its trailer from ADAM2"},
    {"no-loader-tag", "adam2", "mtd1 does not start with ADAM2 loader records"},
    {"kernel-truncated", "adam2", "the loader records run past the end of the kernel part"},
    {"record-checksum", "adam2", "a loader record's checksum does not match"},
    {"record-outside-ram", "adam2", "a loader record would be loaded outside the RAM"},
    /* kernel: what the kernel part is */
    {"kernel-probe", "kernel", "the kernel part could not be examined"},
    {"kernel-unknown", "kernel", "no Linux version banner in the kernel"},
    {"kernel-found", "kernel", "the kernel's version banner"},
    /* boot: the kernel run in the AR7 machine (--deep) */
    {"boot-cpu-unknown", "boot", "the board's CPU has no emulator model: the kernel was not run"},
    {"emulator-failed", "boot", "the emulator could not run (not a verdict about the image)"},
    {"eva-unpack-failed", "boot", "AVM's bootloader cannot unpack the EVA kernel record"},
    {"boot-init", "boot", "the kernel reached the exec of init"},
    {"kernel-panic", "boot", "the kernel panicked"},
    {"kernel-exception", "boot", "the kernel took an exception it cannot handle"},
    {"kernel-bus-error", "boot", "the kernel touched an address no device answers"},
    {"kernel-stall", "boot", "the kernel stopped making progress"},
    {"kernel-budget", "boot", "the kernel did not reach init within the instruction budget"},
    {"kernel-timeout", "boot", "the kernel did not reach init within the wall-clock limit"},
    {"kernel-reset", "boot", "the kernel reset the board"},
    {"emulator-stopped", "boot", "the emulator stopped the kernel (not a verdict about the image)"},
    {"kernel-panic-line", "boot", "a panic line on the console that did not end the run"},
    {"kernel-warning", "boot", "a kernel WARNING on the console"},
    {"kernel-bug", "boot", "a kernel BUG on the console"},
    {"kernel-oops", "boot", "a kernel Oops on the console"},
    /* rootfs: the root filesystem and what init needs of it */
    {"rootfs-unmountable", "rootfs", "the board's kernel cannot mount the root filesystem"},
    {"rootfs-corrupt", "rootfs", "the root filesystem cannot be read"},
    {"init-missing", "rootfs", "none of the programs the kernel tries as init is there"},
    {"init-not-executable", "rootfs", "init cannot be executed (mode, or not an ELF)"},
    {"init-wrong-arch", "rootfs", "init is built for another CPU or byte order"},
    {"rcs-missing", "rootfs", "there is no boot script (/etc/init.d/rcS)"},
    {"rcs-crlf", "rootfs", "the boot script has DOS line ends"},
    {"rcs-not-executable", "rootfs", "the boot script has no exec bit"},
    {"rcs-interpreter-missing", "rootfs", "the boot script's #! interpreter is not in the image"},
    {"elf-not-for-board", "rootfs", "programs in the image are not MIPS32 little-endian o32"},
    {"elf-interp-missing", "rootfs", "programs in the image need a loader the image lacks"},
    {"elf-lib-missing", "rootfs", "programs in the image need libraries the image lacks"},
    {"elf-kernel-too-old", "rootfs", "programs in the image ask for a newer kernel than its own"},
    {"elf-not-executable", "rootfs", "a program the boot starts has no exec bit"},
    {"elf-isa", "rootfs",
     "programs in the image hold instructions the board's CPU lacks (MIPS32 release 2)"},
    {"var-tar", "rootfs", "the var.tar the boot unpacks into RAM"},
    {"var-tar-missing", "rootfs", "the boot unpacks a var.tar the image does not have"},
    {"var-tar-corrupt", "rootfs", "the var.tar cannot be read"},
    {"var-too-large", "rootfs", "the var.tar does not fit the board's RAM"},
    /* userland: init, rcS and the daemons in user mode */
    {"init-exec", "userland", "the exec of init failed"},
    {"init-exited", "userland", "init ended: the kernel panics"},
    {"init-killed", "userland", "init was killed by a signal: the kernel panics"},
    {"init-stopped", "userland", "the emulator stopped init: the box would panic"},
    {"program-cannot-run", "userland", "a program the boot started cannot run on the box"},
    {"program-failed", "userland",
     "a program the boot script ran failed with an error message it does not test for"},
    {"daemon-gone", "userland", "a daemon the boot started ended before the boot settled"},
    {"rcs-not-run", "userland", "init never ran the boot script"},
    {"rcs-syntax-error", "userland", "the shell refused a line of the boot script"},
    {"rcs-exec", "userland", "the boot script replaced itself (exec) before running anything"},
    {"write-failed", "userland", "a write the boot needed was refused (EROFS, ENOSPC)"},
    {"userland-stopped", "userland", "the emulator stopped a process: the box would kill it"},
    {"userland-killed", "userland", "a process was killed by a signal"},
    {"userland-enosys", "userland", "system calls wa-emu does not emulate returned ENOSYS"},
    {"userland-settled", "userland", "the boot settled: every process asleep"},
    {"userland-timeout", "userland", "the userland run reached its wall-clock limit"},
    /* services: what the daemons did in the world outside the box */
    {"service-not-started", "services",
     "the board says a service must run; the boot never started it"},
    {"noip2-updated", "services", "noip2 sent the box's address and the server took it"},
    {"noip2-update-refused", "services", "the no-ip server refused noip2's update"},
    {"noip2-dns-failed", "services", "noip2 could not resolve the no-ip servers"},
    {"noip2-connect-failed", "services", "noip2 could not connect to the no-ip servers"},
    {"noip2-wrong-address", "services", "noip2 sent an address that is not the box's"},
    {"noip2-no-update", "services", "noip2 ran but never sent an update"},
    {"noip2-not-running", "services", "noip2 ended without sending an update"},
    {"noip2-shmctl-mismatch", "services",
     "noip2 refused to start: its libc and the kernel disagree on shmctl"},
    /* the harness itself */
    {"unknown-code", "harness", "wa-emu reported a code it does not know (an internal failure)"},
};
const size_t wa_ncodes = sizeof wa_codes / sizeof wa_codes[0];

const wa_code *wa_code_find(const char *code)
{
    for (size_t i = 0; i < wa_ncodes; i++)
        if (!strcmp(wa_codes[i].code, code)) return &wa_codes[i];
    return NULL;
}
