/* proc_mtd.c: /proc/mtd, the MTD devices the board's kernel made of the flash
 * (lx_opts.mtd: the harness works them out as that kernel does, harness/kernel_mtd.h). The
 * header and the line are the same in 2.4.17_mvl21 (drivers/mtd/mtdcore.c mtd_read_proc,
 * "mtd%d: %8.8x %8.8x \"%s\"") and 6.1 (mtd_proc_show, "%8.8llx" for the size): both
 * kernels' vmlinux hold these strings. */
#include <stdio.h>

#include "vfs.h"

int lx_mtd_text(lx_proc *p, char *b, size_t cap)
{
    int n = snprintf(b, cap, "dev:    size   erasesize  name\n");
    for (size_t i = 0; i < p->o->nmtd && n >= 0 && (size_t)n < cap; i++) {
        const lx_mtd *m = &p->o->mtd[i];
        n += snprintf(b + n, cap - (size_t)n, "mtd%zu: %8.8x %8.8x \"%s\"\n", i, m->size,
                      m->erasesize, m->name);
    }
    return n;
}
