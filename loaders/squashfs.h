/* squashfs.h: a reader for SquashFS root filesystems, straight from a buffer (the image in
 * memory): stat, list a directory, read a file by offset, read a symlink, resolve a path.
 * Every size and offset in the image is checked against the buffer and against limits
 * before use; metadata and data blocks decompress into buffers of the size the format
 * promises. One sqfs handle per image, no shared state. Versions 1.0-4.0 in both byte
 * orders (4.0 with all six compressors, OpenWrt's LZMA form among them; 1.x-3.x with zlib and
 * the vendor LZMA variants). */
#ifndef WA_SQUASHFS_H
#define WA_SQUASHFS_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct sqfs sqfs;
typedef uint64_t sqfs_ref; /* an inode reference: (metadata block << 16) | offset */

typedef struct sqfs_info {
    unsigned major, minor;
    int big_endian;
    int compression; /* decomp.h ids */
    uint32_t block_size;
    uint64_t bytes_used;
    uint32_t inodes;
} sqfs_info;

typedef struct sqfs_stat {
    uint32_t ino;
    uint32_t mode; /* S_IFREG | 0755 ... */
    uint32_t uid, gid;
    uint32_t nlink;
    uint64_t size; /* file bytes; symlink target length; directory listing bytes */
    uint32_t mtime;
    uint32_t rdev_major, rdev_minor;
} sqfs_attr;

typedef struct sqfs_limits {
    size_t max_metadata; /* decompressed inode + directory tables; default 64 MiB */
} sqfs_limits;

int sqfs_open(sqfs **out, const uint8_t *buf, size_t len, const sqfs_limits *lim, wa_err *e);
void sqfs_close(sqfs *fs);
const sqfs_info *sqfs_get_info(const sqfs *fs);
sqfs_ref sqfs_root(const sqfs *fs);

int sqfs_stat(sqfs *fs, sqfs_ref ref, sqfs_attr *st, wa_err *e);

/* Called once per entry ('.' and '..' are not stored); return non-zero to stop early. The
 * whole listing is checked before the first call: a name listed twice (which unsquashfs and
 * sasquatch refuse as corruption) is WA_E_FORMAT naming the directory's inode and the name,
 * at the offset of the directory block holding the second entry, and fn is never called. */
typedef int (*sqfs_dir_fn)(void *ctx, const char *name, sqfs_ref ref, uint32_t mode);
int sqfs_readdir(sqfs *fs, sqfs_ref dir, sqfs_dir_fn fn, void *ctx, wa_err *e);

/* Read up to n bytes of a regular file from off; *got = bytes read (0 at or past the end). */
int sqfs_read(sqfs *fs, sqfs_ref file, uint64_t off, void *buf, size_t n, size_t *got, wa_err *e);

/* The target of a symlink, NUL-terminated; WA_E_RANGE when it does not fit cap. */
int sqfs_readlink(sqfs *fs, sqfs_ref link, char *buf, size_t cap, wa_err *e);

/* The entry called name in directory dir (WA_E_NOTFOUND when absent, WA_E_USAGE when dir is
 * not a directory). */
int sqfs_child(sqfs *fs, sqfs_ref dir, const char *name, sqfs_ref *out, uint32_t *mode, wa_err *e);
/* Resolve an absolute path inside the image. Symlinks in the middle are followed (absolute
 * ones from the image's root, at most 40 in all); the last one only when follow is set. */
int sqfs_lookup(sqfs *fs, const char *path, int follow, sqfs_ref *out, wa_err *e);

/* Read every directory below dir (path: its name in messages, "/" for the root) through
 * once, with every entry's inode and symlink target, before anything is done with the tree:
 * a listing sqfs_readdir refuses (a name twice, a damaged entry), an inode that does not
 * read, or a directory listed a second time (a loop, or a hard link to a directory) is found
 * here, with the path of the directory first in the message. File data is not read. */
int sqfs_check_tree(sqfs *fs, sqfs_ref dir, const char *path, wa_err *e);

#endif
