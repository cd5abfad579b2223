/* fuzz_elf.c: the ELF reader on any bytes: the file bytes of every segment it accepts lie
 * inside the input (a segment without file bytes may have any offset). */
#include <stdlib.h>
#include <string.h>

#include "elf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    elf_info e;
    if (elf_read(data, size, &e, NULL) != WA_OK) return 0;
    for (size_t i = 0; i < e.nseg; i++)
        if ((e.seg[i].type == ELF_PT_LOAD || e.seg[i].type == ELF_PT_INTERP) && e.seg[i].filesz &&
            (uint64_t)e.seg[i].offset + e.seg[i].filesz > size)
            abort();
    if (strlen(e.interp) >= sizeof e.interp) abort();
    return 0;
}
