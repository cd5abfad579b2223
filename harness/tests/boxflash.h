/* boxflash.h: the owner's box in the tests (test_backup.c, test_repack.c): its flash with its
 * own bootloader bytes and environment and an image uploaded through ADAM2 (mtd4 erased, then
 * written), dumped per partition as `cat /dev/mtdblock/N > mtdN` dumps it; and an older image
 * longer than a given one; the test's scratch directory. Static functions: include it once,
 * after defining BOXFLASH_TMP. */
#ifndef WA_BOXFLASH_H
#define WA_BOXFLASH_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "board.h"
#include "env.h"
#include "flash_write.h"
#include "nor.h"
#include "tichksum.h"

/* The test's scratch directory (named after BOXFLASH_TMP, a mkdtemp template). */
static char tmp[64];

static void mktmp(void)
{
    snprintf(tmp, sizeof tmp, "%s", BOXFLASH_TMP);
    cr_assert(mkdtemp(tmp));
}

/* WA_KEEP_TMP=1 keeps the backups made, to look at them (their directory is printed). */
static void rmtmp(void)
{
    char cmd[128];
    if (getenv("WA_KEEP_TMP")) {
        fprintf(stderr, "kept %s\n", tmp);
        return;
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_expect_eq(system(cmd), 0);
}

static wa_board ar7(void)
{
    wa_board b;
    cr_assert_eq(board_builtin("ar7-8m", &b, NULL), 0);
    return b;
}

/* The box's flash: its own bootloader bytes, its environment, img uploaded through ADAM2. */
static nor_flash *box(const wa_board *b, const uint8_t *img, size_t len)
{
    nor_flash *f = nor_new(b->flash_size, b->erase_size);
    cr_assert(f);
    static const char pat[] = "the owner's ADAM2 0.22.06 ";
    uint32_t at = board_part_off(b, 2);
    for (uint32_t i = 0; i < board_part_len(b, 2); i++)
        f->mem[at + i] = (uint8_t)pat[i % (sizeof pat - 1)];
    uint8_t env[8192];
    size_t n;
    cr_assert_eq(env_store(&b->env, env, sizeof env, &n, NULL), 0);
    memcpy(f->mem + board_part_off(b, 3), env, n);
    wa_write_result w;
    cr_assert_eq(wa_write_image(f, b, WA_WRITE_ERASE, img, len, &w, NULL), 0);
    return f;
}

static void put(const char *path, const uint8_t *d, size_t n)
{
    FILE *o = fopen(path, "wb");
    cr_assert(o, "%s", path);
    cr_assert_eq(fwrite(d, 1, n, o), n);
    fclose(o);
}

/* mtd0 .. mtd4 of f into the new directory dir, mtd1 cut to cut1 bytes (0: whole). */
static void box_dump(const nor_flash *f, const wa_board *b, const char *dir, uint32_t cut1)
{
    char p[512];
    cr_assert_eq(mkdir(dir, 0755), 0, "%s", dir);
    for (int i = 0; i < 5; i++) {
        snprintf(p, sizeof p, "%s/mtd%d", dir, i);
        uint32_t n = board_part_len(b, i);
        put(p, f->mem + board_part_off(b, i), i == 1 && cut1 ? cut1 : n);
    }
}

/* An older image, longer than pass.bin: the same kernel and rootfs, then extra bytes (as a
 * larger rootfs would end), its own TI trailer over all of it. */
static uint8_t *longer(const uint8_t *img, size_t len, size_t extra, size_t *out)
{
    size_t data = len - TI_TRAILER_LEN;
    uint8_t *o = malloc(data + extra + TI_TRAILER_LEN);
    cr_assert(o);
    memcpy(o, img, data);
    for (size_t i = 0; i < extra; i++)
        o[data + i] = (uint8_t)(0x5a ^ i);
    ti_trailer_make(o, data + extra, o + data + extra);
    *out = data + extra + TI_TRAILER_LEN;
    return o;
}

#endif
