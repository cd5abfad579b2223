/* ram.c: the RAM the kernel leaves to the userland (ram.h). */
#include "ram.h"

#include <stdio.h>
#include <string.h>

uint64_t wa_ram_left(uint64_t board_ram, size_t kernel_len, const char *console, char *how,
                     size_t cap)
{
    /* mem_init's line: "Memory: %luK/%luK available (...)" (6.1), "Memory: %luk/%luk
     * available (...)" (2.4.17's arch/mips/mm/init.c, lower-case k) */
    for (const char *p = console; p && (p = strstr(p, "Memory: ")); p++) {
        unsigned long avail, total;
        char k1, k2;
        if (sscanf(p, "Memory: %lu%c/%lu%c available", &avail, &k1, &total, &k2) == 4 &&
            (k1 | 0x20) == 'k' && k2 == k1 && avail <= total) {
            snprintf(how, cap, "the kernel's console: \"Memory: %lu%c/%lu%c available\"", avail, k1,
                     total, k2);
            return (uint64_t)avail << 10;
        }
    }
    uint64_t reserved = (uint64_t)kernel_len + board_ram / 64;
    uint64_t left = board_ram > reserved ? board_ram - reserved : 0;
    snprintf(how, cap,
             "estimated: RAM %llu less the kernel proper %zu and the page tables' 1/64 (--deep "
             "reads the kernel's own figure)",
             (unsigned long long)board_ram, kernel_len);
    return left;
}
