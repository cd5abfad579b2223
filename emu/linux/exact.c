/* exact.c: a guest stops only between two of its instructions. Debian's Unicorn 2.1.1 emits
 * an exit check (a load and a conditional branch, check_exit_request in qemu/tcg/tcg-op.c)
 * after every guest load and store. A stop asked for from a signal handler is often taken
 * there, and Unicorn then resumes at the start of the block, so the instructions before the
 * check run twice (cases/progs/sigcount.c: two counters kept in lockstep end thousands
 * apart). The branch also ends QEMU 5's TCG basic block, so the guest registers held in host
 * registers are stored and reloaded around every access: most of the gap to qemu-mipsel.
 * qemu-user has no such check: a stop waits for the next block start, where the PC is exact.
 *
 * Unicorn calls the check through its PLT, so a function of the same name in the program
 * takes its place (ELF symbol interposition; the build exports it). In a guest process it
 * emits nothing, so stops land at block starts; every fault that must end a block at once
 * leaves through a longjmp (reads, fetches, exceptions) or is caught at the next system call
 * (a faulting store, see lx_syscall). Elsewhere (the AR7 machine, whose timer hook moves the
 * PC from a code hook and needs the check after it) it calls Unicorn's own. */
#include <dlfcn.h>

#include "lx_int.h"

typedef void check_fn(void *tcg_ctx);

/* Process-wide by nature: the interposed function has no engine to ask. Set in a guest
 * process (inherited by its forks), never in the process that runs the AR7 machine. */
static int exact;
static check_fn *unicorns;

void check_exit_request_mipsel(void *tcg_ctx);
void check_exit_request_mipsel(void *tcg_ctx)
{
    if (exact) return;
    if (!unicorns) unicorns = (check_fn *)dlsym(RTLD_NEXT, "check_exit_request_mipsel");
    if (unicorns) unicorns(tcg_ctx);
}

int lx_exact_check(wa_err *e)
{
    void *ours = (void *)check_exit_request_mipsel;
    if (!dlsym(RTLD_NEXT, "check_exit_request_mipsel"))
        return wa_fail(e, WA_E_UNSUPPORTED, WA_NO_OFFSET,
                       "this Unicorn has no check_exit_request_mipsel: guests could not be "
                       "stopped between two instructions (wa-emu needs Unicorn 2.1.1)");
    if (dlsym(RTLD_DEFAULT, "check_exit_request_mipsel") != ours)
        return wa_fail(e, WA_E_UNSUPPORTED, WA_NO_OFFSET,
                       "check_exit_request_mipsel is not exported from this program, so "
                       "Unicorn would keep its own (link with the emu/linux library's options)");
    return WA_OK;
}

void lx_exact_on(void)
{
    exact = 1;
}
