/* fuzz_kconsole.c: the kernel console scan on any bytes (the console is what the image's
 * kernel printed): never more findings than lines, each one a boot-stage DEGRADED. */
#include <stdlib.h>
#include <string.h>

#include "kconsole.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *c = malloc(size + 1);
    if (!c) return 0;
    memcpy(c, data, size);
    c[size] = 0;
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += c[i] == '\n';
    wa_report r;
    wa_report_init(&r, "fuzz", "fuzz");
    int n = wa_kconsole_findings(c, &r);
    if (n < 0 || (size_t)n > lines || (size_t)n != r.n) abort();
    for (size_t i = 0; i < r.n; i++)
        if (r.f[i].severity != WA_DEGRADED || strcmp(r.f[i].stage, "boot")) abort();
    wa_report_free(&r);
    free(c);
    return 0;
}
