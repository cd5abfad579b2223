/* fuzz_ar7part.c: Linux's AR7 partition parser on any bytes, as the start of a small flash and
 * as an mtd4 image at 0x10000 of a 1 MB one: a rootfs it gives lies inside the flash. */
#include <stdlib.h>

#include "ar7part.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct {
        uint32_t base, flash, erase;
    } geo[] = {{0, 0x40000, 0x1000}, {0x10000, 0x100000, 0x10000}, {0x0, 0x20000, 0x10000}};
    for (size_t i = 0; i < sizeof geo / sizeof geo[0]; i++) {
        ar7part_map m;
        if (ar7part_parse(data, size, geo[i].base, geo[i].flash, geo[i].erase, &m, NULL) != WA_OK)
            abort();
        if (m.walk == AR7PART_LOST && (m.rootfs_off || m.rootfs_len)) abort();
        if (m.rootfs_len && (uint64_t)m.rootfs_off + m.rootfs_len > geo[i].flash) abort();
        if (m.config_off >= geo[i].flash) abort();
    }
    return 0;
}
