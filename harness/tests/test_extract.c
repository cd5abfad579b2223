/* test_extract.c: the differential test of the SquashFS reader. Debian's mksquashfs builds
 * 4.0 images of one test tree with every compressor, block sizes 4 KiB to 1 MiB, fragments
 * on and off; `wa-emu extract` and `unsquashfs` extract each; the two trees must be
 * identical (content, modes, links, sizes, mtimes). Plus extraction safety. */
#include <criterion/criterion.h>
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64];

static void setup(void)
{
    strcpy(dir, "/tmp/wa-extract-XXXXXX");
    cr_assert(mkdtemp(dir));
    char cmd[512];
    snprintf(cmd, sizeof cmd, "python3 %s/harness/tests/sqfs_tree.py make %s/src", WA_SRC, dir);
    cr_assert_eq(run(cmd, NULL), 0);
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    run(cmd, NULL);
}

TestSuite(extract, .init = setup, .fini = teardown, .timeout = 600);

Test(extract, same_tree_as_unsquashfs_for_every_compressor_block_size_and_fragments)
{
    static const char *const comps[] = {"gzip", "lzma", "lzo", "xz", "lz4", "zstd"};
    static const char *const blocks[] = {"4096", "131072", "1048576"};
    int n = 0;
    for (size_t c = 0; c < 6; c++)
        for (size_t b = 0; b < 3; b++)
            for (int frag = 0; frag < 2; frag++) {
                char cmd[2048], *out;
                snprintf(cmd, sizeof cmd,
                         "cd %s && rm -rf img a b && mksquashfs src img -comp %s -b %s %s "
                         "-noappend -no-xattrs -quiet -no-progress >/dev/null 2>&1 && "
                         "unsquashfs -q -n -d b img >/dev/null 2>&1 && "
                         "'%s' extract img -o a >/dev/null && "
                         "python3 %s/harness/tests/sqfs_tree.py compare a b 2>&1",
                         dir, comps[c], blocks[b], frag ? "" : "-no-fragments", WA_BIN, WA_SRC);
                int rc = run(cmd, &out);
                cr_expect_eq(rc, 0, "%s, block %s, fragments %s:\n%s", comps[c], blocks[b],
                             frag ? "on" : "off", out);
                free(out);
                n++;
            }
    cr_expect_eq(n, 36);
}

Test(extract, refuses_to_overwrite_and_never_leaves_dir)
{
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd,
             "cd %s && mksquashfs src img -noappend -quiet -no-progress >/dev/null 2>&1 && "
             "'%s' extract img -o a >/dev/null && echo changed > a/dup/a && "
             "'%s' extract img -o a 2>&1",
             dir, WA_BIN, WA_BIN);
    cr_expect_neq(run(cmd, &out), 0, "second extract must refuse: %s", out);
    cr_expect(strstr(out, "exists"), "%s", out);
    free(out);
    snprintf(cmd, sizeof cmd, "cat %s/a/dup/a", dir);
    run(cmd, &out);
    cr_expect_str_eq(out, "changed\n", "the existing file is kept");
    free(out);
    snprintf(cmd, sizeof cmd,
             "'%s' extract --force %s/img -o %s/a >/dev/null && head -c 10 %s/a/dup/a", WA_BIN, dir,
             dir, dir);
    run(cmd, &out);
    cr_expect_str_eq(out, "same bytes", "--force replaces it");
    free(out);
    /* a symlink in the target where the image has a directory is not followed */
    snprintf(cmd, sizeof cmd,
             "cd %s && mkdir -p c outside && ln -s ../outside c/links && "
             "'%s' extract --force img -o c >/dev/null 2>&1; ls -A outside | wc -l",
             dir, WA_BIN);
    run(cmd, &out);
    cr_expect_str_eq(out, "0\n", "nothing written through the symlink: %s", out);
    free(out);
}
