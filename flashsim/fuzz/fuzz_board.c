/* fuzz_board.c: the board profile parser on any text. */
#include <stdlib.h>

#include "board.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wa_board b;
    if (board_parse((const char *)data, size, "fuzz", &b, NULL) == WA_OK) {
        for (int i = 0; i < 5; i++)
            if (b.mtd[i].end > BOARD_FLASH_KSEG1 + b.flash_size) abort();
    }
    return 0;
}
