/* fuzz_rsp.c: any bytes from a gdb connection, through the packet receiver and the stub's
 * packet handler on a fake target: no crash, every reply fits its buffer, every event is one
 * the receiver names. The bytes are taken twice: as they come (framing and checksums), and
 * each $...# stretch as a packet whatever its checksum, so the handler sees mutated packets
 * too and not only the few whose checksums a mutation left right. */
#include <stdlib.h>
#include <string.h>

#include "../tests/fake_target.h"
#include "gdbstub.h"

static void handle(gdb_session *s, const char *p, size_t n, char *out, size_t cap)
{
    size_t k;
    int act = gdb_handle(s, p, n, out, cap, &k);
    if (k >= cap || act < GDB_REPLY || act > GDB_KILL) abort();
    if (act == GDB_RESUME) {
        dbg_event ev;
        s->t->ops->resume(s->t->t, s->step, &ev);
        if (gdb_stop_reply(s, &ev, out, cap) >= cap) abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fake f, kid; /* 64 KiB: not on the stack */
    memset(&f, 0, sizeof f);
    memset(&kid, 0, sizeof kid);
    f.regs[DBG_R_PC] = FAKE_BASE;
    f.exit_at = 3;
    f.fork_at = 2; /* a fork its child follows, with multiprocess+;fork-events+ */
    f.kid = &kid;
    dbg_target t = {&fake_ops, &f};
    dbg_event first = {.why = DBG_STOP_STEP, .pid = 42};
    gdb_session s;
    const size_t cap = 2 * RSP_PACKET_MAX + 16;
    char *out = malloc(cap);
    rsp_rx *rx = malloc(sizeof *rx);
    if (!out || !rx) abort();
    gdb_session_init(&s, &t, &first, 0);
    rsp_rx_init(rx);
    for (size_t i = 0; i < size; i++) {
        int e = rsp_rx_byte(rx, data[i]);
        if (e < RSP_NONE || e > RSP_BAD || (e == RSP_BAD && !rx->why)) abort();
        if (e == RSP_PACKET) {
            if (rx->len > RSP_PACKET_MAX || rx->data[rx->len]) abort();
            handle(&s, rx->data, rx->len, out, cap);
        }
    }
    gdb_session_init(&s, &t, &first, 1);
    char *pkt = malloc(size + 1);
    if (!pkt) abort();
    for (size_t i = 0; i < size; i++) {
        if (data[i] != '$') continue;
        size_t j = i + 1;
        while (j < size && data[j] != '#')
            j++;
        memcpy(pkt, data + i + 1, j - i - 1);
        pkt[j - i - 1] = 0;
        handle(&s, pkt, j - i - 1, out, cap);
        /* and its framing: what the encoder makes, the receiver takes back unchanged */
        char *fr = malloc(2 * (j - i) + 8);
        long fl = fr ? rsp_frame(pkt, j - i - 1, fr, 2 * (j - i) + 8) : -1;
        if (fl < 0) abort();
        rsp_rx_init(rx);
        int e = RSP_NONE;
        for (long k = 0; k < fl; k++)
            e = rsp_rx_byte(rx, (uint8_t)fr[k]);
        if (j - i - 1 <= RSP_PACKET_MAX &&
            (e != RSP_PACKET || rx->len != j - i - 1 || memcmp(rx->data, pkt, rx->len)))
            abort();
        free(fr);
        i = j;
    }
    free(pkt);
    free(rx);
    free(out);
    return 0;
}
