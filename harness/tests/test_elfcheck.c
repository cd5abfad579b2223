/* test_elfcheck.c: the static checks of the programs a root holds (stage rootfs), on roots
 * made of real programs: the board's busybox, Debian's dynamic mipsel busybox with and
 * without its glibc, an x86 program. What is wrong is a WARNING that names the files and
 * what they lack (readelf is the reference for what Debian's busybox needs), and it does
 * not change the verdict. */
#include <criterion/criterion.h>
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"

static char dir[64];

static void setup(void)
{
    strcpy(dir, "/tmp/wa-elfcheck-XXXXXX");
    cr_assert(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    run(cmd, NULL);
}

TestSuite(elfcheck, .init = setup, .fini = teardown, .timeout = 300);

/* Pack the tree dir/t (made by prep, a shell command run in dir) with the example kernel and
 * verify it statically; the output in *out, the exit status returned. */
static int verify_tree(const char *prep, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && rm -rf t && mkdir -p t/bin t/sbin t/etc/init.d t/usr/bin t/usr/sbin && "
             "cp '%s/r1/busybox' t/bin/busybox && ln -s ../bin/busybox t/sbin/init && "
             "ln -s busybox t/bin/sh && printf '#!/bin/sh\\n' > t/etc/init.d/rcS && "
             "chmod 755 t/etc/init.d/rcS && %s && "
             "'%s' pack --kernel '%s/kernel/vmlinuz' --rootfs t --board ar7-8m -o fw.bin "
             ">/dev/null && '%s' verify --static --no-color --board ar7-8m fw.bin 2>&1",
             dir, WA_FIXTURES, prep, WA_BIN, WA_FIXTURES, WA_BIN);
    return run(cmd, out);
}

Test(elfcheck, missing_loader_and_libraries_and_a_foreign_program_are_warnings)
{
    char prep[1024], *out, *needed;
    snprintf(prep, sizeof prep,
             "cp '%s/debs/busybox/bin/busybox' t/usr/bin/dyn && cp /bin/true t/usr/sbin/x86",
             WA_FIXTURES);
    cr_assert_eq(verify_tree(prep, &out), 0, "the warnings changed the verdict:\n%s", out);
    cr_expect(strstr(out, "WARNING [rootfs] elf-interp-missing: 1 file in the image need"), "%s",
              out);
    cr_expect(strstr(out, "/usr/bin/dyn: its loader /lib/ld.so.1 is not in the image"), "%s", out);
    /* what it needs, as readelf reads it */
    char cmd[1024];
    snprintf(
        cmd, sizeof cmd,
        "readelf -d '%s/debs/busybox/bin/busybox' | sed -n 's/.*Shared library: \\[\\(.*\\)\\]/"
        "\\1/p' | paste -sd, | sed 's/,/, /g'",
        WA_FIXTURES);
    cr_assert_eq(run(cmd, &needed), 0);
    needed[strcspn(needed, "\n")] = 0;
    char want[512];
    snprintf(want, sizeof want, "/usr/bin/dyn: needs %s", needed);
    cr_expect(strstr(out, "WARNING [rootfs] elf-lib-missing") && strstr(out, want),
              "no '%s' in\n%s", want, out);
    cr_expect(strstr(out, "WARNING [rootfs] elf-not-for-board: 1 file") &&
                  strstr(out, "/usr/sbin/x86: "),
              "%s", out);
    cr_expect(!strstr(out, "/bin/busybox:"), "the board's own busybox was flagged:\n%s", out);
    free(needed);
    free(out);
}

Test(elfcheck, a_complete_glibc_leaves_nothing_to_say)
{
    char prep[1024], *out;
    snprintf(prep, sizeof prep,
             "cp '%s/debs/busybox/bin/busybox' t/usr/bin/dyn && mkdir -p t/lib && "
             "cp -a '%s/debs/libc6/lib/.' t/lib/",
             WA_FIXTURES, WA_FIXTURES);
    cr_assert_eq(verify_tree(prep, &out), 0, "%s", out);
    cr_expect(!strstr(out, "WARNING"), "%s", out);
    free(out);
}

/* The GNU ABI note: Debian 12's glibc programs ask for Linux 3.2.0 (file(1) says so too). */
Test(elfcheck, the_abi_note_names_the_oldest_kernel)
{
    size_t len;
    uint8_t *b = slurp(WA_FIXTURES "/debs/busybox/bin/busybox", &len);
    elf_info in;
    cr_assert_eq(elf_read(b, len, &in, NULL), WA_OK);
    uint32_t v = 0;
    cr_expect_eq(elf_abi_kernel(b, len, &in, &v), 1);
    cr_expect_eq(v, 3u << 16 | 2u << 8 | 0u, "0x%x", v);
    free(b);
    b = slurp(WA_FIXTURES "/r1/busybox", &len); /* musl, static: no note */
    cr_assert_eq(elf_read(b, len, &in, NULL), WA_OK);
    cr_expect_eq(elf_abi_kernel(b, len, &in, &v), 0);
    free(b);
}
