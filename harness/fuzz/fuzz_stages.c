/* fuzz_stages.c: verify's stages 1-4 on any bytes as an mtd4 image for the WA1003A. */
#include <stdlib.h>

#include "stage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wa_board b;
    if (board_builtin("wa1003a", &b, NULL)) abort();
    wa_run run = {.image_path = "fuzz", .image = data, .image_len = size, .board = &b};
    wa_report r;
    wa_report_init(&r, "fuzz", b.name);
    wa_stage_fn stages[] = {stage_flash, stage_adam2, stage_kernel, stage_rootfs};
    for (size_t i = 0; i < 4 && stages[i](&run, &r) == WA_STAGE_GO; i++)
        continue;
    int v = wa_verdict_of(&r);
    if (v < WA_PASS || v > WA_BRICK) abort();
    wa_run_release(&run);
    wa_report_free(&r);
    return 0;
}
