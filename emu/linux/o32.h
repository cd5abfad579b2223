/* o32.h: the MIPS o32 ABI as the guest sees it, in one place: the system calls (numbers from
 * syscall_o32.tbl, generated into syscall_o32_nr.h), errno values, the open/at flags, socket
 * constants and the byte layouts of the structs the handlers write. Values are MIPS's where
 * they differ from the host's; the static asserts below hold the ones that must agree. */
#ifndef WA_O32_H
#define WA_O32_H

#include <stdint.h>

#include "syscall_o32_nr.h"

/* A row of the system call table: its name, the kinds of its arguments for printing (one
 * letter each, syscall_o32.tbl says which), and whether Linux restarts it after an SA_RESTART
 * handler. lx_o32: the row of call nr, NULL when o32 has no such call. */
typedef struct lx_sysinfo {
    const char *name, *args;
    uint8_t restart;
} lx_sysinfo;
extern const lx_sysinfo lx_o32_calls[LX_NR_END - 4000];
const lx_sysinfo *lx_o32(uint32_t nr);

/* errno values of MIPS (asm/errno.h: 1-34 are the generic ones, the rest are MIPS's own). */
enum {
    LX_EPERM = 1,
    LX_ENOENT = 2,
    LX_ESRCH = 3,
    LX_EINTR = 4,
    LX_EIO = 5,
    LX_ENXIO = 6,
    LX_E2BIG = 7,
    LX_ENOEXEC = 8,
    LX_EBADF = 9,
    LX_ECHILD = 10,
    LX_EAGAIN = 11,
    LX_ENOMEM = 12,
    LX_EACCES = 13,
    LX_EFAULT = 14,
    LX_ENOTBLK = 15,
    LX_EBUSY = 16,
    LX_EEXIST = 17,
    LX_EXDEV = 18,
    LX_ENODEV = 19,
    LX_ENOTDIR = 20,
    LX_EISDIR = 21,
    LX_EINVAL = 22,
    LX_ENFILE = 23,
    LX_EMFILE = 24,
    LX_ENOTTY = 25,
    LX_ETXTBSY = 26,
    LX_EFBIG = 27,
    LX_ENOSPC = 28,
    LX_ESPIPE = 29,
    LX_EROFS = 30,
    LX_EMLINK = 31,
    LX_EPIPE = 32,
    LX_EDOM = 33,
    LX_ERANGE = 34,
    LX_ENOMSG = 35,
    LX_EIDRM = 36,
    LX_ECHRNG = 37,
    LX_EL2NSYNC = 38,
    LX_EL3HLT = 39,
    LX_EL3RST = 40,
    LX_ELNRNG = 41,
    LX_EUNATCH = 42,
    LX_ENOCSI = 43,
    LX_EL2HLT = 44,
    LX_EDEADLK = 45,
    LX_ENOLCK = 46,
    LX_EBADE = 50,
    LX_EBADR = 51,
    LX_EXFULL = 52,
    LX_ENOANO = 53,
    LX_EBADRQC = 54,
    LX_EBADSLT = 55,
    LX_EDEADLOCK = 56,
    LX_EBFONT = 59,
    LX_ENOSTR = 60,
    LX_ENODATA = 61,
    LX_ETIME = 62,
    LX_ENOSR = 63,
    LX_ENONET = 64,
    LX_ENOPKG = 65,
    LX_EREMOTE = 66,
    LX_ENOLINK = 67,
    LX_EADV = 68,
    LX_ESRMNT = 69,
    LX_ECOMM = 70,
    LX_EPROTO = 71,
    LX_EDOTDOT = 73,
    LX_EMULTIHOP = 74,
    LX_EBADMSG = 77,
    LX_ENAMETOOLONG = 78,
    LX_EOVERFLOW = 79,
    LX_ENOTUNIQ = 80,
    LX_EBADFD = 81,
    LX_EREMCHG = 82,
    LX_ELIBACC = 83,
    LX_ELIBBAD = 84,
    LX_ELIBSCN = 85,
    LX_ELIBMAX = 86,
    LX_ELIBEXEC = 87,
    LX_EILSEQ = 88,
    LX_ENOSYS = 89,
    LX_ELOOP = 90,
    LX_ERESTART = 91,
    LX_ESTRPIPE = 92,
    LX_ENOTEMPTY = 93,
    LX_EUSERS = 94,
    LX_ENOTSOCK = 95,
    LX_EDESTADDRREQ = 96,
    LX_EMSGSIZE = 97,
    LX_EPROTOTYPE = 98,
    LX_ENOPROTOOPT = 99,
    LX_EPROTONOSUPPORT = 120,
    LX_ESOCKTNOSUPPORT = 121,
    LX_EOPNOTSUPP = 122,
    LX_EPFNOSUPPORT = 123,
    LX_EAFNOSUPPORT = 124,
    LX_EADDRINUSE = 125,
    LX_EADDRNOTAVAIL = 126,
    LX_ENETDOWN = 127,
    LX_ENETUNREACH = 128,
    LX_ENETRESET = 129,
    LX_ECONNABORTED = 130,
    LX_ECONNRESET = 131,
    LX_ENOBUFS = 132,
    LX_EISCONN = 133,
    LX_ENOTCONN = 134,
    LX_EUCLEAN = 135,
    LX_ENOTNAM = 137,
    LX_ENAVAIL = 138,
    LX_EISNAM = 139,
    LX_EREMOTEIO = 140,
    LX_EINIT = 141,
    LX_EREMDEV = 142,
    LX_ESHUTDOWN = 143,
    LX_ETOOMANYREFS = 144,
    LX_ETIMEDOUT = 145,
    LX_ECONNREFUSED = 146,
    LX_EHOSTDOWN = 147,
    LX_EHOSTUNREACH = 148,
    LX_EALREADY = 149,
    LX_EINPROGRESS = 150,
    LX_ESTALE = 151,
    LX_ECANCELED = 158,
    LX_ENOMEDIUM = 159,
    LX_EMEDIUMTYPE = 160,
    LX_ENOKEY = 161,
    LX_EKEYEXPIRED = 162,
    LX_EKEYREVOKED = 163,
    LX_EKEYREJECTED = 164,
    LX_EOWNERDEAD = 165,
    LX_ENOTRECOVERABLE = 166,
    LX_ERFKILL = 167,
    LX_EHWPOISON = 168,
    LX_EDQUOT = 1133,
};
/* The errno's name ("ENOENT") and what strerror says of it ("No such file or directory"), or
 * NULL for a value MIPS does not have. */
const char *lx_errno_name(int e);
const char *lx_errno_text(int e);

/* open(2) flags of MIPS (asm/fcntl.h; not the host's) and the *at calls' flags. */
enum {
    LX_O_ACCMODE = 3,
    LX_O_WRONLY = 1,
    LX_O_RDWR = 2,
    LX_O_APPEND = 0x8,
    LX_O_SYNC = 0x10,
    LX_O_NONBLOCK = 0x80,
    LX_O_CREAT = 0x100,
    LX_O_TRUNC = 0x200,
    LX_O_EXCL = 0x400,
    LX_O_NOCTTY = 0x800,
    LX_O_LARGEFILE = 0x2000,
    LX_O_DIRECTORY = 0x10000,
    LX_O_NOFOLLOW = 0x20000,
    LX_O_CLOEXEC = 0x80000,
    LX_AT_SYMLINK_NOFOLLOW = 0x100,
    LX_AT_REMOVEDIR = 0x200,
    LX_AT_EMPTY_PATH = 0x1000,
};

#define LX_AT_FDCWD 0xffffff9cu /* -100, as the *at calls' unsigned argument */

/* clone(2) flags (linux/sched.h; the same on every architecture); the low byte is the exit
 * signal. */
enum {
    LX_CLONE_VM = 0x100,
    LX_CLONE_FS = 0x200,
    LX_CLONE_FILES = 0x400,
    LX_CLONE_SIGHAND = 0x800,
    LX_CLONE_VFORK = 0x4000,
    LX_CLONE_THREAD = 0x10000,
};

/* Sockets: MIPS swaps SOCK_DGRAM and SOCK_STREAM (asm/socket.h). */
enum { LX_AF_UNIX = 1, LX_AF_INET = 2, LX_SOCK_DGRAM = 1, LX_SOCK_STREAM = 2, LX_SOCK_RAW = 3 };

/* Byte offsets in the structs the handlers write (o32, little-endian). */
enum {
    /* struct stat64 (asm/stat.h) */
    LX_STAT64_DEV = 0,
    LX_STAT64_INO = 16,
    LX_STAT64_MODE = 24,
    LX_STAT64_NLINK = 28,
    LX_STAT64_UID = 32,
    LX_STAT64_GID = 36,
    LX_STAT64_RDEV = 40,
    LX_STAT64_SIZE = 56,
    LX_STAT64_ATIME = 64,
    LX_STAT64_MTIME = 72,
    LX_STAT64_CTIME = 80,
    LX_STAT64_BLKSIZE = 88,
    LX_STAT64_BLOCKS = 96,
    LX_STAT64_LEN = 104,
    /* struct stat (newstat), 32-bit words: its word indexes */
    LX_STAT_W_DEV = 0,
    LX_STAT_W_INO = 4,
    LX_STAT_W_MODE = 5,
    LX_STAT_W_NLINK = 6,
    LX_STAT_W_UID = 7,
    LX_STAT_W_GID = 8,
    LX_STAT_W_RDEV = 9,
    LX_STAT_W_SIZE = 12,
    LX_STAT_W_ATIME = 14,
    LX_STAT_W_MTIME = 16,
    LX_STAT_W_CTIME = 18,
    LX_STAT_W_BLKSIZE = 20,
    LX_STAT_W_BLOCKS = 21,
    LX_STAT_LEN = 144,
    /* struct __old_kernel_stat of 2.4 (4018, 4028, 4084): 32-bit words, dev to rdev, size,
     * then each time followed by a reserved word, blksize, blocks, flags, gen */
    LX_OSTAT_W_SIZE = 7,
    LX_OSTAT_W_ATIME = 8,
    LX_OSTAT_W_MTIME = 10,
    LX_OSTAT_W_CTIME = 12,
    LX_OSTAT_W_BLKSIZE = 14,
    LX_OSTAT_W_BLOCKS = 15,
    LX_OSTAT_LEN = 72,
    /* struct statfs (statfs, fstatfs) of MIPS: 32-bit fields, type, bsize, frsize, blocks,
     * bfree, files, ffree, bavail, fsid[2], namelen, spare */
    LX_STATFS_TYPE = 0,
    LX_STATFS_BSIZE = 4,
    LX_STATFS_FRSIZE = 8,
    LX_STATFS_BLOCKS = 12,
    LX_STATFS_BFREE = 16,
    LX_STATFS_FILES = 20,
    LX_STATFS_FFREE = 24,
    LX_STATFS_BAVAIL = 28,
    LX_STATFS_NAMELEN = 40,
    LX_STATFS_LEN = 68,
    /* struct statfs64: the same start, then 64-bit counts from 16 */
    LX_STATFS64_BLOCKS = 16,
    LX_STATFS64_BFREE = 24,
    LX_STATFS64_FILES = 32,
    LX_STATFS64_FFREE = 40,
    LX_STATFS64_BAVAIL = 48,
    LX_STATFS64_NAMELEN = 64,
    LX_STATFS64_LEN = 96,
};
_Static_assert(LX_STAT64_BLOCKS + 8 == LX_STAT64_LEN, "stat64 ends with its 64-bit st_blocks");
_Static_assert(4 * LX_STAT_W_BLOCKS < LX_STAT_LEN, "st_blocks is inside struct stat");
_Static_assert(4 * (LX_OSTAT_W_BLOCKS + 3) == LX_OSTAT_LEN, "flags and gen end the old stat");
_Static_assert(LX_STATFS_NAMELEN + 4 + 4 * 6 == LX_STATFS_LEN, "f_spare[6] ends struct statfs");
_Static_assert(LX_STATFS64_NAMELEN + 4 * 7 + 4 == LX_STATFS64_LEN,
               "namelen, flags, spare[5], to 8");

#endif
