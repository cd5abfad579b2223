/* fuzz_elf.c: the ELF reader on any bytes: the file bytes of every segment it accepts lie
 * inside the input (a segment without file bytes may have any offset); the DT_NEEDED names
 * it gives are NUL-terminated inside the input, and the ABI note's kernel is three bytes. */
#include <stdlib.h>
#include <string.h>

#include "elf.h"

struct span {
    const uint8_t *lo;
    size_t size;
};

static void needed(void *ctx, const char *name)
{
    const struct span *s = ctx;
    const uint8_t *p = (const uint8_t *)name;
    if (p < s->lo || p >= s->lo + s->size || !memchr(p, 0, (size_t)(s->lo + s->size - p))) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    elf_info e;
    if (elf_read(data, size, &e, NULL) != WA_OK) return 0;
    for (size_t i = 0; i < e.nseg; i++)
        if ((e.seg[i].type == ELF_PT_LOAD || e.seg[i].type == ELF_PT_INTERP) && e.seg[i].filesz &&
            (uint64_t)e.seg[i].offset + e.seg[i].filesz > size)
            abort();
    if (strlen(e.interp) >= sizeof e.interp) abort();
    struct span s = {data, size};
    elf_needed(data, size, &e, needed, &s, NULL);
    uint32_t v = 0;
    if (elf_abi_kernel(data, size, &e, &v) && v > 0xffffffu) abort();
    return 0;
}
