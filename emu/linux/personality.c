/* personality.c: what the guest sees of the board's kernel: uname's release and version and
 * /proc/version's line, from the "Linux version" banner the image's kernel holds (the static
 * probe, lx_opts.kernel_banner) or, when it could not be probed, the board's kernel key as the
 * release; and whether that kernel gives a program TLS (2.4.17 has no set_thread_area and
 * does not emulate rdhwr). */
#include <stdio.h>
#include <string.h>

#include "lx_int.h"

#define DEFAULT_RELEASE "2.6.8"

/* The banner's release (its third word) and version (what follows the last ") ", "#1 ..."). */
void lx_kernel_names(const lx_opts *o, char *release, size_t rcap, char *version, size_t vcap)
{
    const char *b = o->kernel_banner;
    snprintf(release, rcap, "%s", o->kernel_release ? o->kernel_release : DEFAULT_RELEASE);
    snprintf(version, vcap, "#1");
    if (!b || strncmp(b, "Linux version ", 14)) return;
    const char *r = b + 14;
    size_t n = strcspn(r, " \n");
    if (n) snprintf(release, rcap, "%.*s", (int)n, r);
    const char *v = strstr(r, ") #");
    if (v) {
        const char *more;
        while ((more = strstr(v + 1, ") #")))
            v = more;
        snprintf(version, vcap, "%.*s", (int)strcspn(v + 2, "\n"), v + 2);
    }
}

int lx_proc_version_text(const lx_opts *o, char *b, size_t cap)
{
    if (o->kernel_banner && !strncmp(o->kernel_banner, "Linux version ", 14))
        return snprintf(b, cap, "%.*s\n", (int)strcspn(o->kernel_banner, "\n"), o->kernel_banner);
    char rel[65], ver[65];
    lx_kernel_names(o, rel, sizeof rel, ver, sizeof ver);
    return snprintf(b, cap, "Linux version %s (wa-emu) %s\n", rel, ver);
}

int lx_no_tls(const lx_opts *o)
{
    return o->linux24 && !o->tls_emulated;
}
