/* board.c: the board profile parser and its checks. */
#include "board.h"
#include "kvtext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "16M", "64K", "0x400000", "4194304" -> bytes; -1 on anything else. */
static long long parse_size(const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 0);
    if (end == s) return -1;
    if (*end == 'K' || *end == 'k')
        v <<= 10, end++;
    else if (*end == 'M' || *end == 'm')
        v <<= 20, end++;
    if (*end || v > 0x80000000ull) return -1;
    return (long long)v;
}

/* Fields that take a size, and where they go. */
static uint32_t *size_field(wa_board *b, const char *key)
{
    if (!strcmp(key, "ram")) return &b->ram_size;
    if (!strcmp(key, "flash")) return &b->flash_size;
    if (!strcmp(key, "erase")) return &b->erase_size;
    if (!strcmp(key, "nproc")) return &b->nproc; /* a count, read like the sizes */
    return NULL;
}

static const char *const trailer_names[] = {"erased-tail", "partition-end", "none"};

const char *board_trailer_name(wa_trailer_at t)
{
    return (unsigned)t < sizeof trailer_names / sizeof trailer_names[0] ? trailer_names[t] : "?";
}

static int check(wa_board *b, const char *src, wa_err *e)
{
    if (!b->name[0]) return wa_fail(e, WA_E_FORMAT, WA_NO_OFFSET, "%s: no name", src);
    if (!b->cpu[0]) return wa_fail(e, WA_E_FORMAT, WA_NO_OFFSET, "%s: no cpu", src);
    if (b->ram_size < (1u << 20))
        return wa_fail(e, WA_E_FORMAT, WA_NO_OFFSET, "%s: ram must be at least 1M", src);
    /* NOR flash erase blocks: 4 KiB (boot sectors) to 256 KiB; allow up to 1 MiB */
    if (b->erase_size < 4096 || b->erase_size > (1u << 20) || (b->erase_size & (b->erase_size - 1)))
        return wa_fail(e, WA_E_FORMAT, WA_NO_OFFSET,
                       "%s: erase must be a power of two from 4K to 1M", src);
    if (!b->flash_size || b->flash_size % b->erase_size || b->flash_size > (64u << 20))
        return wa_fail(e, WA_E_FORMAT, WA_NO_OFFSET,
                       "%s: flash must be a multiple of erase and at most 64M", src);
    for (int i = 0; i < 5; i++) {
        char key[8];
        snprintf(key, sizeof key, "mtd%d", i);
        const char *v = board_env(b, key);
        unsigned long s, t;
        int used = 0;
        if (!v || sscanf(v, "%lx,%lx%n", &s, &t, &used) != 2 || v[used])
            return wa_fail(e, WA_E_FORMAT, WA_NO_OFFSET, "%s: env.%s must be \"START,END\" in hex",
                           src, key);
        if (s >= t || s < BOARD_FLASH_KSEG1 || t > BOARD_FLASH_KSEG1 + b->flash_size)
            return wa_fail(e, WA_E_RANGE, WA_NO_OFFSET,
                           "%s: env.%s 0x%lx-0x%lx is not a range inside the %u-byte flash", src,
                           key, s, t, b->flash_size);
        if (i == 4 && b->image_apart) continue; /* key image gave mtd[4] */
        b->mtd[i].start = (uint32_t)s;
        b->mtd[i].end = (uint32_t)t;
    }
    if (b->mtd[4].end > BOARD_FLASH_KSEG1 + b->flash_size)
        return wa_fail(e, WA_E_RANGE, WA_NO_OFFSET,
                       "%s: image 0x%x-0x%x is not a range inside the %u-byte flash", src,
                       b->mtd[4].start, b->mtd[4].end, b->flash_size);
    for (int i = 0; i < 2; i++)
        if (b->mtd[i].start < b->mtd[4].start || b->mtd[i].end > b->mtd[4].end)
            return wa_fail(e, WA_E_RANGE, WA_NO_OFFSET, "%s: mtd%d does not lie inside mtd4", src,
                           i);
    if (b->mtd[1].start > b->mtd[0].start)
        return wa_fail(e, WA_E_RANGE, WA_NO_OFFSET, "%s: mtd1 (kernel) must come before mtd0", src);
    if (!board_part_aligned(b, 4))
        return wa_fail(e, WA_E_RANGE, WA_NO_OFFSET, "%s: mtd4 must be erase-aligned", src);
    return WA_OK;
}

int board_parse(const char *text, size_t len, const char *src, wa_board *b, wa_err *e)
{
    memset(b, 0, sizeof *b);
    wa_kv kv;
    wa_kv_init(&kv, text, len);
    char *key, *val;
    int rc;
    while ((rc = wa_kv_next(&kv, &key, &val, e)) > 0) {
        unsigned line = kv.line;
        size_t start = kv.start;
        uint32_t *sz = size_field(b, key);
        if (sz) {
            long long v = parse_size(val);
            if (v <= 0)
                return wa_fail(e, WA_E_FORMAT, start, "line %u: %s: '%s' is not a size", line, key,
                               val);
            *sz = (uint32_t)v;
        } else if (!strcmp(key, "name") && strlen(val) < sizeof b->name) {
            strcpy(b->name, val);
        } else if (!strcmp(key, "cpu") && strlen(val) < sizeof b->cpu) {
            strcpy(b->cpu, val);
        } else if (!strcmp(key, "services") && strlen(val) < sizeof b->services) {
            for (const char *q = val; *q; q += strcspn(q, ","), q += *q == ',') {
                size_t l = strcspn(q, ",");
                if (l != 5 || strncmp(q, "noip2", 5))
                    return wa_fail(e, WA_E_FORMAT, start,
                                   "line %u: services: '%.*s' is not a service wa-emu knows "
                                   "(noip2)",
                                   line, (int)l, q);
            }
            strcpy(b->services, val);
        } else if (!strcmp(key, "kernel") && strlen(val) < sizeof b->kernel) {
            strcpy(b->kernel, val);
        } else if (!strcmp(key, "tls")) {
            if (strcmp(val, "emulated"))
                return wa_fail(e, WA_E_FORMAT, start,
                               "line %u: tls: '%.40s' is not a value wa-emu knows (emulated)", line,
                               val);
            b->tls_emulated = 1;
        } else if (!strcmp(key, "trailer")) {
            size_t i = 0, n = sizeof trailer_names / sizeof trailer_names[0];
            while (i < n && strcmp(val, trailer_names[i]))
                i++;
            if (i == n)
                return wa_fail(e, WA_E_FORMAT, start,
                               "line %u: trailer: '%.40s' is not a value wa-emu knows "
                               "(erased-tail, partition-end, none)",
                               line, val);
            b->trailer_at = (wa_trailer_at)i;
        } else if (!strcmp(key, "image")) {
            /* the flash size may come later: the range is checked against it at the end */
            unsigned long a, z;
            int used = 0;
            if (sscanf(val, "%lx,%lx%n", &a, &z, &used) != 2 || val[used] || a >= z ||
                a < BOARD_FLASH_KSEG1 || z > 0xffffffffu)
                return wa_fail(e, WA_E_FORMAT, start, "line %u: image must be \"START,END\" in hex",
                               line);
            b->mtd[4].start = (uint32_t)a;
            b->mtd[4].end = (uint32_t)z;
            b->image_apart = 1;
        } else if (!strcmp(key, "kernel_args") && strlen(val) < sizeof b->kernel_args) {
            strcpy(b->kernel_args, val);
        } else if (!strncmp(key, "env.", 4)) {
            if (board_env(b, key + 4))
                return wa_fail(e, WA_E_FORMAT, start, "line %u: %s given twice", line, key);
            wa_err why;
            if (env_set(&b->env, key + 4, val, &why))
                return wa_fail(e, why.code, start, "line %u: %s", line, why.msg);
        } else {
            return wa_fail(e, WA_E_FORMAT, start, "line %u: unknown key '%s' or value too long",
                           line, key);
        }
    }
    if (rc < 0) return e ? e->code : WA_E_FORMAT;
    return check(b, src, e);
}
