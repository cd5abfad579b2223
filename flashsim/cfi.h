/* cfi.h: the command interface of a CFI NOR chip over a nor_flash, as the kernel's MTD CFI
 * probe and its AMD (0002) and Intel (0001) command-set drivers talk to it: read array, CFI
 * query (0x98 at word 0x55), autoselect/read identifier, word program, block and chip erase,
 * status register. The chip is x16 on a 16-bit bus: command addresses are word addresses,
 * byte offset = 2 * word. Reads and writes take byte offsets into the chip; the caller
 * (a bus window larger than the chip) reduces them modulo the chip size, as an unconnected
 * address line would. */
#ifndef WA_CFI_H
#define WA_CFI_H

#include <stdint.h>

#include "nor.h"

enum cfi_cmdset { CFI_AMD = 2, CFI_INTEL = 1 };

typedef struct cfi_chip {
    nor_flash *nor;
    int cmdset;       /* enum cfi_cmdset: the one the query table announces and obeys */
    uint16_t mfr, id; /* what autoselect / read identifier answers */
    int mode;         /* internal: CFI_M_* */
    int step;         /* internal: position in an unlock sequence */
    uint8_t status;   /* Intel status register */
    uint64_t commands, programs, erases, bad_commands;
} cfi_chip;

void cfi_init(cfi_chip *c, nor_flash *nor, int cmdset);

/* A read of size 1, 2 or 4 bytes at byte offset off (< chip size). */
uint32_t cfi_read(cfi_chip *c, uint32_t off, unsigned size);

/* A write of size 1, 2 or 4 bytes: a command, or data for a program in progress. */
void cfi_write(cfi_chip *c, uint32_t off, unsigned size, uint32_t value);

#endif
