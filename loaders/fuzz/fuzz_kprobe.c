/* fuzz_kprobe.c: kernel probes on any bytes, as one segment and split in two. */
#include <stdlib.h>
#include <string.h>

#include "kprobe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kprobe_info k;
    adam2_seg s[2] = {{0x94000000, data, (uint32_t)size}, {0, NULL, 0}};
    kprobe_run(s, 1, &k, NULL);
    if (strlen(k.banner) >= sizeof k.banner || strlen(k.cmdline) >= sizeof k.cmdline) abort();
    s[0].size = (uint32_t)(size / 2);
    s[1] = (adam2_seg){0x94100000, data + size / 2, (uint32_t)(size - size / 2)};
    kprobe_run(s, 2, &k, NULL);
    return 0;
}
