/* elfcheck.c: every ELF of the rootfs checked without running it (elfcheck.h). */
#include "elfcheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dirseen.h"
#include "elf.h"
#include "mips_isa.h"
#include "shebang.h"

#define MAX_FILE (16u << 20) /* larger files are no programs of a 4 MB flash */
#define SHOWN 4              /* files named in a finding; the rest are counted */
#define EF_MIPS_ABI2 0x20u   /* e_flags: the n32 ABI */
#define MAX_BOOT 64
#define SCRIPT_HEAD (64u << 10) /* of a script, read for its #! line and line ends */

/* The kinds of problem, in the order a finding about one program names them; the last three
 * are a script's (shebang.h). */
enum { EXEC, ARCH, INTERP, LIB, KVER, ISA, TLS, S_CRLF, S_INTERP, S_EXEC, NKINDS };
/* EXEC: for what the boot starts only (a library needs no exec bit) */

static const struct {
    const char *code, *what, *hint;
} kinds[NKINDS] = {
    [EXEC] = {"elf-not-executable", "have no exec bit", "chmod 755 it in the root tree"},
    [ARCH] = {"elf-not-for-board", "cannot run on the board's CPU",
              "build them for MIPS32 little-endian, o32 (mipsel-linux-gcc)"},
    [INTERP] = {"elf-interp-missing", "need a program loader the image lacks",
                "add the C library's loader (ld-uClibc.so.0, ld.so.1) to /lib, or link the "
                "programs statically"},
    [LIB] = {"elf-lib-missing", "need libraries the image lacks",
             "add the libraries to /lib, or link the programs statically"},
    [KVER] = {"elf-kernel-too-old", "ask for a newer kernel than the image's",
              "build them with a C library made for the board's kernel (glibc's "
              "--enable-kernel, or uClibc)"},
    [ISA] = {"elf-isa", "hold instructions the board's CPU lacks (MIPS32 release 2)",
             "build them for MIPS32 release 1 (-march=mips32), with a C library built the same "
             "way: Debian's mipsel packages are release 2"},
    [TLS] = {"elf-needs-tls", "need TLS, which the board's 2.4 kernel does not give",
             "build them with a C library that sets up no TLS (uClibc 0.9.x as the box's own, "
             "dietlibc): today's glibc and musl need set_thread_area and rdhwr, which 2.4.17 "
             "lacks"},
    [S_CRLF] = {"script-crlf", "with DOS line ends (CR LF)",
                "convert them to Unix line ends (dos2unix, or sed -i 's/\\r$//')"},
    [S_INTERP] = {"script-interp-missing", "whose #! interpreter the image lacks",
                  "point their #! line at a program the image has (#!/bin/sh)"},
    [S_EXEC] = {"script-not-executable", "without an exec bit",
                "chmod 755 them in the root tree, or run them with sh"},
};

/* One kind of problem over the image: the first few files, and how many in all. */
struct kind {
    char ev[1200];
    size_t n, len;
};

/* What is wrong with one file: a reason per kind, "" where nothing is. */
struct problems {
    char why[NKINDS][320];
};

struct walk {
    sqfs *fs;
    const wa_elfcheck_opts *o;
    uint32_t kernel; /* major << 16 | minor << 8 | patch; 0: unknown */
    wa_dirseen seen;
    char path[1024];
    int depth;
    uint8_t *buf;
    struct kind k[NKINDS];
    sqfs_ref boot[MAX_BOOT]; /* the files the boot starts (reported on their own) */
    size_t nboot;
    char missing[300]; /* the libraries the file at hand needs and the image lacks */
    char deps[8][256]; /* a boot program's loader and libraries, where the image has them */
    size_t ndeps;
};

static void note(struct kind *k, const char *path, const char *why)
{
    if (k->n++ < SHOWN && k->len < sizeof k->ev)
        k->len += (size_t)snprintf(k->ev + k->len, sizeof k->ev - k->len, "%s%s: %s",
                                   k->len ? "; " : "", path, why);
}

/* Where the loader finds a library of this name (/lib, /usr/lib, and Debian's multiarch
 * directories of them), into path; 0 when none is there. */
static int find_lib(sqfs *fs, const char *name, char *path, size_t cap)
{
    static const char *const dirs[] = {"/lib/", "/usr/lib/", "/lib/mipsel-linux-gnu/",
                                       "/usr/lib/mipsel-linux-gnu/"};
    sqfs_ref ref;
    if (name[0] == '/') {
        snprintf(path, cap, "%s", name);
        return !sqfs_lookup(fs, name, 1, &ref, NULL);
    }
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(path, cap, "%s%s", dirs[i], name);
        if (!sqfs_lookup(fs, path, 1, &ref, NULL)) return 1;
    }
    return 0;
}

static void needed(void *ctx, const char *name)
{
    struct walk *w = ctx;
    size_t n = strlen(w->missing);
    char p[512];
    if (!find_lib(w->fs, name, p, sizeof p) && n + strlen(name) + 3 < sizeof w->missing)
        snprintf(w->missing + n, sizeof w->missing - n, "%s%s", n ? ", " : "", name);
}

/* The release-2 instructions of an ELF read into buf, in words, into why; 0 when none. */
static int isa_of(const uint8_t *buf, size_t n, const elf_info *in, char *why, size_t cap)
{
    mips_r2_found f;
    if (mips_r2_scan_elf(buf, n, in, &f, NULL) || !f.count) return 0;
    snprintf(why, cap, "%s (%08x) at 0x%x%s%s, %zu release-2 instruction%s in all", f.name, f.insn,
             f.addr, f.section[0] ? " in " : "", f.section, f.count, f.count == 1 ? "" : "s");
    return 1;
}

/* What makes an ELF read into buf need TLS, in words, into why; 0 when nothing does. A
 * PT_TLS segment (thread-local data: the C library sets up its pointer before main), or the
 * words that set it up or read it (mips_tls_name). */
static int tls_of(const uint8_t *buf, size_t n, const elf_info *in, char *why, size_t cap)
{
    mips_r2_found f;
    int seg = 0;
    for (size_t i = 0; i < in->nseg; i++)
        seg |= in->seg[i].type == ELF_PT_TLS;
    if (mips_r2_scan_elf(buf, n, in, &f, NULL)) f.tls = 0;
    if (!seg && !f.tls) return 0;
    size_t len = (size_t)snprintf(why, cap, "%s", seg ? "a PT_TLS segment" : "");
    if (f.tls && len < cap)
        snprintf(why + len, cap - len, "%s%s at 0x%x%s%s (%zu TLS word%s in all)", seg ? ", " : "",
                 f.tls_name, f.tls_addr, f.tls_section[0] ? " in " : "", f.tls_section, f.tls,
                 f.tls == 1 ? "" : "s");
    return 1;
}

/* Read a whole ELF of the rootfs into w->buf; its size, or 0 when it is none (or too big).
 * With script set, a script's first SCRIPT_HEAD bytes too, and *script says which it was. */
static size_t read_prog(struct walk *w, sqfs_ref ref, uint64_t size, int *script)
{
    size_t got = 0;
    if (script) *script = 0;
    if (size < 2 || size > MAX_FILE || sqfs_read(w->fs, ref, 0, w->buf, 4, &got, NULL) || got < 2)
        return 0;
    if (script && !memcmp(w->buf, "#!", 2)) {
        *script = 1;
        if (size > SCRIPT_HEAD) size = SCRIPT_HEAD;
    } else if (size < 52 || got != 4 || memcmp(w->buf, "\177ELF", 4)) {
        return 0;
    }
    if (sqfs_read(w->fs, ref, 0, w->buf, size, &got, NULL) || got != size) return 0;
    return got;
}

static size_t read_elf(struct walk *w, sqfs_ref ref, uint64_t size)
{
    return read_prog(w, ref, size, NULL);
}

/* The problems of the script in w->buf (got bytes, file mode mode): what keeps the kernel's
 * exec of it from running it. */
static void check_script(struct walk *w, size_t got, uint32_t mode, struct problems *p)
{
    memset(p, 0, sizeof *p);
    char interp[128];
    sqfs_ref r;
    wa_shebang(w->buf, got, interp, sizeof interp);
    long cr = wa_crlf_at(w->buf, got);
    if (cr >= 0)
        snprintf(p->why[S_CRLF], sizeof p->why[S_CRLF], "CR LF line ends (the first at byte %ld)%s",
                 cr, strchr(interp, '\r') ? ": its interpreter becomes a name ending in CR" : "");
    else if (!interp[0] || interp[0] != '/' || sqfs_lookup(w->fs, interp, 1, &r, NULL))
        snprintf(p->why[S_INTERP], sizeof p->why[S_INTERP], "its interpreter '#!%.100s' is %s",
                 interp, interp[0] == '/' ? "not in the image" : "not an absolute path");
    if (!(mode & 0111))
        snprintf(p->why[S_EXEC], sizeof p->why[S_EXEC],
                 "no exec bit (mode 0%o): execve fails with EACCES", mode & 07777);
}

/* The problems of the ELF in w->buf (got bytes); 0 when it is no program or library. */
static int check_elf(struct walk *w, size_t got, struct problems *p)
{
    memset(p, 0, sizeof *p);
    elf_info in;
    wa_err e = {0};
    if (w->buf[4] == 2) { /* ELF64: the host's programs */
        unsigned m = w->buf[5] == 2 ? (unsigned)w->buf[18] << 8 | w->buf[19]
                                    : (unsigned)w->buf[19] << 8 | w->buf[18];
        snprintf(p->why[ARCH], sizeof p->why[ARCH], "a 64-bit ELF (machine %u), not MIPS32", m);
        return 1;
    }
    if (elf_read(w->buf, got, &in, &e)) {
        snprintf(p->why[ARCH], sizeof p->why[ARCH], "%s", e.msg);
        return 1;
    }
    if (in.type != 2 && in.type != 3) return 0; /* a kernel module (ET_REL), a core file */
    if (in.machine != ELF_EM_MIPS) {
        snprintf(p->why[ARCH], sizeof p->why[ARCH], "machine %u, not MIPS (8)", in.machine);
        return 1;
    }
    if (in.big_endian || (in.flags & EF_MIPS_ABI2)) {
        snprintf(p->why[ARCH], sizeof p->why[ARCH], "%s",
                 in.big_endian ? "big-endian MIPS" : "the n32 ABI, not o32");
        return 1;
    }
    sqfs_ref r;
    if (in.interp[0] && sqfs_lookup(w->fs, in.interp, 1, &r, NULL))
        snprintf(p->why[INTERP], sizeof p->why[INTERP], "its loader %.200s is not in the image",
                 in.interp);
    w->missing[0] = 0;
    if (!elf_needed(w->buf, got, &in, needed, w, NULL) && w->missing[0])
        snprintf(p->why[LIB], sizeof p->why[LIB], "needs %.250s", w->missing);
    uint32_t v;
    if (w->kernel && elf_abi_kernel(w->buf, got, &in, &v) && v > w->kernel)
        snprintf(p->why[KVER], sizeof p->why[KVER], "asks for Linux %u.%u.%u or later", v >> 16,
                 v >> 8 & 255, v & 255);
    if (w->o->isa_r1) isa_of(w->buf, got, &in, p->why[ISA], sizeof p->why[ISA]);
    if (w->o->no_tls) tls_of(w->buf, got, &in, p->why[TLS], sizeof p->why[TLS]);
    return 1;
}

static int is_boot(const struct walk *w, sqfs_ref ref)
{
    for (size_t i = 0; i < w->nboot; i++)
        if (w->boot[i] == ref) return 1;
    return 0;
}

static int each(void *ctx, const char *name, sqfs_ref ref, uint32_t mode)
{
    struct walk *w = ctx;
    size_t n = strlen(w->path);
    if ((size_t)snprintf(w->path + n, sizeof w->path - n, "/%s", name) >= sizeof w->path - n) {
        w->path[n] = 0;
        return 0;
    }
    if (S_ISDIR(mode) && w->depth < 32 && wa_dirseen_add(&w->seen, ref) > 0) {
        w->depth++;
        sqfs_readdir(w->fs, ref, each, w, NULL);
        w->depth--;
    } else if (S_ISREG(mode) && !is_boot(w, ref)) {
        sqfs_attr a;
        struct problems p;
        size_t got;
        int script;
        if (!sqfs_stat(w->fs, ref, &a, NULL) && (got = read_prog(w, ref, a.size, &script)) &&
            (script ? (check_script(w, got, a.mode, &p), 1) : check_elf(w, got, &p)))
            for (int k = 0; k < NKINDS; k++)
                if (p.why[k][0]) note(&w->k[k], w->path, p.why[k]);
    }
    w->path[n] = 0;
    return 0;
}

static void collect(void *ctx, const char *name)
{
    struct walk *w = ctx;
    if (w->ndeps < sizeof w->deps / sizeof w->deps[0] &&
        find_lib(w->fs, name, w->deps[w->ndeps], sizeof w->deps[0]))
        w->ndeps++;
}

/* The loader and libraries of the boot program in w->buf (got bytes): does one hold
 * release-2 code (into isa), or need TLS on a kernel without it (into tls)? Each names the
 * first such file and what is in it (w->buf is used up). */
static void deps_check(struct walk *w, size_t got, char *isa, char *tls, size_t cap)
{
    elf_info in;
    if ((!isa && !tls) || elf_read(w->buf, got, &in, NULL)) return;
    w->ndeps = 0;
    if (in.interp[0]) snprintf(w->deps[w->ndeps++], sizeof w->deps[0], "%s", in.interp);
    elf_needed(w->buf, got, &in, collect, w, NULL);
    for (size_t i = 0; i < w->ndeps && (isa || tls); i++) {
        sqfs_ref ref;
        sqfs_attr a;
        char what[300];
        size_t n;
        elf_info li;
        if (sqfs_lookup(w->fs, w->deps[i], 1, &ref, NULL) || sqfs_stat(w->fs, ref, &a, NULL) ||
            !(n = read_elf(w, ref, a.size)) || elf_read(w->buf, n, &li, NULL))
            continue;
        const char *kind = i == 0 && in.interp[0] ? "loader" : "library";
        if (isa && isa_of(w->buf, n, &li, what, sizeof what)) {
            snprintf(isa, cap, "its %s %.120s holds %.150s", kind, w->deps[i], what);
            isa = NULL;
        }
        if (tls && tls_of(w->buf, n, &li, what, sizeof what)) {
            snprintf(tls, cap, "its %s %.120s needs TLS (%.150s)", kind, w->deps[i], what);
            tls = NULL;
        }
    }
}

/* One finding for a program the boot starts that cannot run: its first problem's code, all
 * of them in the evidence. init's architecture is check_init's (stage_rootfs.c) to report. */
static void judge_boot(struct walk *w, const wa_boot_prog *b, wa_report *r)
{
    sqfs_ref ref;
    sqfs_attr a;
    size_t got;
    struct problems p;
    int script;
    if (sqfs_lookup(w->fs, b->path, 1, &ref, NULL) || sqfs_stat(w->fs, ref, &a, NULL) ||
        !S_ISREG(a.mode) || !(got = read_prog(w, ref, a.size, &script)))
        return;
    if (script)
        check_script(w, got, a.mode, &p);
    else if (!check_elf(w, got, &p) || (b->noboot && p.why[ARCH][0]))
        return;
    if (!script && !(a.mode & 0111))
        snprintf(p.why[EXEC], sizeof p.why[EXEC],
                 "no exec bit (mode 0%o): execve fails with EACCES", a.mode & 07777);
    if (!script && !p.why[ARCH][0] && !p.why[INTERP][0])
        deps_check(w, got, w->o->isa_r1 && !p.why[ISA][0] ? p.why[ISA] : NULL,
                   w->o->no_tls && !p.why[TLS][0] ? p.why[TLS] : NULL, sizeof p.why[0]);
    int first = -1;
    char ev[1600];
    size_t n = (size_t)snprintf(ev, sizeof ev, "%s", b->path);
    for (int k = 0; k < NKINDS; k++) {
        if (!p.why[k][0]) continue;
        if (first < 0) first = k;
        n += (size_t)snprintf(ev + n, n < sizeof ev ? sizeof ev - n : 0, "%s %s",
                              k == first ? ":" : ";", p.why[k]);
    }
    if (first < 0) return;
    snprintf(ev + n, n < sizeof ev ? sizeof ev - n : 0, " (started by %s)", b->by);
    char cpu[160] = "";
    if (first == ISA)
        snprintf(cpu, sizeof cpu, ", which the board's %s (MIPS32 release 1) lacks",
                 w->o->cpu ? w->o->cpu : "CPU");
    else if (first == TLS)
        snprintf(cpu, sizeof cpu,
                 "; the board's %s kernel gives no TLS (no set_thread_area, no rdhwr emulation)",
                 w->o->kernel_name ? w->o->kernel_name : "2.4");
    const char *lead = "";
    if (strncmp(p.why[first], "its ", 4))
        lead = first == ISA ? "it holds " : first == TLS ? "it needs TLS: " : "";
    wa_add(r, "rootfs", b->noboot ? WA_NOBOOT : WA_DEGRADED, kinds[first].code, ev,
           kinds[first].hint, "%s, which %s starts, cannot run on the box: %s%s%s%s", b->path,
           b->by, lead, p.why[first], first == TLS ? cpu : "",
           b->noboot      ? "; nothing of the boot runs"
           : first == TLS ? ""
                          : cpu);
}

static void report(wa_report *r, int kind, const struct kind *k)
{
    if (!k->n) return;
    char ev[1300];
    snprintf(ev, sizeof ev, "%s%s", k->ev, k->n > SHOWN ? "; ..." : "");
    wa_add(r, "rootfs", WA_WARNING, kinds[kind].code, ev, kinds[kind].hint,
           "%zu %s%s in the image %s", k->n, kind >= S_CRLF ? "script" : "file",
           k->n == 1 ? "" : "s", kinds[kind].what);
}

void wa_elfcheck(sqfs *fs, const wa_elfcheck_opts *o, wa_report *r)
{
    struct walk *w = calloc(1, sizeof *w);
    if (!w) return;
    w->fs = fs;
    w->o = o;
    unsigned a, b, c;
    if (o->kernel && sscanf(o->kernel->banner, "Linux version %u.%u.%u", &a, &b, &c) == 3)
        w->kernel = (a & 255) << 16 | (b & 255) << 8 | (c & 255);
    w->buf = malloc(MAX_FILE);
    if (!w->buf) {
        free(w);
        return;
    }
    for (size_t i = 0; i < o->nboot && w->nboot < MAX_BOOT; i++) {
        sqfs_ref ref;
        if (!sqfs_lookup(fs, o->boot[i].path, 1, &ref, NULL) && !is_boot(w, ref)) {
            w->boot[w->nboot++] = ref;
            judge_boot(w, &o->boot[i], r);
        }
    }
    sqfs_ref sref;
    if (o->script && w->nboot < MAX_BOOT && !sqfs_lookup(fs, o->script, 1, &sref, NULL))
        w->boot[w->nboot++] = sref;
    wa_dirseen_add(&w->seen, sqfs_root(fs));
    sqfs_readdir(fs, sqfs_root(fs), each, w, NULL);
    for (int k = 0; k < NKINDS; k++)
        report(r, k, &w->k[k]);
    wa_dirseen_free(&w->seen);
    free(w->buf);
    free(w);
}
