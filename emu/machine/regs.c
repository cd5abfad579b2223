/* regs.c: the AR7 register window at physical 0x08610000 (Linux asm/mach-ar7/ar7.h). The
 * UARTs and the interrupt controller are devices of their own; the rest is a register file
 * with the values the kernel reads at boot (a TNETD7300: chip id, the boot configuration
 * word, the PLLs giving a 150 MHz CPU and a 125 MHz bus) and the few behaviours it waits
 * for (MDIO transfers complete at once and find no PHY; a write to the software reset
 * register resets the board). Blocks with no model keep what is written, as absent logic
 * behind a register file would. */
#include "ar7_int.h"

#define GPIO 0x0900u
#define POWER 0x0a00u
#define UART0 0x0e00u
#define UART1 0x0f00u
#define RESET 0x1600u
#define DCL 0x1a00u
#define MDIO 0x1e00u
#define IRQ 0x2400u
#define IRQ_END 0x2800u

static const struct {
    uint32_t off, value;
    int ro;
} init[] = {
    {GPIO + 0x14, 0x00020005, 1},  /* chip id 0x05 (TNETD7300), revision 0x02 */
    {GPIO + 0x18, 0x00000000, 1},  /* DIDR1 */
    {GPIO + 0x1c, 0x00800000, 1},  /* DIDR2: no DSP clock to set up */
    {POWER + 0x30, 0x00004001, 0}, /* bus PLL: x5 from the 25 MHz reference */
    {POWER + 0x50, 0x00005001, 0}, /* CPU PLL: x6 from the 25 MHz reference */
    {DCL, 0x02014000, 1},          /* async, bus and CPU PLLs on the reference, no watchdog */
};

void ar7_regs_init(ar7 *m)
{
    for (size_t i = 0; i < sizeof init / sizeof init[0]; i++)
        m->regs[init[i].off / 4] = init[i].value;
    m->uart[0].console = 1;
}

static int read_only(uint32_t off)
{
    for (size_t i = 0; i < sizeof init / sizeof init[0]; i++)
        if (init[i].off == off) return init[i].ro;
    return 0;
}

uint64_t ar7_regs_read(uc_engine *uc, uint64_t off64, unsigned size, void *user)
{
    ar7 *m = user;
    uint32_t off = (uint32_t)off64 & ~3u, shift = ((uint32_t)off64 & 3) * 8, v;
    (void)uc;
    if (off >= UART0 && off < UART0 + 0x200) {
        ar7_uart *u = &m->uart[off >= UART1];
        v = ar7_uart_read(m, u, (off & 0xff) / 4);
    } else if (off >= IRQ && off < IRQ_END) {
        v = ar7_intc_read(m, off - IRQ);
    } else if (off >= MDIO + 0x80 && off < MDIO + 0x90) {
        v = (m->regs[off / 4] & 0x7fff0000u) | 0xffff; /* done, nobody answered */
    } else {
        v = m->regs[off / 4];
    }
    v >>= shift;
    return size >= 4 ? v : v & ((1u << size * 8) - 1);
}

void ar7_regs_write(uc_engine *uc, uint64_t off64, unsigned size, uint64_t v64, void *user)
{
    ar7 *m = user;
    uint32_t off = (uint32_t)off64 & ~3u, v = (uint32_t)v64;
    (void)uc;
    (void)size;
    if (off >= UART0 && off < UART0 + 0x200) {
        ar7_uart_write(m, &m->uart[off >= UART1], (off & 0xff) / 4, v);
    } else if (off >= IRQ && off < IRQ_END) {
        ar7_intc_write(m, off - IRQ, v);
    } else if (off == RESET + 4 && v) {
        ar7_end(m, AR7_END_RESET, "the kernel reset the board (software reset register 0x%08x)",
                AR7_REGS_BASE + off);
        uc_emu_stop(m->uc);
    } else if (!read_only(off)) {
        m->regs[off / 4] = v;
    }
}
