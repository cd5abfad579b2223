/* fuzz_rcs_tar.c: the boot script's tar command on any bytes (rcS comes from the image): a
 * path found is absolute, NUL-terminated within its buffer, on a line of the script. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rcs_tar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int line = 0;
    if (wa_rcs_tar((const char *)data, size, path, sizeof path, &line)) {
        if (!memchr(path, 0, sizeof path) || line < 1 || (size_t)line > size + 1) abort();
        if (path[0] != '/' && strlen(path) < sizeof path - 1) abort();
    }
    return 0;
}
