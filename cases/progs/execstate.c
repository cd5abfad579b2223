/* execstate.c: a program that changes what it can of its own state, then execs itself: the
 * new run must start as a fresh process does (wa-emu may run it on the engine of the run
 * before, emu/linux/proc.c's keep_engine). `check` prints the FPU's control and status
 * register (its rounding mode: 0 to nearest, 1 towards zero), what a function
 * returns, an initialised and a zero variable; the other modes change them first:
 *   fpu      rounds towards zero and changes both variables
 *   patch    rewrites the function's code to return 2 (and runs it), so the code is not the
 *            file's any more
 *   restore  rewrites it, runs it, and puts the file's instruction back
 * then exec `check`. The output of each is that of `check` run alone (qemu-mipsel). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int counter = 5, zeroed;

__attribute__((noinline)) static int answer(void)
{
    return 1;
}

static int (*volatile call)(void) = answer;

static unsigned fcsr(void)
{
    unsigned v;
    __asm__ volatile("cfc1 %0, $31" : "=r"(v));
    return v;
}

/* The function's "li v0, 1" (addiu v0, zero, 1), or NULL. */
static uint32_t *li_one(void)
{
    uint32_t *w = (uint32_t *)(uintptr_t)answer;
    for (int i = 0; i < 4; i++)
        if (w[i] == 0x24020001u) return &w[i];
    return NULL;
}

static int rewrite(uint32_t *at, uint32_t insn)
{
    void *page = (void *)((uintptr_t)at & ~(uintptr_t)4095);
    if (mprotect(page, 4096, PROT_READ | PROT_WRITE | PROT_EXEC)) return -1;
    *at = insn;
    __builtin___clear_cache((char *)at, (char *)(at + 1));
    return mprotect(page, 4096, PROT_READ | PROT_EXEC);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "check";
    if (!strcmp(mode, "check")) {
        printf("fcsr %#x answer %d data %d bss %d\n", fcsr(), call(), counter, zeroed);
        return 0;
    }
    if (!strcmp(mode, "fpu")) {
        __asm__ volatile("ctc1 %0, $31" : : "r"(fcsr() | 1u)); /* towards zero */
        if ((fcsr() & 3) != 1) return 2;
        counter = 7;
        zeroed = 9;
    } else {
        uint32_t *at = li_one();
        if (!at || rewrite(at, 0x24020002u) || call() != 2) return 3;
        if (!strcmp(mode, "restore") && rewrite(at, 0x24020001u)) return 4;
    }
    char *args[] = {argv[0], "check", NULL};
    execv(argv[0], args);
    return 5;
}
