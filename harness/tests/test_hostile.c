/* test_hostile.c: crafted images against ls and extract (issue 18). The hostile images are
 * real mksquashfs images edited by cases/sqfs-edit.py (a directory entry pointing back at the
 * root, a directory reached by two names), or trees with what an image may hold and a
 * terminal must not be given raw (escape sequences and newlines in names, set-user-ID bits),
 * or what a host disk must not be filled with (a sparse file, more bytes than --max-size),
 * and paths longer than 1023 bytes, which unsquashfs extracts. */
#include <criterion/criterion.h>
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];

static void setup(void)
{
    strcpy(dir, "/tmp/wa-hostile-XXXXXX");
    cr_assert(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    run(cmd, NULL);
}

TestSuite(hostile, .init = setup, .fini = teardown, .timeout = 300);

#define SQ "mksquashfs t img.sqfs -noI -noD -noF -noX -noappend -quiet -all-root >/dev/null"

/* A directory whose entry is the root again: ls -R and extract end with an error naming the
 * path, as unsquashfs does, instead of recursing until the stack overflows. */
Test(hostile, a_directory_loop_is_refused)
{
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd,
             "cd '%s' && mkdir -p t/a/b && echo hi > t/a/f && " SQ " && "
             "python3 '%s/cases/sqfs-edit.py' img.sqfs loop.sqfs loop b && "
             "unsquashfs -d u loop.sqfs >/dev/null 2>&1; echo unsquashfs=$?",
             dir, WA_SRC);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    cr_expect(!strstr(out, "unsquashfs=0"), "unsquashfs took the loop: %s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "cd '%s' && timeout 20 '%s' ls -R loop.sqfs 2>&1 | head -c 100000",
             dir, WA_BIN);
    run(cmd, &out);
    cr_expect(strstr(out, "wa-emu ls: loop.sqfs: /a/b: this directory (inode ") &&
                  strstr(out, "was reached before"),
              "%s", out);
    cr_expect(!strstr(out, "/a/b/a"), "it went round the loop:\n%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "cd '%s' && timeout 20 '%s' ls -R loop.sqfs >/dev/null 2>&1", dir,
             WA_BIN);
    cr_expect_eq(run(cmd, NULL), 66);
    snprintf(cmd, sizeof cmd, "cd '%s' && timeout 20 '%s' extract loop.sqfs -o x 2>&1", dir,
             WA_BIN);
    cr_expect_eq(run(cmd, &out), 66, "%s", out);
    cr_expect(strstr(out, "/a/b: directory inode "), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "test ! -e '%s/x'", dir);
    cr_expect_eq(run(cmd, NULL), 0, "extract wrote a part of the tree");
}

/* One directory under two names: extract would write the tree again for each (16 times more
 * a level in the crafted images of the issue); refused, as a loop is. */
Test(hostile, a_directory_with_two_names_is_refused)
{
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd,
             "cd '%s' && mkdir -p t/a/b t/c && echo hi > t/a/b/f && " SQ " && "
             "python3 '%s/cases/sqfs-edit.py' img.sqfs dag.sqfs alias c a && "
             "'%s' extract dag.sqfs -o x 2>&1; echo rc=$?; find x 2>/dev/null | wc -l",
             dir, WA_SRC, WA_BIN);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, "/c: directory inode ") && strstr(out, "rc=66\n0\n"), "%s", out);
    free(out);
}

/* Names with an escape sequence and a newline are printed escaped (as ls -b); set-user-ID,
 * set-group-ID and sticky bits are shown (as ls -l). */
Test(hostile, ls_escapes_names_and_shows_the_special_bits)
{
    char cmd[2048], *out;
    snprintf(
        cmd, sizeof cmd,
        "cd '%s' && python3 -c 'import os\n"
        "os.makedirs(\"t/d\")\n"
        "for n in (\"t/clear\\x1b[2Jname\", \"t/two\\nlines\", \"t/back\\\\slash\", \"t/suid\", "
        "\"t/sgid\"): open(n, \"w\").write(\"x\")\n"
        "os.chmod(\"t/suid\", 0o4755); os.chmod(\"t/sgid\", 0o2745); os.chmod(\"t/d\", 0o1777)' "
        "&& " SQ " && '%s' ls img.sqfs /",
        dir, WA_BIN);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, " /clear\\033[2Jname\n"), "%s", out);
    cr_expect(strstr(out, " /two\\012lines\n"), "%s", out);
    cr_expect(strstr(out, " /back\\\\slash\n"), "%s", out);
    cr_expect(!strchr(out, '\033'), "an escape reached the terminal:\n%s", out);
    cr_expect(strstr(out, "-rwsr-xr-x "), "%s", out);
    cr_expect(strstr(out, "-rwxr-Sr-x "), "%s", out);
    cr_expect(strstr(out, "drwxrwxrwt "), "%s", out);
    free(out);
}

/* A sparse file is extracted as holes (a 4 MiB file of zeros takes almost nothing); a tree
 * larger than --max-size is refused, naming the limit. */
Test(hostile, holes_stay_holes_and_max_size_holds)
{
    char cmd[2048], *out;
    snprintf(
        cmd, sizeof cmd,
        "cd '%s' && mkdir t && truncate -s 4M t/sparse && echo end >> t/sparse && "
        "mksquashfs t img.sqfs -noappend -quiet -all-root >/dev/null && ls -l img.sqfs | "
        "awk '{print $5}' && '%s' extract img.sqfs -o x 2>&1 >/dev/null && stat -c '%%s %%b %%B' "
        "x/sparse && cmp x/sparse t/sparse && echo same",
        dir, WA_BIN);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    unsigned long img = 0, size = 0, blocks = 0, bsize = 0;
    cr_assert_eq(sscanf(out, "%lu %lu %lu %lu", &img, &size, &blocks, &bsize), 4, "%s", out);
    cr_expect_lt(img, 100000, "%s", out);
    cr_expect_eq(size, (4ul << 20) + 4, "%s", out);
    cr_expect_lt(blocks * bsize, 1ul << 20, "the zeros took %lu bytes on disk", blocks * bsize);
    cr_expect(strstr(out, "same"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' extract img.sqfs -o y --max-size 1000000 2>&1", dir,
             WA_BIN);
    cr_expect_eq(run(cmd, &out), 66, "%s", out);
    cr_expect(strstr(out, "sparse: the files come to more than 1000000 bytes (the --max-size"),
              "%s", out);
    free(out);
    /* the default: 64 times the image, at least 256 MiB; this one is within it */
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' extract img.sqfs -o z >/dev/null 2>&1", dir, WA_BIN);
    cr_expect_eq(run(cmd, NULL), 0);
}

/* Paths longer than 1023 bytes: listed whole and extracted, as unsquashfs extracts them. */
Test(hostile, long_paths_are_listed_and_extracted_whole)
{
    char cmd[4096], *out;
    snprintf(cmd, sizeof cmd,
             "cd '%s' && p=t && for i in 1 2 3 4 5 6; do p=$p/$(printf '%%0200d' $i); done && "
             "mkdir -p $p && echo deep > $p/file && " SQ " && "
             "'%s' ls -R img.sqfs | awk '{print length($NF)}' | sort -n | tail -1 && "
             "'%s' extract img.sqfs -o x >/dev/null && unsquashfs -d u img.sqfs >/dev/null && "
             "diff -r x u && echo same",
             dir, WA_BIN, WA_BIN);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    cr_expect_eq(atoi(out), 6 * 201 + 5, "the longest path listed: %s", out);
    cr_expect(strstr(out, "same"), "%s", out);
    free(out);
}

/* --devices as root: an image's world-writable /dev/mem becomes a node for its owner only
 * (issue 18, item 9); not run when the test is not root, which it says. */
Test(hostile, device_nodes_are_for_their_owner_only)
{
    if (geteuid() != 0) cr_skip_test("not run: making device nodes needs root");
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd,
             "cd '%s' && mkdir -p t/dev && printf 'dev/mem c 666 0 0 1 1\\n' > pf && "
             "mksquashfs t img.sqfs -noappend -quiet -all-root -pf pf >/dev/null && "
             "'%s' extract --devices img.sqfs -o x >/dev/null && stat -c '%%F %%a' x/dev/mem",
             dir, WA_BIN);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    cr_expect_str_eq(out, "character special file 600\n");
    free(out);
}

/* A 2 GiB sparse file in a 4 KiB image: listed (the reader once took every block for a byte
 * of the image and refused it, while ls exited 0) and extracted as holes under a --max-size
 * that lets it through. */
Test(hostile, a_large_sparse_file_is_read)
{
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd,
             "cd '%s' && mkdir t && truncate -s 2G t/big && "
             "mksquashfs t img.sqfs -noappend -quiet -all-root >/dev/null && "
             "'%s' ls img.sqfs /big | awk '{print $5}' && "
             "'%s' extract --max-size 3000000000 img.sqfs -o x >/dev/null && "
             "stat -c '%%s %%b' x/big",
             dir, WA_BIN, WA_BIN);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    unsigned long long listed = 0, size = 0, blocks = 1;
    cr_assert_eq(sscanf(out, "%llu %llu %llu", &listed, &size, &blocks), 3, "%s", out);
    cr_expect_eq(listed, 2147483648ull, "%s", out);
    cr_expect_eq(size, 2147483648ull, "%s", out);
    cr_expect_lt(blocks, 64, "%s", out);
    free(out);
}

/* extract of a file of the image, not a directory: a usage error that says so, not a fault
 * of the image with an offset (issue 18, item 10). */
Test(hostile, extract_of_a_file_is_a_usage_error)
{
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd,
             "'%s' extract --board ar7-8m '%s/images/pass.bin' -o '%s/x' /etc/inittab 2>&1", WA_BIN,
             WA_FIXTURES, dir);
    cr_expect_eq(run(cmd, &out), 64, "%s", out);
    cr_expect(strstr(out, "/etc/inittab is not a directory in ") && !strstr(out, "offset"), "%s",
              out);
    free(out);
}

/* A kernel whose code is the lines of asm, packed for ar7-8m and verified with --deep: the
 * address of its first instruction, and verify's output in *out. */
static unsigned long deep_kernel(const char *asm_lines, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && printf '.set noreorder\\n.globl __start\\n__start:\\n%s' > k.S "
             "&& mipsel-linux-gnu-gcc -nostdlib -static -march=mips32 "
             "-Wl,-Ttext-segment=0x94010000 -Wl,--build-id=none -o k.elf k.S && "
             "nm k.elf | awk '$3 == \"__start\" {print $1}' && "
             "'%s' pack --kernel k.elf --rootfs '%s/images/rootfs-gzip.sqfs' --board ar7-8m "
             "-o k.bin >/dev/null && '%s' verify --deep --no-color --board ar7-8m k.bin 2>&1",
             dir, asm_lines, WA_BIN, WA_FIXTURES, WA_BIN);
    run(cmd, out);
    return strtoul(*out, NULL, 16);
}

/* A kernel whose first instruction is a break: the finding names the instruction's address
 * and no BadVAddr, which a breakpoint does not set (issue 18, item 8). */
Test(hostile, a_break_at_the_kernel_entry_is_named_where_it_is)
{
    char *out, want[128];
    unsigned long entry = deep_kernel("break\\nnop\\n", &out);
    snprintf(want, sizeof want,
             "kernel-exception: the kernel does not reach init: Bp exception "
             "at 0x%08lx before the kernel installed",
             entry);
    cr_expect(entry && strstr(out, want), "no '%s' in\n%s", want, out);
    free(out);
}

/* `jr zero`: the fetch from address 0 faults there, and BadVAddr says 0 as the CPU's would
 * (Unicorn left 0xfffff000 in it, and the finding named that address; issue 18, item 8). */
Test(hostile, a_jump_to_zero_is_named_where_it_went)
{
    char *out;
    unsigned long entry = deep_kernel("jr $zero\\nnop\\n", &out);
    cr_expect(entry && strstr(out, "kernel-exception: the kernel does not reach init: TLBL "
                                   "exception at 0x00000000 (BadVAddr 0x00000000)"),
              "%s", out);
    free(out);
}
