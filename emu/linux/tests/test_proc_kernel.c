/* test_proc_kernel.c: /proc's memory, flash and bootloader files as the board's kernel makes
 * them (issue 17), read by the guest under `wa-emu run` and checked against the real kernels:
 *  - /proc/meminfo: each line against the format strings in the kernel's own vmlinux (the
 *    WAG200G's 2.4.17_mvl21 byte table and 14-column lines; the 6.1 fixture's 16-column
 *    labels, in their order), the figures against the RAM `run` gives (the board's 16 MiB;
 *    verify's userland gets ram.h's figure), and the WAG200G's own BusyBox 1.00 `free`
 *    (sysinfo) agreeing;
 *  - /proc/mtd: the partitions each kernel printed when it booted under --deep (6.1's ar7part
 *    on the ar7-8m example; TI's flash map driver of the WAG200G's 2.4 kernel);
 *  - /proc/ticfg/env: the board's ADAM2 environment, and the writes TI's driver takes. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#define PASS_BIN WA_FIXTURES "/images/pass.bin"
#define BOARD24 WA_SRC "/cases/boards/ar7-8m-2.4.board"
#define RAM_16M_KB 16384 /* run probes no kernel: the board's 16 MiB (verify's: ram.h's) */

static const char *wag_dir(char *buf, size_t cap)
{
    const char *env = getenv("WA_SHARED");
    snprintf(buf, cap, "%s/fixtures/third-party/linksys-wag200g",
             env && *env ? env : WA_SRC "/../shared");
    return buf;
}

/* A line of text against a kernel printf format with %8lu-like fields: the text equal, each
 * number right-aligned in 8 columns (or wider). */
static int fmt_match(const char *fmt, const char *line, size_t len)
{
    size_t i = 0;
    while (*fmt && *fmt != '\n') {
        if (*fmt != '%') {
            if (i >= len || line[i] != *fmt) return 0;
            fmt++, i++;
            continue;
        }
        fmt++;
        int width = (int)strtol(fmt, (char **)&fmt, 10);
        fmt += strspn(fmt, "lLu");
        size_t start = i;
        while (i < len && line[i] == ' ')
            i++;
        size_t d = i;
        while (i < len && line[i] >= '0' && line[i] <= '9')
            i++;
        if (i == d || (i - start < (size_t)width) || (i - start > (size_t)width && d != start))
            return 0;
    }
    return i == len;
}

/* The string at the first occurrence of key in a file, to its NUL. */
static char *string_at(const uint8_t *img, size_t n, const char *key)
{
    const uint8_t *h = memmem(img, n, key, strlen(key));
    return h ? strndup((const char *)h, (size_t)(img + n - h)) : NULL;
}

/* The value of label's line ("MemTotal:") in /proc/meminfo's text. */
static long long field(const char *text, const char *label)
{
    const char *l = strstr(text, label);
    return l ? strtoll(l + strlen(label), NULL, 10) : -1;
}

Test(proc, meminfo_24_is_the_24_kernels_table)
{
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd, "'%s' run --board '%s' '%s' -- /bin/busybox cat /proc/meminfo 2>&1",
             WA_BIN, BOARD24, PASS_BIN);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    /* 2.4.17's meminfo_read_proc: the byte table, then these lines in this order */
    static const char *const fmt[] = {
        "        total:    used:    free:  shared: buffers:  cached:",
        "Mem:  %8Lu %8Lu %8Lu %8Lu %8Lu %8Lu",
        "Swap: %8Lu %8Lu %8Lu",
        "MemTotal:     %8lu kB",
        "MemFree:      %8lu kB",
        "MemShared:    %8lu kB",
        "Buffers:      %8lu kB",
        "Cached:       %8lu kB",
        "SwapCached:   %8lu kB",
        "Active:       %8u kB",
        "Inactive:     %8u kB",
        "HighTotal:    %8lu kB",
        "HighFree:     %8lu kB",
        "LowTotal:     %8lu kB",
        "LowFree:      %8lu kB",
        "SwapTotal:    %8lu kB",
        "SwapFree:     %8lu kB",
    };
    const char *l = out;
    for (size_t i = 0; i < sizeof fmt / sizeof fmt[0]; i++) {
        const char *e = strchr(l, '\n');
        cr_assert(e, "line %zu missing: %s", i, out);
        cr_expect(fmt_match(fmt[i], l, (size_t)(e - l)), "line %zu '%.*s' is not '%s'", i,
                  (int)(e - l), l, fmt[i]);
        l = e + 1;
    }
    cr_expect_eq(*l, 0, "more lines than 2.4.17 prints: %s", l);
    /* and the same formats are the WAG200G kernel's own strings */
    char wag[512], path[600];
    snprintf(path, sizeof path, "%s/vmlinux", wag_dir(wag, sizeof wag));
    size_t n;
    uint8_t *k = access(path, R_OK) ? NULL : slurp(path, &n);
    if (k) {
        char *table = string_at(k, n, "        total:    used:");
        char *lines = string_at(k, n, "MemTotal:     %8lu kB\n");
        cr_assert(table && lines);
        char both[2048];
        snprintf(both, sizeof both, "%s%s", table, lines);
        const char *f = both;
        for (size_t i = 0; i < sizeof fmt / sizeof fmt[0]; i++) {
            size_t len = strcspn(f, "\n");
            cr_expect(len == strlen(fmt[i]) && !strncmp(f, fmt[i], len), "vmlinux line %zu: '%.*s'",
                      i, (int)len, f);
            f += len + (f[len] == '\n');
        }
        free(table), free(lines), free(k);
    } else {
        cr_log_warn("no %s: checked against 2.4.17's source only", path);
    }
    /* the figures: the RAM run gives the userland, in pages, the kB lines equal to the bytes */
    unsigned long long tot, used, fr, sh, buf, cached;
    cr_assert_eq(sscanf(strstr(out, "Mem: "), "Mem: %llu %llu %llu %llu %llu %llu", &tot, &used,
                        &fr, &sh, &buf, &cached),
                 6, "%s", out);
    cr_expect_eq(field(out, "MemTotal:"), RAM_16M_KB, "%s", out);
    cr_expect_eq(tot, RAM_16M_KB * 1024ull);
    cr_expect_eq(used + fr, tot);
    cr_expect(used > 0 && used < tot && tot % 4096 == 0 && fr % 4096 == 0, "%s", out);
    cr_expect_eq((unsigned long long)field(out, "MemFree:"), fr / 1024);
    cr_expect_eq((unsigned long long)field(out, "Cached:"), cached / 1024);
    cr_expect_eq(field(out, "LowTotal:"), field(out, "MemTotal:"));
    cr_expect_eq(field(out, "LowFree:"), field(out, "MemFree:"));
    cr_expect_eq(sh, 0); /* 2.4.17's si_meminfo reports no shared memory */
    free(out);
}

Test(proc, meminfo_61_has_the_61_kernels_lines)
{
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd, "'%s' run --board ar7-8m '%s' -- /bin/busybox cat /proc/meminfo 2>&1",
             WA_BIN, PASS_BIN);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    /* the labels of fs/proc/meminfo.c as the fixture kernel holds them: 16-column strings,
     * one after another in .rodata from "MemTotal:" to "Percpu:" */
    size_t n;
    uint8_t *k = slurp(WA_FIXTURES "/kernel/vmlinux", &n);
    cr_assert(k);
    const uint8_t *s = memmem(k, n, "MemTotal:       ", 17);
    cr_assert(s, "no MemTotal label in the 6.1 vmlinux");
    const char *l = out;
    size_t lines = 0;
    for (;;) {
        while (s < k + n && !*s)
            s++; /* the alignment between strings */
        const char *label = (const char *)s;
        size_t len = strnlen(label, (size_t)(k + n - s));
        size_t col = strcspn(label, "%"); /* KernelStack's and VmallocTotal's carry "%8lu kB" */
        cr_assert_eq(col, 16, "label '%s'", label);
        const char *e = strchr(l, '\n');
        cr_assert(e, "no line for '%s': %s", label, out);
        cr_expect(!strncmp(l, label, 16) && fmt_match("%8lu kB", l + 16, (size_t)(e - l) - 16),
                  "line '%.*s' is not '%s'", (int)(e - l), l, label);
        lines++;
        l = e + 1;
        if (!strncmp(label, "Percpu:", 7)) break;
        s += len;
    }
    cr_expect_eq(*l, 0, "more lines than the 6.1 kernel's: %s", l);
    cr_expect_eq(lines, 37);
    free(k);
    cr_expect_eq(field(out, "MemTotal:"), RAM_16M_KB, "%s", out);
    long long fr = field(out, "MemFree:");
    cr_expect(fr > 0 && fr < RAM_16M_KB, "%s", out);
    cr_expect_eq(field(out, "MemAvailable:"), fr);
    cr_expect_eq(field(out, "Shmem:"), field(out, "Cached:"));
    free(out);
}

/* The WAG200G's BusyBox 1.00 `free` (on uClibc 0.9.x) gets its figures from sysinfo(2), not
 * from /proc/meminfo: its totals are meminfo's. */
Test(proc, wag200g_busybox_free_agrees_with_meminfo)
{
    char wag[512], root[600], cmd[1024], *out;
    snprintf(root, sizeof root, "%s/rootfs-original.img", wag_dir(wag, sizeof wag));
    if (access(root, R_OK)) cr_skip_test("no %s", root);
    snprintf(cmd, sizeof cmd,
             "'%s' run --board wag200g '%s' -- /bin/busybox sh -c 'free; cat /proc/meminfo' 2>&1",
             WA_BIN, root);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    unsigned long long tot, used, fr, sh, buf;
    const char *m = strstr(out, "  Mem: ");
    cr_assert(m, "%s", out);
    cr_assert_eq(sscanf(m, "  Mem: %llu %llu %llu %llu %llu", &tot, &used, &fr, &sh, &buf), 5, "%s",
                 out);
    cr_expect_eq(tot, RAM_16M_KB, "%s", out);
    cr_expect_eq(used + fr, tot, "%s", out);
    cr_expect_eq(sh, 0);
    cr_expect_eq((unsigned long long)field(out, "MemTotal:"), tot, "%s", out);
    cr_expect(strstr(out, "        total:    used:    free:  shared: buffers:  cached:\n"), "%s",
              out);
    free(out);
}

/* The partitions a kernel printed booting under --deep: the "0x...-0x... : "name"" lines
 * after "Creating N MTD partitions" (between them mtdpart's "mtd: partition ..." notes), as
 * /proc/mtd's lines with the boards' 64 KiB erase blocks. */
static size_t parts_of_console(const char *text, char *out, size_t cap)
{
    const char *c = strstr(text, "MTD partitions on ");
    size_t n = 0, k = 0;
    out[0] = 0;
    for (const char *l = c ? strchr(c, '\n') : NULL; l && l[1]; l = strchr(l + 1, '\n')) {
        unsigned long long a, b;
        char name[64];
        const char *t = l + 1 + (l[1] == '\r'); /* 2.4's serial console ends lines "\n\r" */
        if (!strncmp(t, "mtd: ", 5)) continue;
        if (sscanf(t, "0x%llx-0x%llx : \"%63[^\"]\"", &a, &b, name) != 3) break;
        k += (size_t)snprintf(out + k, cap - k, "mtd%zu: %8.8llx 00010000 \"%s\"\n", n++, b - a,
                              name);
    }
    return n;
}

Test(proc, mtd_of_the_61_kernel_is_its_ar7part_table)
{
    char cmd[1024], *deep, *out, want[1024];
    snprintf(cmd, sizeof cmd, "'%s' verify --deep --no-color --board ar7-8m '%s' 2>&1", WA_BIN,
             PASS_BIN);
    run(cmd, &deep);
    cr_assert_eq(parts_of_console(deep, want, sizeof want), 4, "%s", deep);
    free(deep);
    snprintf(cmd, sizeof cmd, "'%s' run --board ar7-8m '%s' -- /bin/busybox cat /proc/mtd 2>&1",
             WA_BIN, PASS_BIN);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    cr_expect(!strncmp(out, "dev:    size   erasesize  name\n", 31), "%s", out);
    cr_expect_str_eq(out + 31, want);
    cr_expect(strstr(want, "\"rootfs\""), "%s", want);
    free(out);
}

Test(proc, mtd_of_tis_24_kernel_is_its_flash_map_drivers, .timeout = 300)
{
    char wag[512], k[600], r[600];
    wag_dir(wag, sizeof wag);
    snprintf(k, sizeof k, "%s/ram_zimage_pad.bin", wag);
    snprintf(r, sizeof r, "%s/rootfs-original.img", wag);
    if (access(k, R_OK) || access(r, R_OK)) cr_skip_test("no %s", wag);
    char dir[] = "/tmp/wa-procmtd-XXXXXX", cmd[2048], *deep, *out, want[1024];
    cr_assert(mkdtemp(dir));
    snprintf(cmd, sizeof cmd,
             "cd '%s' && '%s' pack -b wag200g -k '%s' -r '%s' -o wag.bin >/dev/null && '%s' "
             "verify --deep --no-color --timeout 20000 -b wag200g wag.bin 2>&1",
             dir, WA_BIN, k, r, WA_BIN);
    run(cmd, &deep);
    /* TI's driver: mtd0..mtd4 of the ADAM2 environment, named as their variables */
    cr_assert_eq(parts_of_console(deep, want, sizeof want), 5, "%s", deep);
    /* mtd4 is the environment's sector (board key image holds the image) */
    cr_expect(strstr(deep, "Found a mtd4 image (0x3f0000), with size (0x10000)."), "%s", deep);
    free(deep);
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' run -b wag200g wag.bin -- /bin/cat /proc/mtd 2>&1",
             dir, WA_BIN);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    cr_expect(!strncmp(out, "dev:    size   erasesize  name\n", 31), "%s", out);
    cr_expect_str_eq(out + 31, want);
    free(out);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
}

/* The env.* lines of a board file as the driver prints them. */
static void board_env_text(const char *path, char *out, size_t cap)
{
    size_t n, k = 0;
    char *t = (char *)slurp(path, &n);
    cr_assert(t);
    out[0] = 0;
    for (char *l = strtok(t, "\n"); l; l = strtok(NULL, "\n")) {
        char name[64], value[200];
        if (sscanf(l, "env.%63[^ =] = %199[^\n]", name, value) == 2)
            k += (size_t)snprintf(out + k, cap - k, "%s\t%s\n", name, value);
    }
    free(t);
}

Test(proc, ticfg_env_is_the_adam2_environment_and_takes_the_drivers_writes)
{
    char cmd[2048], *out, want[4096];
    board_env_text(BOARD24, want, sizeof want);
    snprintf(cmd, sizeof cmd, "'%s' run --board '%s' '%s' -- /bin/busybox cat /proc/ticfg/env 2>&1",
             WA_BIN, BOARD24, PASS_BIN);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    cr_expect_str_eq(out, want);
    free(out);
    /* a write is one command, its last byte dropped: "name value" sets (the variable moves to
     * the end, as ADAM2 appends to its log), a name alone unsets, an empty value does
     * nothing; printf 'ab 12' loses its 2 */
    snprintf(cmd, sizeof cmd,
             "'%s' run --board '%s' '%s' -- /bin/busybox sh -c \"echo pair_selection 0 > "
             "/proc/ticfg/env; echo -e 'memsize\\t0x00800000' > /proc/ticfg/env; echo "
             "flashsize > /proc/ticfg/env; echo 'IPA ' > /proc/ticfg/env; printf 'ab 12' > "
             "/proc/ticfg/env; cat /proc/ticfg/env\" 2>&1",
             WA_BIN, BOARD24, PASS_BIN);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    char *m = strstr(want, "memsize\t"), *f = strstr(want, "flashsize\t");
    cr_assert(m && f);
    memmove(m, strchr(m, '\n') + 1, strlen(strchr(m, '\n') + 1) + 1);
    f = strstr(want, "flashsize\t");
    memmove(f, strchr(f, '\n') + 1, strlen(strchr(f, '\n') + 1) + 1);
    strcat(want, "pair_selection\t0\nmemsize\t0x00800000\nab\t1\n");
    cr_expect_str_eq(out, want);
    free(out);
    /* today's kernel has no ticfg driver */
    snprintf(cmd, sizeof cmd, "'%s' run --board ar7-8m '%s' -- /bin/busybox ls /proc/ticfg 2>&1",
             WA_BIN, PASS_BIN);
    cr_expect_neq(run(cmd, &out), 0, "%s", out);
    free(out);
}
