/* fuzz_env.c: the flash form of the ADAM2 environment: load, store, load again, same. */
#include <stdlib.h>
#include <string.h>

#include "env.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wa_env a, b;
    static uint8_t buf[16384];
    if (env_load(data, size, &a, NULL) != WA_OK) return 0;
    size_t n;
    if (env_store(&a, buf, sizeof buf, &n, NULL) != WA_OK) abort();
    if (env_load(buf, n, &b, NULL) != WA_OK || a.n != b.n) abort();
    for (size_t i = 0; i < a.n; i++)
        if (strcmp(a.v[i].name, b.v[i].name) || strcmp(a.v[i].value, b.v[i].value)) abort();
    return 0;
}
