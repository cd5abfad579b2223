/* elfcheck.h: the static checks of every program and library a root filesystem holds (stage
 * rootfs, no emulation): built for the board (MIPS, little-endian, 32-bit, o32), its
 * interpreter and the libraries it needs present in the image, the oldest kernel its ABI
 * note asks for against the kernel the image holds, and, on a release-1 CPU, no instruction
 * of MIPS32 release 2 in its code (mips_isa.h: the code is scanned, not the header's flags),
 * and, on a kernel without TLS (2.4.17: no set_thread_area, no rdhwr emulation), no need of
 * TLS (a PT_TLS segment, rdhwr $29 or set_thread_area in its code or its libraries').
 * What the boot starts (init, the boot script's interpreter, the programs its lines run) is
 * judged as the boot would fare: NO-BOOT for init and the script's interpreter, DEGRADED for
 * the rest, each naming the program and who starts it. What only sits in the image is a
 * WARNING: nothing runs it at boot. A script (#!) is checked for what keeps the kernel's exec
 * of it from running it: CR LF line ends, an interpreter the image lacks, no exec bit. */
#ifndef WA_ELFCHECK_H
#define WA_ELFCHECK_H

#include <stddef.h>

#include "finding.h"
#include "kprobe.h"
#include "squashfs.h"

/* A program the boot starts. */
typedef struct wa_boot_prog {
    char path[128]; /* in the rootfs, as it is named (a symlink is followed) */
    char by[160];   /* who starts it: "the kernel, as init", "/etc/init.d/rcS line 11" */
    int noboot;     /* 1: without it nothing of the boot runs (init, the script's shell) */
} wa_boot_prog;

typedef struct wa_elfcheck_opts {
    const kprobe_info *kernel; /* NULL, or without a banner: the ABI notes are not checked */
    const char *cpu;           /* the board's CPU ("4KEc"), for the words of the findings */
    int isa_r1;                /* the CPU is MIPS32 release 1: scan the code for release 2 */
    int no_tls;                /* the kernel gives no TLS (a 2.4 kernel; lx_no_tls) */
    const char *kernel_name;   /* the board's kernel ("2.4.17_mvl21"), for the words */
    const char *script;        /* the boot script (its own checks are stage_rootfs's), or NULL */
    const wa_boot_prog *boot;  /* what the boot starts, in the order it starts them */
    size_t nboot;
} wa_elfcheck_opts;

void wa_elfcheck(sqfs *fs, const wa_elfcheck_opts *o, wa_report *r);

#endif
