/* test_rsp.c: the remote protocol's framing: checksums (gdb's own packets, with the sums gdb
 * computes), escapes, run-length counts, acks and interrupts, and every malformed packet
 * refused with a reason. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "rsp.h"

static int feed(rsp_rx *rx, const char *s, size_t n)
{
    int last = RSP_NONE;
    for (size_t i = 0; i < n; i++) {
        int e = rsp_rx_byte(rx, (uint8_t)s[i]);
        if (e != RSP_NONE) last = e;
    }
    return last;
}
#define FEED(rx, lit) feed(rx, lit, sizeof lit - 1)

Test(rsp, gdbs_packets_with_their_checksums)
{
    rsp_rx rx;
    rsp_rx_init(&rx);
    /* as gdb 13 sends them (checksums from a gdb session's "set debug remote 1") */
    cr_assert_eq(FEED(&rx, "$g#67"), RSP_PACKET);
    cr_expect_str_eq(rx.data, "g");
    cr_assert_eq(FEED(&rx, "$qC#b4"), RSP_PACKET);
    cr_expect_str_eq(rx.data, "qC");
    cr_assert_eq(FEED(&rx, "$?#3f"), RSP_PACKET);
    cr_expect_eq(rx.len, 1u);
    cr_expect_eq(FEED(&rx, "+"), RSP_ACK);
    cr_expect_eq(FEED(&rx, "-"), RSP_NAK);
    cr_expect_eq(FEED(&rx, "\x03"), RSP_INTERRUPT);
    /* noise between packets is no event */
    cr_expect_eq(FEED(&rx, "xyz\r\n"), RSP_NONE);
}

Test(rsp, a_bad_checksum_is_refused_with_a_reason)
{
    rsp_rx rx;
    rsp_rx_init(&rx);
    cr_assert_eq(FEED(&rx, "$g#68"), RSP_BAD);
    cr_expect(strstr(rx.why, "does not match"), "%s", rx.why);
    cr_assert_eq(FEED(&rx, "$g#6z"), RSP_BAD);
    cr_expect(strstr(rx.why, "hex"), "%s", rx.why);
    /* and the next good packet is taken */
    cr_expect_eq(FEED(&rx, "$g#67"), RSP_PACKET);
}

Test(rsp, escapes_and_run_length_counts)
{
    rsp_rx rx;
    rsp_rx_init(&rx);
    /* X packet data: '}' 0x5d escapes '#' (0x23 ^ 0x20 = 0x03): the sum is over raw bytes */
    const char raw[] = "a}\x03"; /* a, then '#' escaped */
    unsigned sum = 0;
    for (const char *p = raw; *p; p++)
        sum += (uint8_t)*p;
    char pkt[32];
    snprintf(pkt, sizeof pkt, "$%s#%02x", raw, sum & 255);
    cr_assert_eq(feed(&rx, pkt, strlen(pkt)), RSP_PACKET);
    cr_expect_eq(rx.len, 2u);
    cr_expect_eq(rx.data[1], '#');
    /* "0* " is '0' and 3 more (' ' is 32, 32 - 29 = 3) */
    cr_assert_eq(FEED(&rx, "$0* #7a"), RSP_PACKET);
    cr_expect_str_eq(rx.data, "0000");
    cr_expect_eq(FEED(&rx, "$* #4a"), RSP_BAD);
    cr_expect(strstr(rx.why, "nothing to repeat"), "%s", rx.why);
    cr_expect_eq(FEED(&rx, "$0*\x01#00"), RSP_BAD);
    cr_expect_eq(FEED(&rx, "$}#00"), RSP_BAD);
}

Test(rsp, a_packet_longer_than_packetsize_is_refused_whole)
{
    rsp_rx rx;
    rsp_rx_init(&rx);
    static char big[RSP_PACKET_MAX + 16];
    memset(big, 'a', sizeof big);
    unsigned sum = 'a' * (unsigned)(RSP_PACKET_MAX + 1);
    char tail[8];
    snprintf(tail, sizeof tail, "#%02x", sum & 255);
    cr_expect_eq(FEED(&rx, "$"), RSP_NONE);
    cr_expect_eq(feed(&rx, big, RSP_PACKET_MAX + 1), RSP_NONE);
    cr_assert_eq(feed(&rx, tail, 3), RSP_BAD);
    cr_expect(strstr(rx.why, "PacketSize"), "%s", rx.why);
    /* a run-length count past the limit too */
    cr_expect_eq(FEED(&rx, "$"), RSP_NONE);
    cr_expect_eq(feed(&rx, big, RSP_PACKET_MAX - 2), RSP_NONE);
    int e = RSP_NONE;
    const char rle[] = "*~";
    sum = 'a' * (unsigned)(RSP_PACKET_MAX - 2) + '*' + '~';
    snprintf(tail, sizeof tail, "#%02x", sum & 255);
    e = feed(&rx, rle, 2);
    cr_expect_eq(e, RSP_NONE);
    cr_expect_eq(feed(&rx, tail, 3), RSP_BAD);
}

Test(rsp, a_dollar_inside_a_packet_starts_it_again)
{
    rsp_rx rx;
    rsp_rx_init(&rx);
    cr_assert_eq(FEED(&rx, "$m0,4$g#67"), RSP_PACKET);
    cr_expect_str_eq(rx.data, "g");
}

Test(rsp, frames_escape_what_gdb_would_misread)
{
    char out[64];
    long n = rsp_frame("OK", 2, out, sizeof out);
    cr_assert_eq(n, 6);
    cr_expect_eq(memcmp(out, "$OK#9a", 6), 0);
    n = rsp_frame("a*#$}", 5, out, sizeof out);
    cr_assert_gt(n, 0);
    out[n] = 0;
    cr_expect_str_eq(out, "$a}\x0a}\x03}\x04}]#c3");
    rsp_rx rx;
    rsp_rx_init(&rx);
    cr_assert_eq(feed(&rx, out, (size_t)n), RSP_PACKET);
    cr_expect_str_eq(rx.data, "a*#$}");
    cr_expect_eq(rsp_frame("OK", 2, out, 5), -1);
}

Test(rsp, hex_numbers_and_bytes)
{
    const char *s = "400120,4";
    uint32_t v;
    cr_assert_eq(rsp_hex_u32(&s, &v), 0);
    cr_expect_eq(v, 0x400120u);
    cr_expect_eq(*s, ',');
    s = "00000000ffffffff";
    cr_assert_eq(rsp_hex_u32(&s, &v), 0);
    cr_expect_eq(v, 0xffffffffu);
    s = "100000000";
    cr_expect_eq(rsp_hex_u32(&s, &v), -1);
    s = ",4";
    cr_expect_eq(rsp_hex_u32(&s, &v), -1);
    uint8_t b[4];
    cr_expect_eq(rsp_hex_decode("0a0B0c", 3, b), 0);
    cr_expect_eq(b[1], 0x0b);
    cr_expect_eq(rsp_hex_decode("0g", 1, b), -1);
    cr_expect_eq(rsp_hex_decode("0", 1, b), -1);
    char h[9];
    rsp_hex_encode("\x12\xab", 2, h);
    cr_expect_str_eq(h, "12ab");
}
