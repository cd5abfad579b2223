/* fuzz_inittab.c: /etc/inittab of any bytes (it comes from the image): a sysinit program
 * found is a NUL-terminated word of the text on a line of it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inittab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int line = 0;
    if (wa_inittab_sysinit((const char *)data, size, path, sizeof path, &line)) {
        if (!memchr(path, 0, sizeof path) || !path[0] || line < 1 || (size_t)line > size + 1 ||
            strchr(path, ' ') || strchr(path, '\n'))
            abort();
    }
    return 0;
}
