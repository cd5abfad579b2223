/* dirseen.c: a set of directory inode references (dirseen.h). */
#include "dirseen.h"

#include <stdlib.h>

static size_t slot_of(sqfs_ref r, size_t cap)
{
    uint64_t h = (r + 1) * 0x9e3779b97f4a7c15u;
    return (size_t)(h >> 32) & (cap - 1);
}

static int put(sqfs_ref *slot, size_t cap, sqfs_ref r)
{
    for (size_t i = slot_of(r, cap);; i = (i + 1) & (cap - 1)) {
        if (slot[i] == r + 1) return 0;
        if (!slot[i]) {
            slot[i] = r + 1;
            return 1;
        }
    }
}

int wa_dirseen_add(wa_dirseen *s, sqfs_ref dir)
{
    if (2 * (s->n + 1) > s->cap) { /* grow at half full */
        size_t cap = s->cap ? s->cap * 2 : 64;
        sqfs_ref *slot = calloc(cap, sizeof *slot);
        if (!slot) return -1;
        for (size_t i = 0; i < s->cap; i++)
            if (s->slot[i]) put(slot, cap, s->slot[i] - 1);
        free(s->slot);
        s->slot = slot;
        s->cap = cap;
    }
    int added = put(s->slot, s->cap, dir);
    s->n += (size_t)added;
    return added;
}

void wa_dirseen_free(wa_dirseen *s)
{
    free(s->slot);
    *s = (wa_dirseen){0};
}
