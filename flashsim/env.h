/* env.h: the ADAM2 environment (what /proc/ticfg/env shows): name/value pairs such as
 * mtd0 = "0x90091000,0x903f0000" or memsize. In flash it lives at the start of the config
 * partition (mtd3) as ADAM2 keeps it and TI's kernels read it back (TI's adam2_env.h: "these
 * definitions must match with the definitions in ADAM2"; the WAG200G's GPL tree): entries of
 * 128 bytes, each a header (control 0x42, the 8-bit sum of the payload, the variable's index,
 * the payload's size) and the payload "name\0value\0"; a control byte 0xFF ends the list, the
 * last entry of a name wins, and an entry of size 0 unsets the variable of its index. PSPBoot
 * keeps it as the magic "TIENV0.8" and "name\0value\0" pairs instead: read too. A damaged or
 * missing block means the bootloader has lost its environment. */
#ifndef WA_ENV_H
#define WA_ENV_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define ENV_MAX 40
#define ENV_MAGIC "TIENV0.8" /* PSPBoot's */
#define ENV_ENTRY 128        /* ADAM2's FLASH_ENV_ENTRY_SIZE */
#define ENV_ENTRIES 160      /* ... and MAX_ENV_ENTRY: the 20 KB the kernel scans */
#define ENV_USED 0x42        /* an entry's control byte */

typedef struct wa_env {
    size_t n;
    struct {
        char name[32];
        char value[128];
    } v[ENV_MAX];
} wa_env;

const char *env_get(const wa_env *env, const char *name);

/* Set (add or replace) a variable; names are [A-Za-z0-9_]+, values printable. */
int env_set(wa_env *env, const char *name, const char *value, wa_err *e);

/* ADAM2's flash form, an entry per variable, into out (cap bytes); *len = bytes used. A pair
 * longer than an entry holds is WA_E_RANGE. */
int env_store(const wa_env *env, uint8_t *out, size_t cap, size_t *len, wa_err *e);

/* Parse the flash form, ADAM2's or PSPBoot's; an error names the offset of the first bad
 * byte. */
int env_load(const uint8_t *buf, size_t len, wa_env *env, wa_err *e);

#endif
