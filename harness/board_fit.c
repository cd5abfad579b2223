/* board_fit.c: the built-in board an image fits (board_fit.h). */
#include "board_fit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ar7part.h"
#include "mtd4.h"

/* Does img fit board o? Where its parts lie into ev. */
static int fits(const wa_board *o, const uint8_t *img, size_t len, mtd4_layout *l, char *ev,
                size_t evcap)
{
    uint32_t m4 = board_part_off(o, 4);
    size_t kat = board_part_off(o, 1) - m4, rat = board_part_off(o, 0) - m4;
    if (len > board_part_len(o, 4) ||
        mtd4_split(img, len, kat, rat, o->erase_size, l, NULL) != WA_OK || !l->has_chain ||
        l->chain_err.code || l->chain.start != kat || l->chain.first_bad >= 0 || l->chain.end > rat)
        return 0;
    mtd4_sqfs sq;
    size_t data = l->trailer.data_len;
    if (mtd4_sqfs_at(img, data, rat, &sq, NULL) == WA_OK) {
        snprintf(ev, evcap,
                 "board %s: its mtd1 at image 0x%zx holds the loader chain to 0x%zx, its mtd0 "
                 "at 0x%zx the SquashFS",
                 o->name, kat, l->chain.end, rat);
        return 1;
    }
    ar7part_map m;
    if (ar7part_parse(img, len, m4, o->flash_size, o->erase_size, &m, NULL) == WA_OK &&
        m.walk != AR7PART_LOST && m.rootfs_off >= m4 &&
        mtd4_sqfs_at(img, data, m.rootfs_off - m4, &sq, NULL) == WA_OK) {
        snprintf(ev, evcap,
                 "board %s: its mtd1 at image 0x%zx holds the loader chain to 0x%zx, and the "
                 "SquashFS is at 0x%x, where ar7part puts it",
                 o->name, kat, l->chain.end, m.rootfs_off - m4);
        return 1;
    }
    return 0;
}

int wa_board_fit(const wa_board *b, const uint8_t *img, size_t len, char *names, size_t cap,
                 char *ev, size_t evcap)
{
    wa_board *o = malloc(sizeof *o);
    mtd4_layout *l = malloc(sizeof *l);
    int n = 0;
    size_t used = 0;
    names[0] = 0;
    char mine[512];
    if (l && fits(b, img, len, l, mine, sizeof mine)) {
        free(o);
        free(l);
        return 0;
    }
    for (const char *const *nm = board_builtin_names(); o && l && *nm; nm++) {
        char one[512];
        if (!strcmp(*nm, b->name) || board_builtin(*nm, o, NULL) ||
            !fits(o, img, len, l, one, sizeof one))
            continue;
        if (!n) snprintf(ev, evcap, "%s", one);
        if (used < cap)
            used += (size_t)snprintf(names + used, cap - used, "%s%s", n ? ", " : "", *nm);
        n++;
    }
    free(o);
    free(l);
    return n;
}

void wa_board_fit_report(const wa_board *b, const uint8_t *img, size_t len, wa_report *r)
{
    char names[128], ev[512], hint[200];
    int n = wa_board_fit(b, img, len, names, sizeof names, ev, sizeof ev);
    if (!n) return;
    const char *first = names;
    char one[40];
    snprintf(one, sizeof one, "%.*s", (int)strcspn(first, ","), first);
    snprintf(hint, sizeof hint,
             "verify it with --board %s%s, or rebuild it for board %s "
             "(wa-emu pack --board %s)",
             one, n > 1 ? " (or another it fits)" : "", b->name, b->name);
    wa_add(r, "flash", WA_INFO, "board-mismatch", ev, hint,
           "the image was built for board%s %s, not %s: its parts lie where %s wants them",
           n > 1 ? "s" : "", names, b->name, n > 1 ? "those boards" : "that board");
}
