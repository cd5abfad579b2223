/* symbols.c: System.map and ELF .symtab readers (symbols.h). Both first count, then fill one
 * array and one block of names, so a table is two allocations whatever its size. */
#include "symbols.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILE (512u << 20)
#define NEAR (1u << 20) /* farther than this from a symbol is no symbol's */

static uint32_t rd16(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8;
}

static uint32_t rd32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static int by_addr(const void *a, const void *b)
{
    const dbg_sym *x = a, *y = b;
    if (x->addr != y->addr) return x->addr < y->addr ? -1 : 1;
    if (x->code != y->code) return y->code - x->code; /* code first */
    return strcmp(x->name, y->name);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* One System.map line [p, e): 1 and the fields when it is one, 0 when not. */
static int map_line(const char *p, const char *e, uint32_t *addr, char *type, const char **name,
                    size_t *nlen)
{
    uint64_t a = 0;
    int digits = 0;
    for (; p < e && hexval(*p) >= 0; p++, digits++)
        a = a << 4 | (uint64_t)hexval(*p);
    if (!digits || digits > 16 || p + 3 > e || *p != ' ' || p[2] != ' ') return 0;
    *type = p[1];
    p += 3;
    const char *n = p;
    while (p < e && *p != ' ' && *p != '\t' && *p != '\r' && *p)
        p++;
    if (p == n) return 0;
    *addr = (uint32_t)a;
    *name = n;
    *nlen = (size_t)(p - n);
    return 1;
}

static int keep_type(char t)
{
    return strchr("TtWwDdBbRrVv", t) && t; /* not absolute, undefined or debugging */
}

static int parse_map(const char *buf, size_t len, dbg_syms *s)
{
    size_t n = 0, bytes = 0;
    for (int pass = 0; pass < 2; pass++) {
        size_t k = 0, at = 0;
        const char *p = buf, *end = buf + len;
        while (p < end) {
            const char *e = memchr(p, '\n', (size_t)(end - p));
            if (!e) e = end;
            uint32_t a;
            char t;
            const char *nm;
            size_t nl;
            if (map_line(p, e, &a, &t, &nm, &nl) && keep_type(t)) {
                if (pass) {
                    memcpy(s->names + at, nm, nl);
                    s->names[at + nl] = 0;
                    s->v[k] = (dbg_sym){
                        .addr = a, .code = strchr("TtWw", t) != NULL, .name = s->names + at};
                }
                k++;
                at += nl + 1;
            }
            p = e + 1;
        }
        if (!pass) {
            n = k;
            bytes = at;
            if (!n) return 0;
            s->v = calloc(n, sizeof *s->v);
            s->names = malloc(bytes);
            if (!s->v || !s->names) return -1;
        }
    }
    s->n = n;
    return 1;
}

/* The .symtab of a little-endian ELF32 file. -1 out of memory, 0 none, 1 parsed. */
static int parse_elf(const uint8_t *b, size_t len, dbg_syms *s, char *why, size_t cap)
{
    if (len < 52 || b[4] != 1 || b[5] != 1) {
        snprintf(why, cap, "not a 32-bit little-endian ELF file");
        return 0;
    }
    uint32_t shoff = rd32(b + 32), shentsize = rd16(b + 46), shnum = rd16(b + 48);
    if (shentsize < 40 || shoff > len || (uint64_t)shnum * shentsize > len - shoff) {
        snprintf(why, cap, "ELF section headers at offset %u lie outside the file", shoff);
        return 0;
    }
    for (uint32_t i = 0; i < shnum; i++) {
        const uint8_t *sh = b + shoff + (size_t)i * shentsize;
        if (rd32(sh + 4) != 2) continue; /* SHT_SYMTAB */
        uint32_t off = rd32(sh + 16), size = rd32(sh + 20), link = rd32(sh + 24);
        if (link >= shnum || off > len || size > len - off) break;
        const uint8_t *st = b + shoff + (size_t)link * shentsize;
        uint32_t soff = rd32(st + 16), ssize = rd32(st + 20);
        if (soff > len || ssize > len - soff || !ssize) break;
        const char *str = (const char *)b + soff;
        size_t n = 0, bytes = 0;
        for (int pass = 0; pass < 2; pass++) {
            size_t k = 0, at = 0;
            for (uint32_t o = 0; o + 16 <= size; o += 16) {
                const uint8_t *e = b + off + o;
                uint32_t name = rd32(e), value = rd32(e + 4), sz = rd32(e + 8);
                int type = e[12] & 15, shndx = (int)rd16(e + 14);
                if (!value || name >= ssize || !shndx || shndx >= 0xff00 || type > 2) continue;
                const char *nm = str + name;
                size_t nl = strnlen(nm, ssize - name);
                if (!nl || nl == ssize - name) continue;
                if (pass) {
                    memcpy(s->names + at, nm, nl + 1);
                    s->v[k] = (dbg_sym){
                        .addr = value, .size = sz, .code = type == 2, .name = s->names + at};
                }
                k++;
                at += nl + 1;
            }
            if (!pass) {
                n = k;
                bytes = at;
                if (!n) break;
                s->v = calloc(n, sizeof *s->v);
                s->names = malloc(bytes);
                if (!s->v || !s->names) return -1;
            }
        }
        if (!n) break;
        s->n = n;
        return 1;
    }
    snprintf(why, cap, "the ELF file has no symbol table (stripped?)");
    return 0;
}

int dbg_syms_parse(const uint8_t *buf, size_t len, dbg_syms *s, char *why, size_t cap)
{
    memset(s, 0, sizeof *s);
    int rc;
    if (len >= 4 && !memcmp(buf, "\177ELF", 4)) {
        rc = parse_elf(buf, len, s, why, cap);
    } else {
        rc = parse_map((const char *)buf, len, s);
        if (!rc) snprintf(why, cap, "neither an ELF file nor a System.map (no `ADDR T NAME` line)");
    }
    if (rc < 0) snprintf(why, cap, "out of memory");
    if (rc <= 0) {
        dbg_syms_free(s);
        return -1;
    }
    qsort(s->v, s->n, sizeof *s->v, by_addr);
    return 0;
}

int dbg_syms_load(const char *path, dbg_syms *s, char *why, size_t cap)
{
    memset(s, 0, sizeof *s);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, cap, "%s: cannot open", path);
        return -1;
    }
    uint8_t *buf = NULL;
    size_t len = 0, room = 0;
    for (;;) {
        if (len == room) {
            room = room ? room * 2 : 1u << 20;
            uint8_t *p = room <= MAX_FILE ? realloc(buf, room) : NULL;
            if (!p) {
                snprintf(why, cap, "%s: larger than %u MB or out of memory", path, MAX_FILE >> 20);
                free(buf);
                fclose(f);
                return -1;
            }
            buf = p;
        }
        size_t k = fread(buf + len, 1, room - len, f);
        len += k;
        if (!k) break;
    }
    int bad = ferror(f);
    fclose(f);
    char inner[200];
    int rc = bad ? -1 : dbg_syms_parse(buf, len, s, inner, sizeof inner);
    if (rc) snprintf(why, cap, "%s: %s", path, bad ? "read error" : inner);
    free(buf);
    return rc;
}

void dbg_syms_free(dbg_syms *s)
{
    free(s->v);
    free(s->names);
    memset(s, 0, sizeof *s);
}

const dbg_sym *dbg_sym_named(const dbg_syms *s, const char *name)
{
    const dbg_sym *best = NULL;
    for (size_t i = 0; s && i < s->n; i++)
        if (!strcmp(s->v[i].name, name) && (!best || (s->v[i].code && !best->code)))
            best = &s->v[i];
    return best;
}

/* Of the names at one address the one a person would pick: a global one without leading
 * underscores (kernel_entry, not __noinstr_text_end). */
static int rank(const dbg_sym *y)
{
    return (y->name[0] == '_') + (y->name[0] == '_' && y->name[1] == '_');
}

const dbg_sym *dbg_sym_at(const dbg_syms *s, uint32_t addr, uint32_t *off)
{
    if (!s || !s->n) return NULL;
    size_t lo = 0, hi = s->n; /* the last symbol with addr <= address */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->v[mid].addr <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (!lo) return NULL;
    /* the nearest symbol's group: a code symbol there, or the address is not in code */
    size_t first = lo - 1;
    while (first > 0 && s->v[first - 1].addr == s->v[lo - 1].addr)
        first--;
    const dbg_sym *best = NULL;
    for (size_t i = first; i < lo; i++)
        if (s->v[i].code && (!best || rank(&s->v[i]) < rank(best))) best = &s->v[i];
    if (!best) return NULL;
    uint32_t d = addr - best->addr;
    if (d >= NEAR || (best->size && d >= best->size)) return NULL;
    *off = d;
    return best;
}

void dbg_sym_format(const dbg_syms *s, uint32_t addr, char *out, size_t cap)
{
    uint32_t off;
    const dbg_sym *y = dbg_sym_at(s, addr, &off);
    if (!y)
        snprintf(out, cap, "%s", "");
    else if (off)
        snprintf(out, cap, "%s+0x%x", y->name, off);
    else
        snprintf(out, cap, "%s", y->name);
}
