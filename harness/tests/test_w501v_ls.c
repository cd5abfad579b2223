/* test_w501v_ls.c: `wa-emu ls -R` of a real AVM root (the Speedport W501V's kernel.image in
 * ../shared/fixtures/third-party/speedport-w501v: SquashFS 2.x minor-76 LZMA) equal to the
 * listing beside it, which sasquatch (a reader independent of wa-emu) made: every entry's type
 * and mode, owner, size (major and minor for a device), time and path, symlink targets, in
 * the same order. Only the columns' layout differs (sasquatch: uid/gid and a squashfs-root
 * prefix; ls: a link count); both are brought to one form. Without the fixture the test says
 * so and is not run. WA_SHARED names the shared folder when it is not ../shared of the sources. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#define DIR_ "/fixtures/third-party/speedport-w501v"

Test(w501v, ls_R_equals_the_sasquatch_listing, .timeout = 300)
{
    char shared[512], image[600], listing[600];
    const char *s = getenv("WA_SHARED");
    snprintf(shared, sizeof shared, "%s", s && *s ? s : WA_SRC "/../shared");
    snprintf(image, sizeof image, "%s" DIR_ "/kernel.image", shared);
    snprintf(listing, sizeof listing, "%s" DIR_ "/listing-sasquatch.txt", shared);
    if (access(image, R_OK) || access(listing, R_OK))
        cr_skip_test("not run: %s or its listing is not there", image);
    /* mode uid gid size-or-device date time path[ -> target], one space apart */
    static const char *const date = "([0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2})";
    char cmd[4096], *out;
    snprintf(cmd, sizeof cmd,
             "set -e; t=$(mktemp -d); "
             "sed -E '1d; s#^(\\S+) ([0-9]+)/([0-9]+) +(.+) %s squashfs-root(.*)$#\\1 \\2 \\3 \\4 "
             "\\5 \\6#; s/, +/,/; s/^(\\S+ \\S+ \\S+) +/\\1 /' '%s' > $t/ref; "
             "TZ=UTC '%s' ls --board speedport-w501v -R '%s' > $t/raw; "
             "sed -E 's#^(\\S+) +[0-9]+ +([0-9]+) +([0-9]+) +(.+) %s (.*)$#\\1 \\2 \\3 \\4 \\5 "
             "\\6#; s/, +/,/; s/^(\\S+ \\S+ \\S+) +/\\1 /' $t/raw > $t/ours; "
             "wc -l < $t/ref; diff $t/ref $t/ours 2>&1 || true; rm -r $t",
             date, listing, WA_BIN, image, date);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    cr_expect_eq(atoi(out), 666, "entries in the listing (its root line aside): %s", out);
    cr_expect_str_eq(strchr(out, '\n') + 1, "", "sasquatch's listing (<), then wa-emu ls -R (>)");
    free(out);
}
