/* board.h: board profiles as data. A profile is a text file of `key = value` lines ('#'
 * starts a comment):
 *   name, cpu (4KEc, 4KEcR1, 24Kf ...), ram, flash, erase (sizes: 16M, 64K or 0x...),
 *   env.NAME = VALUE  one ADAM2 environment variable (/proc/ticfg/env); env.mtd0..env.mtd4
 *                     give the partitions as "0x90091000,0x903f0000" (kseg1 addresses)
 *   kernel_args       what ADAM2 passes to the kernel as argv[1..] (space separated)
 *   services          the services its boot must start (comma separated; known: noip2);
 *                     without it, verify judges the ones the boot starts
 *   kernel            the Linux the box runs ("2.4.17_mvl21", "6.1"): the user-mode personality
 *                     answers as that kernel where they differ (a 2.4 kernel's shmctl, ...)
 *   tls               "emulated": a 2.4 kernel that gives TLS (set_thread_area, rdhwr) as
 *                     2.6.x does, for test boards running today's musl programs; a real 2.4
 *                     board has no such key (2.4.17 had neither: such programs die)
 *   trailer           where the bootloader looks for the image's TI checksum trailer before it
 *                     boots (wa_trailer_at below): erased-tail (the default), partition-end,
 *                     none
 * The built-in profiles (wa1003a, ar7-8m, speedport-w501v, wag200g) are kept in this same format in
 * board_builtin.c. */
#ifndef WA_BOARD_H
#define WA_BOARD_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "env.h"
#include "error.h"

#define BOARD_FLASH_KSEG1 0x90000000u /* where flash appears to ADAM2 and the kernel */

/* Where ADAM2 finds the TI trailer (tichksum.h) it checks before it boots. Neither ADAM2's
 * source nor a description of this check is published (TI's kernels never read the trailer:
 * the WAG200G's GPL tree has no use of its magic), so each way a bootloader without the
 * image's length could find it is a model a board can choose:
 *  - ERASED_TAIL: the 8 bytes before mtd4's erased (0xFF) tail, that is after the last bytes
 *    written. tichksum appends the trailer to the file, so this is where a file written to an
 *    erased partition has it; the default, and what wa-emu's images were always checked by.
 *  - PARTITION_END: the last 8 bytes of mtd4: the image is padded with 0xFF to the partition's
 *    end before its checksum is written (wa-emu chksum --fix --pad-to).
 *  - NONE: the bootloader boots without checking (the kernel still needs its rootfs). */
typedef enum wa_trailer_at {
    WA_TRAILER_ERASED_TAIL,
    WA_TRAILER_PARTITION_END,
    WA_TRAILER_NONE,
} wa_trailer_at;

typedef struct wa_board {
    char name[32];
    char cpu[16];
    uint32_t ram_size, flash_size, erase_size;
    uint32_t nproc; /* guest processes at most (key nproc; 0: what its kernel allows its RAM) */
    wa_env env;     /* the ADAM2 environment the bootloader keeps in mtd3 */
    char kernel_args[256];
    char kernel[32];
    int tls_emulated; /* key tls = emulated */
    char services[64];
    /* kseg1 addresses, from env.mtdN; mtd[4] is the partition the image is written to and
     * ADAM2 checks: env.mtd4, unless key image names it (a TI kernel that keeps the
     * environment in MTD device 4, where env.mtd4 is the environment's sector) */
    struct {
        uint32_t start, end;
    } mtd[5];
    int image_apart;          /* key image given: mtd[4] is not env.mtd4 */
    wa_trailer_at trailer_at; /* key trailer */
} wa_board;

/* Parse profile text. source names it in errors; e->offset is the byte offset of the bad line
 * and the message starts with "line N:". Checks that the partitions lie in the flash, that
 * mtd4 holds mtd1 and mtd0, that the sizes are sane. */
int board_parse(const char *text, size_t len, const char *source, wa_board *b, wa_err *e);

/* A built-in profile by name; WA_E_NOTFOUND when there is none. */
int board_builtin(const char *name, wa_board *b, wa_err *e);

/* The names of the built-in profiles, NULL-terminated. */
const char *const *board_builtin_names(void);

/* The board's kernel is a 2.4 one (board key kernel): the user-mode personality answers as
 * it did where it differs from today's Linux. */
static inline int board_linux24(const wa_board *b)
{
    return !strncmp(b->kernel, "2.4", 3);
}

/* The key trailer's value for t ("erased-tail", ...). */
const char *board_trailer_name(wa_trailer_at t);

/* The value of env variable name, or NULL. */
static inline const char *board_env(const wa_board *b, const char *name)
{
    return env_get(&b->env, name);
}

/* The CPU's clock in Hz: ADAM2's cpufrequency, else the AR7's 150 MHz. Both emulated worlds
 * run one instruction a cycle at it. */
static inline uint32_t board_cpu_hz(const wa_board *b)
{
    const char *f = board_env(b, "cpufrequency");
    unsigned long v = f ? strtoul(f, NULL, 0) : 0;
    return v > 0 && v <= 0xffffffffu ? (uint32_t)v : 150000000u;
}

/* Flash offset of partition i (0..4) and its length. */
static inline uint32_t board_part_off(const wa_board *b, int i)
{
    return b->mtd[i].start - BOARD_FLASH_KSEG1;
}
static inline uint32_t board_part_len(const wa_board *b, int i)
{
    return b->mtd[i].end - b->mtd[i].start;
}
/* Writable through the MTD layer: both ends on erase-block boundaries. */
static inline int board_part_aligned(const wa_board *b, int i)
{
    return !(b->mtd[i].start % b->erase_size) && !(b->mtd[i].end % b->erase_size);
}

#endif
