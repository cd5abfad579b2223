/* ramfs.c: the RAM file systems' nodes and blocks (ramfs.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lx_int.h"
#include "ramfs.h"

void lx_rf_fifo_path(const lx_world *w, uint32_t n, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%u", w->fifo_dir, n);
}

static void remove_fifo(lx_world *w, uint32_t n)
{
    char path[96];
    lx_rf_fifo_path(w, n, path, sizeof path);
    unlink(path);
}

/* The host end of FIFO node n; 0 or -1. */
static int make_fifo(lx_world *w, uint32_t n)
{
    if (!w->fifo_dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(w->fifo_dir, sizeof w->fifo_dir, "%s/wa-emu-fifo-XXXXXX",
                 tmp && *tmp && strlen(tmp) < 32 ? tmp : "/tmp");
        if (!mkdtemp(w->fifo_dir)) {
            w->fifo_dir[0] = 0;
            return -1;
        }
    }
    remove_fifo(w, n); /* one left by a node freed without its end (it goes with it) */
    char path[96];
    lx_rf_fifo_path(w, n, path, sizeof path);
    return mkfifo(path, 0600);
}

void lx_rf_fifos_remove(lx_world *w)
{
    if (!w->fifo_dir[0]) return;
    for (uint32_t i = 1; i < LX_NNODE; i++)
        if (S_ISFIFO(w->node[i].mode)) remove_fifo(w, i);
    rmdir(w->fifo_dir);
}

uint32_t lx_rf_new(lx_world *w, uint32_t parent, const char *name, uint32_t mode, uint32_t rdev)
{
    if (strlen(name) >= LX_NAME) return 0;
    for (uint32_t i = 1; i < LX_NNODE; i++)
        if (!w->node[i].mode) {
            if (S_ISFIFO(mode) && make_fifo(w, i)) return 0;
            w->node[i] = (lx_node){.mode = mode,
                                   .parent = parent ? parent : i,
                                   .rdev = rdev,
                                   .mtime = lx_vreal_ns(w) / 1000000000};
            strcpy(w->node[i].name, name);
            return i;
        }
    return 0;
}

uint32_t lx_rf_child(lx_world *w, uint32_t dir, const char *name)
{
    for (uint32_t i = 1; i < LX_NNODE; i++)
        if (w->node[i].mode && w->node[i].parent == dir && i != dir && !w->node[i].unlinked &&
            !strcmp(w->node[i].name, name))
            return i;
    return 0;
}

uint32_t lx_rf_nth(lx_world *w, uint32_t dir, uint64_t n)
{
    for (uint32_t i = 1; i < LX_NNODE; i++)
        if (w->node[i].mode && w->node[i].parent == dir && i != dir && !w->node[i].unlinked &&
            n-- == 0)
            return i;
    return 0;
}

/* The slot holding block number bi of node n; create: make the index block if missing. */
static uint32_t *slot(lx_world *w, lx_node *n, uint64_t bi, int create)
{
    uint64_t ii = bi / (LX_BLOCK / 4);
    if (ii >= LX_NIND) return NULL;
    if (!n->ind[ii]) {
        if (!create || !(n->ind[ii] = lx_block_alloc(w, !n->uncounted))) return NULL;
    }
    return (uint32_t *)lx_block(w, n->ind[ii]) + bi % (LX_BLOCK / 4);
}

size_t lx_rf_read(lx_world *w, uint32_t id, uint64_t off, void *buf, size_t len)
{
    lx_node *n = &w->node[id];
    if (off >= n->size) return 0;
    if (len > n->size - off) len = (size_t)(n->size - off);
    for (size_t done = 0; done < len;) {
        uint64_t at = off + done;
        size_t in = LX_BLOCK - at % LX_BLOCK, k = len - done < in ? len - done : in;
        uint32_t *s = slot(w, n, at / LX_BLOCK, 0);
        if (s && *s)
            memcpy((uint8_t *)buf + done, lx_block(w, *s) + at % LX_BLOCK, k);
        else
            memset((uint8_t *)buf + done, 0, k); /* a hole */
        done += k;
    }
    return len;
}

int64_t lx_rf_write(lx_world *w, uint32_t id, uint64_t off, const void *buf, size_t len)
{
    lx_node *n = &w->node[id];
    size_t done = 0;
    while (done < len) {
        uint64_t at = off + done;
        size_t in = LX_BLOCK - at % LX_BLOCK, k = len - done < in ? len - done : in;
        uint32_t *s = slot(w, n, at / LX_BLOCK, 1);
        if (!s && at / LX_BLOCK >= (uint64_t)LX_NIND * (LX_BLOCK / 4)) {
            if (!done) return -LX_EFBIG;
            break;
        }
        if (!s || (!*s && !(*s = lx_block_alloc(w, !n->uncounted)))) {
            if (!done) return -LX_ENOSPC;
            break;
        }
        memcpy(lx_block(w, *s) + at % LX_BLOCK, (const uint8_t *)buf + done, k);
        done += k;
    }
    if (off + done > n->size) n->size = off + done;
    n->mtime = lx_vreal_ns(w) / 1000000000;
    return (int64_t)done;
}

int lx_rf_truncate(lx_world *w, uint32_t id, uint64_t size)
{
    lx_node *n = &w->node[id];
    uint64_t keep = (size + LX_BLOCK - 1) / LX_BLOCK;
    for (uint32_t ii = 0; ii < LX_NIND; ii++) {
        if (!n->ind[ii]) continue;
        uint32_t *idx = (uint32_t *)lx_block(w, n->ind[ii]);
        uint64_t base = (uint64_t)ii * (LX_BLOCK / 4);
        for (uint32_t j = 0; j < LX_BLOCK / 4; j++)
            if (base + j >= keep && idx[j]) {
                lx_block_free(w, idx[j], !n->uncounted);
                idx[j] = 0;
            }
        if (base >= keep) {
            lx_block_free(w, n->ind[ii], !n->uncounted);
            n->ind[ii] = 0;
        }
    }
    /* a partial last block keeps stale bytes beyond size: zero them */
    if (size % LX_BLOCK) {
        uint32_t *s = slot(w, n, size / LX_BLOCK, 0);
        if (s && *s) memset(lx_block(w, *s) + size % LX_BLOCK, 0, LX_BLOCK - size % LX_BLOCK);
    }
    n->size = size;
    n->mtime = lx_vreal_ns(w) / 1000000000;
    return 0;
}

static void free_node(lx_world *w, uint32_t id)
{
    if (S_ISFIFO(w->node[id].mode)) remove_fifo(w, id);
    lx_rf_truncate(w, id, 0);
    memset(&w->node[id], 0, sizeof w->node[id]);
}

void lx_rf_unlink(lx_world *w, uint32_t id)
{
    w->node[id].unlinked = 1;
    if (!w->node[id].opens) free_node(w, id);
}

void lx_rf_closed(lx_world *w, uint32_t id)
{
    if (w->node[id].opens) w->node[id].opens--;
    if (!w->node[id].opens && w->node[id].unlinked) free_node(w, id);
}
