/* test_rcs_tar.c: the archive a boot script's tar command unpacks, on the forms rcS files of
 * these boxes use: TI's reference `(cd /; tar xf var.tar)`, the example's `tar -xf
 * /etc/var.tar -C /`, a path to tar, split options; and scripts that unpack nothing. */
#include <criterion/criterion.h>
#include <string.h>

#include "rcs_tar.h"

static const char *found(const char *script, int *line)
{
    static char path[256];
    return wa_rcs_tar(script, strlen(script), path, sizeof path, line) ? path : NULL;
}

Test(rcs_tar, the_forms_rcS_files_use)
{
    static const struct {
        const char *script, *path;
        int line;
    } cases[] = {
        {"#!/bin/sh\nmount -t ramfs ramfs /var\n(cd /; tar xf var.tar)\n", "/var.tar", 3},
        {"tar -xf /etc/var.tar -C /\n", "/etc/var.tar", 1},
        {"cd /etc && /bin/tar -x -f ./var.tar\n", "/etc/var.tar", 1},
        {"tar -C /etc -xvf var.tar\n", "/etc/var.tar", 1},
        {"tar cf /tmp/x.tar /var\n# tar xf /not/this.tar\ntar zxf '/etc/v.tgz'\n", "/etc/v.tgz", 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int line = 0;
        const char *p = found(cases[i].script, &line);
        cr_expect(p && !strcmp(p, cases[i].path), "%s: got %s", cases[i].script, p ? p : "none");
        cr_expect_eq(line, cases[i].line, "%s", cases[i].script);
    }
}

Test(rcs_tar, scripts_that_unpack_nothing)
{
    cr_expect(!found("mount -t proc proc /proc\n# tar xf /etc/var.tar\n", NULL));
    cr_expect(!found("tar cf /tmp/a.tar /var\n", NULL));
    cr_expect(!found("tar -tf /etc/var.tar\n", NULL));
    cr_expect(!found("", NULL));
}
