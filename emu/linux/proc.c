/* proc.c: one guest process on one Unicorn engine: set up, run, account. */
#include <stdio.h>
#include <string.h>

#include "lx_int.h"

static void count_block(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
    lx_proc *p = user;
    p->block = (uint32_t)addr;
    p->block_size = size;
    p->r->insns += size / 4;
    if (p->o->insn_budget && p->r->insns > p->o->insn_budget) {
        snprintf(p->r->stop, sizeof p->r->stop, "instruction budget of %llu spent",
                 (unsigned long long)p->o->insn_budget);
        uc_emu_stop(uc);
    }
}

int lx_run(sqfs *fs, int argc, char **argv, const lx_opts *o, lx_result *r, wa_err *e)
{
    memset(r, 0, sizeof *r);
    if (argc < 1) return wa_fail(e, WA_E_USAGE, WA_NO_OFFSET, "no program to run");
    lx_proc p = {.fs = fs, .o = o, .r = r, .pid = 1, .cwd = "/"};
    for (int i = 0; i < 3; i++)
        p.fd[i] = (lx_fd){.used = 1, .host = i};
    int rc = WA_OK;
    const char *path = argv[0];
    char **envp = NULL;
    for (;;) {
        uc_err u = uc_open(UC_ARCH_MIPS, UC_MODE_MIPS32 | UC_MODE_LITTLE_ENDIAN, &p.uc);
        if (u != UC_ERR_OK)
            return wa_fail(e, WA_E_UNSUPPORTED, WA_NO_OFFSET, "unicorn: %s", uc_strerror(u));
        uc_ctl_set_cpu_model(p.uc, o->cpu_model);
        p.mapped = 0;
        p.exec_pending = 0;
        rc = lx_load(&p, path, argc, argv, envp, e);
        uc_hook h1, h2;
        if (!rc) {
            uc_hook_add(p.uc, &h1, UC_HOOK_INTR, (void *)lx_syscall, &p, 1, 0);
            uc_hook_add(p.uc, &h2, UC_HOOK_BLOCK, (void *)count_block, &p, 1, 0);
            uint32_t pc;
            uc_reg_read(p.uc, UC_MIPS_REG_PC, &pc);
            u = uc_emu_start(p.uc, pc, 0xffffffffu, 0, 0);
            if (u != UC_ERR_OK && !r->exited && !r->stop[0] && !p.exec_pending) {
                uc_reg_read(p.uc, UC_MIPS_REG_PC, &pc);
                snprintf(r->stop, sizeof r->stop,
                         "%s at 0x%08x (the kernel would send SIGSEGV/SIGILL)", uc_strerror(u), pc);
            }
        }
        uc_close(p.uc);
        if (rc || !p.exec_pending) break;
        /* execve: the same process, a new program on a fresh machine */
        argv = p.exec_argv;
        envp = p.exec_envp;
        for (argc = 0; argv[argc]; argc++)
            continue;
        path = p.exec_file;
    }
    if (!rc && !r->exited && !r->stop[0]) snprintf(r->stop, sizeof r->stop, "stopped without exit");
    return rc;
}
