/* fuzz_vartar.c: var.tar accounting on any bytes (libarchive reads them from memory). */
#include <stdlib.h>

#include "vartar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vartar_size v;
    if (vartar_measure(data, size, &v, NULL) == WA_OK && v.ram < v.bytes) abort();
    return 0;
}
