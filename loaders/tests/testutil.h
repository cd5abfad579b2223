/* testutil.h: what the Criterion tests share: reading a whole fixture file, running a shell
 * command for its exit status and standard output, and the facts of the kernel fixture read
 * from the kernel itself (cases/build-kernel.sh builds whatever linux-source-6.1 Debian has
 * that day, so no test may know its addresses or version by heart). */
#ifndef WA_TESTUTIL_H
#define WA_TESTUTIL_H

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* The whole file at path, malloc'd; the test fails when it cannot be read. */
static inline uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert(f, "cannot open %s (run cases/fixtures.sh and cases/build-images.sh)", path);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    uint8_t *b = malloc(*len ? *len : 1);
    cr_assert_eq(fread(b, 1, *len, f), *len);
    fclose(f);
    return b;
}

/* Run cmd with sh; return its exit status (128 when killed) and, if out, its stdout. */
static inline int run(const char *cmd, char **out)
{
    FILE *p = popen(cmd, "r");
    cr_assert(p, "popen %s", cmd);
    size_t cap = 1 << 16, n = 0, k;
    char *buf = malloc(cap);
    while ((k = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += k;
        if (n + 1 == cap) buf = realloc(buf, cap *= 2);
    }
    buf[n] = 0;
    int st = pclose(p);
    if (out)
        *out = buf;
    else
        free(buf);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* The number cmd prints first (0x... or decimal); the test fails when it prints none. */
static inline unsigned long long run_num(const char *cmd)
{
    char *out, *end;
    cr_assert_eq(run(cmd, &out), 0, "%s", cmd);
    unsigned long long v = strtoull(out, &end, 0);
    cr_assert(end != out, "%s printed no number: %s", cmd, out);
    free(out);
    return v;
}

/* The entry point of an ELF file, and its first PT_LOAD's address and file size, as binutils'
 * readelf reads them (an independent reader). */
static inline uint32_t readelf_entry(const char *path)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "readelf -h '%s' | awk '/Entry point/ {print $4}'", path);
    return (uint32_t)run_num(cmd);
}
static inline uint32_t readelf_load(const char *path, int field)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "readelf -lW '%s' | awk '$1 == \"LOAD\" {print $%d; exit}'", path,
             field);
    return (uint32_t)run_num(cmd);
}
#define READELF_OFFSET 2
#define READELF_VADDR 3
#define READELF_FILESZ 5

/* The address of a symbol in the kernel fixture's System.map. */
static inline uint32_t kernel_symbol(const char *name)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "awk '$3 == \"%s\" {print \"0x\" $1}' '%s/kernel/System.map'", name,
             WA_FIXTURES);
    return (uint32_t)run_num(cmd);
}

/* The kernel fixture's banner: the line at linux_banner (System.map) in vmlinux's first
 * PT_LOAD, which is the one the kernel prints (vmlinux has another copy without the build
 * number). */
static inline void kernel_banner(char *out, size_t cap)
{
    const char *k = WA_FIXTURES "/kernel/vmlinux";
    uint32_t at = kernel_symbol("linux_banner") - readelf_load(k, READELF_VADDR);
    size_t n;
    uint8_t *b = slurp(k, &n);
    size_t off = readelf_load(k, READELF_OFFSET) + at, len = 0;
    cr_assert(off < n, "linux_banner lies outside vmlinux");
    while (off + len < n && b[off + len] && b[off + len] != '\n' && len + 1 < cap)
        len++;
    memcpy(out, b + off, len);
    out[len] = 0;
    free(b);
    cr_assert(!strncmp(out, "Linux version ", 14), "not a banner at linux_banner: %s", out);
}

#endif
