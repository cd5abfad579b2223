/* gdbstub.c: gdb's remote protocol over a dbg_target. The packets (gdb's "Packets" and
 * "Stop Reply Packets" documentation) map onto the target's operations: registers in gdb's
 * MIPS order with the FPU's reported unavailable, memory, Z/z breakpoints and watchpoints,
 * s/c/vCont resume. The target description tells gdb the registers and mips:isa32; the byte
 * order comes from the program gdb loads (the ELF), as the description cannot say it. With
 * gdb's multiprocess+ and fork-events+ on a target that can follow (a user-mode process), a
 * fork's child is attached as gdbserver attaches it, and gdb decides which process it keeps
 * (follow-fork-mode, detach-on-fork) with D;PID. */
#include "gdbstub.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>

/* gdb's numbering past target.h's: the FPU (mips-tdep requires the feature) */
enum { R_F0 = DBG_NREGS, R_FCSR = R_F0 + 32, R_FIR, R_ALL };

/* The target description: the features mips-tdep.c looks for, with the register numbers of
 * the g packet. */
static size_t target_xml(char *b, size_t cap)
{
    size_t k = 0;
#define ADD(...) (k += (size_t)snprintf(k < cap ? b + k : NULL, k < cap ? cap - k : 0, __VA_ARGS__))
    ADD("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target>\n"
        "<architecture>mips:isa32</architecture>\n"
        "<feature name=\"org.gnu.gdb.mips.cpu\">\n");
    for (int i = 0; i < 32; i++)
        ADD("<reg name=\"r%d\" bitsize=\"32\" regnum=\"%d\"/>\n", i, i);
    ADD("<reg name=\"lo\" bitsize=\"32\" regnum=\"%d\"/>\n"
        "<reg name=\"hi\" bitsize=\"32\" regnum=\"%d\"/>\n"
        "<reg name=\"pc\" bitsize=\"32\" regnum=\"%d\"/>\n</feature>\n",
        DBG_R_LO, DBG_R_HI, DBG_R_PC);
    ADD("<feature name=\"org.gnu.gdb.mips.cp0\">\n"
        "<reg name=\"status\" bitsize=\"32\" regnum=\"%d\"/>\n"
        "<reg name=\"badvaddr\" bitsize=\"32\" regnum=\"%d\"/>\n"
        "<reg name=\"cause\" bitsize=\"32\" regnum=\"%d\"/>\n</feature>\n",
        DBG_R_SR, DBG_R_BADVADDR, DBG_R_CAUSE);
    ADD("<feature name=\"org.gnu.gdb.mips.fpu\">\n");
    for (int i = 0; i < 32; i++)
        ADD("<reg name=\"f%d\" bitsize=\"32\" type=\"ieee_single\" regnum=\"%d\"/>\n", i, R_F0 + i);
    ADD("<reg name=\"fcsr\" bitsize=\"32\" group=\"float\" regnum=\"%d\"/>\n"
        "<reg name=\"fir\" bitsize=\"32\" group=\"float\" regnum=\"%d\"/>\n</feature>\n"
        "</target>\n",
        R_FCSR, R_FIR);
#undef ADD
    return k < cap ? k : cap;
}

/* Linux MIPS signal numbers (what a user-mode stop carries) to gdb's own numbering, which
 * the protocol uses. */
static const uint8_t mips_to_gdb_sig[32] = {
    0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15,
    30, 31, 20, 32, 28, 16, 23, 17, 18, 19, 21, 22, 26, 27, 24, 25,
};

/* A CPU exception's ExcCode to the signal Linux would send for it. */
static int exc_signal(int code)
{
    switch (code) {
    case 0: return 2; /* Int: as if interrupted */
    case 1:
    case 2:
    case 3: return 11; /* TLB: SIGSEGV */
    case 4:
    case 5:
    case 6:
    case 7: return 10; /* address error, bus error: SIGBUS */
    case 10:
    case 11: return 4; /* RI, CpU: SIGILL */
    case 12:
    case 15: return 8; /* Ov, FPE: SIGFPE */
    default: return 5; /* Sys, Bp, Tr and the rest: SIGTRAP */
    }
}

static int gdb_sig(int mips)
{
    return mips > 0 && mips < 32 ? mips_to_gdb_sig[mips] : 5;
}

void gdb_session_init(gdb_session *s, const dbg_target *t, const dbg_event *first, int attached)
{
    memset(s, 0, sizeof *s);
    s->t = t;
    s->attached = attached;
    s->why = *first;
    s->user = first->pid > 0;
    s->tid = s->user ? first->pid : 1;
    for (int i = 0; i < GDB_NBREAK; i++)
        s->bp[i].kind = -1;
    s->proc[0].pid = s->tid;
}

/* The processes attached (multiprocess): the current one's state lives in the session's own
 * fields and is saved to its entry when another becomes current. */
static void save_cur(gdb_session *s)
{
    gdb_proc *e = &s->proc[s->cur];
    e->t = s->t;
    e->pid = s->tid;
    e->followed = s->followed;
    e->why = s->why;
    memcpy(e->bp, s->bp, sizeof e->bp);
}

static void select_proc(gdb_session *s, int i)
{
    if (i == s->cur) return;
    save_cur(s);
    const gdb_proc *e = &s->proc[i];
    s->cur = i;
    s->t = e->t;
    s->tid = e->pid;
    s->followed = e->followed;
    s->why = e->why;
    memcpy(s->bp, e->bp, sizeof s->bp);
}

static int find_proc(const gdb_session *s, int pid)
{
    if (pid == s->tid) return s->cur;
    for (int i = 0; i < GDB_NPROC; i++)
        if (i != s->cur && s->proc[i].pid == pid) return i;
    return -1;
}

/* The current process leaves the session (detached, or it ended): another becomes current;
 * none left, the session is over (gone). */
static void drop_cur(gdb_session *s)
{
    s->proc[s->cur].pid = 0;
    for (int i = 0; i < GDB_NPROC; i++)
        if (i != s->cur && s->proc[i].pid) {
            int was = s->cur;
            s->cur = i; /* the dropped entry is not saved */
            s->t = s->proc[i].t;
            s->tid = s->proc[i].pid;
            s->followed = s->proc[i].followed;
            s->why = s->proc[i].why;
            memcpy(s->bp, s->proc[i].bp, sizeof s->bp);
            s->proc[was].pid = 0;
            return;
        }
    s->gone = 1;
}

/* What gdb set in the current process is taken out, and it runs on without the debugger. */
static void let_go_cur(gdb_session *s)
{
    for (int i = 0; i < GDB_NBREAK; i++)
        if (s->bp[i].kind >= 0)
            s->t->ops->clear_break(s->t->t, s->bp[i].kind, s->bp[i].addr, s->bp[i].len);
    if (s->t->ops->let_go) s->t->ops->let_go(s->t->t);
}

/* A fork's child, held by the target: attached, with the breakpoints of gdb's the parent has
 * in its memory (gdb takes them out of the child itself, or keeps them when it follows it),
 * and its own forks followed too. 0, or -1 (the child runs on its own). */
static int attach_child(gdb_session *s, int pid)
{
    int slot = -1;
    for (int i = 0; i < GDB_NPROC && slot < 0; i++)
        if (i != s->cur && !s->proc[i].pid) slot = i;
    dbg_target *c = NULL;
    char why[160];
    if (slot < 0 || s->t->ops->follow(s->t->t, pid, &c, why, sizeof why)) return -1;
    gdb_proc *e = &s->proc[slot];
    *e = (gdb_proc){.t = c, .pid = pid, .followed = 1, .why = {.why = DBG_STOP_STEP, .pid = pid}};
    for (int i = 0; i < GDB_NBREAK; i++) {
        const gdb_break *b = &s->bp[i];
        e->bp[i].kind = -1;
        if (b->kind == DBG_BP_SW && !c->ops->set_break(c->t, b->kind, b->addr, b->len))
            e->bp[i] = *b;
    }
    if (c->ops->catch_event) c->ops->catch_event(c->t, DBG_STOP_FORK, 1, 0, 1);
    return 0;
}

/* A thread id as gdb writes it: pPID.TID, pPID, PID (hex), -1 (all) or 0 (any): the pid,
 * -1 or 0. 0 on success, -1 when malformed. */
static int thread_id(const char **p, int *pid)
{
    const char *q = *p;
    if (*q == 'p') q++;
    if (q[0] == '-' && q[1] == '1') {
        *pid = -1;
        *p = q + 2;
        return 0;
    }
    uint32_t v;
    if (rsp_hex_u32(&q, &v) || v > 0x7fffffff) return -1;
    *pid = (int)v;
    if (**p == 'p' && *q == '.') { /* the thread of the process: one thread each */
        q++;
        uint32_t t;
        if (q[0] == '-' && q[1] == '1')
            q += 2;
        else if (rsp_hex_u32(&q, &t))
            return -1;
    }
    *p = q;
    return 0;
}

static void put_le32(char *out, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    rsp_hex_encode(b, 4, out);
}

static int get_le32(const char *in, uint32_t *v)
{
    uint8_t b[4];
    if (rsp_hex_decode(in, 4, b)) return -1;
    *v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    return 0;
}

static const gdb_break *find_break(const gdb_session *s, int exec, uint32_t addr)
{
    for (int i = 0; i < GDB_NBREAK; i++) {
        const gdb_break *b = &s->bp[i];
        if (b->kind < 0 || (b->kind <= DBG_BP_HW) != exec) continue;
        if (exec ? b->addr == addr : addr - b->addr < b->len) return b;
    }
    return NULL;
}

/* fresh: the stop has just happened (a fork's child is attached, an ended process leaves
 * the session), else it is told again ('?') */
static size_t stop_reply(gdb_session *s, const dbg_event *ev, int fresh, char *out, size_t cap)
{
    s->why = *ev;
    size_t k = 0;
#define ADD(...)                                                                                   \
    (k += (size_t)snprintf(k < cap ? out + k : NULL, k < cap ? cap - k : 0, __VA_ARGS__))
    /* the end of the process served (a user-mode target), or of the whole run; a process of
     * the kernel's run ending is a stop like another */
    int ours = ev->why == DBG_STOP_PROCESS && s->user && ev->pid == s->tid;
    if (s->multi && (ours || ev->why == DBG_STOP_END)) {
        /* one process of those attached ended; the session ends with the last */
        if (ours && ev->code < 0)
            ADD("X%02x;process:%x", gdb_sig(-ev->code), (unsigned)s->tid);
        else
            ADD("W%02x;process:%x", ours ? ev->code & 0xff : 0, (unsigned)s->tid);
        if (fresh && !s->gone) {
            if (s->t->ops->let_go) s->t->ops->let_go(s->t->t);
            drop_cur(s);
        }
        return k < cap ? k : cap - 1;
    }
    if (ours || ev->why == DBG_STOP_END) {
        s->gone = 1;
        if (ours && ev->code < 0)
            ADD("X%02x", gdb_sig(-ev->code));
        else
            ADD("W%02x", ours ? ev->code & 0xff : 0);
        return k < cap ? k : cap - 1;
    }
    int sig = 5;
    if (ev->why == DBG_STOP_INTERRUPT) sig = 2;
    if (ev->why == DBG_STOP_EXCEPTION) sig = exc_signal(ev->code);
    ADD("T%02x", sig);
    if (ev->why == DBG_STOP_BREAK) {
        const gdb_break *b = find_break(s, 1, ev->pc);
        ADD("%s:;", b && b->kind == DBG_BP_HW ? "hwbreak" : "swbreak");
    } else if (ev->why == DBG_STOP_SYSCALL) {
        /* the target says which side of the call in its text */
        ADD("%s:%x;", strncmp(ev->text, "return", 6) ? "syscall_entry" : "syscall_return",
            (unsigned)ev->code);
    } else if (ev->why == DBG_STOP_FORK && s->multi && ev->code > 0 &&
               (fresh ? !attach_child(s, ev->code) : find_proc(s, ev->code) >= 0)) {
        ADD("fork:p%x.%x;", (unsigned)ev->code, (unsigned)ev->code);
    } else if (ev->why == DBG_STOP_WATCH) {
        const gdb_break *b = find_break(s, 0, ev->addr);
        const char *w = !b || b->kind == DBG_BP_WRITE ? "watch"
                        : b->kind == DBG_BP_READ      ? "rwatch"
                                                      : "awatch";
        ADD("%s:%x;", w, ev->addr);
    }
    uint32_t r[DBG_NREGS];
    if (!s->t->ops->read_regs(s->t->t, r)) {
        char h[9];
        put_le32(h, r[29]);
        ADD("1d:%s;", h);
        put_le32(h, r[DBG_R_PC]);
        ADD("%02x:%s;", DBG_R_PC, h);
    }
    if (s->multi)
        ADD("thread:p%x.%x;", s->tid, s->tid);
    else
        ADD("thread:%x;", s->tid);
#undef ADD
    return k < cap ? k : cap - 1;
}

size_t gdb_stop_reply(gdb_session *s, const dbg_event *ev, char *out, size_t cap)
{
    return stop_reply(s, ev, 1, out, cap);
}

/* "ADDR,LEN" at *p: 0, or -1 when malformed. */
static int addr_len(const char **p, uint32_t *addr, uint32_t *len)
{
    if (rsp_hex_u32(p, addr) || **p != ',') return -1;
    (*p)++;
    return rsp_hex_u32(p, len);
}

static int reply(char *out, size_t cap, size_t *n, const char *s)
{
    *n = (size_t)snprintf(out, cap, "%s", s);
    if (*n >= cap) *n = cap - 1;
    return GDB_REPLY;
}

static int z_packet(gdb_session *s, const char *p, char *out, size_t cap, size_t *n)
{
    int set = p[0] == 'Z';
    static const int kinds[] = {DBG_BP_SW, DBG_BP_HW, DBG_BP_WRITE, DBG_BP_READ, DBG_BP_ACCESS};
    if (p[1] < '0' || p[1] > '4' || p[2] != ',') return reply(out, cap, n, "E16");
    int kind = kinds[p[1] - '0'];
    const char *q = p + 3;
    uint32_t addr, len;
    /* the rest (";cond..." of target-side conditions) is not announced, so not sent */
    if (addr_len(&q, &addr, &len) || (*q && *q != ';')) return reply(out, cap, n, "E16");
    if (kind <= DBG_BP_HW) len = 4;
    if (!len) return reply(out, cap, n, "E16");
    int slot = -1;
    for (int i = 0; i < GDB_NBREAK; i++) {
        gdb_break *b = &s->bp[i];
        if (b->kind == kind && b->addr == addr && b->len == len) slot = i;
    }
    if (set) {
        if (slot >= 0) return reply(out, cap, n, "OK"); /* gdb may insert twice */
        for (int i = 0; i < GDB_NBREAK && slot < 0; i++)
            if (s->bp[i].kind < 0) slot = i;
        if (slot < 0 || s->t->ops->set_break(s->t->t, kind, addr, len))
            return reply(out, cap, n, "E0c");
        s->bp[slot] = (gdb_break){kind, addr, len};
        return reply(out, cap, n, "OK");
    }
    if (slot < 0) return reply(out, cap, n, "OK");
    s->t->ops->clear_break(s->t->t, kind, addr, len);
    s->bp[slot].kind = -1;
    return reply(out, cap, n, "OK");
}

static int mem_packet(gdb_session *s, const char *p, size_t plen, char *out, size_t cap, size_t *n)
{
    const char *q = p + 1;
    uint32_t addr, len;
    if (addr_len(&q, &addr, &len)) return reply(out, cap, n, "E16");
    if (p[0] == 'm') {
        if (len > (cap - 1) / 2) len = (uint32_t)((cap - 1) / 2); /* gdb asks again for more */
        uint8_t buf[RSP_PACKET_MAX];
        if (len > sizeof buf) len = sizeof buf;
        if (s->t->ops->read_mem(s->t->t, addr, buf, len)) return reply(out, cap, n, "E0e");
        rsp_hex_encode(buf, len, out);
        *n = 2 * (size_t)len;
        return GDB_REPLY;
    }
    if (*q++ != ':') return reply(out, cap, n, "E16");
    size_t have = plen - (size_t)(q - p);
    uint8_t buf[RSP_PACKET_MAX];
    if (p[0] == 'M') {
        if (len > sizeof buf || have != 2 * (size_t)len || rsp_hex_decode(q, len, buf))
            return reply(out, cap, n, "E16");
    } else {
        if (len > sizeof buf || have != len) return reply(out, cap, n, "E16");
        memcpy(buf, q, len);
    }
    if (len && s->t->ops->write_mem(s->t->t, addr, buf, len)) return reply(out, cap, n, "E0e");
    return reply(out, cap, n, "OK");
}

static int regs_packet(gdb_session *s, const char *p, size_t plen, char *out, size_t cap, size_t *n)
{
    uint32_t r[DBG_NREGS];
    if (s->gone || s->t->ops->read_regs(s->t->t, r)) return reply(out, cap, n, "E01");
    if (p[0] == 'g') {
        if (cap < 8 * R_ALL + 1) return reply(out, cap, n, "E01");
        for (int i = 0; i < R_ALL; i++) {
            if (i < DBG_NREGS)
                put_le32(out + 8 * i, r[i]);
            else
                memcpy(out + 8 * i, "xxxxxxxx", 8);
        }
        out[8 * R_ALL] = 0;
        *n = 8 * R_ALL;
        return GDB_REPLY;
    }
    if (p[0] == 'G') {
        /* gdb sends what it has: the target's registers at least; unavailable ones as x */
        if (plen < 1 + 8 * DBG_NREGS) return reply(out, cap, n, "E16");
        uint32_t v[DBG_NREGS];
        for (int i = 0; i < DBG_NREGS; i++) {
            const char *h = p + 1 + 8 * i;
            if (h[0] == 'x')
                v[i] = r[i];
            else if (get_le32(h, &v[i]))
                return reply(out, cap, n, "E16");
        }
        for (int i = 0; i < DBG_NREGS; i++)
            if (v[i] != r[i] && s->t->ops->write_reg(s->t->t, i, v[i]))
                return reply(out, cap, n, "E01");
        return reply(out, cap, n, "OK");
    }
    const char *q = p + 1;
    uint32_t reg, v;
    if (rsp_hex_u32(&q, &reg) || reg >= R_ALL) return reply(out, cap, n, "E16");
    if (p[0] == 'p') {
        if (reg >= DBG_NREGS) return reply(out, cap, n, "xxxxxxxx");
        put_le32(out, r[reg]);
        *n = 8;
        return GDB_REPLY;
    }
    if (*q++ != '=' || strlen(q) < 8 || get_le32(q, &v)) return reply(out, cap, n, "E16");
    if (reg >= DBG_NREGS) return reply(out, cap, n, "OK"); /* the FPU is not there */
    if (s->t->ops->write_reg(s->t->t, (int)reg, v)) return reply(out, cap, n, "E01");
    return reply(out, cap, n, "OK");
}

/* qXfer:features:read:ANNEX:OFFSET,LENGTH */
static int xfer_packet(gdb_session *s, const char *p, char *out, size_t cap, size_t *n)
{
    static const char pre[] = "qXfer:features:read:target.xml:";
    if (strncmp(p, pre, sizeof pre - 1)) return reply(out, cap, n, "E00");
    const char *q = p + sizeof pre - 1;
    uint32_t off, len;
    if (addr_len(&q, &off, &len) || *q) return reply(out, cap, n, "E16");
    char xml[8192];
    size_t total = target_xml(xml, sizeof xml);
    if (off > total) return reply(out, cap, n, "E16");
    size_t k = total - off;
    if (k > len) k = len;
    if (k > cap - 2) k = cap - 2;
    out[0] = off + k < total ? 'm' : 'l';
    memcpy(out + 1, xml + off, k);
    out[1 + k] = 0;
    *n = 1 + k;
    (void)s;
    return GDB_REPLY;
}

static int resume(gdb_session *s, int step, char *out, size_t cap, size_t *n)
{
    if (s->gone) {
        *n = stop_reply(s, &s->why, 0, out, cap);
        return GDB_REPLY;
    }
    s->step = step;
    *n = 0;
    out[0] = 0;
    return GDB_RESUME;
}

/* vCont;ACTION[:TID][;ACTION[:TID]]...: one thread, so the first action is the one */
static int vcont_packet(gdb_session *s, const char *p, char *out, size_t cap, size_t *n)
{
    if (!strcmp(p, "vCont?")) return reply(out, cap, n, "vCont;c;C;s;S");
    if (p[5] != ';') return reply(out, cap, n, "");
    char a = p[6];
    /* the first action's thread (gdb resumes the process it follows; the others attached
     * stay held) */
    const char *q = p + 7;
    if (a == 'C' || a == 'S') {
        uint32_t sig;
        if (rsp_hex_u32(&q, &sig)) return reply(out, cap, n, "E16");
    }
    if (*q == ':' && s->multi) {
        q++;
        int pid, i;
        if (thread_id(&q, &pid)) return reply(out, cap, n, "E16");
        if (pid > 0) {
            if ((i = find_proc(s, pid)) < 0) return reply(out, cap, n, "E01");
            select_proc(s, i);
        }
    }
    if (a == 'c' || a == 'C') return resume(s, 0, out, cap, n);
    if (a == 's' || a == 'S') return resume(s, 1, out, cap, n);
    return reply(out, cap, n, "E16");
}

/* QCatchSyscalls:0, QCatchSyscalls:1 (every one), QCatchSyscalls:1;NR;NR... (hex) */
static int catch_packet(gdb_session *s, const char *q, char *out, size_t cap, size_t *n)
{
    int (*catch_event)(void *, int, int, uint64_t, int) = s->t->ops->catch_event;
    if (!catch_event || s->gone) return reply(out, cap, n, "E01");
    if ((q[0] != '0' && q[0] != '1') || (q[1] && (q[0] == '0' || q[1] != ';')))
        return reply(out, cap, n, "E16");
    /* each number checked before any is set: a bad packet changes nothing */
    for (const char *r = q + 1; *r;) {
        uint32_t nr;
        r++;
        if (rsp_hex_u32(&r, &nr) || nr > 0x7fffffff || (*r && *r != ';'))
            return reply(out, cap, n, "E16");
    }
    if (catch_event(s->t->t, DBG_STOP_SYSCALL, -1, 0, q[0] == '1' && !q[1]))
        return reply(out, cap, n, "E01");
    for (const char *r = q + 1; *r;) {
        uint32_t nr;
        r++;
        rsp_hex_u32(&r, &nr);
        if (catch_event(s->t->t, DBG_STOP_SYSCALL, (int)nr, 0, 1)) return reply(out, cap, n, "E01");
    }
    return reply(out, cap, n, "OK");
}

/* gdb's qSupported:F;F;... names feature f */
static int gdb_feature(const char *p, const char *f)
{
    size_t k = strlen(f);
    for (const char *q = strchr(p, ':'); q; q = strchr(q, ';')) {
        q++;
        if (!strncmp(q, f, k) && (q[k] == ';' || !q[k])) return 1;
    }
    return 0;
}

static int query_packet(gdb_session *s, const char *p, char *out, size_t cap, size_t *n)
{
    char buf[160];
    if (!strncmp(p, "qSupported", 10)) {
        /* forks followed when gdb offers both and the target can: it holds each child */
        s->multi = s->multi || (gdb_feature(p, "multiprocess+") && gdb_feature(p, "fork-events+") &&
                                s->t->ops->follow && s->t->ops->catch_event && s->user &&
                                !s->t->ops->catch_event(s->t->t, DBG_STOP_FORK, 1, 0, 1));
        snprintf(buf, sizeof buf,
                 "PacketSize=%x;qXfer:features:read+;swbreak+;hwbreak+;vContSupported+;"
                 "QStartNoAckMode+%s%s",
                 RSP_PACKET_MAX, s->t->ops->catch_event ? ";QCatchSyscalls+" : "",
                 s->multi ? ";multiprocess+;fork-events+" : "");
        return reply(out, cap, n, buf);
    }
    if (!strncmp(p, "QCatchSyscalls:", 15)) return catch_packet(s, p + 15, out, cap, n);
    if (!strncmp(p, "qXfer:", 6)) return xfer_packet(s, p, out, cap, n);
    if (!strcmp(p, "qC")) {
        if (s->multi)
            snprintf(buf, sizeof buf, "QCp%x.%x", s->tid, s->tid);
        else
            snprintf(buf, sizeof buf, "QC%x", s->tid);
        return reply(out, cap, n, buf);
    }
    if (!strncmp(p, "qAttached", 9)) return reply(out, cap, n, s->attached ? "1" : "0");
    if (!strcmp(p, "qfThreadInfo")) {
        if (!s->multi) {
            snprintf(buf, sizeof buf, "m%x", s->tid);
            return reply(out, cap, n, buf);
        }
        /* every process attached, one thread each */
        size_t k = (size_t)snprintf(buf, sizeof buf, "mp%x.%x", s->tid, s->tid);
        for (int i = 0; i < GDB_NPROC && k < sizeof buf; i++)
            if (i != s->cur && s->proc[i].pid)
                k += (size_t)snprintf(buf + k, sizeof buf - k, ",p%x.%x", s->proc[i].pid,
                                      s->proc[i].pid);
        return reply(out, cap, n, s->gone ? "l" : buf);
    }
    if (!strcmp(p, "qsThreadInfo")) return reply(out, cap, n, "l");
    if (!strncmp(p, "qSymbol", 7)) return reply(out, cap, n, "OK");
    if (!strcmp(p, "QStartNoAckMode")) {
        s->noack = 1;
        return reply(out, cap, n, "OK");
    }
    return reply(out, cap, n, ""); /* not supported: gdb does without */
}

int gdb_handle(gdb_session *s, const char *p, size_t len, char *out, size_t cap, size_t *n)
{
    *n = 0;
    if (cap < 1024) return reply(out, cap, n, "E01"); /* a g reply takes 577 */
    out[0] = 0;
    if (!len) return GDB_REPLY;
    switch (p[0]) {
    case '?': *n = stop_reply(s, &s->why, 0, out, cap); return GDB_REPLY;
    case 'g':
    case 'G':
    case 'p':
    case 'P': return regs_packet(s, p, len, out, cap, n);
    case 'm':
    case 'M':
    case 'X':
        if (s->gone) return reply(out, cap, n, "E01");
        return mem_packet(s, p, len, out, cap, n);
    case 'Z':
    case 'z':
        if (s->gone) return reply(out, cap, n, "E01");
        return z_packet(s, p, out, cap, n);
    case 'c':
    case 's':
    case 'C':
    case 'S': {
        /* c[ADDR], s[ADDR], Csig[;ADDR]: resume there (the signal is not given: the
         * target has no way to deliver one) */
        const char *q = p + 1;
        uint32_t sig, addr;
        if (p[0] == 'C' || p[0] == 'S') {
            if (rsp_hex_u32(&q, &sig)) return reply(out, cap, n, "E16");
            if (*q == ';') q++;
        }
        if (*q) {
            if (rsp_hex_u32(&q, &addr) || *q) return reply(out, cap, n, "E16");
            if (!s->gone && s->t->ops->write_reg(s->t->t, DBG_R_PC, addr))
                return reply(out, cap, n, "E01");
        }
        return resume(s, p[0] == 's' || p[0] == 'S', out, cap, n);
    }
    case 'v':
        if (!strncmp(p, "vCont", 5)) return vcont_packet(s, p, out, cap, n);
        if (!strncmp(p, "vKill", 5)) {
            /* vKill;PID of a fork's child followed, others left: that one alone */
            const char *q = p + 5;
            uint32_t pid;
            int i;
            if (s->multi && *q == ';' && (q++, !rsp_hex_u32(&q, &pid)) && !*q &&
                (i = find_proc(s, (int)pid)) >= 0 &&
                (i == s->cur ? s->followed : s->proc[i].followed)) {
                int back = s->tid;
                select_proc(s, i);
                if (s->t->ops->kill)
                    s->t->ops->kill(s->t->t);
                else
                    let_go_cur(s);
                drop_cur(s);
                if (back != (int)pid && (i = find_proc(s, back)) >= 0) select_proc(s, i);
                return reply(out, cap, n, "OK");
            }
            s->ending = GDB_KILL;
            reply(out, cap, n, "OK");
            return GDB_KILL;
        }
        return reply(out, cap, n, "");
    case 'H':
    case 'T': {
        /* one thread a process: Hg picks the process g, m and Z act on, Hc (and T, is it
         * alive) only names one */
        if (!s->multi) return reply(out, cap, n, "OK");
        const char *q = p + (p[0] == 'H' ? 2 : 1);
        int pid, i = -1;
        if ((p[0] == 'H' && p[1] != 'g' && p[1] != 'c') || thread_id(&q, &pid) || *q)
            return reply(out, cap, n, "E16");
        if (pid > 0 && (i = find_proc(s, pid)) < 0) return reply(out, cap, n, "E01");
        if (p[0] == 'T' && pid <= 0) return reply(out, cap, n, "E16");
        if (p[0] == 'H' && p[1] == 'g' && i >= 0) select_proc(s, i);
        return reply(out, cap, n, "OK");
    }
    case 'q':
    case 'Q': return query_packet(s, p, out, cap, n);
    case 'D':
        if (s->multi && p[1] == ';') {
            /* D;PID: that process alone; the session goes on with the others */
            const char *q = p + 2;
            uint32_t pid;
            int i;
            if (rsp_hex_u32(&q, &pid) || *q) return reply(out, cap, n, "E16");
            if ((i = find_proc(s, (int)pid)) < 0) return reply(out, cap, n, "E01");
            int others = 0;
            for (int k = 0; k < GDB_NPROC; k++)
                others += k != i && (k == s->cur ? s->tid : s->proc[k].pid) != 0;
            if (others) {
                int back = s->tid;
                select_proc(s, i);
                let_go_cur(s);
                drop_cur(s);
                if (back != (int)pid && (i = find_proc(s, back)) >= 0) select_proc(s, i);
                return reply(out, cap, n, "OK");
            }
            select_proc(s, i);
        }
        s->ending = GDB_DETACH;
        reply(out, cap, n, "OK");
        return GDB_DETACH;
    case 'k': s->ending = GDB_KILL; return GDB_KILL;
    default: return reply(out, cap, n, ""); /* unknown: the empty reply says so */
    }
}

int gdb_listen(const char *spec, int *port, wa_err *e)
{
    char host[256] = "127.0.0.1";
    const char *colon = strrchr(spec, ':');
    const char *ps = colon ? colon + 1 : spec;
    if (colon && colon > spec) {
        size_t k = (size_t)(colon - spec);
        if (k >= sizeof host) return wa_fail(e, WA_E_USAGE, WA_NO_OFFSET, "gdb: host too long"), -1;
        memcpy(host, spec, k);
        host[k] = 0;
        /* [::1]:1234 */
        if (host[0] == '[' && host[k - 1] == ']') {
            memmove(host, host + 1, k - 2);
            host[k - 2] = 0;
        }
    }
    char *end;
    long pn = strtol(ps, &end, 10);
    if (!*ps || *end || pn < 0 || pn > 65535)
        return wa_fail(e, WA_E_USAGE, WA_NO_OFFSET, "gdb: '%s' is not HOST:PORT", spec), -1;
    struct addrinfo hints = {.ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
    struct addrinfo *ai;
    int g = getaddrinfo(host, ps, &hints, &ai);
    if (g) return wa_fail(e, WA_E_USAGE, WA_NO_OFFSET, "gdb: %s: %s", host, gai_strerror(g)), -1;
    int fd = -1, err = 0;
    for (struct addrinfo *a = ai; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            err = errno;
            continue;
        }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, a->ai_addr, a->ai_addrlen) || listen(fd, 1)) {
            err = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(ai);
    if (fd < 0)
        return wa_fail(e, WA_E_IO, WA_NO_OFFSET, "gdb: cannot listen on %s: %s", spec,
                       strerror(err)),
               -1;
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    *port = (int)pn;
    if (!getsockname(fd, (struct sockaddr *)&ss, &sl))
        *port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                               : ((struct sockaddr_in *)&ss)->sin_port);
    return fd;
}

/* The connection: bytes received and not yet parsed, and the last frame sent (for '-'). */
typedef struct conn {
    int fd;
    rsp_rx rx;
    char last[2 * RSP_PACKET_MAX + 8];
    long lastn;
    uint8_t pend[RSP_PACKET_MAX];
    size_t npend;
    int eof;
} conn;

static int send_all(int fd, const char *b, size_t n)
{
    while (n) {
        ssize_t k = send(fd, b, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return -1;
        b += k;
        n -= (size_t)k;
    }
    return 0;
}

static int send_packet(conn *c, const char *data, size_t n)
{
    c->lastn = rsp_frame(data, n, c->last, sizeof c->last);
    if (c->lastn < 0) c->lastn = rsp_frame("E01", 3, c->last, sizeof c->last);
    return send_all(c->fd, c->last, (size_t)c->lastn);
}

/* While the target runs: a thread watches the socket, so gdb's 0x03 interrupts it (and a
 * connection closed does too); anything else it sends waits in pend. */
typedef struct watch {
    conn *c;
    const dbg_target *t;
    int wake; /* read end of the pipe the server writes to when resume has returned */
} watch;

static void *watch_main(void *arg)
{
    watch *w = arg;
    struct pollfd pf[2] = {{.fd = w->c->fd, .events = POLLIN}, {.fd = w->wake, .events = POLLIN}};
    for (;;) {
        if (poll(pf, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (pf[1].revents) break;
        if (!pf[0].revents) continue;
        uint8_t b[256];
        ssize_t k = recv(w->c->fd, b, sizeof b, 0);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) {
            w->c->eof = 1;
            w->t->ops->interrupt(w->t->t);
            break;
        }
        for (ssize_t i = 0; i < k; i++) {
            if (b[i] == 0x03) w->t->ops->interrupt(w->t->t);
            if (b[i] != 0x03 && w->c->npend < sizeof w->c->pend) w->c->pend[w->c->npend++] = b[i];
        }
    }
    return NULL;
}

static void run_target(conn *c, gdb_session *s, dbg_event *ev)
{
    memset(ev, 0, sizeof *ev);
    int p[2];
    pthread_t th;
    watch w = {c, s->t, -1};
    int watching = !pipe(p);
    if (watching) {
        w.wake = p[0];
        watching = !pthread_create(&th, NULL, watch_main, &w);
        if (!watching) close(p[0]), close(p[1]);
    }
    if (s->t->ops->resume(s->t->t, s->step, ev)) {
        ev->why = DBG_STOP_ERROR;
        snprintf(ev->text, sizeof ev->text, "the target could not be resumed");
    }
    if (watching) {
        (void)!write(p[1], "", 1);
        pthread_join(th, NULL);
        close(p[0]);
        close(p[1]);
    }
}

/* gdb's console gets text with an O packet */
static void console_out(conn *c, const char *text)
{
    char buf[2 * sizeof((dbg_event *)0)->text + 4];
    size_t k = strlen(text);
    if (k > (sizeof buf - 4) / 2 - 1) k = (sizeof buf - 4) / 2 - 1;
    char line[sizeof((dbg_event *)0)->text + 2];
    memcpy(line, text, k);
    line[k++] = '\n';
    buf[0] = 'O';
    rsp_hex_encode(line, k, buf + 1);
    send_packet(c, buf, 1 + 2 * k);
}

int gdb_serve(int lfd, const dbg_target *t, const dbg_event *first, int attached, wa_err *e)
{
    int fd;
    while ((fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) < 0 && errno == EINTR)
        continue;
    if (fd < 0) return wa_fail(e, WA_E_IO, WA_NO_OFFSET, "gdb: accept: %s", strerror(errno)), -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    conn *c = calloc(1, sizeof *c);
    gdb_session *s = calloc(1, sizeof *s);
    char *out = malloc(2 * RSP_PACKET_MAX + 16);
    if (!c || !s || !out) {
        free(c), free(s), free(out);
        close(fd);
        return wa_fail(e, WA_E_NOMEM, WA_NO_OFFSET, "gdb: out of memory"), -1;
    }
    const size_t cap = 2 * RSP_PACKET_MAX + 16;
    c->fd = fd;
    rsp_rx_init(&c->rx);
    gdb_session_init(s, t, first, attached);
    int end = -1;
    while (end < 0) {
        uint8_t b[1024];
        ssize_t k;
        if (c->npend) {
            k = (ssize_t)c->npend;
            memcpy(b, c->pend, c->npend);
            c->npend = 0;
        } else if (c->eof) {
            k = 0;
        } else {
            k = recv(fd, b, sizeof b, 0);
            if (k < 0 && errno == EINTR) continue;
        }
        if (k <= 0) {
            end = s->gone ? GDB_END_GONE : GDB_END_HANGUP;
            break;
        }
        for (ssize_t i = 0; i < k && end < 0; i++) {
            int evk = rsp_rx_byte(&c->rx, b[i]);
            if (evk == RSP_BAD) {
                if (!s->noack) send_all(fd, "-", 1);
                continue;
            }
            if (evk == RSP_NAK && c->lastn > 0) send_all(fd, c->last, (size_t)c->lastn);
            if (evk != RSP_PACKET) continue;
            if (!s->noack) send_all(fd, "+", 1);
            size_t n;
            int act = gdb_handle(s, c->rx.data, c->rx.len, out, cap, &n);
            if (act == GDB_RESUME) {
                dbg_event ev;
                run_target(c, s, &ev);
                if (ev.why == DBG_STOP_ERROR || ev.why == DBG_STOP_MILESTONE ||
                    ev.why == DBG_STOP_END)
                    if (ev.text[0]) console_out(c, ev.text);
                n = gdb_stop_reply(s, &ev, out, cap);
            }
            if (act == GDB_KILL) {
                if (n) send_packet(c, out, n);
                end = s->gone ? GDB_END_GONE : GDB_END_KILLED;
                break;
            }
            if (send_packet(c, out, n)) {
                end = s->gone ? GDB_END_GONE : GDB_END_HANGUP;
                break;
            }
            if (act == GDB_DETACH) end = s->gone ? GDB_END_GONE : GDB_END_DETACHED;
        }
        /* bytes after a detach or kill are gdb's last words: not ours to take */
    }
    /* what gdb set is taken out, so the targets run on as they would without it: the fork
     * children followed are let go, the first target is its caller's */
    save_cur(s);
    for (int k = 0; k < GDB_NPROC && !s->gone; k++) {
        if (!s->proc[k].pid) continue;
        select_proc(s, k);
        for (int i = 0; i < GDB_NBREAK; i++)
            if (s->bp[i].kind >= 0)
                s->t->ops->clear_break(s->t->t, s->bp[i].kind, s->bp[i].addr, s->bp[i].len);
        if (s->followed && end == GDB_END_KILLED && s->t->ops->kill)
            s->t->ops->kill(s->t->t);
        else if (s->followed && s->t->ops->let_go)
            s->t->ops->let_go(s->t->t);
    }
    close(fd);
    free(c);
    free(s);
    free(out);
    return end;
}
