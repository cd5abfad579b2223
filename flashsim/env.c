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
    size_t n = strlen(ENV_MAGIC);
    if (cap < n) return wa_fail(e, WA_E_RANGE, cap, "no room for the environment");
    memcpy(out, ENV_MAGIC, n);
    for (size_t i = 0; i < env->n; i++) {
        size_t a = strlen(env->v[i].name) + 1, b = strlen(env->v[i].value) + 1;
        if (cap - n < a + b) return wa_fail(e, WA_E_RANGE, n, "no room for the environment");
        memcpy(out + n, env->v[i].name, a);
        memcpy(out + n + a, env->v[i].value, b);
        n += a + b;
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

int env_load(const uint8_t *buf, size_t len, wa_env *env, wa_err *e)
{
    memset(env, 0, sizeof *env);
    size_t n = strlen(ENV_MAGIC);
    if (len < n || memcmp(buf, ENV_MAGIC, n))
        return wa_fail(e, WA_E_FORMAT, 0, "no %s magic: the environment is missing or damaged",
                       ENV_MAGIC);
    size_t at = n;
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
