/* fuzz_env.c: the flash forms of the ADAM2 environment: load (ADAM2's or PSPBoot's), store
 * (ADAM2's), load again, same. A PSPBoot pair too long for an ADAM2 entry is refused by the
 * store, and an environment whose every variable was unset stores as nothing. */
#include <stdlib.h>
#include <string.h>

#include "env.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wa_env a, b;
    static uint8_t buf[16384];
    if (env_load(data, size, &a, NULL) != WA_OK || !a.n) return 0;
    size_t n;
    wa_err e = {0};
    if (env_store(&a, buf, sizeof buf, &n, &e) != WA_OK) {
        if (e.code != WA_E_RANGE) abort();
        return 0;
    }
    if (env_load(buf, n, &b, NULL) != WA_OK || a.n != b.n) abort();
    for (size_t i = 0; i < a.n; i++)
        if (strcmp(a.v[i].name, b.v[i].name) || strcmp(a.v[i].value, b.v[i].value)) abort();
    return 0;
}
