/* ticfg.c: /proc/ticfg/env, the ADAM2 environment as TI's 2.4 kernels show it and take
 * changes to it (TI's ticfg driver, drivers/ticfg in TI's AR7 SDK). No source of the driver
 * was found: the WAG200G's GPL tree (Tetramatrix/wag200gfirmware, commit eaa339bf,
 * kernel/src/drivers/ticfg/ticfg.o) has it only as an object file, with symbols; this follows
 * its disassembly (mipsel-linux-gnu-objdump -dr):
 *  - ticfg_proc_read_env prints each variable ADAM2 holds, in its order, as
 *    sprintf("%s\t%s\n", name, value) (the "%s\t%s\n" at .rodata 0x144), skipping one whose
 *    value cannot be read;
 *  - ticfg_proc_write_env takes each write(2) as one command: it copies the bytes into a
 *    128-byte buffer, puts a NUL over the last byte written (the newline of `echo`, or the NUL
 *    of a C string), splits at the first space or tab (strpbrk " \t"): "name value" sets the
 *    variable (adam2_env_set_variable; on failure it defragments the region and tries once
 *    more), a name alone unsets it (adam2_env_unset_variable); it answers with the count
 *    written either way.
 * ADAM2 keeps its environment in flash as a log: a set marks the old record invalid and
 * writes a new one after the last (which is why the driver defragments when a set finds no
 * room), so a variable that is set moves to the end of the listing. A set with an empty name
 * or value fails (adam2_env_set_variable checks both lengths) and changes nothing. */
#include <stdio.h>
#include <string.h>

#include "vfs.h"

#define TICFG_WBUF 128 /* ticfg_proc_write_env's buffer on the kernel stack */

void lx_ticfg_init(lx_world *w, const char *env)
{
    w->ticfg = env != NULL;
    w->ticfg_env[0] = 0;
    if (!env) return;
    size_t n = strlen(env);
    if (n >= sizeof w->ticfg_env) { /* whole lines only */
        n = sizeof w->ticfg_env - 1;
        while (n && env[n - 1] != '\n')
            n--;
    }
    memcpy(w->ticfg_env, env, n);
    w->ticfg_env[n] = 0;
}

int lx_ticfg_text(lx_proc *p, char *b, size_t cap)
{
    lx_lock(p->w);
    int n = snprintf(b, cap, "%s", p->w->ticfg_env);
    lx_unlock(p->w);
    return n;
}

/* Drop the line of variable name from the text (world locked). */
static void unset(char *env, const char *name)
{
    size_t k = strlen(name);
    for (char *l = env; *l;) {
        char *end = strchr(l, '\n');
        end = end ? end + 1 : l + strlen(l);
        if (!strncmp(l, name, k) && l[k] == '\t') {
            memmove(l, end, strlen(end) + 1);
            return;
        }
        l = end;
    }
}

int64_t lx_ticfg_write(lx_proc *p, const char *buf, size_t n)
{
    /* the driver copies the whole write into its 128-byte buffer unchecked (a longer one runs
     * over the kernel stack on the box): refused here */
    if (n > TICFG_WBUF) return -LX_EINVAL;
    char c[TICFG_WBUF + 1];
    memcpy(c, buf, n);
    c[n] = 0;
    c[n ? n - 1 : 0] = 0;
    char *value = strpbrk(c, " \t");
    if (value) *value++ = 0;
    lx_lock(p->w);
    char *env = p->w->ticfg_env;
    if (!value) {
        unset(env, c);
    } else if (c[0] && value[0]) {
        char next[LX_TICFG_ENV];
        memcpy(next, env, sizeof next);
        unset(next, c);
        size_t used = strlen(next);
        int k = snprintf(next + used, sizeof next - used, "%s\t%s\n", c, value);
        if (k > 0 && (size_t)k < sizeof next - used) /* else no room: nothing changes */
            memcpy(env, next, sizeof next);
    }
    lx_unlock(p->w);
    return (int64_t)n;
}
