/* adam2_yamon.h: ADAM2's YAMON-style service table and the two services TI's 2.4 software
 * calls. ADAM2 keeps a table of function pointers at offset 0x500 of its flash (mtd2), as
 * MIPS's YAMON monitor does; TI's kernel header names it (include/asm-mips/avalanche/sangam/
 * sangam.h:171-173: AVALANCHE_YAMON_FUNCTION_BASE = KSEG1(0x10000500), print_count at +0x04,
 * print at +0x34). TI's LZMA loader prints through +0x34 before anything else
 * (`lw v0,0x534(0x90000000); jalr v0` with a0 = 0 and a1 = the string), the 2.4 kernel's
 * prom_printf through +0x04 (a0 = 1, a1 = the text, a2 = its length) until its console is
 * up (../shared/research/ti-2.4-boot.md §1.2, §2.6). Linux 6.1 calls neither.
 * The model: the table in mtd2 points at two routines that ADAM2 keeps in its part of the
 * RAM (the first 128 KB, which the 2.4 kernel reserves as "ROM data": mips-boards/generic/
 * memory.c); each sends its bytes to UART0's transmit register a byte at a time once the
 * line status says it is empty, keeps every register the o32 ABI saves and returns 0. The
 * other entries of the table point at a routine that returns 0 at once. */
#ifndef WA_ADAM2_YAMON_H
#define WA_ADAM2_YAMON_H

#include <stddef.h>
#include <stdint.h>

#define ADAM2_YAMON_TABLE 0x500u     /* offset in mtd2 */
#define ADAM2_YAMON_ENTRIES 16u      /* words from the table's start given a routine */
#define ADAM2_YAMON_CODE 0x94010000u /* kseg0: where the routines lie in ADAM2's RAM */

/* Write the table's words into mtd2's bytes (len of them; nothing when too short). */
void adam2_yamon_table(uint8_t *mtd2, size_t len);

#define ADAM2_YAMON_CODE_LEN 100u /* bytes of the routines */

/* The routines' bytes, what ADAM2 leaves in RAM at ADAM2_YAMON_CODE, into out. */
void adam2_yamon_code(uint8_t out[ADAM2_YAMON_CODE_LEN]);

#endif
