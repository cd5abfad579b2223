/* fuzz_kprobe.c: kernel probes on any bytes, as one segment and split in two; the strings it
 * finds fit their fields, and a TI 7z kernel it probed is the size its header says. */
#include <stdlib.h>
#include <string.h>

#include "kprobe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kprobe_info k;
    adam2_seg s[2] = {{0x94000000, data, (uint32_t)size}, {0, NULL, 0}};
    int rc = kprobe_run(s, 1, &k, NULL);
    if (strlen(k.banner) >= sizeof k.banner || strlen(k.cmdline) >= sizeof k.cmdline ||
        strlen(k.sq_refusal) >= sizeof k.sq_refusal || strlen(k.parts) >= sizeof k.parts ||
        strlen(k.root_dev) >= sizeof k.root_dev)
        abort();
    /* a TI 7z kernel: what it unpacks to is the size its header claims */
    if (!rc && !strcmp(k.payload, "ti7z") && k.image_len != k.ti7z.unpacked) abort();
    s[0].size = (uint32_t)(size / 2);
    s[1] = (adam2_seg){0x94100000, data + size / 2, (uint32_t)(size - size / 2)};
    kprobe_run(s, 2, &k, NULL);
    return 0;
}
