/* test_stack.c: the initial stack as Linux's exec builds it (fs/exec.c, create_elf_tables in
 * fs/binfmt_elf.c), seen by cases/progs/stackprobe.c under `wa-emu run` and under
 * qemu-mipsel, with the same argv, the same environment and the same program name.
 *
 * The two stack tops differ (wa-emu's is 0x7fff0000, qemu-mipsel's where it maps it), so the
 * strings are compared as offsets from the first argv string and the words below them as
 * offsets from the initial sp. Both must give: argc; the argv pointers at sp+4, the envp and
 * auxv pointers after them; every argv, envp and AT_EXECFN string at the same offset from
 * argv[0], with the same length and text (contiguous, ascending); the same set of auxv types;
 * the same AT_BASE_PLATFORM text; sp aligned to 16. Where qemu-mipsel is not Linux
 * (linux-user/elfload.c: it leaves a host pointer's 8 bytes at the top, not the target's 4;
 * it rounds the platform strings to 4 bytes and aligns the random bytes to 16 where Linux
 * aligns to 8 once, above the platform string; its auxv order is its own), wa-emu's stack is
 * checked against Linux's rules instead: the gap, the AT_BASE_PLATFORM and AT_RANDOM places
 * and sp derived from them, and the order of the auxv.
 *
 * wa-emu run gives its guest the environment PATH=/bin:/sbin:/usr/bin:/usr/sbin, HOME=/,
 * TERM=vt100; qemu-mipsel is run with `env -i` and that environment, given in reverse order
 * because qemu-mipsel reverses the environment it passes on (its envlist pushes each variable
 * in front). The program is named t/stackprobe (relative, from the tree's root under
 * qemu-mipsel) so that AT_EXECFN is the same string in both. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#define DEFENV "PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/ TERM=vt100"
#define DEFENV_REVERSED "TERM=vt100 HOME=/ PATH=/bin:/sbin:/usr/bin:/usr/sbin"
#define BUSYBOX WA_FIXTURES "/images/user/bin/busybox"

typedef struct pstr {
    long sp, a; /* offsets from the initial sp and from the first argv string */
    unsigned len;
    char s[256];
} pstr;

typedef struct probe {
    unsigned argc, nargv, nenvp, ntypes, types[64], pagesz, gap;
    long argvp, envpp, auxv, auxend, random_sp, random_a, top, spmod;
    pstr argv[32], envp[32], execfn, base_platform;
    int has_execfn, has_base_platform, has_platform, has_random;
} probe;

/* An expectation that also counts, so that a failing comparison prints both outputs. */
#define CHECK(bad, cond, ...)                                                                      \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            (*(bad))++;                                                                            \
            cr_expect(0, __VA_ARGS__);                                                             \
        }                                                                                          \
    } while (0)

static long signed_hex(char sign, unsigned long v)
{
    return sign == '-' ? -(long)v : (long)v;
}

/* " at sp+0x.. (a+0x..) len N "text"" after the name */
static int parse_str(const char *l, pstr *s)
{
    char c1, c2;
    unsigned long v1, v2;
    int n = 0;
    if (sscanf(l, " at sp%c0x%lx (a%c0x%lx) len %u \"%n", &c1, &v1, &c2, &v2, &s->len, &n) != 5 ||
        !n)
        return -1;
    s->sp = signed_hex(c1, v1);
    s->a = signed_hex(c2, v2);
    snprintf(s->s, sizeof s->s, "%s", l + n);
    s->s[strcspn(s->s, "\"")] = 0;
    return 0;
}

static void parse(const char *out, probe *p)
{
    memset(p, 0, sizeof *p);
    char *copy = strdup(out), *save = NULL;
    for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        char c1, c2, c3, c4;
        unsigned long v1, v2, v3, v4;
        int i;
        if (sscanf(l, "argc %u", &p->argc) == 1) continue;
        if (sscanf(l,
                   "argv pointers at sp%c0x%lx, envp pointers at sp%c0x%lx, auxv at sp%c0x%lx, "
                   "auxv end at sp%c0x%lx",
                   &c1, &v1, &c2, &v2, &c3, &v3, &c4, &v4) == 8) {
            p->argvp = signed_hex(c1, v1);
            p->envpp = signed_hex(c2, v2);
            p->auxv = signed_hex(c3, v3);
            p->auxend = signed_hex(c4, v4);
        } else if (sscanf(l, "argv[%d]", &i) == 1 && i == (int)p->nargv && i < 32) {
            cr_assert_eq(parse_str(strchr(l, ']') + 1, &p->argv[p->nargv++]), 0, "%s", l);
        } else if (sscanf(l, "envp[%d]", &i) == 1 && i == (int)p->nenvp && i < 32) {
            cr_assert_eq(parse_str(strchr(l, ']') + 1, &p->envp[p->nenvp++]), 0, "%s", l);
        } else if (!strncmp(l, "auxv types", 10)) {
            char *s = l + 10, *end;
            for (unsigned long t; (t = strtoul(s, &end, 10)), end != s && p->ntypes < 64; s = end)
                p->types[p->ntypes++] = (unsigned)t;
        } else if (!strncmp(l, "AT_EXECFN", 9)) {
            cr_assert_eq(parse_str(l + 9, &p->execfn), 0, "%s", l);
            p->has_execfn = 1;
        } else if (!strncmp(l, "AT_BASE_PLATFORM", 16)) {
            cr_assert_eq(parse_str(l + 16, &p->base_platform), 0, "%s", l);
            p->has_base_platform = 1;
        } else if (!strncmp(l, "AT_PLATFORM", 11)) {
            p->has_platform = 1;
        } else if (sscanf(l, "AT_RANDOM at sp%c0x%lx (a%c0x%lx)", &c1, &v1, &c2, &v2) == 4) {
            p->random_sp = signed_hex(c1, v1);
            p->random_a = signed_hex(c2, v2);
            p->has_random = 1;
        } else if (sscanf(l, "AT_PAGESZ %u", &p->pagesz) == 1) {
            continue;
        } else if (sscanf(l, "top at sp%c0x%lx (a%c0x%lx) gap %u", &c1, &v1, &c2, &v2, &p->gap) ==
                   5) {
            p->top = signed_hex(c1, v1);
        } else if (sscanf(l, "sp mod 16 %c0x%lx", &c1, &v1) == 2) {
            p->spmod = signed_hex(c1, v1);
        } else {
            cr_assert_fail("stackprobe printed a line the test does not know: %s", l);
        }
    }
    free(copy);
}

static int cmp_uint(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

static void same_str(int *bad, const char *what, int i, const pstr *a, const pstr *b)
{
    CHECK(bad, a->a == b->a, "%s[%d]: at a%+ld under wa-emu, a%+ld under qemu-mipsel", what, i,
          a->a, b->a);
    CHECK(bad, a->len == b->len, "%s[%d]: length %u, %u", what, i, a->len, b->len);
    CHECK(bad, !strcmp(a->s, b->s), "%s[%d]: \"%s\", \"%s\"", what, i, a->s, b->s);
}

/* What both kernels define alike. */
static void compare(int *bad, const probe *o, const probe *q, const char *ctx)
{
    CHECK(bad, o->argc == q->argc, "%s: argc", ctx);
    CHECK(bad, o->argvp == q->argvp, "%s: argv pointers", ctx);
    CHECK(bad, o->envpp == q->envpp, "%s: envp pointers", ctx);
    CHECK(bad, o->auxv == q->auxv, "%s: auxv", ctx);
    CHECK(bad, o->auxend == q->auxend, "%s: auxv end (the same number of entries)", ctx);
    CHECK(bad, o->nargv == q->nargv, "%s: argv strings", ctx);
    CHECK(bad, o->nenvp == q->nenvp, "%s: envp strings", ctx);
    for (unsigned i = 0; i < o->nargv && i < q->nargv; i++)
        same_str(bad, "argv", (int)i, &o->argv[i], &q->argv[i]);
    for (unsigned i = 0; i < o->nenvp && i < q->nenvp; i++)
        same_str(bad, "envp", (int)i, &o->envp[i], &q->envp[i]);
    CHECK(bad, o->has_execfn && q->has_execfn, "%s: AT_EXECFN", ctx);
    same_str(bad, "AT_EXECFN", 0, &o->execfn, &q->execfn);
    unsigned a[64], b[64];
    memcpy(a, o->types, sizeof a);
    memcpy(b, q->types, sizeof b);
    qsort(a, o->ntypes, sizeof a[0], cmp_uint);
    qsort(b, q->ntypes, sizeof b[0], cmp_uint);
    CHECK(bad, o->ntypes == q->ntypes, "%s: auxv entries", ctx);
    CHECK(bad, !memcmp(a, b, sizeof a[0] * o->ntypes), "%s: the set of auxv types", ctx);
    CHECK(bad, o->pagesz == q->pagesz, "%s: AT_PAGESZ", ctx);
    CHECK(bad, o->has_platform == q->has_platform, "%s: AT_PLATFORM", ctx);
    CHECK(bad, o->has_base_platform && q->has_base_platform, "%s: AT_BASE_PLATFORM", ctx);
    CHECK(bad, !strcmp(o->base_platform.s, q->base_platform.s), "%s: AT_BASE_PLATFORM text", ctx);
    CHECK(bad, o->spmod == 0, "%s: sp aligned to 16 under wa-emu", ctx);
    CHECK(bad, q->spmod == 0, "%s: sp aligned to 16 under qemu-mipsel", ctx);
}

/* wa-emu against Linux's rules where qemu-mipsel is not Linux. */
static void linux_rules(int *bad, const probe *o, const char *ctx)
{
    static const unsigned order[] = {16, 6, 17, 3, 4, 5, 7, 8, 9, 11, 12, 13, 14, 23, 25, 31, 24};
    CHECK(bad, o->ntypes == sizeof order / sizeof order[0], "%s: auxv entries", ctx);
    CHECK(bad, !memcmp(o->types, order, sizeof order), "%s: the auxv in create_elf_tables' order",
          ctx);
    /* strings: argv[0] first, each right after the one before, AT_EXECFN last */
    long next = 0;
    for (unsigned i = 0; i < o->nargv; next += o->argv[i++].len)
        CHECK(bad, o->argv[i].a == next, "%s: argv[%u] at a%+ld, not right after", ctx, i,
              o->argv[i].a);
    for (unsigned i = 0; i < o->nenvp; next += o->envp[i++].len)
        CHECK(bad, o->envp[i].a == next, "%s: envp[%u] at a%+ld, not right after", ctx, i,
              o->envp[i].a);
    CHECK(bad, o->execfn.a == next, "%s: AT_EXECFN at a%+ld, not right after", ctx, o->execfn.a);
    /* one 4-byte word (a 32-bit kernel's pointer) between AT_EXECFN and the page-aligned top */
    CHECK(bad, o->gap == 4, "%s: %u bytes above AT_EXECFN, Linux leaves 4", ctx, o->gap);
    /* below argv[0]: aligned down to 8, the platform string, the random bytes; then sp */
    long p = o->argv[0].sp & ~7L; /* sp is 16-aligned: the alignment of the address itself */
    CHECK(bad, o->base_platform.sp == p - (long)o->base_platform.len,
          "%s: AT_BASE_PLATFORM at sp%+ld, Linux puts it at sp%+ld", ctx, o->base_platform.sp,
          p - (long)o->base_platform.len);
    CHECK(bad, o->random_sp == o->base_platform.sp - 16,
          "%s: AT_RANDOM at sp%+ld, Linux puts it right below AT_BASE_PLATFORM", ctx, o->random_sp);
    long words = 2 * ((long)o->ntypes + 1) + 1 + (long)o->argc + 1 + (long)o->nenvp + 1;
    CHECK(bad, ((o->random_sp - 4 * words) & ~15L) == 0,
          "%s: sp is not where STACK_ROUND puts it below AT_RANDOM at sp%+ld", ctx, o->random_sp);
}

static char dir[64];
/* each test's .fini: it runs even when the test failed an assertion */
static void cleanup(void)
{
    char cmd[128];
    if (!dir[0]) return;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd)) return;
}

/* The probe, built here (no C library, MIPS32 release 1), in a tree with the static busybox
 * (for execve through `env -i`) and as a SquashFS image of that tree. */
static void build(void)
{
    snprintf(dir, sizeof dir, "/tmp/wa-stack-XXXXXX");
    cr_assert(mkdtemp(dir), "mkdtemp");
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s/root/t' '%s/root/bin' && cp '%s' '%s/root/bin/busybox' && "
             "printf '#!/t/stackprobe\\n' > '%s/root/t/script' && chmod 755 '%s/root/t/script' && "
             "mipsel-linux-gnu-gcc -O1 -static -nostdlib -nostartfiles -fno-pic -mno-abicalls "
             "-march=mips32 -Wall -Wextra -Werror -o '%s/root/t/stackprobe' "
             "'%s/cases/progs/stackprobe.c' && mksquashfs '%s/root' '%s/root.sqfs' -quiet "
             "-noappend -all-root >/dev/null 2>&1 && echo ok",
             dir, dir, BUSYBOX, dir, dir, dir, dir, WA_SRC, dir, dir);
    char *out;
    cr_assert_eq(run(cmd, &out), 0, "building the probe: %s", out);
    free(out);
}

static void probe_both(const char *ctx, const char *ours_cmd, const char *ref_cmd, int rules)
{
    char *ours, *ref;
    cr_assert_eq(run(ours_cmd, &ours), 0, "%s: %s\n%s", ctx, ours_cmd, ours);
    cr_assert_eq(run(ref_cmd, &ref), 0, "%s: %s\n%s", ctx, ref_cmd, ref);
    probe o, q;
    parse(ours, &o);
    parse(ref, &q);
    int bad = 0;
    compare(&bad, &o, &q, ctx);
    if (rules) linux_rules(&bad, &o, ctx);
    if (bad) cr_log_error("%s\nwa-emu:\n%s\nqemu-mipsel:\n%s", ctx, ours, ref);
    free(ours);
    free(ref);
}

/* The program as wa-emu run starts it, on the board's 4KEc (qemu-mipsel's 4KEcR1, both
 * MIPS32 release 1: AT_BASE_PLATFORM "mips32"), with argument lengths that put argv[0] at
 * every address modulo 8. */
Test(stack, layout_as_qemu_mipsel_and_linux, .init = build, .fini = cleanup)
{
    for (int k = 0; k < 8; k++) {
        char arg[16] = "", ctx[64], ours[1024], ref[1024];
        memset(arg, 'x', (size_t)k);
        snprintf(ctx, sizeof ctx, "run with argv[1] of %d bytes", k);
        snprintf(ours, sizeof ours, "'%s' run '%s/root.sqfs' -- t/stackprobe '%s' two", WA_BIN, dir,
                 arg);
        snprintf(ref, sizeof ref,
                 "cd '%s/root' && env -i " DEFENV_REVERSED
                 " \"$(command -v qemu-mipsel)\" -cpu 4KEcR1 t/stackprobe '%s' two",
                 dir, arg);
        probe_both(ctx, ours, ref, 1);
    }
}

/* A #! script: AT_EXECFN is the name execve was given, the script's (as Linux gives it:
 * binfmt_script leaves bprm->exec alone), while argv[0] is the interpreter. qemu-mipsel does
 * not run scripts; this is checked against what the host's Linux does. */
Test(stack, execfn_of_a_script_is_the_script, .init = build, .fini = cleanup)
{
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd, "'%s' run '%s/root.sqfs' -- t/script arg", WA_BIN, dir);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    probe o;
    parse(out, &o);
    cr_expect_str_eq(o.execfn.s, "t/script", "%s", out);
    cr_expect_eq(o.nargv, 3, "%s", out);
    cr_expect_str_eq(o.argv[0].s, "/t/stackprobe", "%s", out);
    cr_expect_str_eq(o.argv[1].s, "t/script", "%s", out);
    int bad = 0;
    linux_rules(&bad, &o, "script");
    free(out);
}

/* A program started by execve (busybox env -i), with an environment and arguments of its
 * own, among them an empty string, on a release-2 core: AT_BASE_PLATFORM "mips32r2". */
Test(stack, layout_after_execve_as_qemu_mipsel, .init = build, .fini = cleanup)
{
    char ours[1024], ref[1024];
    snprintf(ours, sizeof ours,
             "'%s' run --cpu 24Kf '%s/root.sqfs' -- /bin/busybox env -i A=1 LONGER_NAME=a-value "
             "E= t/stackprobe '' 'a b' ccc",
             WA_BIN, dir);
    snprintf(
        ref, sizeof ref,
        "cd '%s/root' && env -i E= LONGER_NAME=a-value A=1 \"$(command -v qemu-mipsel)\" -cpu 24Kf "
        "t/stackprobe '' 'a b' ccc",
        dir);
    probe_both("execve", ours, ref, 1);
    /* and what wa-emu run gives its guest as environment is what the reference got */
    snprintf(ours, sizeof ours, "'%s' run --cpu 24Kf '%s/root.sqfs' -- /bin/busybox env", WA_BIN,
             dir);
    char *out;
    cr_assert_eq(run(ours, &out), 0, "%s", out);
    char want[256];
    snprintf(want, sizeof want, "%s\n", DEFENV);
    for (char *s = want; (s = strchr(s, ' ')); s++)
        *s = '\n';
    cr_expect_str_eq(out, want, "wa-emu run's environment");
    free(out);
}
