/* ram.h: the RAM the kernel leaves to the userland, the one number the static estimate of
 * /var, the userland run's limit and its /proc/meminfo and sysinfo(2) all use. With --deep
 * it is the kernel's own word, its "Memory: 10420K/16384K available" console line (2.4.17:
 * "Memory: 13892k/16384k available"); without, an estimate: the board's RAM less the kernel
 * proper (decompressed) and the page structures the kernel keeps for every page (1/64 of the
 * RAM: close to what 6.1 reserves on the 16 MiB board, 10441K against its 10420K). `run`
 * probes no kernel and gives its programs the board's whole RAM. */
#ifndef WA_RAM_H
#define WA_RAM_H

#include <stddef.h>
#include <stdint.h>

/* The bytes left, and in how (cap bytes) where the number comes from. console: the kernel's
 * console, or NULL; kernel_len: the kernel proper's size (0: unknown). */
uint64_t wa_ram_left(uint64_t board_ram, size_t kernel_len, const char *console, char *how,
                     size_t cap);

#endif
