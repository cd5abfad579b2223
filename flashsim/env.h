/* env.h: the ADAM2 environment (what /proc/ticfg/env shows): name/value pairs such as
 * mtd0 = "0x90091000,0x903f0000" or memsize. In flash it lives at the start of the config
 * partition (mtd3) as the magic "TIENV0.8", then "name\0value\0" pairs, then erased bytes
 * (0xFF): a damaged or missing block means the bootloader has lost its environment. */
#ifndef WA_ENV_H
#define WA_ENV_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define ENV_MAX 40
#define ENV_MAGIC "TIENV0.8"

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

/* The flash form, into out (cap bytes); *len = bytes used. */
int env_store(const wa_env *env, uint8_t *out, size_t cap, size_t *len, wa_err *e);

/* Parse the flash form; an error names the offset of the first bad byte. */
int env_load(const uint8_t *buf, size_t len, wa_env *env, wa_err *e);

#endif
