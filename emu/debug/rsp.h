/* rsp.h: the gdb remote serial protocol's packet layer, over bytes only (no sockets): a
 * receiver fed one byte at a time that yields packets, acks and interrupts, an encoder for
 * replies, and the hex helpers the packets are made of. Every malformed input is an event
 * with a reason, never a crash: the bytes come from whoever connects to the stub. */
#ifndef WA_RSP_H
#define WA_RSP_H

#include <stddef.h>
#include <stdint.h>

/* The longest packet data taken in (after escapes and run-length expansion), and the
 * PacketSize announced in qSupported: gdb then sends no longer packet. */
#define RSP_PACKET_MAX 4096

enum rsp_event {
    RSP_NONE,      /* the byte was taken in; nothing complete yet (or noise between packets) */
    RSP_PACKET,    /* a packet with a good checksum: rx->data, rx->len (NUL after it) */
    RSP_ACK,       /* '+' */
    RSP_NAK,       /* '-': the peer asks for the last packet again */
    RSP_INTERRUPT, /* 0x03 outside a packet: gdb's Ctrl-C */
    RSP_BAD,       /* a packet that must be refused (rx->why says why); the peer gets '-' */
};

typedef struct rsp_rx {
    int state;   /* where in a packet the next byte falls (rsp.c) */
    uint8_t sum; /* the checksum of the bytes so far */
    uint8_t cs;  /* the checksum's first digit */
    int overlong;
    size_t len;
    char data[RSP_PACKET_MAX + 1];
    const char *why; /* the reason of the last RSP_BAD */
} rsp_rx;

void rsp_rx_init(rsp_rx *rx);
int rsp_rx_byte(rsp_rx *rx, uint8_t c); /* enum rsp_event */

/* Frame n bytes of data as $data#cs, escaping '$', '#', '}' and '*'. The frame's length, or
 * -1 when it does not fit in cap bytes. */
long rsp_frame(const void *data, size_t n, char *out, size_t cap);

/* Hex: a digit's value or -1; n bytes as 2n lowercase digits (out holds 2n + 1). */
int rsp_hexval(int c);
void rsp_hex_encode(const void *in, size_t n, char *out);
/* 2n digits to n bytes: 0, or -1 on a character that is not a hex digit. */
int rsp_hex_decode(const char *in, size_t n, void *out);
/* A hex number at *s: 0 and *s after it, or -1 (no digit, or more than 32 bits). */
int rsp_hex_u32(const char **s, uint32_t *v);

#endif
