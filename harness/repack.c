/* repack.c: fw.bin's kernel part + a rootfs rebuilt in fw.bin's own format (repack.h). */
#include "repack.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "inittab.h"
#include "mtd4.h"
#include "pack.h"
#include "rcs_tar.h"
#include "rootdir.h"
#include "squashfs.h"
#include "squashfs_write.h"
#include "tichksum.h"

/* What the box's files say about where var.tar goes: inittab's sysinit script (BusyBox's
 * default without one), and that script's tar line; /etc/var.tar when nothing says. */
static void var_tar_path(const wa_rootdir *t, char *out, size_t cap)
{
    char script[256] = "/etc/init.d/rcS";
    int line;
    int i = wa_rootdir_find(t, "/etc/inittab");
    if (i >= 0 && S_ISREG(t->nodes[i].mode))
        wa_inittab_sysinit((const char *)t->nodes[i].data, (size_t)t->nodes[i].size, script,
                           sizeof script, &line);
    snprintf(out, cap, "/etc/var.tar");
    i = wa_rootdir_find(t, script);
    if (i >= 0 && S_ISREG(t->nodes[i].mode))
        wa_rcs_tar((const char *)t->nodes[i].data, (size_t)t->nodes[i].size, out, cap, &line);
}

typedef struct keep {
    sqfs *fs;
    wa_rootdir *t;
    int owners; /* take the owners from the old image */
    char path[4096];
    wa_repack_info *info;
    wa_err *e;
    int rc;
} keep;

static int keep_each(void *ctx, const char *name, sqfs_ref ref, uint32_t mode);

/* The old image's entries below k->path: owners onto the tree's, device nodes, fifos and
 * sockets the tree lacks added. */
static int keep_dir(keep *k, sqfs_ref dir)
{
    int rc = sqfs_readdir(k->fs, dir, keep_each, k, k->e);
    return k->rc ? k->rc : rc;
}

static int keep_each(void *ctx, const char *name, sqfs_ref ref, uint32_t mode)
{
    keep *k = ctx;
    (void)mode;
    size_t n = strlen(k->path);
    snprintf(k->path + n, sizeof k->path - n, "/%s", name);
    sqfs_attr a;
    if ((k->rc = sqfs_stat(k->fs, ref, &a, k->e))) return 1;
    int i = wa_rootdir_find(k->t, k->path);
    if (i >= 0 && k->owners && !k->t->nodes[i].link) {
        k->t->nodes[i].uid = a.uid, k->t->nodes[i].gid = a.gid;
        k->info->kept_owners++;
    }
    int special = S_ISCHR(a.mode) || S_ISBLK(a.mode) || S_ISFIFO(a.mode) || S_ISSOCK(a.mode);
    sqfs_wnode *x = i >= 0 ? &k->t->nodes[i] : NULL;
    if (x && (S_ISCHR(a.mode) || S_ISBLK(a.mode)) && (x->mode & S_IFMT) == (a.mode & S_IFMT) &&
        x->rdev_major == a.rdev_major && x->rdev_minor == a.rdev_minor && x->mode != a.mode) {
        /* the same device: extract makes it for its owner only (0600) on purpose */
        x->mode = a.mode;
        k->info->kept_modes++;
    }
    if (i < 0 && special) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%.*s", (int)n, k->path);
        int d = wa_rootdir_find(k->t, dir[0] ? dir : "/");
        if (d >= 0 && S_ISDIR(k->t->nodes[d].mode)) {
            sqfs_wnode x = {.mode = a.mode,
                            .uid = a.uid,
                            .gid = a.gid,
                            .mtime = a.mtime,
                            .rdev_major = a.rdev_major,
                            .rdev_minor = a.rdev_minor};
            if (wa_rootdir_put(k->t, k->path, &x, k->e) < 0) return k->rc = WA_E_NOMEM, 1;
            k->info->kept_devices++;
        }
    }
    if (i >= 0 && S_ISDIR(a.mode) && S_ISDIR(k->t->nodes[i].mode) && keep_dir(k, ref)) return 1;
    k->path[n] = 0;
    return 0;
}

/* var's contents as a tar archive in memory. */
static int make_vartar(const char *var, uint8_t **tar, size_t *len, wa_err *e)
{
    const char *t = getenv("TMPDIR");
    char dir[256], path[300];
    snprintf(dir, sizeof dir, "%s/wa-emu-repack-XXXXXX", t && *t && strlen(t) < 200 ? t : "/tmp");
    if (!mkdtemp(dir)) return wa_fail(e, WA_E_IO, WA_NO_OFFSET, "%s: %s", dir, strerror(errno));
    snprintf(path, sizeof path, "%s/var.tar", dir);
    int rc = wa_pack_vartar(var, path, e);
    if (!rc) rc = wa_read_file(path, 64u << 20, tar, len, e);
    unlink(path);
    rmdir(dir);
    return rc;
}

int wa_repack(const wa_board *b, const uint8_t *fw, size_t fwlen, const char *fwname,
              const char *root, const char *var, uint8_t **out, size_t *outlen,
              wa_repack_info *info, wa_err *e)
{
    memset(info, 0, sizeof *info);
    uint32_t mtd4 = board_part_off(b, 4), mtd4_len = board_part_len(b, 4);
    size_t kat = board_part_off(b, 1) - mtd4, rat = board_part_off(b, 0) - mtd4;
    size_t mtd0_end = board_part_off(b, 0) + board_part_len(b, 0) - mtd4;
    mtd4_layout lay;
    if (mtd4_split(fw, fwlen, kat, rat, b->erase_size, &lay, e)) return e ? e->code : WA_E_USAGE;
    if (!lay.has_rootfs)
        return wa_fail(e, WA_E_FORMAT, rat,
                       "%s: no SquashFS superblock at mtd0 (0x%zx), where the loader chain ends "
                       "or after it: no rootfs whose format to keep",
                       fwname, rat);
    size_t off = lay.rootfs.offset;
    sqfs *old;
    if (sqfs_open(&old, fw + off, fwlen - off, NULL, e)) {
        if (e && e->offset != WA_NO_OFFSET) e->offset += off;
        wa_err_prefix(e, "%s: the rootfs at 0x%zx: ", fwname, off);
        return e ? e->code : WA_E_FORMAT;
    }
    info->kernel_len = off;
    info->old_rootfs = (size_t)sqfs_get_info(old)->bytes_used;
    sqfs_wfmt f;
    int rc = sqfs_wfmt_of(old, &f, e);
    if (rc) {
        if (e && e->offset != WA_NO_OFFSET) e->offset += off;
        wa_err_prefix(e, "%s: the rootfs at 0x%zx: ", fwname, off);
        sqfs_close(old);
        return rc;
    }
    sqfs_wfmt_describe(&f, info->format, sizeof info->format);
    wa_rootdir t;
    if ((rc = wa_rootdir_read(root, 256u << 20, &t, e))) {
        sqfs_close(old);
        return rc;
    }
    /* what the host directory cannot hold, from the old rootfs */
    keep k = {.fs = old, .t = &t, .owners = geteuid() != 0, .info = info, .e = e};
    if (k.owners) { /* the host's owner is the user who extracted: root's on the box */
        for (size_t i = 0; i < t.n; i++)
            t.nodes[i].uid = t.nodes[i].gid = 0;
        sqfs_attr a;
        if (!sqfs_stat(old, sqfs_root(old), &a, NULL))
            t.nodes[0].uid = a.uid, t.nodes[0].gid = a.gid;
    }
    rc = keep_dir(&k, sqfs_root(old));
    sqfs_close(old);
    if (rc) {
        wa_err_prefix(e, "%s: the rootfs at 0x%zx: ", fwname, off);
        wa_rootdir_free(&t);
        return rc;
    }
    if (var) {
        uint8_t *tar;
        size_t tl;
        var_tar_path(&t, info->var_path, sizeof info->var_path);
        if ((rc = make_vartar(var, &tar, &tl, e))) {
            wa_rootdir_free(&t);
            return rc;
        }
        sqfs_wnode x = {.mode = S_IFREG | 0644, .data = tar, .size = tl};
        int at = wa_rootdir_put(&t, info->var_path, &x, e);
        free(tar);
        if (at < 0) {
            wa_err_prefix(e, "var: ");
            wa_rootdir_free(&t);
            return e ? e->code : WA_E_USAGE;
        }
    }
    info->nodes = (unsigned)t.n;
    uint8_t *rfs;
    size_t rlen;
    rc = sqfs_write(&f, t.nodes, t.n, &rfs, &rlen, e);
    wa_rootdir_free(&t);
    if (rc) {
        wa_err_prefix(e, "%s: ", root);
        return rc;
    }
    /* read back before anything is written: the tree must be whole to the reader */
    sqfs *nfs;
    if (sqfs_open(&nfs, rfs, rlen, NULL, e) || sqfs_check_tree(nfs, sqfs_root(nfs), "/", e)) {
        if (nfs) sqfs_close(nfs);
        free(rfs);
        wa_err_prefix(e, "the new rootfs does not read back (a writer bug): ");
        return WA_E_FORMAT;
    }
    sqfs_close(nfs);
    info->new_rootfs = rlen;
    size_t total = off + rlen + TI_TRAILER_LEN;
    info->total = total;
    if (off + rlen + TI_TRAILER_LEN > mtd0_end) {
        free(rfs);
        return wa_fail(e, WA_E_RANGE, off + rlen,
                       "the rootfs (0x%zx bytes at 0x%zx) and the trailer would end at 0x%zx, past "
                       "the end of mtd0 at 0x%zx on board %s: 0x%zx bytes too many",
                       rlen, off, off + rlen + TI_TRAILER_LEN, mtd0_end, b->name,
                       off + rlen + TI_TRAILER_LEN - mtd0_end);
    }
    if (total > mtd4_len) {
        free(rfs);
        return wa_fail(e, WA_E_RANGE, total,
                       "the image would be 0x%zx bytes (kernel part 0x%zx, rootfs 0x%zx, trailer "
                       "8); mtd4 of board %s holds 0x%x: 0x%zx bytes too many",
                       total, off, rlen, b->name, mtd4_len, total - mtd4_len);
    }
    uint8_t *img = malloc(total);
    if (!img) {
        free(rfs);
        return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "out of memory");
    }
    memcpy(img, fw, off);
    memcpy(img + off, rfs, rlen);
    free(rfs);
    ti_trailer_make(img, off + rlen, img + off + rlen);
    *out = img;
    *outlen = total;
    return WA_OK;
}
