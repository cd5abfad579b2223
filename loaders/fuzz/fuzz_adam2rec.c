/* fuzz_adam2rec.c: loader-record chains from any bytes, at every start the tag could be. */
#include <stdlib.h>

#include "adam2rec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static adam2_chain c;
    for (size_t at = 0; at < size && at < 64; at += 4) {
        wa_err e = {0};
        if (adam2_parse(data, size, at, &c, &e) == WA_OK) {
            if (c.end > size || c.n > ADAM2_MAX_RECORDS) abort();
            for (size_t i = 0; i < c.n; i++)
                if (c.rec[i].offset + 12 + c.rec[i].length > size) abort();
        } else if (e.offset != WA_NO_OFFSET && e.offset > size) {
            abort();
        }
    }
    return 0;
}
