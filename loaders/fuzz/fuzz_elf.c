/* fuzz_elf.c: the ELF reader on any bytes: every segment it accepts lies inside the input. */
#include <stdlib.h>
#include <string.h>

#include "elf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    elf_info e;
    if (elf_read(data, size, &e, NULL) != WA_OK) return 0;
    for (size_t i = 0; i < e.nseg; i++)
        if ((e.seg[i].type == ELF_PT_LOAD || e.seg[i].type == ELF_PT_INTERP) &&
            (uint64_t)e.seg[i].offset + e.seg[i].filesz > size)
            abort();
    if (strlen(e.interp) >= sizeof e.interp) abort();
    return 0;
}
