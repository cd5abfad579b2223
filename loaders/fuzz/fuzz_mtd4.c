/* fuzz_mtd4.c: the mtd4 split on any bytes, with the two boards' offsets. */
#include <stdlib.h>

#include "mtd4.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static mtd4_layout l;
    static const size_t at[][2] = {{0, 0}, {0x90, 0x81000}, {0x90, 0x200000}, {0x10, 0x100}};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        if (mtd4_split(data, size, at[i][0], at[i][1], 0x10000, &l, NULL) != WA_OK) abort();
        if (l.has_rootfs && l.rootfs.offset + 4 > size) abort();
        if (l.has_chain && !l.chain_err.code && l.chain.end > size) abort();
    }
    return 0;
}
