/* intc.c: the AR7 interrupt controller (Linux arch/mips/ar7/irq.c). 40 primary channels in
 * two banks: status (0x00), clear (0x10), enable set (0x20), enable clear (0x30), the
 * priority index of the first pending enabled channel and its line (0x40), and a channel map
 * (0x200).
 * Its output is the CPU's IP2. The secondary (cascaded) bank has no sources here. */
#include "ar7_int.h"

#define UART0_CH 15
#define UART1_CH 16

void ar7_intc_update(ar7 *m)
{
    ar7_intc *c = &m->intc;
    c->raw[0] = (ar7_uart_irq(&m->uart[0]) ? 1u << UART0_CH : 0) |
                (ar7_uart_irq(&m->uart[1]) ? 1u << UART1_CH : 0);
    c->latched[0] |= c->raw[0];
    int up = ((c->latched[0] & c->enable[0]) | (c->latched[1] & c->enable[1] & 0xff)) != 0;
    uint32_t lines = up ? m->lines | CA_IP2 : m->lines & ~CA_IP2;
    if (lines != m->lines) {
        m->lines = lines;
        m->lines_dirty = 1;
        m->next_check = m->cycles;
    }
}

static uint32_t pending_channel(const ar7_intc *c)
{
    for (uint32_t ch = 1; ch < 40; ch++)
        if (c->latched[ch / 32] & c->enable[ch / 32] & 1u << ch % 32) return ch;
    return 0;
}

uint32_t ar7_intc_read(ar7 *m, uint32_t off)
{
    ar7_intc *c = &m->intc;
    uint32_t bank = (off >> 2) & 1;
    if (off >= 0x200 && off < 0x200 + 4 * 40) return c->chnl[(off - 0x200) / 4];
    switch (off & ~4u) {
    case 0x00: return c->latched[bank];
    case 0x20:
    case 0x30: return c->enable[bank];
    }
    if (off == 0x40) {
        /* the channel in bits 5:0 and its interrupt line in bits 21:16: TI's 2.4 dispatcher
         * (avalanche_hw0_irqdispatch) passes the line + 8 to the handler, mainline reads the
         * channel only; both program the channel map as the identity, line = channel */
        uint32_t ch = pending_channel(c);
        return ch | ch << 16;
    }
    return 0;
}

void ar7_intc_write(ar7 *m, uint32_t off, uint32_t v)
{
    ar7_intc *c = &m->intc;
    uint32_t bank = (off >> 2) & 1;
    if (off >= 0x200 && off < 0x200 + 4 * 40) {
        c->chnl[(off - 0x200) / 4] = v;
        return;
    }
    switch (off & ~4u) {
    case 0x10: c->latched[bank] &= ~v; break; /* acknowledge; level sources stay up */
    case 0x20: c->enable[bank] |= v; break;
    case 0x30: c->enable[bank] &= ~v; break;
    default: return;
    }
    ar7_intc_update(m);
}
