/* kernel_mtd.c: the MTD devices the board's kernel makes (kernel_mtd.h). */
#include "kernel_mtd.h"

#include <stdio.h>
#include <stdlib.h>

/* the flash window's physical address (the driver's WINDOW_ADDR) */
#define FLASH_PHYS 0x10000000u

/* mtdpart's checks against the chip. */
static void add(lx_mtd *out, size_t *n, const wa_board *b, const char *name, uint64_t off,
                uint64_t size)
{
    lx_mtd *m = &out[(*n)++];
    snprintf(m->name, sizeof m->name, "%s", name);
    if (off >= b->flash_size)
        off = size = 0; /* "out of reach -- disabled" */
    else if (off + size > b->flash_size)
        size = b->flash_size - off; /* "extends beyond the end of device" */
    m->size = (uint32_t)size;
    m->erasesize = b->erase_size;
}

/* TI's create_mtd_partitions: "start,end" of each variable, parsed by simple_strtol(.., 0)
 * (so "0x9..." and decimal), the offset from the address's physical one (KSEG0, KSEG1 or
 * physical all do), the size end - start on the values as they are. */
static size_t ti_parts(const wa_board *b, lx_mtd *out)
{
    size_t n = 0;
    for (unsigned i = 0; i < WA_KMTD_MAX; i++) {
        char name[8];
        snprintf(name, sizeof name, "mtd%u", i);
        const char *v = board_env(b, name);
        if (!v) break;
        char *end;
        unsigned long start = strtoul(v, &end, 0), stop;
        if (*end != ',') break;
        stop = strtoul(end + 1, NULL, 0);
        if (!start || !stop) break; /* "JFFS2 ERROR: Invalid mtdN start,end." */
        uint32_t off = (uint32_t)((start & 0x1fffffffu) - FLASH_PHYS);
        add(out, &n, b, name, off, (uint32_t)(stop - start));
    }
    if (!n) add(out, &n, b, "Physically mapped flash", 0, b->flash_size);
    return n;
}

size_t wa_kernel_mtd(const wa_board *b, int by, const ar7part_map *ar7, lx_mtd *out)
{
    if (by != WA_ROOT_AR7PART) return ti_parts(b, out);
    size_t n = 0;
    uint32_t post = ar7->config_found ? 0 : b->erase_size;
    add(out, &n, b, "loader", 0, b->erase_size);
    add(out, &n, b, "config", ar7->config_off, b->erase_size);
    add(out, &n, b, "linux", ar7->linux_off, (uint32_t)(b->flash_size - ar7->linux_off - post));
    add(out, &n, b, "rootfs", ar7->walk == AR7PART_LOST ? 0 : ar7->rootfs_off, ar7->rootfs_len);
    return n;
}

void wa_ticfg_env(const wa_board *b, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = 0;
    for (size_t i = 0; i < b->env.n && n < cap; i++) {
        int k = snprintf(out + n, cap - n, "%s\t%s\n", b->env.v[i].name, b->env.v[i].value);
        if (k < 0 || (size_t)k >= cap - n) { /* whole lines only */
            out[n] = 0;
            break;
        }
        n += (size_t)k;
    }
}
