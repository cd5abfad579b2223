/* syscall_fs.c: the file system calls, over the image's SquashFS (read-only: anything that
 * would write gets EROFS) with the guest's own current directory. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bytes.h"
#include "lx_int.h"

enum {
    E_NOENT = 2,
    E_BADF = 9,
    E_FAULT = 14,
    E_NOTDIR = 20,
    E_ISDIR = 21,
    E_INVAL = 22,
    E_MFILE = 24,
    E_ROFS = 30,
    E_NAMETOOLONG = 78,
    E_LOOP = 90
};
#define AT_FDCWD_O32 ((uint32_t)-100)
#define O_ACCMODE_ 3
#define O_CREAT_ 0x100
#define O_TRUNC_ 0x200
#define O_DIRECTORY_ 0x10000
#define O_NOFOLLOW_ 0x20000
#define AT_SYMLINK_NOFOLLOW_ 0x100

/* A NUL-terminated guest string. */
static int get_str(lx_proc *p, uint32_t addr, char *buf, size_t cap)
{
    for (size_t i = 0; i < cap; i++) {
        if (uc_mem_read(p->uc, addr + (uint32_t)i, buf + i, 1) != UC_ERR_OK) return -E_FAULT;
        if (!buf[i]) return 0;
    }
    return -E_NAMETOOLONG;
}

/* The absolute path of a guest path given relative to dirfd (AT_FDCWD: the cwd). */
static int abs_path(lx_proc *p, uint32_t dirfd, uint32_t addr, char *out, size_t cap)
{
    char rel[1024];
    int rc = get_str(p, addr, rel, sizeof rel);
    if (rc) return rc;
    if (rel[0] == '/') return snprintf(out, cap, "%s", rel) < (int)cap ? 0 : -E_NAMETOOLONG;
    const char *base = p->cwd;
    if (dirfd != AT_FDCWD_O32) {
        if (dirfd >= LX_NFD || !p->fd[dirfd].used || p->fd[dirfd].host >= 0) return -E_BADF;
        base = p->fd[dirfd].path;
    }
    return snprintf(out, cap, "%s/%s", base, rel) < (int)cap ? 0 : -E_NAMETOOLONG;
}

static int lookup(lx_proc *p, const char *path, int follow, sqfs_ref *ref, sqfs_attr *a)
{
    wa_err e = {0};
    if (sqfs_lookup(p->fs, path, follow, ref, &e)) return e.code == WA_E_LIMIT ? -E_LOOP : -E_NOENT;
    return sqfs_stat(p->fs, *ref, a, NULL) ? -E_NOENT : 0;
}

static int64_t do_open(lx_proc *p, uint32_t dirfd, uint32_t path, uint32_t flags)
{
    char abs[1100];
    int rc = abs_path(p, dirfd, path, abs, sizeof abs);
    if (rc) return rc;
    if ((flags & O_ACCMODE_) || (flags & (O_CREAT_ | O_TRUNC_))) return -E_ROFS;
    sqfs_ref ref;
    sqfs_attr a;
    if ((rc = lookup(p, abs, !(flags & O_NOFOLLOW_), &ref, &a))) return rc;
    if ((flags & O_DIRECTORY_) && !S_ISDIR(a.mode)) return -E_NOTDIR;
    for (int fd = 0; fd < LX_NFD; fd++)
        if (!p->fd[fd].used) {
            p->fd[fd] = (lx_fd){.used = 1, .host = -1, .ref = ref, .mode = a.mode};
            if (strlen(abs) >= sizeof p->fd[fd].path) return -E_NAMETOOLONG;
            memcpy(p->fd[fd].path, abs, strlen(abs) + 1);
            return fd;
        }
    return -E_MFILE;
}

static int64_t sys_open(lx_proc *p, const uint32_t *a)
{
    return do_open(p, AT_FDCWD_O32, a[0], a[1]);
}
static int64_t sys_openat(lx_proc *p, const uint32_t *a)
{
    return do_open(p, a[0], a[1], a[2]);
}

static lx_fd *file(lx_proc *p, uint32_t fd)
{
    return fd < LX_NFD && p->fd[fd].used ? &p->fd[fd] : NULL;
}

static int64_t sys_read_file(lx_proc *p, const uint32_t *a)
{
    lx_fd *f = file(p, a[0]);
    if (!f || f->host >= 0) return -E_BADF;
    if (S_ISDIR(f->mode)) return -E_ISDIR;
    uint8_t buf[65536];
    size_t got;
    if (sqfs_read(p->fs, f->ref, f->off, buf, a[2] < sizeof buf ? a[2] : sizeof buf, &got, NULL))
        return -5; /* EIO */
    if (uc_mem_write(p->uc, a[1], buf, got) != UC_ERR_OK) return -E_FAULT;
    f->off += got;
    return (int64_t)got;
}

static int64_t seek(lx_proc *p, uint32_t fd, int64_t off, uint32_t whence)
{
    lx_fd *f = file(p, fd);
    if (!f) return -E_BADF;
    if (f->host >= 0) return -29; /* ESPIPE */
    sqfs_attr a;
    sqfs_stat(p->fs, f->ref, &a, NULL);
    int64_t base = whence == 0 ? 0 : whence == 1 ? (int64_t)f->off : (int64_t)a.size;
    if (whence > 2 || base + off < 0) return -E_INVAL;
    f->off = (uint64_t)(base + off);
    return (int64_t)f->off;
}

static int64_t sys_lseek(lx_proc *p, const uint32_t *a)
{
    int64_t r = seek(p, a[0], (int32_t)a[1], a[2]);
    return r > 0x7fffffff ? -79 : r; /* EOVERFLOW */
}

static int64_t sys_llseek(lx_proc *p, const uint32_t *a)
{
    int64_t r = seek(p, a[0], (int64_t)((uint64_t)a[1] << 32 | a[2]), a[4]);
    if (r < 0) return r;
    uint8_t out[8];
    wr_le32(out, (uint32_t)r);
    wr_le32(out + 4, (uint32_t)((uint64_t)r >> 32));
    return uc_mem_write(p->uc, a[3], out, 8) == UC_ERR_OK ? 0 : -E_FAULT;
}

/* struct stat64 of o32 (104 bytes). */
static int put_stat64(lx_proc *p, uint32_t addr, const sqfs_attr *a)
{
    uint8_t s[104] = {0};
    wr_le32(s + 0, 0x1f00);
    wr_le32(s + 16, a->ino);
    wr_le32(s + 24, a->mode);
    wr_le32(s + 28, a->nlink);
    wr_le32(s + 32, a->uid);
    wr_le32(s + 36, a->gid);
    wr_le32(s + 40, a->rdev_major << 8 | (a->rdev_minor & 0xff) | (a->rdev_minor & ~0xffu) << 12);
    wr_le32(s + 56, (uint32_t)a->size);
    wr_le32(s + 60, (uint32_t)(a->size >> 32));
    for (int t = 64; t <= 80; t += 8)
        wr_le32(s + t, a->mtime);
    wr_le32(s + 88, 4096);
    wr_le32(s + 96, (uint32_t)((a->size + 511) / 512));
    return uc_mem_write(p->uc, addr, s, sizeof s) == UC_ERR_OK ? 0 : -E_FAULT;
}

static int64_t stat_path(lx_proc *p, uint32_t dirfd, uint32_t path, uint32_t buf, int follow)
{
    char abs[1100];
    int rc = abs_path(p, dirfd, path, abs, sizeof abs);
    if (rc) return rc;
    sqfs_ref ref;
    sqfs_attr a;
    if ((rc = lookup(p, abs, follow, &ref, &a))) return rc;
    return put_stat64(p, buf, &a);
}

static int64_t sys_stat64(lx_proc *p, const uint32_t *a)
{
    return stat_path(p, AT_FDCWD_O32, a[0], a[1], 1);
}
static int64_t sys_lstat64(lx_proc *p, const uint32_t *a)
{
    return stat_path(p, AT_FDCWD_O32, a[0], a[1], 0);
}
static int64_t sys_fstat64(lx_proc *p, const uint32_t *a);

static int64_t sys_fstatat64(lx_proc *p, const uint32_t *a)
{
    char first;
    if ((a[3] & 0x1000) && uc_mem_read(p->uc, a[1], &first, 1) == UC_ERR_OK && !first) {
        uint32_t f[2] = {a[0], a[2]}; /* AT_EMPTY_PATH: the descriptor itself */
        return sys_fstat64(p, f);
    }
    return stat_path(p, a[0], a[1], a[2], !(a[3] & AT_SYMLINK_NOFOLLOW_));
}

static int64_t sys_fstat64(lx_proc *p, const uint32_t *a)
{
    lx_fd *f = file(p, a[0]);
    if (!f) return -E_BADF;
    sqfs_attr at = {.mode = S_IFCHR | 0620, .nlink = 1, .rdev_major = 136};
    if (f->host < 0) sqfs_stat(p->fs, f->ref, &at, NULL);
    return put_stat64(p, a[1], &at);
}

static int64_t sys_access(lx_proc *p, const uint32_t *a)
{
    char abs[1100];
    int rc = abs_path(p, AT_FDCWD_O32, a[0], abs, sizeof abs);
    if (rc) return rc;
    sqfs_ref ref;
    sqfs_attr at;
    if ((rc = lookup(p, abs, 1, &ref, &at))) return rc;
    return (a[1] & 2) ? -E_ROFS : 0;
}

static int64_t sys_readlink(lx_proc *p, uint32_t dirfd, uint32_t path, uint32_t buf, uint32_t n)
{
    char abs[1100], target[4097];
    int rc = abs_path(p, dirfd, path, abs, sizeof abs);
    if (rc) return rc;
    sqfs_ref ref;
    sqfs_attr at;
    if ((rc = lookup(p, abs, 0, &ref, &at))) return rc;
    if (!S_ISLNK(at.mode)) return -E_INVAL;
    sqfs_readlink(p->fs, ref, target, sizeof target, NULL);
    size_t len = strlen(target) < n ? strlen(target) : n;
    return uc_mem_write(p->uc, buf, target, len) == UC_ERR_OK ? (int64_t)len : -E_FAULT;
}
static int64_t sys_readlink_(lx_proc *p, const uint32_t *a)
{
    return sys_readlink(p, AT_FDCWD_O32, a[0], a[1], a[2]);
}
static int64_t sys_readlinkat(lx_proc *p, const uint32_t *a)
{
    return sys_readlink(p, a[0], a[1], a[2], a[3]);
}

static int64_t sys_getcwd(lx_proc *p, const uint32_t *a)
{
    size_t n = strlen(p->cwd) + 1;
    if (n > a[1]) return -34; /* ERANGE */
    return uc_mem_write(p->uc, a[0], p->cwd, n) == UC_ERR_OK ? (int64_t)n : -E_FAULT;
}

static int64_t sys_chdir(lx_proc *p, const uint32_t *a)
{
    char abs[sizeof p->cwd];
    int rc = abs_path(p, AT_FDCWD_O32, a[0], abs, sizeof abs);
    if (rc) return rc;
    sqfs_ref ref;
    sqfs_attr at;
    if ((rc = lookup(p, abs, 1, &ref, &at))) return rc;
    if (!S_ISDIR(at.mode)) return -E_NOTDIR;
    memcpy(p->cwd, abs, sizeof abs);
    return 0;
}

/* getdents64: "." and "..", then the directory's entries, from entry number f->off on. */
struct dents {
    lx_proc *p;
    uint32_t buf, cap, used;
    uint64_t skip, index;
    int full;
};

static int dent(struct dents *d, const char *name, uint32_t ino, uint32_t mode)
{
    if (d->index++ < d->skip) return 0;
    static const uint8_t dtype[16] = {0, 1, 2, 0, 4, 0, 6, 0, 8, 0, 10, 0, 12};
    size_t nl = strlen(name), rec = (19 + nl + 1 + 7) & ~(size_t)7;
    if (d->used + rec > d->cap) {
        d->full = 1;
        d->index--;
        return 1;
    }
    uint8_t e[19 + 256 + 8] = {0};
    wr_le32(e, ino);
    wr_le32(e + 8, (uint32_t)d->index);
    wr_le16(e + 16, (uint16_t)rec);
    e[18] = dtype[(mode >> 12) & 15];
    memcpy(e + 19, name, nl);
    uc_mem_write(d->p->uc, d->buf + d->used, e, rec);
    d->used += (uint32_t)rec;
    return 0;
}

static int dent_fn(void *ctx, const char *name, sqfs_ref ref, uint32_t mode)
{
    struct dents *d = ctx;
    sqfs_attr a = {0};
    sqfs_stat(d->p->fs, ref, &a, NULL);
    return dent(d, name, a.ino, mode);
}

static int64_t sys_getdents64(lx_proc *p, const uint32_t *a)
{
    lx_fd *f = file(p, a[0]);
    if (!f || f->host >= 0) return -E_BADF;
    if (!S_ISDIR(f->mode)) return -E_NOTDIR;
    struct dents d = {p, a[1], a[2], 0, f->off, 0, 0};
    sqfs_attr self;
    sqfs_stat(p->fs, f->ref, &self, NULL);
    if (!dent(&d, ".", self.ino, S_IFDIR) && !dent(&d, "..", self.ino, S_IFDIR))
        sqfs_readdir(p->fs, f->ref, dent_fn, &d, NULL);
    if (d.full && d.used == 0) return -E_INVAL;
    f->off = d.index;
    return d.used;
}

static const struct {
    uint16_t nr;
    const char *name;
    lx_fn fn;
} calls[] = {
    {4003, "read", sys_read_file},        {4005, "open", sys_open},
    {4012, "chdir", sys_chdir},           {4019, "lseek", sys_lseek},
    {4033, "access", sys_access},         {4085, "readlink", sys_readlink_},
    {4140, "_llseek", sys_llseek},        {4203, "getcwd", sys_getcwd},
    {4213, "stat64", sys_stat64},         {4214, "lstat64", sys_lstat64},
    {4215, "fstat64", sys_fstat64},       {4219, "getdents64", sys_getdents64},
    {4288, "openat", sys_openat},         {4293, "fstatat64", sys_fstatat64},
    {4298, "readlinkat", sys_readlinkat},
};

lx_fn lx_fs_call(uint32_t nr, const char **name)
{
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
        if (calls[i].nr == nr) {
            if (name) *name = calls[i].name;
            return calls[i].fn;
        }
    return NULL;
}
