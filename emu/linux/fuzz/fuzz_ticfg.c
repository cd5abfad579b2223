/* fuzz_ticfg.c: /proc/ticfg/env's writer (ticfg.c) over any bytes, as a guest would write
 * them: the input is a series of writes, each a length byte and that many bytes (the last
 * one takes what is left). After each, the environment's text must still be whole
 * "name\tvalue\n" lines within its buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vfs.h"

static const char env[] = "mtd0\t0x90210000,0x907f0000\nmemsize\t0x01000000\nIPA\t192.168.1.1\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wa_err e = {0};
    lx_world *w = lx_world_new(1u << 20, &e);
    lx_proc *p = calloc(1, sizeof *p);
    if (!w || !p) abort();
    p->w = w;
    lx_ticfg_init(w, env);
    char text[LX_TICFG_ENV + 1];
    for (size_t i = 0; i < size;) {
        size_t n = data[i++];
        if (n > size - i) n = size - i;
        int64_t k = lx_ticfg_write(p, (const char *)data + i, n);
        if (k != (int64_t)n && k != -LX_EINVAL) abort();
        i += n;
        int t = lx_ticfg_text(p, text, sizeof text);
        if (t < 0 || t >= LX_TICFG_ENV || (t && text[t - 1] != '\n')) abort();
    }
    free(p);
    lx_world_free(w);
    return 0;
}
