/* cfi.c: CFI command interface of an x16 NOR chip. */
#include "cfi.h"

enum { CFI_M_READ, CFI_M_QUERY, CFI_M_ID, CFI_M_STATUS };
enum { STEP_PROGRAM = 16, STEP_ERASE = 17 };

/* The query table, by word address (0x10 ..). */
static uint8_t query(const cfi_chip *c, uint32_t w)
{
    uint32_t size = c->nor->size, blk = c->nor->erase_size, nblk = size / blk;
    int log2 = 0;
    while ((1u << log2) < size)
        log2++;
    uint32_t ext = c->cmdset == CFI_AMD ? 0x40 : 0x31;
    switch (w) {
    case 0x10: return 'Q';
    case 0x11: return 'R';
    case 0x12: return 'Y';
    case 0x13: return (uint8_t)c->cmdset;
    case 0x15: return (uint8_t)ext;
    case 0x1b: return 0x27; /* Vcc 2.7 .. 3.6 V */
    case 0x1c: return 0x36;
    case 0x1f: return 0x04; /* word program 16 us typical */
    case 0x21: return 0x0a; /* block erase 1 s typical */
    case 0x23: return 0x05;
    case 0x25: return 0x04;
    case 0x27: return (uint8_t)log2;
    case 0x28: return 0x02; /* x8/x16 */
    case 0x2c: return 0x01; /* one uniform erase region */
    case 0x2d: return (uint8_t)(nblk - 1);
    case 0x2e: return (uint8_t)((nblk - 1) >> 8);
    case 0x2f: return (uint8_t)(blk >> 8);
    case 0x30: return (uint8_t)(blk >> 16);
    }
    if (w >= ext && w < ext + 5)
        return (uint8_t) "PRI10"[w - ext] + (w == ext + 4 && c->cmdset == CFI_AMD);
    if (c->cmdset == CFI_AMD && w == ext + 6) return 0x02;     /* erase suspend: read/write */
    if (c->cmdset == CFI_INTEL && w == ext + 0xa) return 0x33; /* Vcc optimal 3.3 V */
    return 0;
}

void cfi_init(cfi_chip *c, nor_flash *nor, int cmdset)
{
    *c = (cfi_chip){.nor = nor, .cmdset = cmdset, .status = 0x80};
    c->mfr = cmdset == CFI_AMD ? 0x0001 : 0x0089;
    c->id = cmdset == CFI_AMD ? 0x22f9 : 0x8916;
}

static uint16_t read_word(cfi_chip *c, uint32_t off)
{
    uint32_t w = off >> 1;
    switch (c->mode) {
    case CFI_M_QUERY: return query(c, w);
    case CFI_M_ID: return w == 0 ? c->mfr : w == 1 ? c->id : 0;
    case CFI_M_STATUS: return c->status;
    }
    const uint8_t *m = c->nor->mem + (off & ~1u);
    return (uint16_t)(m[0] | m[1] << 8);
}

uint32_t cfi_read(cfi_chip *c, uint32_t off, unsigned size)
{
    off %= c->nor->size;
    if (c->mode == CFI_M_READ) {
        uint32_t v = 0;
        for (unsigned i = 0; i < size && i < 4; i++)
            v |= (uint32_t)c->nor->mem[(off + i) % c->nor->size] << 8 * i;
        return v;
    }
    uint32_t lo = read_word(c, off);
    if (size == 4) return lo | (uint32_t)read_word(c, (off + 2) % c->nor->size) << 16;
    if (size == 1) return (off & 1) ? lo >> 8 : lo & 0xff;
    return lo;
}

static void program(cfi_chip *c, uint32_t off, unsigned size, uint32_t value)
{
    uint8_t b[2] = {(uint8_t)value, (uint8_t)(value >> 8)};
    wa_err e;
    c->programs++;
    if (nor_program(c->nor, off, b, size == 1 ? 1 : 2, &e)) c->status |= 0x10;
}

static void erase(cfi_chip *c, uint32_t off, int whole)
{
    uint32_t blk = c->nor->erase_size;
    wa_err e;
    c->erases++;
    if (nor_erase(c->nor, whole ? 0 : off / blk * blk, whole ? c->nor->size : blk, &e))
        c->status |= 0x20;
}

static void bad(cfi_chip *c)
{
    c->bad_commands++;
    c->step = 0;
}

static void amd_write(cfi_chip *c, uint32_t off, unsigned size, uint32_t v)
{
    uint32_t w = off >> 1;
    uint8_t cmd = (uint8_t)v;
    if (c->step == STEP_PROGRAM) {
        program(c, off, size, v);
        c->step = 0;
        return;
    }
    if (cmd == 0xf0 || cmd == 0xff) {
        c->mode = CFI_M_READ;
        c->step = 0;
        return;
    }
    if (cmd == 0x98 && (w & 0xff) == 0x55) {
        c->mode = CFI_M_QUERY;
        c->step = 0;
        return;
    }
    static const struct {
        uint32_t w;
        uint8_t cmd;
    } unlock[] = {{0x555, 0xaa}, {0x2aa, 0x55}, {0, 0}, {0x555, 0xaa}, {0x2aa, 0x55}};
    switch (c->step) {
    case 0:
    case 1:
    case 3:
    case 4:
        if (w != unlock[c->step].w || cmd != unlock[c->step].cmd) return bad(c);
        c->step++;
        return;
    case 2:
        c->step = 0;
        if (w != 0x555) return bad(c);
        if (cmd == 0x90)
            c->mode = CFI_M_ID;
        else if (cmd == 0xa0)
            c->step = STEP_PROGRAM;
        else if (cmd == 0x80)
            c->step = 3;
        else
            bad(c);
        return;
    case 5:
        c->step = 0;
        c->mode = CFI_M_READ;
        if (cmd == 0x30)
            erase(c, off, 0);
        else if (cmd == 0x10 && w == 0x555)
            erase(c, off, 1);
        else
            bad(c);
        return;
    }
    bad(c);
}

static void intel_write(cfi_chip *c, uint32_t off, unsigned size, uint32_t v)
{
    uint8_t cmd = (uint8_t)v;
    if (c->step == STEP_PROGRAM || c->step == STEP_ERASE) {
        int was = c->step;
        c->step = 0;
        c->mode = CFI_M_STATUS;
        if (was == STEP_PROGRAM)
            program(c, off, size, v);
        else if (cmd == 0xd0)
            erase(c, off, 0);
        else
            c->status |= 0x30; /* command sequence error */
        return;
    }
    switch (cmd) {
    case 0xff: c->mode = CFI_M_READ; return;
    case 0x90: c->mode = CFI_M_ID; return;
    case 0x98: c->mode = CFI_M_QUERY; return;
    case 0x70: c->mode = CFI_M_STATUS; return;
    case 0x50: c->status = 0x80; return;
    case 0x40:
    case 0x10: c->step = STEP_PROGRAM; return;
    case 0x20: c->step = STEP_ERASE; return;
    case 0x60: /* block lock setup: the following 0x01 / 0xd0 are accepted and ignored */
    case 0x01:
    case 0xd0: c->mode = CFI_M_STATUS; return;
    }
    bad(c);
}

void cfi_write(cfi_chip *c, uint32_t off, unsigned size, uint32_t value)
{
    off %= c->nor->size;
    c->commands++;
    if (size == 4) {
        cfi_write(c, off, 2, value & 0xffff);
        cfi_write(c, off + 2, 2, value >> 16);
        c->commands--;
        return;
    }
    if (c->cmdset == CFI_AMD)
        amd_write(c, off, size, value);
    else
        intel_write(c, off, size, value);
}
