/* load.c: exec: reading a MIPS ELF program (and its interpreter, for a dynamic one) out of
 * the VFS, checking it the way Linux's binfmt_elf does, mapping its segments and building the
 * initial stack (argc, argv, envp, auxv). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bytes.h"
#include "elf.h"
#include "lx_int.h"
#include "vfs.h"

#define LX_ET_DYN_BASE 0x55550000u /* ELF_ET_DYN_BASE: TASK_SIZE / 3 * 2 */
static const char *errname(int err)
{
    const char *n = lx_errno_name(err);
    return n ? n : "error";
}

/* Read and check one ELF file; -errno with the reason in e. */
static int read_elf(lx_proc *p, const char *path, const char *prog, uint8_t **data, size_t *len,
                    elf_info *elf, wa_err *e)
{
    uint32_t mode = 0;
    int rc = lx_vfs_read_file(p, path, data, len, &mode);
    int interp = prog != NULL;
    char what[300] = "";
    if (interp) snprintf(what, sizeof what, "%s: interpreter ", prog);
    if (rc == -LX_ENOENT)
        return wa_fail(e, WA_E_NOTFOUND, WA_NO_OFFSET, "%s%s: no such file in the image (ENOENT)",
                       what, path),
               rc;
    if (rc)
        return wa_fail(e, WA_E_FORMAT, WA_NO_OFFSET, "%s%s: not a regular file (%s)", what, path,
                       errname(-rc)),
               rc;
    if (!interp && !(mode & 0111))
        return wa_fail(e, WA_E_FORMAT, WA_NO_OFFSET, "%s: not executable (EACCES)", path),
               -LX_EACCES;
    int bad = interp ? -LX_ELIBBAD : -LX_ENOEXEC;
    const uint8_t *b = *data;
    if (*len < 52 || memcmp(b, "\177ELF", 4))
        return wa_fail(e, WA_E_FORMAT, 0, "%s%s: not an ELF program (%s)", what, path,
                       errname(-bad)),
               bad;
    if (b[4] != 1)
        return wa_fail(e, WA_E_FORMAT, 4,
                       "%s%s: a 64-bit ELF (machine %u%s), not an o32 MIPS program (%s)", what,
                       path, rd_le16(b + 18), rd_le16(b + 18) == 62 ? ", x86-64" : "",
                       errname(-bad)),
               bad;
    wa_err pe = {0};
    if (elf_read(b, *len, elf, &pe)) {
        uint32_t phoff = b[5] == 1 ? rd_le32(b + 28) : rd_be32(b + 28);
        uint16_t phnum = b[5] == 1 ? rd_le16(b + 44) : rd_be16(b + 44);
        if ((uint64_t)phoff + (uint64_t)phnum * 32 > *len)
            return wa_fail(e, WA_E_TRUNC, pe.offset,
                           "%s%s: truncated: program headers end past the file's %zu bytes (EIO)",
                           what, path, *len),
                   -LX_EIO;
        return wa_fail(e, WA_E_TRUNC, pe.offset,
                       "%s%s: truncated: %s; the kernel would map it and kill the program with "
                       "SIGBUS at the first missing page",
                       what, path, pe.msg),
               -LX_EFAULT; /* caller: SIGBUS */
    }
    if (elf->machine != ELF_EM_MIPS || elf->big_endian)
        return wa_fail(e, WA_E_FORMAT, 18,
                       "%s%s: ELF for %s (machine %u), %s-endian: not a MIPS little-endian "
                       "program (%s)",
                       what, path,
                       elf->machine == ELF_EM_MIPS  ? "MIPS"
                       : elf->machine == ELF_EM_386 ? "x86"
                       : elf->machine == 40         ? "ARM"
                                                    : "another machine",
                       elf->machine, elf->big_endian ? "big" : "little", errname(-bad)),
               bad;
    if (elf->type != 2 && elf->type != 3)
        return wa_fail(e, WA_E_FORMAT, 16, "%s%s: ELF type %u is not a program (%s)", what, path,
                       elf->type, errname(-bad)),
               bad;
    if (interp && elf->type != 3)
        return wa_fail(e, WA_E_FORMAT, 16, "%s%s: not a shared object (ELIBBAD)", what, path), bad;
    return 0;
}

/* Map the PT_LOAD segments at base + vaddr; the highest end in *end. */
static int map_segments(lx_proc *p, const uint8_t *f, const elf_info *elf, uint32_t base,
                        uint32_t *end, uint32_t *phdr, wa_err *e)
{
    *end = 0;
    for (size_t i = 0; i < elf->nseg; i++) {
        const elf_seg *s = &elf->seg[i];
        if (s->type == 6) *phdr = base + s->vaddr; /* PT_PHDR */
        if (s->type != ELF_PT_LOAD || !s->memsz) continue;
        uint32_t lo = (base + s->vaddr) & ~(LX_PAGE - 1);
        uint64_t hi =
            ((uint64_t)base + s->vaddr + s->memsz + LX_PAGE - 1) & ~(uint64_t)(LX_PAGE - 1);
        if (hi <= lo || hi > LX_STACK_TOP - LX_STACK_MAX)
            return wa_fail(e, WA_E_RANGE, elf->phoff, "segment at 0x%x outside user space",
                           s->vaddr);
        int rc = lx_map(p, lo, (uint32_t)(hi - lo), (s->flags & 2) != 0, e);
        if (rc) return rc;
        /* the code an engine kept from the program before holds these bytes already, and
         * a write would throw its translations away */
        int kept = lo == p->code_kept_lo && hi == p->code_kept_hi && lo < hi;
        if (s->filesz && !kept && lx_put(p, base + s->vaddr, f + s->offset, s->filesz))
            return wa_fail(e, WA_E_RANGE, elf->phoff, "cannot write segment at 0x%x", s->vaddr);
        if (!*phdr && s->offset == 0) *phdr = base + s->vaddr + elf->phoff;
        if (hi > *end) *end = (uint32_t)hi;
    }
    /* then each segment's access (p_flags X 1, W 2, R 4 as PROT_EXEC 4, WRITE 2, READ 1),
     * with that of any segment sharing a page with it */
    for (size_t i = 0; i < elf->nseg; i++) {
        const elf_seg *s = &elf->seg[i];
        if (s->type != ELF_PT_LOAD || !s->memsz) continue;
        uint32_t first = (base + s->vaddr) / LX_PAGE,
                 last = (base + s->vaddr + s->memsz - 1) / LX_PAGE;
        uint32_t prot = 0;
        for (size_t j = 0; j < elf->nseg; j++) {
            const elf_seg *t = &elf->seg[j];
            if (t->type == ELF_PT_LOAD && t->memsz && (base + t->vaddr) / LX_PAGE <= last &&
                first <= (base + t->vaddr + t->memsz - 1) / LX_PAGE)
                prot |= (t->flags & 4 ? 1u : 0) | (t->flags & 2) | (t->flags & 1 ? 4u : 0);
        }
        if (lx_protect(p, first * LX_PAGE, (last + 1 - first) * LX_PAGE, prot))
            return wa_fail(e, WA_E_RANGE, elf->phoff, "cannot protect segment at 0x%x", s->vaddr);
    }
    return 0;
}

/* What the auxv tells of the program: AT_PHDR, AT_PHNUM, AT_BASE, AT_ENTRY. */
typedef struct lx_auxv_in {
    uint32_t phdr, phnum, base, entry;
} lx_auxv_in;

/* The initial stack as Linux builds it (fs/exec.c, then create_elf_tables in
 * fs/binfmt_elf.c), with the stack's randomisation off. From the page-aligned top down: one
 * zero word (bprm->p starts a pointer below the top), the name execve was given (AT_EXECFN),
 * the envp strings, the argv strings, each list pushed last string first, so that argv[0] is
 * the lowest and every string follows the one before it (BusyBox 0.60 shifts its command line
 * over them as one block); the address aligned down to 8 (arch_align_stack: o32's ALMASK),
 * AT_BASE_PLATFORM's string, AT_RANDOM's 16 bytes right below it; then argc, the argv
 * pointers, NULL, the envp pointers, NULL and the auxv, with sp aligned down to 16
 * (STACK_ROUND). No AT_PLATFORM: Linux names none for the generic MIPS32 cores
 * (__elf_platform is set for Octeon and Loongson only); no AT_SYSINFO_EHDR: there is no vDSO
 * here. qemu-mipsel differs (linux-user/elfload.c): a host pointer's 8 bytes at the top, its
 * platform strings rounded to 4 without the 8-alignment, its random bytes aligned to 16, and
 * another auxv order; test_stack says which of these it compares. */
static int build_stack(lx_proc *p, const char *execfn, int argc, char **argv, char **envp,
                       const lx_auxv_in *in, uint32_t *sp_out, wa_err *e)
{
    /* AT_BASE_PLATFORM: the ISA level cpu-probe.c's set_isa names first for the core */
    const char *base_platform = p->o->isa_r1 ? "mips32" : "mips32r2";
    int envc = 0;
    while (envp && envp[envc] && envc < 255)
        envc++;
    uint32_t strings = (uint32_t)strlen(execfn) + 1;
    for (int i = 0; i < envc; i++)
        strings += (uint32_t)strlen(envp[i]) + 1;
    for (int i = 0; i < argc; i++)
        strings += (uint32_t)strlen(argv[i]) + 1;
    uint32_t ptr_words = 1 + (uint32_t)argc + 1 + (uint32_t)envc + 1;
    /* the auxv below has fewer than 32 entries */
    uint32_t need =
        4 + strings + 8 + (uint32_t)strlen(base_platform) + 1 + 16 + 4 * (2 * 32 + ptr_words) + 16;
    uint32_t size = LX_STACK_FIRST;
    if (need > size) size = (need + LX_PAGE - 1) & ~(LX_PAGE - 1);
    if (lx_map(p, LX_STACK_TOP - size, size, 1, e)) return -LX_ENOMEM;
    p->stack_low = LX_STACK_TOP - size;

    uint32_t at = LX_STACK_TOP - 4;
#define PUSH(s, n) (at -= (n), lx_put(p, at, (s), (n)), at)
    uint32_t u_execfn = PUSH(execfn, (uint32_t)strlen(execfn) + 1);
    uint32_t envs[256], args[256];
    for (int i = envc - 1; i >= 0; i--)
        envs[i] = PUSH(envp[i], (uint32_t)strlen(envp[i]) + 1);
    for (int i = argc - 1; i >= 0; i--)
        args[i] = PUSH(argv[i], (uint32_t)strlen(argv[i]) + 1);
    at &= ~7u;
    uint32_t u_base_platform = PUSH(base_platform, (uint32_t)strlen(base_platform) + 1);
    uint8_t rnd[16];
    for (int i = 0; i < 16; i++)
        rnd[i] = (uint8_t)(i * 37 + 11); /* deterministic: runs must repeat */
    uint32_t u_random = PUSH(rnd, 16);
#undef PUSH
    /* create_elf_tables' order; the ids are root's, as getuid and the others answer */
    const uint32_t aux[][2] = {
        {LX_AT_HWCAP, 0},
        {LX_AT_PAGESZ, LX_PAGE},
        {LX_AT_CLKTCK, 100},
        {LX_AT_PHDR, in->phdr},
        {LX_AT_PHENT, 32},
        {LX_AT_PHNUM, in->phnum},
        {LX_AT_BASE, in->base},
        {LX_AT_FLAGS, 0},
        {LX_AT_ENTRY, in->entry},
        {LX_AT_UID, 0},
        {LX_AT_EUID, 0},
        {LX_AT_GID, 0},
        {LX_AT_EGID, 0},
        {LX_AT_SECURE, 0},
        {LX_AT_RANDOM, u_random},
        {LX_AT_EXECFN, u_execfn},
        {LX_AT_BASE_PLATFORM, u_base_platform},
        {LX_AT_NULL, 0},
    };
    _Static_assert(sizeof aux / sizeof aux[0] < 32, "the stack's size counts 32 entries");
    uint32_t sp = (at - (uint32_t)sizeof aux - 4 * ptr_words) & ~15u, w = sp;
    uint8_t word[4];
#define PUT(v) (wr_le32(word, (v)), lx_put(p, w, word, 4), w += 4)
    PUT((uint32_t)argc);
    for (int i = 0; i < argc; i++)
        PUT(args[i]);
    PUT(0);
    for (int i = 0; i < envc; i++)
        PUT(envs[i]);
    PUT(0);
    for (size_t i = 0; i < sizeof aux / sizeof aux[0]; i++) {
        PUT(aux[i][0]);
        PUT(aux[i][1]);
    }
#undef PUT
    *sp_out = sp;
    return 0;
}

/* A program and its interpreter as read from the image, with their headers; which files of
 * the SquashFS image they are, if they are (on_image: their inodes). */
typedef struct lx_image {
    uint8_t *f, *g;
    size_t len, glen;
    elf_info elf, ie;
    int suspect; /* image_suspect's answer, -1 before it is asked */
    int f_on_image, g_on_image;
    sqfs_ref fref, gref;
} lx_image;

/* The executable segments of f hold release-2 instructions the board cannot run. */
static int segs_suspect(const lx_opts *o, const uint8_t *f, const elf_info *elf)
{
    for (size_t i = 0; i < elf->nseg; i++) {
        const elf_seg *s = &elf->seg[i];
        if (s->type == ELF_PT_LOAD && s->memsz && (s->flags & 1) && s->filesz &&
            lx_isa_scan(o, f + s->offset, s->filesz))
            return 1;
    }
    return 0;
}

/* The program or its interpreter holds such instructions: scanned once per image. */
static int image_suspect(const lx_opts *o, lx_image *im)
{
    if (im->suspect < 0)
        im->suspect = lx_isa_checked(o) && (segs_suspect(o, im->f, &im->elf) ||
                                            (im->g && segs_suspect(o, im->g, &im->ie)));
    return im->suspect;
}

static void image_free(lx_image *im)
{
    if (!im) return;
    free(im->f);
    free(im->g);
    free(im);
}

/* The program loaded last (p->image_kept) was the same file of the image at path: at an
 * execve of a busybox applet from a busybox shell, its bytes read and checked then, and in a
 * fork's child still the parent's pages, are taken instead of reading 2 MB again. */
static int same_file(lx_proc *p, const char *path, int on_image, sqfs_ref ref)
{
    sqfs_ref now;
    return on_image && lx_vfs_image_file(p, path, &now) && now == ref;
}

static int image_read(lx_proc *p, const char *path, lx_image **out, wa_err *e)
{
    lx_image *im = calloc(1, sizeof *im), *old = p->image_kept;
    if (!im) return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "%s: out of memory", path), -LX_ENOMEM;
    p->image_kept = NULL; /* what is not taken from it is freed below */
    im->suspect = -1;
    int rc = 0, f_taken = 0, g_taken = 0;
    if (old && same_file(p, path, old->f_on_image, old->fref)) {
        im->f = old->f, im->len = old->len, im->elf = old->elf, im->fref = old->fref;
        im->f_on_image = 1;
        old->f = NULL;
        f_taken = 1;
    } else {
        rc = read_elf(p, path, NULL, &im->f, &im->len, &im->elf, e);
        im->f_on_image = !rc && lx_vfs_image_file(p, path, &im->fref);
    }
    if (!rc && im->elf.interp[0]) {
        if (old && same_file(p, im->elf.interp, old->g_on_image, old->gref)) {
            im->g = old->g, im->glen = old->glen, im->ie = old->ie, im->gref = old->gref;
            im->g_on_image = 1;
            old->g = NULL;
            g_taken = 1;
        } else {
            rc = read_elf(p, im->elf.interp, path, &im->g, &im->glen, &im->ie, e);
            im->g_on_image = !rc && lx_vfs_image_file(p, im->elf.interp, &im->gref);
        }
    }
    if (!rc && f_taken && (!im->g || g_taken)) im->suspect = old->suspect; /* the same code */
    image_free(old);
    if (rc) {
        image_free(im);
        return rc;
    }
    *out = im;
    return 0;
}

/* execve reads and checks the program before the old one is gone; the load that follows on
 * the new engine takes those bytes instead of reading the file again (a busybox applet
 * started a hundred times in a boot was read and copied out of the cache twice each time). */
int lx_exec_check(lx_proc *p, const char *path, wa_err *e)
{
    image_free(p->exec_image);
    p->exec_image = NULL;
    return image_read(p, path, &p->exec_image, e);
}

int lx_exec_same_code(lx_proc *p, uint32_t *lo, uint32_t *hi, int *suspect)
{
    lx_image *im = p->exec_image;
    if (!im || !p->host || p->vm) return 0;
    const elf_info *elf = &im->elf;
    uint32_t base = elf->type == 3 ? LX_ET_DYN_BASE : 0;
    const elf_seg *code = NULL;
    for (size_t i = 0; i < elf->nseg && !code; i++)
        if (elf->seg[i].type == ELF_PT_LOAD && elf->seg[i].memsz) code = &elf->seg[i];
    /* the first segment, as the linker makes it: the code, read-only */
    if (!code || (code->flags & 3) != 1) return 0;
    uint32_t at = base + code->vaddr, a = at & ~(LX_PAGE - 1);
    uint64_t b = ((uint64_t)at + code->memsz + LX_PAGE - 1) & ~(uint64_t)(LX_PAGE - 1);
    if (b > LX_STACK_TOP - LX_STACK_MAX || b <= a) return 0;
    /* no other segment shares its pages: they would be written */
    for (size_t i = 0; i < elf->nseg; i++) {
        const elf_seg *s = &elf->seg[i];
        if (s != code && s->type == ELF_PT_LOAD && s->memsz && base + s->vaddr < b &&
            (uint64_t)base + s->vaddr + s->memsz > a)
            return 0;
    }
    /* every page mapped from the reservation, none counted, none shared memory */
    for (uint32_t pg = a / LX_PAGE; pg < b / LX_PAGE; pg++)
        if (!(p->mapped[pg >> 3] >> (pg & 7) & 1) || (p->counted[pg >> 3] >> (pg & 7) & 1) ||
            (p->ext[pg >> 3] >> (pg & 7) & 1))
            return 0;
    /* and holding what a load on a fresh engine would: the file's bytes, zeros around them */
    const uint8_t *m = p->host;
    for (uint32_t x = a; x < at; x++)
        if (m[x]) return 0;
    if (memcmp(m + at, im->f + code->offset, code->filesz)) return 0;
    for (uint64_t x = (uint64_t)at + code->filesz; x < b; x++)
        if (m[x]) return 0;
    *lo = a;
    *hi = (uint32_t)b;
    *suspect = image_suspect(p->o, im);
    return 1;
}

int lx_load(lx_proc *p, const char *path, const char *execfn, int argc, char **argv, char **envp,
            wa_err *e)
{
    lx_image *im = p->exec_image;
    p->exec_image = NULL;
    int rc = im ? 0 : image_read(p, path, &im, e);
    if (rc) return rc;
    const elf_info elf = im->elf, ie = im->ie;
    uint32_t base = elf.type == 3 ? LX_ET_DYN_BASE : 0, end = 0, phdr = 0, ibase = 0, iend,
             iphdr = 0;
    rc = map_segments(p, im->f, &elf, base, &end, &phdr, e) ? -LX_ENOMEM : 0;
    if (!rc && image_suspect(p->o, im)) p->isa_suspect = 1;
    if (!rc && im->g) {
        uint32_t span = 0;
        for (size_t i = 0; i < ie.nseg; i++)
            if (ie.seg[i].type == ELF_PT_LOAD && ie.seg[i].vaddr + ie.seg[i].memsz > span)
                span = ie.seg[i].vaddr + ie.seg[i].memsz;
        ibase = lx_free_area(p, span + LX_PAGE);
        if (!ibase || map_segments(p, im->g, &ie, ibase, &iend, &iphdr, e)) rc = -LX_ENOMEM;
    }
    image_free(p->image_kept);
    p->image_kept = im; /* for an execve of the same program */
    if (rc) return rc;
    p->brk_start = p->brk = p->brk_mapped = end;
    uint32_t entry = base + elf.entry;
    const lx_auxv_in in = {phdr, (uint32_t)elf.nseg, ibase, entry};
    if (argc > 255) argc = 255;
    uint32_t sp;
    if ((rc = build_stack(p, execfn ? execfn : path, argc, argv, envp, &in, &sp, e))) return rc;
    uint32_t pc = ibase ? ibase + ie.entry : entry;
    lx_set_reg(p, UC_MIPS_REG_SP, sp);
    lx_set_reg(p, UC_MIPS_REG_PC, pc);
    lx_set_reg(p, UC_MIPS_REG_T9, pc);
    return 0;
}
