/* fuzz_tichksum.c: trailer reading on any bytes; streaming and one-shot must agree. */
#include <stdlib.h>

#include "tichksum.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ti_trailer t;
    ti_trailer_read(data, size, &t, NULL);
    if (t.data_len > size) abort();
    ti_cksum_ctx c;
    ti_cksum_init(&c);
    size_t half = size / 3;
    ti_cksum_update(&c, data, half);
    ti_cksum_update(&c, data + half, size - half);
    if (ti_cksum_final(&c) != ti_cksum(data, size)) abort();
    return 0;
}
