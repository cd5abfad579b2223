/* fuzz_eva.c: AVM EVA kernel records from any bytes. A mutated header mostly fails its CRC,
 * so each input is tried again with the CRC made to agree: the LZMA decoder gets the bytes. */
#include <lzma.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "eva.h"

#define MAX_OUT (1u << 20)

static void one(const uint8_t *data, size_t size)
{
    eva_kernel h;
    uint8_t *img = NULL;
    wa_err e = {0};
    if (eva_unpack(data, size, MAX_OUT, &h, &img, &e) == WA_OK) {
        if (!img || h.unpacked == 0 || h.unpacked > MAX_OUT || h.packed > size - EVA_HEADER ||
            h.crc != h.crc_computed)
            abort();
        free(img);
    } else if (img || e.offset > size) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    one(data, size);
    if (size < EVA_HEADER) return 0;
    uint8_t *copy = malloc(size);
    if (!copy) return 0;
    memcpy(copy, data, size);
    wr_le32(copy, EVA_TYPE_LZMA);
    uint32_t packed = rd_le32(copy + 4);
    if (packed > size - EVA_HEADER) packed = (uint32_t)(size - EVA_HEADER);
    wr_le32(copy + 4, packed);
    wr_le32(copy + 12, lzma_crc32(copy + EVA_HEADER, packed, 0));
    one(copy, size);
    free(copy);
    return 0;
}
