/* rsp.c: the remote serial protocol's framing. A packet is $data#cs: cs is two hex digits of
 * the sum of data's raw bytes modulo 256; in data '}' escapes the next byte (xor 0x20) and
 * "X*n" repeats X another n - 29 times. Outside a packet '+' and '-' acknowledge, 0x03 is an
 * interrupt and anything else is noise a serial line can carry. */
#include "rsp.h"

#include <string.h>

enum { S_IDLE, S_DATA, S_ESC, S_RLE, S_CS1, S_CS2 };

void rsp_rx_init(rsp_rx *rx)
{
    memset(rx, 0, sizeof *rx);
}

/* One decoded byte into the packet; past the limit the packet is marked and later refused
 * whole, as a truncated command must not run. */
static void put(rsp_rx *rx, char c)
{
    if (rx->len < RSP_PACKET_MAX)
        rx->data[rx->len++] = c;
    else
        rx->overlong = 1;
}

static int bad(rsp_rx *rx, const char *why)
{
    rx->why = why;
    rx->state = S_IDLE;
    rx->len = 0;
    rx->data[0] = 0;
    return RSP_BAD;
}

int rsp_rx_byte(rsp_rx *rx, uint8_t c)
{
    switch (rx->state) {
    case S_IDLE:
        if (c == '$') {
            rx->state = S_DATA;
            rx->sum = 0;
            rx->len = 0;
            rx->overlong = 0;
            return RSP_NONE;
        }
        if (c == '+') return RSP_ACK;
        if (c == '-') return RSP_NAK;
        if (c == 0x03) return RSP_INTERRUPT;
        return RSP_NONE;
    case S_DATA:
        if (c == '#') {
            rx->state = S_CS1;
            return RSP_NONE;
        }
        /* a '$' inside a packet: the peer gave up on the last one and starts again */
        if (c == '$') {
            rx->sum = 0;
            rx->len = 0;
            rx->overlong = 0;
            return RSP_NONE;
        }
        rx->sum += c;
        if (c == '}')
            rx->state = S_ESC;
        else if (c == '*')
            rx->state = S_RLE;
        else
            put(rx, (char)c);
        return RSP_NONE;
    case S_ESC:
        if (c == '#' || c == '$') return bad(rx, "an escape ('}') with nothing after it");
        rx->sum += c;
        put(rx, (char)(c ^ 0x20));
        rx->state = S_DATA;
        return RSP_NONE;
    case S_RLE: {
        if (c == '#' || c == '$' || c < ' ' || c > '~')
            return bad(rx, "a run-length count ('*') that is not a printable character");
        if (!rx->len && !rx->overlong) return bad(rx, "a run-length count with nothing to repeat");
        rx->sum += c;
        char last = rx->len ? rx->data[rx->len - 1] : 0;
        for (int i = 0; i < c - 29; i++)
            put(rx, last);
        rx->state = S_DATA;
        return RSP_NONE;
    }
    case S_CS1:
        if (rsp_hexval(c) < 0) return bad(rx, "a checksum that is not two hex digits");
        rx->cs = (uint8_t)(rsp_hexval(c) << 4);
        rx->state = S_CS2;
        return RSP_NONE;
    case S_CS2:
        if (rsp_hexval(c) < 0) return bad(rx, "a checksum that is not two hex digits");
        rx->cs |= (uint8_t)rsp_hexval(c);
        if (rx->cs != rx->sum) return bad(rx, "a checksum that does not match the packet");
        if (rx->overlong) return bad(rx, "a packet longer than the PacketSize announced");
        rx->state = S_IDLE;
        rx->data[rx->len] = 0;
        return RSP_PACKET;
    }
    return bad(rx, "a receiver in no known state");
}

long rsp_frame(const void *data, size_t n, char *out, size_t cap)
{
    const uint8_t *d = data;
    size_t k = 0;
    uint8_t sum = 0;
    if (cap < 4) return -1;
    out[k++] = '$';
    for (size_t i = 0; i < n; i++) {
        uint8_t c = d[i];
        int esc = c == '$' || c == '#' || c == '}' || c == '*';
        if (k + 1 + esc + 3 > cap) return -1;
        if (esc) {
            out[k++] = '}';
            sum += '}';
            c ^= 0x20;
        }
        out[k++] = (char)c;
        sum += c;
    }
    static const char hex[] = "0123456789abcdef";
    out[k++] = '#';
    out[k++] = hex[sum >> 4];
    out[k++] = hex[sum & 15];
    return (long)k;
}

int rsp_hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void rsp_hex_encode(const void *in, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    const uint8_t *b = in;
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[b[i] >> 4];
        out[2 * i + 1] = hex[b[i] & 15];
    }
    out[2 * n] = 0;
}

int rsp_hex_decode(const char *in, size_t n, void *out)
{
    uint8_t *b = out;
    for (size_t i = 0; i < n; i++) {
        int hi = rsp_hexval((unsigned char)in[2 * i]);
        int lo = hi < 0 ? -1 : rsp_hexval((unsigned char)in[2 * i + 1]);
        if (lo < 0) return -1;
        b[i] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}

int rsp_hex_u32(const char **s, uint32_t *v)
{
    const char *p = *s;
    uint32_t x = 0;
    int n = 0;
    for (; rsp_hexval((unsigned char)*p) >= 0; p++) {
        if (n == 8) return -1;
        if (x || *p != '0') n++; /* leading zeros are no bits */
        x = x << 4 | (uint32_t)rsp_hexval((unsigned char)*p);
    }
    if (p == *s) return -1;
    *s = p;
    *v = x;
    return 0;
}
