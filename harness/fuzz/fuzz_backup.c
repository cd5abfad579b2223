/* fuzz_backup.c: the owner's backup of any bytes, read as a directory of mtd0 .. mtd4 dumps
 * or as one whole-flash dump (backup.c), on a small board so whole dumps of its size are
 * reached. The first byte picks the form; for the directory, each dump's length is a 16-bit
 * word (0xffff: no such file) and its bytes follow. A backup read has every byte of the
 * flash, notes whose offsets lie on the chip and in the partitions they name, and no dump
 * held more of a partition than the partition has; a refusal names the backup. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backup.h"

static const char profile[] = "name = tiny\ncpu = 4KEc\nram = 16M\nflash = 64K\nerase = 4K\n"
                              "env.mtd2 = 0x90000000,0x90001000\n"
                              "env.mtd4 = 0x90001000,0x9000f000\n"
                              "env.mtd1 = 0x90001090,0x90005000\n"
                              "env.mtd0 = 0x90005000,0x9000f000\n"
                              "env.mtd3 = 0x9000f000,0x90010000\n";

static void check(const wa_board *b, const wa_backup *k)
{
    if (!k->mem || k->size != b->flash_size || k->nnote > WA_BACKUP_NOTES) abort();
    for (size_t i = 0; i < k->nnote; i++) {
        const wa_backup_note *n = &k->note[i];
        if (!memchr(n->text, 0, sizeof n->text) || !n->text[0]) abort();
        if (n->part < 0 || n->part > 4 || n->off > n->end || n->end > k->size) abort();
        uint32_t po = board_part_off(b, n->part), pe = po + board_part_len(b, n->part);
        if (n->off < po || n->end > pe) abort();
        if (n->kind == WA_BK_DIFFER) {
            if (n->other < 0 || n->other > 4 || !n->count || n->count > n->end - n->off) abort();
            uint32_t qo = board_part_off(b, n->other), qe = qo + board_part_len(b, n->other);
            if (n->off < qo || n->end > qe) abort();
        }
    }
    for (int i = 0; i < 5; i++)
        if (k->got[i] > board_part_len(b, i) || k->known[i] > board_part_len(b, i) ||
            k->got[i] > k->known[i])
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wa_board b;
    static int ready;
    if (!ready) {
        if (board_parse(profile, sizeof profile - 1, "fuzz", &b, NULL)) abort();
        ready = 1;
    }
    if (!size) return 0;
    wa_backup k;
    wa_err e = {0};
    int rc;
    if (data[0] & 1) {
        /* a whole dump: as given (mostly the wrong size), or tiled to the chip's size */
        uint8_t *w = NULL;
        size_t n = size - 1;
        const uint8_t *d = data + 1;
        if ((data[0] & 2) && n) {
            w = malloc(b.flash_size);
            for (size_t i = 0; i < b.flash_size; i++)
                w[i] = d[i % n];
            d = w, n = b.flash_size;
        }
        rc = wa_backup_whole(&b, d, n, "fuzz.bin", &k, &e);
        free(w);
    } else {
        const uint8_t *part[5] = {0};
        size_t len[5] = {0}, at = 1;
        for (int i = 0; i < 5 && at + 2 <= size; i++) {
            size_t l = (size_t)data[at] | (size_t)data[at + 1] << 8;
            at += 2;
            if (l == 0xffff) continue;
            if (l > size - at) l = size - at;
            part[i] = data + at, len[i] = l, at += l;
        }
        rc = wa_backup_parts(&b, part, len, "fuzz", &k, &e);
    }
    if (rc) {
        if (strncmp(e.msg, "fuzz", 4) || !memchr(e.msg, 0, sizeof e.msg)) abort();
        return 0;
    }
    check(&b, &k);
    wa_backup_free(&k);
    return 0;
}
