/* sqfs_hint.h: how to make a root filesystem the image's kernel mounts, for the hints of the
 * rootfs findings. squashfs-tools 4.x's mksquashfs writes SquashFS 4.0 only: the way for a
 * kernel that mounts 4.0, with a compression that kernel has. A kernel that mounts only older
 * versions (TI's 2.4 kernels: 1.x and 2.0; 2.6 kernels with the 3.x patches) gets wa-emu
 * repack, which writes the root in the format of the box's own image; never a mksquashfs
 * that writes what it cannot mount. */
#ifndef WA_SQFS_HINT_H
#define WA_SQFS_HINT_H

#include <stddef.h>

#include "kprobe.h"

/* "DO: how" into buf (DO: "rebuild the rootfs", say); k NULL when the kernel is not known. */
const char *wa_sqfs_hint(const kprobe_info *k, const char *what, char *buf, size_t cap);

#endif
