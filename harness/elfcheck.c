/* elfcheck.c: every ELF of the rootfs checked without running it (elfcheck.h). */
#include "elfcheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dirseen.h"
#include "elf.h"

#define MAX_FILE (16u << 20) /* larger files are no programs of a 4 MB flash */
#define SHOWN 4              /* files named in a finding; the rest are counted */
#define EF_MIPS_ABI2 0x20u   /* e_flags: the n32 ABI */

/* One kind of problem: the first few files, and how many in all. */
struct kind {
    const char *code, *what, *hint;
    char ev[1200];
    size_t n, len;
};

struct walk {
    sqfs *fs;
    uint32_t kernel; /* major << 16 | minor << 8 | patch; 0: unknown */
    wa_dirseen seen;
    char path[1024];
    int depth;
    uint8_t *buf;
    struct kind arch, interp, lib, kver;
    char missing[300]; /* the libraries the file at hand needs and the image lacks */
};

static void note(struct kind *k, const char *path, const char *why)
{
    if (k->n++ < SHOWN && k->len < sizeof k->ev)
        k->len += (size_t)snprintf(k->ev + k->len, sizeof k->ev - k->len, "%s%s: %s",
                                   k->len ? "; " : "", path, why);
}

/* Is a library of this name where the loader looks (/lib, /usr/lib, and Debian's multiarch
 * directories of them)? */
static int have_lib(sqfs *fs, const char *name)
{
    static const char *const dirs[] = {"/lib/", "/usr/lib/", "/lib/mipsel-linux-gnu/",
                                       "/usr/lib/mipsel-linux-gnu/"};
    char p[512];
    sqfs_ref ref;
    if (name[0] == '/') return !sqfs_lookup(fs, name, 1, &ref, NULL);
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(p, sizeof p, "%s%s", dirs[i], name);
        if (!sqfs_lookup(fs, p, 1, &ref, NULL)) return 1;
    }
    return 0;
}

static void needed(void *ctx, const char *name)
{
    struct walk *w = ctx;
    size_t n = strlen(w->missing);
    if (!have_lib(w->fs, name) && n + strlen(name) + 3 < sizeof w->missing)
        snprintf(w->missing + n, sizeof w->missing - n, "%s%s", n ? ", " : "", name);
}

static void check_file(struct walk *w, sqfs_ref ref, uint64_t size)
{
    size_t got = 0;
    if (size < 52 || size > MAX_FILE) return;
    if (sqfs_read(w->fs, ref, 0, w->buf, 4, &got, NULL) || got != 4 || memcmp(w->buf, "\177ELF", 4))
        return;
    if (sqfs_read(w->fs, ref, 0, w->buf, size, &got, NULL) || got != size) return;
    elf_info in;
    wa_err e = {0};
    char why[320];
    if (elf_read(w->buf, got, &in, &e)) {
        note(&w->arch, w->path, e.msg);
        return;
    }
    if (in.type != 2 && in.type != 3) return; /* a kernel module (ET_REL), a core file */
    if (in.machine != ELF_EM_MIPS) {
        snprintf(why, sizeof why, "machine %u, not MIPS (8)", in.machine);
        note(&w->arch, w->path, why);
        return;
    }
    if (in.big_endian || (in.flags & EF_MIPS_ABI2)) {
        note(&w->arch, w->path, in.big_endian ? "big-endian MIPS" : "the n32 ABI, not o32");
        return;
    }
    sqfs_ref r;
    if (in.interp[0] && sqfs_lookup(w->fs, in.interp, 1, &r, NULL)) {
        snprintf(why, sizeof why, "its loader %.200s is not in the image", in.interp);
        note(&w->interp, w->path, why);
    }
    w->missing[0] = 0;
    if (!elf_needed(w->buf, got, &in, needed, w, NULL) && w->missing[0]) {
        snprintf(why, sizeof why, "needs %.250s", w->missing);
        note(&w->lib, w->path, why);
    }
    uint32_t v;
    if (w->kernel && elf_abi_kernel(w->buf, got, &in, &v) && v > w->kernel) {
        snprintf(why, sizeof why, "asks for Linux %u.%u.%u or later", v >> 16, v >> 8 & 255,
                 v & 255);
        note(&w->kver, w->path, why);
    }
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
    } else if (S_ISREG(mode)) {
        sqfs_attr a;
        if (!sqfs_stat(w->fs, ref, &a, NULL)) check_file(w, ref, a.size);
    }
    w->path[n] = 0;
    return 0;
}

static void report(wa_report *r, const struct kind *k)
{
    if (!k->n) return;
    char ev[1300];
    snprintf(ev, sizeof ev, "%s%s", k->ev, k->n > SHOWN ? "; ..." : "");
    wa_add(r, "rootfs", WA_WARNING, k->code, ev, k->hint, "%zu file%s %s", k->n,
           k->n == 1 ? "" : "s", k->what);
}

void wa_elfcheck(sqfs *fs, const kprobe_info *k, wa_report *r)
{
    struct walk w = {.fs = fs};
    unsigned a, b, c;
    if (k && sscanf(k->banner, "Linux version %u.%u.%u", &a, &b, &c) == 3)
        w.kernel = (a & 255) << 16 | (b & 255) << 8 | (c & 255);
    w.arch = (struct kind){.code = "elf-not-for-board",
                           .what = "in the image cannot run on the board's CPU",
                           .hint = "build them for MIPS32 little-endian, o32 (mipsel-linux-gcc)"};
    w.interp = (struct kind){.code = "elf-interp-missing",
                             .what = "in the image need a program loader the image lacks",
                             .hint = "add the C library's loader (ld-uClibc.so.0, ld.so.1) to "
                                     "/lib, or link the programs statically"};
    w.lib = (struct kind){.code = "elf-lib-missing",
                          .what = "in the image need libraries it lacks",
                          .hint = "add the libraries to /lib, or link the programs statically"};
    w.kver = (struct kind){.code = "elf-kernel-too-old",
                           .what = "in the image ask for a newer kernel than the image's",
                           .hint = "build them with a C library made for the board's kernel "
                                   "(glibc's --enable-kernel, or uClibc)"};
    w.buf = malloc(MAX_FILE);
    if (!w.buf) return;
    wa_dirseen_add(&w.seen, sqfs_root(fs));
    sqfs_readdir(fs, sqfs_root(fs), each, &w, NULL);
    report(r, &w.arch);
    report(r, &w.interp);
    report(r, &w.lib);
    report(r, &w.kver);
    wa_dirseen_free(&w.seen);
    free(w.buf);
}
