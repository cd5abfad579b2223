/* exact.c: a guest stops only between two of its instructions. Debian's Unicorn 2.1.1 emits
 * an exit check (a load and a conditional branch, check_exit_request in qemu/tcg/tcg-op.c)
 * after every guest load and store. A stop asked for from a signal handler is often taken
 * there, and Unicorn then resumes at the start of the block, so the instructions before the
 * check run twice (cases/progs/sigcount.c: two counters kept in lockstep end thousands
 * apart). The branch also ends QEMU 5's TCG basic block, so the guest registers held in host
 * registers are stored and reloaded around every access: most of the gap to qemu-mipsel.
 * qemu-user has no such check: a stop waits for the next block start, where the PC is exact.
 *
 * Unicorn is linked statically from an archive in which its own check_exit_request_mipsel
 * is weak (emu/unicorn/mkarchive.sh), so this definition takes every call. In a guest process
 * it emits nothing, so stops land at block starts; every fault that must end a block at once
 * leaves through a longjmp (reads, fetches, exceptions) or is caught at the next system call
 * (a faulting store, see lx_syscall). Elsewhere (the AR7 machine, whose timer hook moves the
 * PC from a code hook and needs the check after it) it calls Unicorn's own, which the archive
 * keeps under a second name. */
#include "lx_int.h"

/* Process-wide by nature: the interposed function has no engine to ask. Set in a guest
 * process (inherited by its forks), never in the process that runs the AR7 machine. */
static int exact;

void wa_unicorn_check_exit_request_mipsel(void *tcg_ctx);
void check_exit_request_mipsel(void *tcg_ctx);
void check_exit_request_mipsel(void *tcg_ctx)
{
    if (!exact) wa_unicorn_check_exit_request_mipsel(tcg_ctx);
}

void lx_exact_on(void)
{
    exact = 1;
}
