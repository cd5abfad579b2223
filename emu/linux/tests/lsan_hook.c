/* lsan_hook.c: a program that leaks in a Unicorn hook callback, for the ASan+UBSan build:
 * ctest runs it with the suite's LeakSanitizer settings (ci/test.sh, ci/lsan.supp) and
 * requires the report to name leaky_hook. Every system call of the personality and every
 * device of the AR7 machine runs in such a callback, so a suppression that matched any stack
 * passing through libunicorn would hide their leaks. Like the AR7 machine, it calls
 * uc_context_size first, so Unicorn's own leak (its lazy engine set-up) is there to be
 * suppressed beside it. */
#include <stdio.h>
#include <stdlib.h>
#include <unicorn/unicorn.h>

static void *kept;

static void leaky_hook(uc_engine *uc, uint32_t intno, void *user)
{
    (void)intno, (void)user;
    kept = malloc(4096); /* dropped below: a leak LeakSanitizer must report */
    uc_emu_stop(uc);
}

int main(void)
{
    uc_engine *uc;
    uc_hook h;
    static const unsigned char code[] = {0x0c, 0x00, 0x00, 0x00}; /* syscall (little-endian) */
    if (uc_open(UC_ARCH_MIPS, UC_MODE_MIPS32 | UC_MODE_LITTLE_ENDIAN, &uc)) return 2;
    if (!uc_context_size(uc) || uc_mem_map(uc, 0x10000, 0x1000, UC_PROT_ALL) ||
        uc_mem_write(uc, 0x10000, code, sizeof code) ||
        uc_hook_add(uc, &h, UC_HOOK_INTR, (void *)leaky_hook, NULL, 1, 0))
        return 2;
    uc_emu_start(uc, 0x10000, 0x10004, 0, 0);
    uc_close(uc);
    printf("hook ran: %s\n", kept ? "yes" : "no");
    kept = NULL;
    return 0;
}
