/* fuzz_symbols.c: a System.map or an ELF file of any bytes (--symbols takes what it is
 * given): the table parsed is sorted, every name is a NUL-terminated string inside it, and
 * the lookups by name and by address find what the table holds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "symbols.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dbg_syms s;
    char why[200];
    if (dbg_syms_parse(data, size, &s, why, sizeof why)) {
        if (!memchr(why, 0, sizeof why) || !why[0] || s.v || s.n) abort();
        return 0;
    }
    if (!s.n) abort();
    for (size_t i = 0; i < s.n; i++) {
        if (i && s.v[i - 1].addr > s.v[i].addr) abort();
        if (!s.v[i].name[0]) abort();
        if (dbg_sym_named(&s, s.v[i].name) == NULL) abort();
        uint32_t off = 0;
        const dbg_sym *y = dbg_sym_at(&s, s.v[i].addr, &off);
        if (y && (y->addr > s.v[i].addr || off != s.v[i].addr - y->addr)) abort();
        char text[64];
        dbg_sym_format(&s, s.v[i].addr + 3, text, sizeof text);
        if (!memchr(text, 0, sizeof text)) abort();
    }
    dbg_syms_free(&s);
    return 0;
}
