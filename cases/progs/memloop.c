/* memloop.c: a program without a C library for bench/user.sh: a loop of 14 instructions,
 * run 100 million times. Built plain they are all ALU instructions; with -DMEM one of them is
 * a load and one a store (to the stack), the density of busybox's own code. It prints the
 * result so that the loop cannot be left out, and exits 0. */
#include "nolibc.h"

void __start(void)
{
    unsigned x = 1, y = 2, n = 100000000;
    volatile unsigned cell = 3;
    __asm__ volatile("1:\n\t"
                     "addu %0, %0, %1\n\t"
                     "xor  %1, %1, %0\n\t"
                     "sll  $8, %0, 3\n\t"
                     "addu %1, %1, $8\n\t"
                     "srl  $9, %1, 5\n\t"
                     "xor  %0, %0, $9\n\t"
#ifdef MEM
                     "lw   $10, 0(%3)\n\t"
                     "addu %0, %0, $10\n\t"
                     "sw   %1, 0(%3)\n\t"
#else
                     "addu $10, %0, 7\n\t"
                     "addu %0, %0, $10\n\t"
                     "or   $11, %1, %0\n\t"
#endif
                     "subu %1, %1, 1\n\t"
                     "addu %0, %0, 1\n\t"
                     "addiu %2, %2, -1\n\t"
                     "bnez %2, 1b\n\t"
                     "nop\n\t"
                     : "+r"(x), "+r"(y), "+r"(n)
                     : "r"(&cell)
                     : "$8", "$9", "$10", "$11", "memory");
    char out[9];
    for (int i = 0; i < 8; i++)
        out[i] = "0123456789abcdef"[(x >> (28 - 4 * i)) & 15];
    out[8] = '\n';
    sys(4004, 1, (long)out, 9);
    sys(4001, 0, 0, 0);
    for (;;)
        continue;
}
