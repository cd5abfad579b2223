/* test_run.c: `wa-emu run` against qemu-mipsel, the reference for what a user-mode program
 * prints and returns: Debian's static busybox for mipsel, from the example SquashFS root under
 * wa-emu and from the extracted package under qemu-mipsel; stdout, stderr and exit status
 * must be the same. Plus what must stop a program: a wrong-architecture binary, a missing
 * one, an instruction budget. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

#define ROOTFS WA_FIXTURES "/images/rootfs-gzip.sqfs"
#define BUSYBOX WA_FIXTURES "/debs/busybox-static/bin/busybox"

static const char *const cases[] = {
    "echo hello world",
    "expr 6 '*' 7",
    "seq 1 3 10",
    "true",
    "false",
    "basename /a/b/c.txt .txt",
    "uname -s",
    "sh -c 'echo a; exit 3'",
    "sh -c 'i=0; while [ $i -lt 200 ]; do i=$((i+1)); done; echo $i'",
    "sh -c 'f() { echo \"in f: $1\"; return 4; }; f x; echo rc=$?'",
    "sh -c 'case abc in a*) echo yes;; *) echo no;; esac'",
    "sh -c 'x=\"a b c\"; for w in $x; do echo \"<$w>\"; done'",
    "sh -c 'a=5; b=$((a * 3)); echo $b ${UNSET:-none}'",
    "test 3 -gt 2",
    "test 3 -gt 5",
    "nosuchapplet",
};

Test(run, same_output_and_status_as_qemu_mipsel)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char cmd[2048], *ours, *ref;
        snprintf(cmd, sizeof cmd, "'%s' run --cpu 24Kf '%s' -- /bin/busybox %s 2>&1", WA_BIN, ROOTFS,
                 cases[i]);
        int a = run(cmd, &ours);
        snprintf(cmd, sizeof cmd, "qemu-mipsel '%s' %s 2>&1", BUSYBOX, cases[i]);
        int b = run(cmd, &ref);
        cr_expect_eq(a, b, "busybox %s: exit %d under wa-emu, %d under qemu-mipsel", cases[i], a,
                     b);
        cr_expect_str_eq(ours, ref, "busybox %s: output differs", cases[i]);
        free(ours);
        free(ref);
    }
}

/* Programs reading the image's files: relative paths from "/" under wa-emu, and from the
 * extracted tree (the same files mksquashfs packed) under qemu-mipsel. */
static const char *const file_cases[] = {
    "cat etc/passwd etc/hostname",
    "ls etc",
    "ls -a .",
    "ls -R etc",
    "wc -c bin/busybox etc/inittab",
    "md5sum etc/inittab etc/var.tar",
    "head -n 2 etc/inittab",
    "tail -c 20 etc/init.d/rcS",
    "test -d etc",
    "test -f etc/nothere",
    "cat etc/nothere",
    "readlink bin/sh",
    "tar -tf etc/var.tar",
    "sort etc/passwd etc/group",
    "grep -c mount etc/init.d/rcS",
    /* the shell forking, executing and piping */
    "sh -c 'cat etc/passwd | wc -c'",
    "sh -c 'ls etc | sort -r | head -n 2'",
    "sh -c '(echo sub; exit 5); echo $?'",
    "sh -c 'x=$(cat etc/hostname); echo \"[$x]\"'",
    "sh -c 'for f in etc/*; do echo $f; done'",
    "sh -c 'echo out; echo err >&2; ls etc/nothere'",
    "sh -c 'false || echo fallback && echo and'",
    "sh -c 'md5sum etc/passwd | cut -c1-8'",
    "sh -c 'cd etc && cat hostname && ls init.d'",
    "sh -c 'trap \"echo trapped\" EXIT; echo body'",
    "sh -c 'tar -tf etc/var.tar | grep noip | sort'",
    "sh -c 'find etc -name \"*.d\" -o -name passwd | sort'",
    "sh -c 'awk -F: \"{print \\$1, NF}\" etc/passwd'",
    "sh -c 'sed -n 2p etc/inittab | tr : _'",
};

Test(run, file_programs_match_qemu_mipsel)
{
    for (size_t i = 0; i < sizeof file_cases / sizeof file_cases[0]; i++) {
        char cmd[2048], *ours, *ref;
        snprintf(cmd, sizeof cmd, "'%s' run --cpu 24Kf '%s' -- /bin/busybox %s 2>&1", WA_BIN, ROOTFS,
                 file_cases[i]);
        int a = run(cmd, &ours);
        snprintf(cmd, sizeof cmd, "cd '%s/images/rootfs' && qemu-mipsel '%s' %s 2>&1", WA_FIXTURES,
                 BUSYBOX, file_cases[i]);
        int b = run(cmd, &ref);
        cr_expect_eq(a, b, "busybox %s: exit %d under wa-emu, %d under qemu-mipsel", file_cases[i],
                     a, b);
        cr_expect_str_eq(ours, ref, "busybox %s: output differs", file_cases[i]);
        free(ours);
        free(ref);
    }
}

Test(run, programs_that_cannot_run_are_refused_with_a_reason)
{
    char cmd[2048], *out;
    /* a program that loops forever is stopped by the instruction budget */
    snprintf(cmd, sizeof cmd,
             "'%s' run --cpu 24Kf --budget 20000000 '%s' -- /bin/busybox sh -c 'while :; do :; done' 2>&1",
             WA_BIN, ROOTFS);
    cr_expect_eq(run(cmd, &out), 70, "%s", out);
    cr_expect(strstr(out, "instruction budget"), "%s", out);
    free(out);
    /* not in the image */
    snprintf(cmd, sizeof cmd, "'%s' run '%s' -- /bin/nothere 2>&1", WA_BIN, ROOTFS);
    cr_expect_eq(run(cmd, &out), 64, "%s", out);
    cr_expect(strstr(out, "ENOENT"), "%s", out);
    free(out);
    /* a file that is not an ELF program */
    snprintf(cmd, sizeof cmd, "'%s' run '%s' -- /etc/inittab 2>&1", WA_BIN, ROOTFS);
    cr_expect_eq(run(cmd, &out), 64, "%s", out);
    cr_expect(strstr(out, "not executable (EACCES)"), "%s", out);
    free(out);
}
