/* elfcheck.h: the static checks of every program and library a root filesystem holds (stage
 * rootfs, no emulation): built for the board (MIPS, little-endian, 32-bit, o32), its
 * interpreter and the libraries it needs present in the image, and the oldest kernel its ABI
 * note asks for against the kernel the image holds. What is wrong is a WARNING: whether the
 * boot runs the program is for the userland stage to see, and to judge. */
#ifndef WA_ELFCHECK_H
#define WA_ELFCHECK_H

#include "finding.h"
#include "kprobe.h"
#include "squashfs.h"

/* k: the kernel's probe (NULL, or without a banner: the ABI notes are not checked). */
void wa_elfcheck(sqfs *fs, const kprobe_info *k, wa_report *r);

#endif
