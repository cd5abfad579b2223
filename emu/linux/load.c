/* load.c: loading a static MIPS ELF from the image's SquashFS and building the initial stack
 * (argc, argv, envp, auxv) the way Linux's binfmt_elf does. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bytes.h"
#include "elf.h"
#include "lx_int.h"

int lx_map(lx_proc *p, uint32_t addr, uint32_t len, wa_err *e)
{
    if (p->o->ram && p->mapped + (uint64_t)len > p->o->ram)
        return wa_fail(e, WA_E_LIMIT, addr, "guest memory would exceed the board's %u bytes",
                       p->o->ram);
    uc_err u = uc_mem_map(p->uc, addr, len, UC_PROT_ALL);
    if (u != UC_ERR_OK)
        return wa_fail(e, WA_E_RANGE, addr, "cannot map 0x%x+0x%x: %s", addr, len, uc_strerror(u));
    p->mapped += len;
    return WA_OK;
}

static uint32_t up(uint32_t v)
{
    return (v + LX_PAGE - 1) & ~(LX_PAGE - 1);
}

/* Push n bytes on the guest stack below *sp; returns their address. */
static uint32_t push(lx_proc *p, uint32_t *sp, const void *data, uint32_t n)
{
    *sp -= n;
    uc_mem_write(p->uc, *sp, data, n);
    return *sp;
}

int lx_load(lx_proc *p, const char *path, int argc, char **argv, char **envp_in, wa_err *e)
{
    sqfs_ref ref;
    sqfs_attr a;
    if (sqfs_lookup(p->fs, path, 1, &ref, e) || sqfs_stat(p->fs, ref, &a, e))
        return wa_fail(e, WA_E_NOTFOUND, WA_NO_OFFSET, "%s: no such file in the image (ENOENT)",
                       path);
    if (!S_ISREG(a.mode) || a.size > (64u << 20))
        return wa_fail(e, WA_E_FORMAT, WA_NO_OFFSET, "%s: not a regular file (EACCES)", path);
    uint8_t *f = malloc(a.size ? a.size : 1);
    size_t got;
    if (!f || sqfs_read(p->fs, ref, 0, f, a.size, &got, e)) {
        free(f);
        return e ? e->code : WA_E_IO;
    }
    elf_info elf;
    int rc = elf_read(f, got, &elf, e);
    if (!rc && (elf.machine != ELF_EM_MIPS || elf.big_endian))
        rc = wa_fail(e, WA_E_FORMAT, 18,
                     "%s: ELF for machine %u, %s-endian: not a MIPS "
                     "little-endian program (ENOEXEC)",
                     path, elf.machine, elf.big_endian ? "big" : "little");
    if (!rc && elf.interp[0])
        rc = wa_fail(e, WA_E_UNSUPPORTED, elf.phoff,
                     "%s: dynamic programs (interpreter %s) are "
                     "not run yet",
                     path, elf.interp);
    uint32_t end = 0, phdr = 0;
    for (size_t i = 0; !rc && i < elf.nseg; i++) {
        const elf_seg *s = &elf.seg[i];
        if (s->type == 6) phdr = s->vaddr; /* PT_PHDR */
        if (s->type != ELF_PT_LOAD || !s->memsz) continue;
        uint32_t lo = s->vaddr & ~(LX_PAGE - 1), hi = up(s->vaddr + s->memsz);
        if (hi <= lo || hi >= 0x7f000000u) {
            rc = wa_fail(e, WA_E_RANGE, elf.phoff, "%s: segment at 0x%x outside user space", path,
                         s->vaddr);
            break;
        }
        /* segments may share a page: map only what is not mapped yet */
        for (uint32_t pg = lo; !rc && pg < hi; pg += LX_PAGE) {
            uint8_t probe;
            if (uc_mem_read(p->uc, pg, &probe, 1) != UC_ERR_OK) rc = lx_map(p, pg, LX_PAGE, e);
        }
        if (!rc) uc_mem_write(p->uc, s->vaddr, f + s->offset, s->filesz);
        if (!phdr && s->offset == 0) phdr = s->vaddr + elf.phoff;
        if (hi > end) end = hi;
    }
    free(f);
    if (rc) return rc;
    p->brk_start = p->brk = p->brk_mapped = end;
    p->mmap_next = LX_MMAP_BASE;

    rc = lx_map(p, LX_STACK_TOP - LX_STACK_SIZE, LX_STACK_SIZE, e);
    if (rc) return rc;
    uint32_t sp = LX_STACK_TOP - 16;
    static const char *const defenv[] = {"PATH=/bin:/sbin:/usr/bin:/usr/sbin", "HOME=/",
                                         "TERM=vt100", NULL};
    const char *const *envp = envp_in ? (const char *const *)envp_in : defenv;
    uint32_t envs[64] = {0}, args[64] = {0};
    int ne = 0;
    for (; envp[ne]; ne++)
        envs[ne] = push(p, &sp, envp[ne], (uint32_t)strlen(envp[ne]) + 1);
    if (argc > 63) argc = 63;
    for (int i = 0; i < argc; i++)
        args[i] = push(p, &sp, argv[i], (uint32_t)strlen(argv[i]) + 1);
    uint8_t rnd[16];
    for (int i = 0; i < 16; i++)
        rnd[i] = (uint8_t)(i * 37 + 11); /* deterministic AT_RANDOM */
    uint32_t at_random = push(p, &sp, rnd, 16);
    uint32_t plat = push(p, &sp, "mips", 5);
    sp &= ~15u;
    uint32_t aux[][2] = {{3, phdr},      {4, 32}, {5, (uint32_t)elf.nseg},
                         {6, LX_PAGE},   {7, 0},  {8, 0},
                         {9, elf.entry}, {11, 0}, {12, 0},
                         {13, 0},        {14, 0}, {16, 0},
                         {17, 100},      {23, 0}, {25, at_random},
                         {15, plat},     {0, 0}};
    uint32_t n = 1 + (uint32_t)argc + 1 + (uint32_t)ne + 1 + 2 * (sizeof aux / sizeof aux[0]);
    sp = (sp - 4 * n) & ~15u;
    uint32_t w = sp;
    uint8_t word[4];
#define PUT(v) (wr_le32(word, (v)), uc_mem_write(p->uc, w, word, 4), w += 4)
    PUT((uint32_t)argc);
    for (int i = 0; i < argc; i++)
        PUT(args[i]);
    PUT(0);
    for (int i = 0; i < ne; i++)
        PUT(envs[i]);
    PUT(0);
    for (size_t i = 0; i < sizeof aux / sizeof aux[0]; i++) {
        PUT(aux[i][0]);
        PUT(aux[i][1]);
    }
#undef PUT
    uc_reg_write(p->uc, UC_MIPS_REG_SP, &sp);
    uc_reg_write(p->uc, UC_MIPS_REG_PC, &elf.entry);
    return WA_OK;
}
