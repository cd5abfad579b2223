/* backup.c: the owner's flash backup read into one flash image (backup.h). */
#include "backup.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fileio.h"

static wa_backup_note *note(wa_backup *k, int kind, int part, int other, uint32_t off, uint32_t end,
                            const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static wa_backup_note *note(wa_backup *k, int kind, int part, int other, uint32_t off, uint32_t end,
                            const char *fmt, ...)
{
    if (k->nnote == WA_BACKUP_NOTES) {
        k->nnote_lost++;
        return NULL;
    }
    wa_backup_note *n = &k->note[k->nnote++];
    *n = (wa_backup_note){.kind = kind, .part = part, .other = other, .off = off, .end = end};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(n->text, sizeof n->text, fmt, ap);
    va_end(ap);
    return n;
}

static int start(const wa_board *b, const char *path, wa_backup *k, wa_err *e)
{
    memset(k, 0, sizeof *k);
    snprintf(k->path, sizeof k->path, "%s", path);
    k->size = b->flash_size;
    k->mem = malloc(k->size);
    if (!k->mem) return wa_fail(e, WA_E_NOMEM, 0, "%s: out of memory for the flash", path);
    memset(k->mem, 0xff, k->size);
    return 0;
}

int wa_backup_whole(const wa_board *b, const uint8_t *data, size_t len, const char *path,
                    wa_backup *k, wa_err *e)
{
    /* a dump of another size is of another chip (or not a dump): the partition map would put
     * the environment on the wrong bytes */
    if (len != b->flash_size) {
        memset(k, 0, sizeof *k);
        return wa_fail(e, WA_E_FORMAT, len < b->flash_size ? len : b->flash_size,
                       "%s: 0x%zx bytes, but board %s's flash is 0x%x: a whole-flash dump is "
                       "exactly the chip (or give a directory of mtd0 .. mtd4 dumps)",
                       path, len, b->name, b->flash_size);
    }
    if (start(b, path, k, e)) return -1;
    k->whole = 1;
    memcpy(k->mem, data, len);
    for (int i = 0; i < 5; i++)
        k->got[i] = k->known[i] = board_part_len(b, i);
    return 0;
}

/* Where two dumps disagree: the count and the first few runs of differing bytes. */
typedef struct differ {
    uint32_t count, first, last;
    uint32_t run_from[4], run_to[4];
    uint32_t last_more; /* the last byte past the runs shown: a run goes on or one more */
    size_t nrun, more;
} differ;

static void differ_add(differ *d, uint32_t off)
{
    if (!d->count) d->first = off;
    d->count++;
    d->last = off;
    if (d->nrun && d->run_to[d->nrun - 1] == off)
        d->run_to[d->nrun - 1] = off + 1;
    else if (d->nrun < 4)
        d->run_from[d->nrun] = off, d->run_to[d->nrun] = off + 1, d->nrun++;
    else if (off != d->last_more + 1 || !d->more)
        d->more++, d->last_more = off;
    else
        d->last_more = off;
}

int wa_backup_parts(const wa_board *b, const uint8_t *const part[5], const size_t len[5],
                    const char *path, wa_backup *k, wa_err *e)
{
    for (int i = 0; i < 5; i++)
        if (part[i] && len[i] > board_part_len(b, i)) {
            memset(k, 0, sizeof *k);
            return wa_fail(e, WA_E_FORMAT, board_part_len(b, i),
                           "%s/mtd%d: 0x%zx bytes, but mtd%d of board %s is 0x%x: not a dump of "
                           "this board's mtd%d",
                           path, i, len[i], i, b->name, board_part_len(b, i), i);
        }
    if (!part[3]) {
        memset(k, 0, sizeof *k);
        return wa_fail(e, WA_E_NOTFOUND, 0,
                       "%s/mtd3: no such dump: ADAM2 boots from the environment in mtd3, so the "
                       "backup must have it",
                       path);
    }
    if (start(b, path, k, e)) return -1;
    uint8_t *src = malloc(k->size); /* which dump each byte came from; 0xff: none */
    differ(*d)[5] = calloc(5, sizeof *d);
    if (!src || !d) {
        free(src);
        free(d);
        wa_backup_free(k);
        return wa_fail(e, WA_E_NOMEM, 0, "%s: out of memory", path);
    }
    memset(src, 0xff, k->size);
    /* the larger partition first: mtd4 was read in one go, so where mtd1 or mtd0 disagree
     * with it, its bytes are the consistent snapshot */
    int order[5] = {0, 1, 2, 3, 4};
    for (int i = 1; i < 5; i++)
        for (int j = i; j > 0 && board_part_len(b, order[j]) > board_part_len(b, order[j - 1]);
             j--) {
            int t = order[j];
            order[j] = order[j - 1], order[j - 1] = t;
        }
    for (int oi = 0; oi < 5; oi++) {
        int i = order[oi];
        if (!part[i]) continue;
        uint32_t po = board_part_off(b, i);
        k->got[i] = (uint32_t)len[i];
        for (uint32_t x = 0; x < len[i]; x++) {
            uint32_t off = po + x;
            if (src[off] == 0xff) {
                src[off] = (uint8_t)i, k->mem[off] = part[i][x];
            } else if (k->mem[off] != part[i][x]) {
                differ_add(&d[src[off]][i], off);
            }
        }
    }
    for (int i = 0; i < 5; i++) {
        uint32_t po = board_part_off(b, i), pl = board_part_len(b, i);
        for (uint32_t x = 0; x < pl; x++)
            k->known[i] += src[po + x] != 0xff;
    }
    for (int a = 0; a < 5; a++)
        for (int c = 0; c < 5; c++) {
            const differ *p = &d[a][c];
            if (!p->count) continue;
            char runs[200] = "";
            size_t n = 0;
            for (size_t r = 0; r < p->nrun && n < sizeof runs; r++)
                n += (size_t)snprintf(runs + n, sizeof runs - n, "%s0x%x-0x%x", r ? ", " : "",
                                      p->run_from[r], p->run_to[r]);
            if (p->more && n < sizeof runs)
                snprintf(runs + n, sizeof runs - n, " and %zu more", p->more);
            uint32_t pa = board_part_off(b, a), pc = board_part_off(b, c);
            wa_backup_note *w = note(
                k, WA_BK_DIFFER, c, a, p->first, p->last + 1,
                "mtd%d and mtd%d disagree on %u bytes of flash 0x%x-0x%x (mtd%d offset "
                "0x%x, mtd%d offset 0x%x): %s; mtd%d's bytes are used (the larger dump, "
                "read in one go)",
                c, a, p->count, p->first, p->last + 1, c, p->first - pc, a, p->first - pa, runs, a);
            if (w) w->count = p->count;
        }
    for (int i = 0; i < 5; i++) {
        uint32_t po = board_part_off(b, i), pl = board_part_len(b, i);
        if (!part[i]) {
            if (i == 2 && !k->known[2])
                note(k, WA_BK_MISSING, 2, -1, po, po + pl,
                     "%s/mtd2: no such dump: the bootloader (flash 0x%x-0x%x) is wa-emu's "
                     "stand-in",
                     path, po, po + pl);
            continue;
        }
        if (len[i] >= pl) continue;
        uint32_t from = po + (uint32_t)len[i], rest = pl - (uint32_t)len[i], other = 0;
        for (uint32_t x = from; x < po + pl; x++)
            other += src[x] != 0xff;
        char where[160];
        if (other == rest)
            snprintf(where, sizeof where, "the rest is in the other dumps");
        else if (!other)
            snprintf(where, sizeof where, "no other dump has the rest: it reads as erased (0xFF)");
        else
            snprintf(where, sizeof where,
                     "the other dumps have 0x%x bytes of the rest; the other 0x%x read as erased",
                     other, rest - other);
        note(k, WA_BK_SHORT, i, -1, from, po + pl,
             "%s/mtd%d is 0x%zx bytes of the partition's 0x%x: used as far as it goes; flash "
             "0x%x-0x%x (mtd%d offset 0x%zx on) is not in it; %s",
             path, i, len[i], pl, from, po + pl, i, len[i], where);
    }
    free(src);
    free(d);
    return 0;
}

/* wa_read_file's reasons do not say which file */
static int named(wa_err *e, const char *path)
{
    char msg[sizeof e->msg];
    snprintf(msg, sizeof msg, "%s", e->msg);
    snprintf(e->msg, sizeof e->msg, "%.100s: %.150s", path, msg);
    return -1;
}

int wa_backup_load(const char *path, const wa_board *b, wa_backup *k, wa_err *e)
{
    struct stat st;
    memset(k, 0, sizeof *k);
    if (stat(path, &st)) return wa_fail(e, WA_E_IO, 0, "%s: %s", path, strerror(errno));
    /* a dump larger than the chip is refused by size, not read whole */
    size_t cap = (size_t)b->flash_size + 1;
    if (!S_ISDIR(st.st_mode)) {
        uint8_t *data;
        size_t len;
        if (wa_read_file(path, cap, &data, &len, e)) return named(e, path);
        int rc = wa_backup_whole(b, data, len, path, k, e);
        free(data);
        return rc;
    }
    uint8_t *part[5] = {0};
    size_t len[5] = {0};
    int rc = 0, any = 0;
    for (int i = 0; i < 5 && !rc; i++) {
        char p[1024];
        snprintf(p, sizeof p, "%s/mtd%d", path, i);
        if (stat(p, &st) && errno == ENOENT) continue;
        any = 1;
        if (wa_read_file(p, cap, &part[i], &len[i], e)) rc = named(e, p);
    }
    if (!rc && !any)
        rc = wa_fail(e, WA_E_NOTFOUND, 0, "%s: no mtd0 .. mtd4 dumps in the directory", path);
    if (!rc) rc = wa_backup_parts(b, (const uint8_t *const *)part, len, path, k, e);
    for (int i = 0; i < 5; i++)
        free(part[i]);
    return rc ? -1 : 0;
}

void wa_backup_free(wa_backup *k)
{
    free(k->mem);
    k->mem = NULL;
}
