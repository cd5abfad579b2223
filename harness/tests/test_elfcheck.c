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
#include <unistd.h>

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
 * verify it statically on board; the output in *out, the exit status returned. */
static int verify_tree_on(const char *board, const char *prep, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && rm -rf t && mkdir -p t/bin t/sbin t/etc/init.d t/usr/bin t/usr/sbin && "
             "cp '%s/r1/busybox' t/bin/busybox && ln -s ../bin/busybox t/sbin/init && "
             "ln -s busybox t/bin/sh && printf '#!/bin/sh\\n' > t/etc/init.d/rcS && "
             "chmod 755 t/etc/init.d/rcS && %s && "
             "'%s' pack --kernel '%s/kernel/vmlinuz' --rootfs t --board ar7-8m -o fw.bin "
             ">/dev/null && '%s' verify --static --no-color --board '%s' fw.bin 2>&1",
             dir, WA_FIXTURES, prep, WA_BIN, WA_FIXTURES, WA_BIN, board);
    return run(cmd, out);
}

static int verify_tree(const char *prep, char **out)
{
    return verify_tree_on("ar7-8m", prep, out);
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

/* Nothing is missing; only the code is release 2 (Debian's mipsel packages), which the
 * ISA scan names: a WARNING, for nothing at boot runs them. */
Test(elfcheck, a_complete_glibc_leaves_only_its_release_2_code_to_say)
{
    char prep[1024], *out;
    snprintf(prep, sizeof prep,
             "cp '%s/debs/busybox/bin/busybox' t/usr/bin/dyn && mkdir -p t/lib && "
             "cp -a '%s/debs/libc6/lib/.' t/lib/",
             WA_FIXTURES, WA_FIXTURES);
    cr_assert_eq(verify_tree(prep, &out), 0, "%s", out);
    cr_expect(!strstr(out, "elf-interp-missing") && !strstr(out, "elf-lib-missing") &&
                  !strstr(out, "elf-not-for-board") && !strstr(out, "elf-kernel-too-old"),
              "%s", out);
    cr_expect(strstr(out, "WARNING [rootfs] elf-isa: ") && strstr(out, "/libc.so.6: "), "%s", out);
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

/* The code of every program is scanned for what the board's 4KEc (MIPS32 release 1) lacks:
 * Debian's noip2 (release 2) that rcS starts is DEGRADED before anything runs, naming the
 * program, the line of rcS, the instruction and its address as objdump -d shows them; the
 * same program only lying in the image is a WARNING; the musl builds for -march=mips32
 * (flagged mips32r2 by the linker) are neither. */
Test(elfcheck, release_2_code_the_boot_starts_is_degraded_and_elsewhere_a_warning)
{
    char prep[1024], *out, *od;
    const char *r2 = WA_FIXTURES "/noip2/noip2-mipsel-static";
    if (access(r2, R_OK)) cr_skip_test("no noip2 fixture");
    snprintf(prep, sizeof prep,
             "cp '%s' t/usr/sbin/noip2 && printf 'mount -t proc proc /proc\\n"
             "[ -x /usr/sbin/noip2 ] && /usr/sbin/noip2 -M\\n' >> t/etc/init.d/rcS",
             r2);
    cr_assert_eq(verify_tree(prep, &out), 1, "%s", out);
    /* objdump's first release-2 word of its code, as "ADDR WORD MNEMONIC" */
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "mipsel-linux-gnu-objdump -d '%s' | awk '$3 ~ /^(ext|ins|wsbh|seb|seh|ror|rorv|"
             "mfhc1|mthc1)$/ {sub(\":\", \"\", $1); print $1, $2, $3; exit}'",
             r2);
    cr_assert_eq(run(cmd, &od), 0);
    char addr[32], word[16], mn[16], want[160];
    cr_assert_eq(sscanf(od, "%31s %15s %15s", addr, word, mn), 3, "%s", od);
    snprintf(want, sizeof want, "it holds %s (%s) at 0x%s in .text", mn, word, addr);
    cr_expect(strstr(out, "DEGRADED [rootfs] elf-isa: /usr/sbin/noip2, which /etc/init.d/rcS "
                          "line 3 starts, cannot run on the box") &&
                  strstr(out, want) && strstr(out, "the board's 4KEc (MIPS32 release 1)"),
              "no '%s' in\n%s", want, out);
    cr_expect(!strstr(out, "WARNING [rootfs] elf-isa"), "%s", out);
    free(out);
    free(od);

    snprintf(prep, sizeof prep, "cp '%s' t/usr/sbin/noip2", r2);
    cr_assert_eq(verify_tree(prep, &out), 0, "%s", out);
    cr_expect(strstr(out, "WARNING [rootfs] elf-isa: 1 file in the image hold instructions the "
                          "board's CPU lacks") &&
                  strstr(out, "/usr/sbin/noip2: "),
              "%s", out);
    free(out);

    snprintf(prep, sizeof prep,
             "cp '%s/r1/noip2' t/usr/sbin/noip2 && printf '/usr/sbin/noip2 -M\\n' >> "
             "t/etc/init.d/rcS",
             WA_FIXTURES);
    cr_assert_eq(verify_tree(prep, &out), 0, "%s", out);
    cr_expect(!strstr(out, "elf-isa"), "the musl build was flagged:\n%s", out);
    free(out);
}

/* init itself with release-2 code: NO-BOOT before anything runs. */
Test(elfcheck, release_2_init_is_noboot)
{
    char prep[1024], *out;
    snprintf(prep, sizeof prep, "cp '%s/debs/busybox-static/bin/busybox' t/bin/busybox",
             WA_FIXTURES);
    cr_assert_eq(verify_tree(prep, &out), 2, "%s", out);
    cr_expect(strstr(out, "NO-BOOT [rootfs] elf-isa: /sbin/init, which the kernel (as init) "
                          "starts, cannot run on the box: it holds "),
              "%s", out);
    free(out);
}

/* objdump's first rdhwr of the TLS pointer ($29) in a program, as "ADDR WORD", into want. */
static void first_rdhwr(const char *path, char *addr, char *word)
{
    char cmd[1024], *od;
    snprintf(cmd, sizeof cmd,
             "mipsel-linux-gnu-objdump -d '%s' | awk '$3 == \"rdhwr\" && $4 ~ /,\\$29$/ "
             "{sub(\":\", \"\", $1); print $1, $2; exit}'",
             path);
    cr_assert_eq(run(cmd, &od), 0);
    cr_assert_eq(sscanf(od, "%31s %15s", addr, word), 2, "%s", od);
    free(od);
}

#define NOTLS WA_SRC "/cases/boards/ar7-8m-2.4-notls.board"
#define TLSEMU WA_SRC "/cases/boards/ar7-8m-2.4.board"

/* On the WA1003A's 2.4.17 (no set_thread_area, no rdhwr emulation) a musl init cannot run:
 * NO-BOOT, naming its first rdhwr $29 where objdump finds it; on today's kernel and on the
 * test board that emulates TLS, nothing is said. */
Test(elfcheck, a_tls_init_on_the_24_kernel_is_noboot)
{
    char *out, addr[32], word[16], want[200];
    first_rdhwr(WA_FIXTURES "/r1/busybox", addr, word);
    snprintf(want, sizeof want, "it needs TLS: rdhwr $29 at 0x%s in .text (", addr);
    cr_assert_eq(verify_tree_on(NOTLS, "true", &out), 2, "%s", out);
    cr_expect(strstr(out, "NO-BOOT [rootfs] elf-needs-tls: /sbin/init, which the kernel (as "
                          "init) starts, cannot run on the box: ") &&
                  strstr(out, want) &&
                  strstr(out, "the board's 2.4.17_mvl21 kernel gives no TLS (no "
                              "set_thread_area, no rdhwr emulation); nothing of the boot runs"),
              "no '%s' in\n%s", want, out);
    free(out);
    static const char *const fine[] = {"ar7-8m", TLSEMU};
    for (size_t i = 0; i < 2; i++) {
        cr_expect_eq(verify_tree_on(fine[i], "true", &out), 0, "%s", out);
        cr_expect(!strstr(out, "elf-needs-tls"), "%s: %s", fine[i], out);
        free(out);
    }
}

/* With an init and shell that need no TLS (a program of cases/progs built without a C
 * library stands in for them: the check reads code, it runs nothing), the musl noip2 that
 * rcS starts is DEGRADED and one nothing starts a WARNING; glibc's dynamic busybox is named
 * through its loader, and its libc.so.6 has a PT_TLS segment. */
Test(elfcheck, tls_programs_the_boot_starts_are_degraded_and_elsewhere_a_warning)
{
    char prep[2048], *out, addr[32], word[16], want[200];
    const char *nolibc = "mipsel-linux-gnu-gcc -O1 -static -nostdlib -nostartfiles -fno-pic "
                         "-mno-abicalls -march=mips32 -o t/bin/busybox";
    first_rdhwr(WA_FIXTURES "/r1/noip2", addr, word);
    snprintf(prep, sizeof prep,
             "%s '%s/cases/progs/oldcalls.c' && cp '%s/r1/noip2' t/usr/sbin/noip2 && "
             "printf '/usr/sbin/noip2 -M\\n' >> t/etc/init.d/rcS",
             nolibc, WA_SRC, WA_FIXTURES);
    cr_assert_eq(verify_tree_on(NOTLS, prep, &out), 1, "%s", out);
    snprintf(want, sizeof want, "it needs TLS: rdhwr $29 at 0x%s in .text (", addr);
    cr_expect(strstr(out, "DEGRADED [rootfs] elf-needs-tls: /usr/sbin/noip2, which "
                          "/etc/init.d/rcS line 2 starts, cannot run on the box: ") &&
                  strstr(out, want),
              "no '%s' in\n%s", want, out);
    cr_expect(!strstr(out, "/sbin/init, which"), "%s", out);
    free(out);

    snprintf(prep, sizeof prep, "%s '%s/cases/progs/oldcalls.c' && cp '%s/r1/noip2' t/usr/sbin/",
             nolibc, WA_SRC, WA_FIXTURES);
    cr_assert_eq(verify_tree_on(NOTLS, prep, &out), 0, "%s", out);
    snprintf(want, sizeof want, "/usr/sbin/noip2: rdhwr $29 at 0x%s in .text (", addr);
    cr_expect(strstr(out, "WARNING [rootfs] elf-needs-tls: 1 file in the image need TLS, which "
                          "the board's 2.4 kernel does not give") &&
                  strstr(out, want),
              "no '%s' in\n%s", want, out);
    free(out);

    /* Debian's dynamic busybox: release 2 first, and its glibc's TLS beside it */
    snprintf(prep, sizeof prep,
             "%s '%s/cases/progs/oldcalls.c' && mkdir -p t/lib && "
             "cp -a '%s/debs/libc6/lib/mipsel-linux-gnu/.' t/lib/ && "
             "cp '%s/debs/busybox/bin/busybox' t/usr/bin/dyn && "
             "printf '/usr/bin/dyn true\\n' >> t/etc/init.d/rcS",
             nolibc, WA_SRC, WA_FIXTURES, WA_FIXTURES);
    cr_assert_eq(verify_tree_on(NOTLS, prep, &out), 1, "%s", out);
    cr_expect(strstr(out, "DEGRADED [rootfs] elf-isa: /usr/bin/dyn, which /etc/init.d/rcS line 2 "
                          "starts") &&
                  strstr(out, "; its loader /lib/ld.so.1 needs TLS (rdhwr $29 at 0x"),
              "%s", out);
    cr_expect(strstr(out, "/lib/libc.so.6: a PT_TLS segment, rdhwr $29 at 0x"), "%s", out);
    free(out);
}

/* Scripts: what keeps the kernel's exec of one from running it, a WARNING for what only sits
 * in the image, DEGRADED for one the boot script starts; a file without #! (a sourced
 * fragment) and a sound script say nothing. */
Test(elfcheck, scripts_that_cannot_run_are_warnings_and_degraded_where_the_boot_starts_them)
{
    char *out;
    const char *prep =
        "printf '#!/bin/sh\\r\\necho dos\\r\\n' > t/usr/bin/dos && "
        "printf '#!/usr/bin/perl\\nprint 1;\\n' > t/usr/bin/perl-tool && "
        "printf '#!/bin/sh\\necho 644\\n' > t/usr/bin/no-x && "
        "printf 'A=1\\r\\n' > t/etc/fragment && "
        "printf '#!/bin/sh\\necho fine\\n' > t/usr/bin/fine && "
        "printf '#! bash\\necho relative\\n' > t/usr/sbin/start && "
        "chmod 755 t/usr/bin/dos t/usr/bin/perl-tool t/usr/bin/fine t/usr/sbin/start && "
        "chmod 644 t/usr/bin/no-x && printf '/usr/sbin/start\\n' >> t/etc/init.d/rcS";
    cr_assert_eq(verify_tree(prep, &out), 1, "a script the boot starts is DEGRADED:\n%s", out);
    cr_expect(strstr(out, "WARNING [rootfs] script-crlf: 1 script in the image with DOS line "
                          "ends (CR LF)"),
              "%s", out);
    cr_expect(strstr(out, "/usr/bin/dos: CR LF line ends (the first at byte 9): its interpreter "
                          "becomes a name ending in CR"),
              "%s", out);
    cr_expect(strstr(out, "WARNING [rootfs] script-interp-missing: 1 script in the image"), "%s",
              out);
    cr_expect(strstr(out, "/usr/bin/perl-tool: its interpreter '#!/usr/bin/perl' is not in the "
                          "image"),
              "%s", out);
    cr_expect(strstr(out, "WARNING [rootfs] script-not-executable: 1 script in the image"), "%s",
              out);
    cr_expect(strstr(out, "/usr/bin/no-x: no exec bit (mode 0644)"), "%s", out);
    cr_expect(strstr(out, "DEGRADED [rootfs] script-interp-missing: /usr/sbin/start, which "
                          "/etc/init.d/rcS line 2 starts, cannot run on the box: its interpreter "
                          "'#!bash' is not an absolute path"),
              "%s", out);
    cr_expect(!strstr(out, "fragment"), "a file without #! is no script:\n%s", out);
    cr_expect(!strstr(out, "/usr/bin/fine"), "%s", out);
    cr_expect(!strstr(out, "etc/init.d/rcS: "), "the boot script is rcs-*'s to judge:\n%s", out);
    free(out);
}

/* The programs the boot script runs by path are in the image: one it lacks is DEGRADED, one it
 * tests for first ([ -x ]), one whose status it tests, and what the boot makes at run time
 * (/var, a symlink into it) are not. */
Test(elfcheck, a_program_the_boot_script_runs_by_a_path_the_image_lacks_is_degraded)
{
    char *out;
    const char *prep = "ln -s /var/run/x t/usr/bin/later && printf '%s\\n' "
                       "'/usr/sbin/telnetd -l /bin/sh' '[ -x /usr/sbin/noip2 ] && /usr/sbin/noip2' "
                       "'/usr/sbin/probe || echo no probe' '/var/bin/helper' '/usr/bin/later' "
                       ">> t/etc/init.d/rcS";
    cr_assert_eq(verify_tree(prep, &out), 1, "%s", out);
    cr_expect(strstr(out, "DEGRADED [rootfs] rcs-program-missing: /etc/init.d/rcS line 2 runs "
                          "/usr/sbin/telnetd, which is not in the image"),
              "%s", out);
    const char *quiet[] = {"/usr/sbin/noip2,", "/usr/sbin/probe,", "/var/bin/helper,",
                           "/usr/bin/later,"};
    for (size_t i = 0; i < sizeof quiet / sizeof quiet[0]; i++)
        cr_expect(!strstr(out, quiet[i]), "%s is no fault:\n%s", quiet[i], out);
    free(out);
}

/* What inittab names is in the image: a missing program it runs at boot is DEGRADED, one it
 * runs only at ctrl-alt-del a WARNING. */
Test(elfcheck, an_inittab_entry_naming_a_missing_program_is_degraded)
{
    char *out;
    const char *prep = "printf '%s\\n' '::sysinit:/etc/init.d/rcS' 'ttyS0::respawn:/sbin/getty -L "
                       "ttyS0' '::ctrlaltdel:/sbin/reboot' '::once:/bin/sh' > t/etc/inittab";
    cr_assert_eq(verify_tree(prep, &out), 1, "%s", out);
    cr_expect(strstr(out, "DEGRADED [rootfs] inittab-program-missing: /etc/inittab line 2 names "
                          "/sbin/getty (respawn), which is not in the image: init cannot run it, "
                          "and tries again and again"),
              "%s", out);
    cr_expect(strstr(out, "WARNING [rootfs] inittab-program-missing: /etc/inittab line 3 names "
                          "/sbin/reboot (ctrlaltdel)"),
              "%s", out);
    cr_expect(!strstr(out, "names /bin/sh"), "%s", out);
    free(out);
}
