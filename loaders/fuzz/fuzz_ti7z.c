/* fuzz_ti7z.c: TI's 7z kernel blobs from any bytes, found and unpacked: a blob that unpacks is
 * exactly its claimed size, within the limit, its stream within the input; an error's offset
 * lies inside the input. */
#include <stdlib.h>

#include "kprobe.h"
#include "ti7z.h"

#define MAX_OUT (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    long at = ti7z_find(data, size);
    size_t from = at >= 0 ? (size_t)at : 0;
    ti7z_blob h;
    uint8_t *img = NULL;
    wa_err e = {0};
    if (ti7z_unpack(data, size, from, MAX_OUT, &h, &img, &e) == WA_OK) {
        if (!img || !h.unpacked || h.unpacked > MAX_OUT || h.stream > size - from - TI7Z_HEADER)
            abort();
        free(img);
    } else if (img || e.offset > size) {
        abort();
    }
    return 0;
}
