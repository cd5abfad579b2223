/* env.c: the ADAM2 environment, in memory and in flash. */
#include "env.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

const char *env_get(const wa_env *env, const char *name)
{
    for (size_t i = 0; i < env->n; i++)
        if (!strcmp(env->v[i].name, name)) return env->v[i].value;
    return NULL;
}

int env_set(wa_env *env, const char *name, const char *value, wa_err *e)
{
    size_t nl = strlen(name), vl = strlen(value);
    if (!nl || nl >= sizeof env->v[0].name)
        return wa_fail(e, WA_E_FORMAT, WA_NO_OFFSET, "variable name of %zu bytes", nl);
    for (size_t i = 0; i < nl; i++)
        if (!isalnum((unsigned char)name[i]) && name[i] != '_')
            return wa_fail(e, WA_E_FORMAT, i, "variable name '%s' has a '%c'", name, name[i]);
    if (vl >= sizeof env->v[0].value)
        return wa_fail(e, WA_E_FORMAT, WA_NO_OFFSET, "value of %s is %zu bytes, at most %zu", name,
                       vl, sizeof env->v[0].value - 1);
    for (size_t i = 0; i < vl; i++)
        if (!isprint((unsigned char)value[i]))
            return wa_fail(e, WA_E_FORMAT, i, "value of %s has an unprintable byte", name);
    size_t k = 0;
    while (k < env->n && strcmp(env->v[k].name, name))
        k++;
    if (k == env->n) {
        if (env->n == ENV_MAX)
            return wa_fail(e, WA_E_LIMIT, WA_NO_OFFSET, "more than %d variables", ENV_MAX);
        env->n++;
    }
    memcpy(env->v[k].name, name, nl + 1);
    memcpy(env->v[k].value, value, vl + 1);
    return WA_OK;
}

int env_store(const wa_env *env, uint8_t *out, size_t cap, size_t *len, wa_err *e)
{
    size_t n = 0;
    for (size_t i = 0; i < env->n; i++) {
        const char *name = env->v[i].name, *value = env->v[i].value;
        size_t a = strlen(name) + 1, size = a + strlen(value) + 1;
        if (size > ENV_ENTRY - 4)
            return wa_fail(e, WA_E_RANGE, n,
                           "%s: name and value of %zu bytes do not fit an ADAM2 entry (%d)", name,
                           size, ENV_ENTRY - 4);
        if (cap - n < ENV_ENTRY) return wa_fail(e, WA_E_RANGE, n, "no room for the environment");
        uint8_t *t = out + n, sum = 0;
        memset(t, 0xff, ENV_ENTRY);
        memcpy(t + 4, name, a);
        memcpy(t + 4 + a, value, size - a);
        for (size_t k = 0; k < size; k++)
            sum = (uint8_t)(sum + t[4 + k]);
        t[0] = ENV_USED;
        t[1] = sum;
        t[2] = (uint8_t)(i + 1); /* ADAM2 numbers its variables from 1 */
        t[3] = (uint8_t)size;
        n += ENV_ENTRY;
    }
    *len = n;
    return WA_OK;
}

/* The NUL-terminated string at buf[*at]; NULL when it runs to the end. */
static const char *take(const uint8_t *buf, size_t len, size_t *at)
{
    const uint8_t *z = memchr(buf + *at, 0, len - *at);
    if (!z) return NULL;
    const char *s = (const char *)buf + *at;
    *at = (size_t)(z - buf) + 1;
    return s;
}

/* PSPBoot's form: the magic, then name\0value\0 pairs up to an erased byte. */
static int load_pspboot(const uint8_t *buf, size_t len, wa_env *env, wa_err *e)
{
    size_t at = strlen(ENV_MAGIC);
    while (at < len && buf[at] != 0xff) {
        size_t here = at;
        const char *name = take(buf, len, &at);
        const char *value = name ? take(buf, len, &at) : NULL;
        if (!value)
            return wa_fail(e, WA_E_TRUNC, here, "variable at 0x%zx runs past the end", here);
        wa_err why;
        if (env_set(env, name, value, &why))
            return wa_fail(e, why.code, here, "variable at 0x%zx: %s", here, why.msg);
    }
    return WA_OK;
}

/* ADAM2's form, read as TI's kernel reads it (adam2_env_get_value): an entry whose control
 * byte is neither 0x42 nor 0xFF is passed over; what the kernel would stop at (a bad size or
 * checksum) is an error here, naming the entry. */
static int load_adam2(const uint8_t *buf, size_t len, wa_env *env, wa_err *e)
{
    uint8_t index[ENV_MAX]; /* of each variable in env */
    for (size_t i = 0; i < ENV_ENTRIES && i * ENV_ENTRY < len && buf[i * ENV_ENTRY] != 0xff; i++) {
        size_t at = i * ENV_ENTRY;
        const uint8_t *t = buf + at;
        if (len - at < ENV_ENTRY)
            return wa_fail(e, WA_E_TRUNC, at, "entry at 0x%zx runs past the end", at);
        if (t[0] != ENV_USED) continue;
        size_t k = 0;
        if (!t[3]) { /* unset */
            while (k < env->n && index[k] != t[2])
                k++;
            if (k < env->n) {
                memmove(&env->v[k], &env->v[k + 1], (env->n - k - 1) * sizeof env->v[0]);
                memmove(&index[k], &index[k + 1], env->n - k - 1);
                env->n--;
            }
            continue;
        }
        const char *name = (const char *)t + 4, *end = (const char *)t + ENV_ENTRY;
        const char *z = memchr(name, 0, ENV_ENTRY - 4);
        const char *vz = z ? memchr(z + 1, 0, (size_t)(end - z - 1)) : NULL;
        if (!vz) return wa_fail(e, WA_E_FORMAT, at, "entry at 0x%zx: no name\\0value\\0 in it", at);
        size_t used = (size_t)(vz - name) + 1;
        if (t[3] < used || t[3] > used + 3)
            return wa_fail(e, WA_E_FORMAT, at + 3,
                           "entry at 0x%zx: size %u, but its name and value take %zu bytes", at,
                           t[3], used);
        uint8_t sum = 0;
        for (size_t j = 0; j < t[3]; j++)
            sum = (uint8_t)(sum + t[4 + j]);
        if (sum != t[1])
            return wa_fail(e, WA_E_FORMAT, at + 1,
                           "entry at 0x%zx: checksum 0x%02x, its bytes sum to 0x%02x", at, t[1],
                           sum);
        wa_err why;
        if (env_set(env, name, z + 1, &why))
            return wa_fail(e, why.code, at, "entry at 0x%zx: %s", at, why.msg);
        while (strcmp(env->v[k].name, name))
            k++;
        index[k] = t[2];
    }
    return WA_OK;
}

int env_load(const uint8_t *buf, size_t len, wa_env *env, wa_err *e)
{
    memset(env, 0, sizeof *env);
    size_t n = strlen(ENV_MAGIC);
    if (len >= n && !memcmp(buf, ENV_MAGIC, n)) return load_pspboot(buf, len, env, e);
    int used = 0;
    for (size_t at = 0; at < len && at < ENV_ENTRIES * ENV_ENTRY && buf[at] != 0xff && !used;
         at += ENV_ENTRY)
        used = buf[at] == ENV_USED;
    if (!used)
        return wa_fail(e, WA_E_FORMAT, 0,
                       "%s: the environment is missing or damaged (no ADAM2 entry, control byte "
                       "0x%02x, and no PSPBoot %s magic)",
                       len && buf[0] == 0xff ? "erased" : "no environment", ENV_USED, ENV_MAGIC);
    return load_adam2(buf, len, env, e);
}
