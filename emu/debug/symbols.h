/* symbols.h: a program's symbols for the debugger, from a System.map (nm's `ADDR TYPE NAME`
 * lines, 64-bit addresses truncated to the 32 the CPU has) or from the .symtab of a 32-bit
 * ELF file (a vmlinux, a user program). Lookups by name and by address (the symbol at or
 * before it, with the offset). Both readers take untrusted bytes: bounded, never crash. */
#ifndef WA_DBG_SYMBOLS_H
#define WA_DBG_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

typedef struct dbg_sym {
    uint32_t addr;
    uint32_t size; /* 0: unknown (System.map): up to the next symbol */
    int code;      /* a text (function) symbol */
    char *name;
} dbg_sym;

typedef struct dbg_syms {
    dbg_sym *v; /* sorted by address */
    size_t n;
    char *names; /* one allocation for all the names */
} dbg_syms;

/* Parse buf (an ELF file or a System.map); 0, or -1 with the reason in why. An empty table
 * is an error (the file has no symbols). */
int dbg_syms_parse(const uint8_t *buf, size_t len, dbg_syms *s, char *why, size_t cap);
/* Read and parse path. */
int dbg_syms_load(const char *path, dbg_syms *s, char *why, size_t cap);
void dbg_syms_free(dbg_syms *s);

/* The symbol named name (the first of that name), or NULL. */
const dbg_sym *dbg_sym_named(const dbg_syms *s, const char *name);
/* The code symbol addr lies in or after (within 1 MB), or NULL; *off the offset. */
const dbg_sym *dbg_sym_at(const dbg_syms *s, uint32_t addr, uint32_t *off);
/* "name+0xoff" or "name" into out; "" when no symbol. */
void dbg_sym_format(const dbg_syms *s, uint32_t addr, char *out, size_t cap);

#endif
