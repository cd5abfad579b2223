/* uart.c: the AR7's 16550-style UARTs (8250 registers, one per 32-bit word). The transmitter
 * is always ready: a byte written to THR goes straight to the console. Nothing is ever
 * received. The interrupt line is up while "transmitter empty" interrupts are enabled. */
#include "ar7_int.h"

enum { RBR, IER, IIR, LCR, MCR, LSR, MSR, SCR };
#define DLAB 0x80

int ar7_uart_irq(const ar7_uart *u)
{
    return (u->ier & 0x02) != 0;
}

uint32_t ar7_uart_read(ar7 *m, ar7_uart *u, uint32_t reg)
{
    (void)m;
    switch (reg) {
    case RBR: return u->lcr & DLAB ? u->dll : 0;
    case IER: return u->lcr & DLAB ? u->dlm : u->ier;
    case IIR: return (u->fcr & 1 ? 0xc0u : 0) | (ar7_uart_irq(u) ? 0x02u : 0x01u);
    case LCR: return u->lcr;
    case MCR: return u->mcr;
    case LSR: return 0x60; /* THR empty, transmitter empty, nothing received */
    case MSR: return 0xb0; /* carrier, data set ready, clear to send */
    case SCR: return u->scr;
    }
    return 0;
}

void ar7_uart_write(ar7 *m, ar7_uart *u, uint32_t reg, uint32_t v)
{
    uint8_t b = (uint8_t)v;
    switch (reg) {
    case RBR:
        if (u->lcr & DLAB)
            u->dll = b;
        else if (u->console)
            ar7_console_put(m, b);
        return;
    case IER:
        if (u->lcr & DLAB)
            u->dlm = b;
        else
            u->ier = b & 0x0f;
        ar7_intc_update(m);
        return;
    case IIR: u->fcr = b; return;
    case LCR: u->lcr = b; return;
    case MCR: u->mcr = b; return;
    case SCR: u->scr = b; return;
    }
}
