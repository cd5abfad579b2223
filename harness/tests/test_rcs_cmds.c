/* test_rcs_cmds.c: the programs a boot script runs, read without running it, on the forms
 * the boot scripts of these boxes use (the example's rcS, TI's reference one, AVM's): what
 * each line runs, with its line; not the builtins, assignments, redirections, case
 * patterns, comments or words made at run time. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "rcs_cmds.h"

static void add(void *ctx, const char *word, int line, int tested)
{
    char *out = ctx;
    size_t n = strlen(out);
    snprintf(out + n, 2048 - n, "%s%s:%d%s", n ? " " : "", word, line, tested ? "?" : "");
}

static const char *cmds(const char *script)
{
    static char out[2048];
    out[0] = 0;
    wa_rcs_cmds(script, strlen(script), add, out);
    return out;
}

Test(rcs_cmds, the_forms_boot_scripts_use)
{
    static const struct {
        const char *script, *want;
    } cases[] = {
        {"#!/bin/sh\n# the box\nmount -t proc proc /proc\n(cd /; tar xf var.tar)\n",
         "mount:3 tar:4"},
        {"if [ -x /usr/sbin/noip2 ]; then\n    /usr/sbin/noip2 -M -c /var/noip/noip.conf\nfi\n",
         "/usr/sbin/noip2:2"},
        {"if grep -q x /f; then a; elif ! b; then c; fi\nwhile d; do e; done\n",
         "grep:1? a:1 b:1? c:1 d:2? e:2"},
        {"a=1; PATH=/bin:/sbin\necho hi >/dev/console 2>&1 && sleep 1 || logger -t rcS x\n",
         "sleep:2? logger:2"},
        {"syslogd -C16 &\nklogd &\nps | grep -q noip2 || exec /sbin/noip2\n",
         "syslogd:1 klogd:2 ps:3? grep:3? /sbin/noip2:3"},
        {"case \"$1\" in\n  start) udhcpd /etc/udhcpd.conf ;;\n  stop) killall udhcpd ;;\nesac\n",
         "udhcpd:2 killall:3"},
        {"$DAEMON -f\n\"/bin/x\" -y\necho \"no /bin/z here\"\nwhile true; do sleep 60; done\n",
         "sleep:4"},
        {"cat <<EOF >/etc/x\nline\nEOF\nls\ncat <<-'E'\n\tz\n\tE\nw\n", "cat:1 ls:4 cat:5 w:8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = cmds(cases[i].script);
        cr_expect_str_eq(got, cases[i].want, "%s-> %s", cases[i].script, got);
    }
}
