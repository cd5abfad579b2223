/* adam2.c: the simulated ADAM2 bootloader. */
#include "adam2.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"

static int refuse(adam2_boot *o, const char *code, uint64_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int refuse(adam2_boot *o, const char *code, uint64_t off, const char *fmt, ...)
{
    o->boots = 0;
    o->offset = off;
    snprintf(o->code, sizeof o->code, "%s", code);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->reason, sizeof o->reason, fmt, ap);
    va_end(ap);
    return WA_OK;
}

/* "0x90010000,0x903f0000" -> flash offsets, checked against the chip. */
static int env_range(const adam2_boot *o, const nor_flash *f, const char *name, uint32_t *s,
                     uint32_t *t)
{
    const char *v = env_get(&o->env, name);
    unsigned long a, b;
    int used = 0;
    if (!v || sscanf(v, "%lx,%lx%n", &a, &b, &used) != 2 || v[used] || a >= b ||
        a < BOARD_FLASH_KSEG1 || b - BOARD_FLASH_KSEG1 > f->size)
        return -1;
    *s = (uint32_t)(a - BOARD_FLASH_KSEG1);
    *t = (uint32_t)(b - BOARD_FLASH_KSEG1);
    return 0;
}

int adam2_run(const nor_flash *f, const wa_board *b, adam2_boot *o, wa_err *e)
{
    memset(o, 0, sizeof *o);
    uint32_t cfg = board_part_off(b, 3);
    if (cfg >= f->size) return wa_fail(e, WA_E_USAGE, cfg, "mtd3 lies outside the flash");
    wa_err why = {0};
    if (env_load(f->mem + cfg, f->size - cfg, &o->env, &why))
        return refuse(o, "env-damaged", cfg + why.offset, "environment in mtd3: %s", why.msg);
    /* the image is where the environment's mtd4 says, or, on a board whose kernel keeps the
     * environment in mtd4, where the board's key image says */
    if (b->image_apart) {
        o->mtd4_off = board_part_off(b, 4);
        o->mtd4_end = o->mtd4_off + board_part_len(b, 4);
    }
    if ((!b->image_apart && env_range(o, f, "mtd4", &o->mtd4_off, &o->mtd4_end)) ||
        env_range(o, f, "mtd1", &o->mtd1_off, &o->mtd1_end))
        return refuse(o, "env-damaged", cfg, "environment has no usable mtd1/mtd4 ranges");

    /* where the trailer is: board key trailer (board.h says why these models) */
    const uint8_t *m = f->mem;
    uint32_t found = 0;
    if (b->trailer_at == WA_TRAILER_PARTITION_END) {
        if (o->mtd4_end - o->mtd4_off < 8 || rd_le32(m + o->mtd4_end - 8) != TI_TRAILER_MAGIC)
            return refuse(o, "checksum-missing", o->mtd4_end - 8,
                          "no TI checksum trailer (magic 0x%08x) in the last 8 bytes of mtd4",
                          TI_TRAILER_MAGIC);
        found = o->mtd4_end;
    } else if (b->trailer_at == WA_TRAILER_ERASED_TAIL) {
        /* The image ends where the erased tail of mtd4 begins; the trailer may itself end in
         * 0xFF bytes, so look for its magic in the last few positions. */
        uint32_t end = o->mtd4_end;
        while (end > o->mtd4_off && m[end - 1] == 0xff)
            end--;
        for (uint32_t t = end; t <= end + 8 && t <= o->mtd4_end && !found; t++)
            if (t >= o->mtd4_off + 8 && rd_le32(m + t - 8) == TI_TRAILER_MAGIC) found = t;
        if (!found)
            return refuse(o, "checksum-missing", end,
                          "no TI checksum trailer (magic 0x%08x) at the end of the image in mtd4",
                          TI_TRAILER_MAGIC);
    }
    if (found) {
        o->image_end = found;
        ti_trailer_read(m + o->mtd4_off, found - o->mtd4_off, &o->trailer, NULL);
        if (o->trailer.stored != o->trailer.computed)
            return refuse(o, "checksum-mismatch", found - 4,
                          "image checksum: trailer says 0x%08x, data 0x%x-0x%x gives 0x%08x",
                          o->trailer.stored, o->mtd4_off, found - 8, o->trailer.computed);
    }

    if (adam2_parse(m, o->mtd1_end, o->mtd1_off, &o->chain, &why))
        return refuse(o, why.code == WA_E_FORMAT ? "no-loader-tag" : "kernel-truncated", why.offset,
                      "kernel in mtd1: %s", why.msg);
    if (o->chain.first_bad >= 0) {
        int i = o->chain.first_bad;
        const adam2_rec *r = i < (int)o->chain.n ? &o->chain.rec[i] : NULL;
        return refuse(o, "record-checksum", r ? r->offset : o->chain.end - 12,
                      "loader record %d (load address 0x%08x): checksum 0x%08x, data gives 0x%08x",
                      i, r ? r->addr : o->chain.entry, r ? r->stored : 0, r ? r->computed : 0);
    }

    /* ADAM2 copies each record to its load address: one that is not in the board's RAM
     * (KSEG0 or KSEG1 over it) writes to nothing the kernel could run from */
    for (size_t i = 0; i < o->chain.n; i++) {
        const adam2_rec *r = &o->chain.rec[i];
        uint32_t seg = r->addr >> 29, pa = r->addr & 0x1fffffffu;
        if ((seg != 4 && seg != 5) || pa < ADAM2_RAM_PHYS || pa - ADAM2_RAM_PHYS > b->ram_size ||
            r->length > b->ram_size - (pa - ADAM2_RAM_PHYS))
            return refuse(o, "record-outside-ram", r->offset,
                          "loader record %zu loads %u bytes at 0x%08x, outside the board's %u "
                          "bytes of RAM (0x%08x-0x%08x)",
                          i, r->length, r->addr, b->ram_size, 0x80000000u | ADAM2_RAM_PHYS,
                          (0x80000000u | ADAM2_RAM_PHYS) + b->ram_size);
    }
    o->boots = 1;
    o->entry = o->chain.entry;
    const char *ms = env_get(&o->env, "memsize");
    o->memsize = ms ? (uint32_t)strtoul(ms, NULL, 0) : b->ram_size;
    snprintf(o->argv[0], sizeof o->argv[0], "adam2");
    o->argc = 1;
    char args[sizeof b->kernel_args];
    memcpy(args, b->kernel_args, sizeof args);
    char *save = NULL;
    for (char *t = strtok_r(args, " ", &save); t && o->argc < ADAM2_MAX_ARGS;
         t = strtok_r(NULL, " ", &save))
        snprintf(o->argv[o->argc++], sizeof o->argv[0], "%s", t);
    return WA_OK;
}

size_t adam2_segments(const adam2_boot *o, const nor_flash *f, adam2_seg *out)
{
    for (size_t i = 0; i < o->chain.n; i++)
        out[i] = (adam2_seg){o->chain.rec[i].addr, f->mem + o->chain.rec[i].offset + 8,
                             o->chain.rec[i].length};
    return o->chain.n;
}
