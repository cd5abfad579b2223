/* test_gdbstub.c: the stub's packets on a fake target (tests/fake_target.h): registers in
 * gdb's MIPS order and byte order, memory, breakpoints and the stop replies that name them,
 * the target description gdb's mips-tdep needs, the end of the process; then one session over
 * a real TCP connection with acks, a refused checksum and an interrupt while running. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include "fake_target.h"
#include "gdbstub.h"

static fake f;
static dbg_target t = {&fake_ops, &f};
static gdb_session s;
static char out[2 * RSP_PACKET_MAX + 16];

static void setup(void)
{
    memset(&f, 0, sizeof f);
    f.regs[DBG_R_PC] = 0x400100;
    f.regs[29] = 0x7fff0000;
    f.regs[4] = 0x12345678;
    dbg_event first = {.why = DBG_STOP_STEP, .pid = 42};
    gdb_session_init(&s, &t, &first, 0);
}

static int ask(const char *pkt)
{
    size_t n;
    int a = gdb_handle(&s, pkt, strlen(pkt), out, sizeof out, &n);
    cr_assert_lt(n, sizeof out);
    out[n] = 0;
    return a;
}

TestSuite(gdbstub, .init = setup);

Test(gdbstub, qsupported_announces_what_the_stub_does)
{
    cr_assert_eq(ask("qSupported:multiprocess+;swbreak+;hwbreak+"), GDB_REPLY);
    cr_expect(strstr(out, "PacketSize=1000;"), "%s", out);
    cr_expect(strstr(out, "qXfer:features:read+"), "%s", out);
    cr_expect(strstr(out, "swbreak+") && strstr(out, "hwbreak+"), "%s", out);
    cr_expect(strstr(out, "vContSupported+"), "%s", out);
    ask("vCont?");
    cr_expect_str_eq(out, "vCont;c;C;s;S");
}

Test(gdbstub, the_target_description_has_mips_tdeps_features)
{
    ask("qXfer:features:read:target.xml:0,3000");
    cr_assert_eq(out[0], 'l', "%.40s", out);
    cr_expect(strstr(out, "<architecture>mips:isa32</architecture>"));
    cr_expect(strstr(out, "org.gnu.gdb.mips.cpu") && strstr(out, "org.gnu.gdb.mips.cp0") &&
              strstr(out, "org.gnu.gdb.mips.fpu"));
    cr_expect(strstr(out, "<reg name=\"pc\" bitsize=\"32\" regnum=\"37\"/>"));
    cr_expect(strstr(out, "<reg name=\"status\" bitsize=\"32\" regnum=\"32\"/>"));
    cr_expect(strstr(out, "name=\"fir\" bitsize=\"32\" group=\"float\" regnum=\"71\""));
    size_t whole = strlen(out + 1);
    /* in pieces: m until the last, l */
    ask("qXfer:features:read:target.xml:0,10");
    cr_expect_eq(out[0], 'm');
    cr_expect_eq(strlen(out), 17u);
    char at[64];
    snprintf(at, sizeof at, "qXfer:features:read:target.xml:%zx,10", whole - 2);
    ask(at);
    cr_expect_str_eq(out, "l>\n");
    ask("qXfer:features:read:other.xml:0,10");
    cr_expect_eq(out[0], 'E');
}

Test(gdbstub, registers_in_gdbs_order_little_endian_fpu_unavailable)
{
    ask("g");
    cr_assert_eq(strlen(out), 72u * 8);
    cr_expect_eq(strncmp(out + 4 * 8, "78563412", 8), 0);  /* a0 */
    cr_expect_eq(strncmp(out + 37 * 8, "00014000", 8), 0); /* pc */
    cr_expect_eq(strncmp(out + 38 * 8, "xxxxxxxx", 8), 0); /* f0 */
    ask("p25");
    cr_expect_str_eq(out, "00014000");
    ask("p46");
    cr_expect_str_eq(out, "xxxxxxxx");
    cr_expect_eq(ask("p48"), GDB_REPLY);
    cr_expect_eq(out[0], 'E');
    ask("P4=efbeadde");
    cr_expect_str_eq(out, "OK");
    cr_expect_eq(f.regs[4], 0xdeadbeefu);
    /* G: what g gave, with v0 changed */
    ask("g");
    char g[1 + 72 * 8 + 1] = "G";
    memcpy(g + 1, out, 72 * 8 + 1);
    memcpy(g + 1 + 2 * 8, "01000000", 8);
    ask(g);
    cr_expect_str_eq(out, "OK");
    cr_expect_eq(f.regs[2], 1u);
    cr_expect_eq(f.regs[4], 0xdeadbeefu);
    ask("G0011");
    cr_expect_eq(out[0], 'E');
}

Test(gdbstub, memory_read_and_written_and_refused_outside)
{
    memcpy(f.mem + 0x20, "\x01\x02\x03\x04", 4);
    ask("m400020,4");
    cr_expect_str_eq(out, "01020304");
    ask("M400020,2:aabb");
    cr_expect_str_eq(out, "OK");
    cr_expect_eq(f.mem[0x21], 0xbb);
    const char x[] = "X400024,3:#\0}";
    size_t n;
    gdb_handle(&s, x, sizeof x - 1, out, sizeof out, &n);
    cr_expect_str_eq(out, "OK");
    cr_expect_eq(memcmp(f.mem + 0x24, "#\0}", 3), 0);
    ask("m3ff000,4");
    cr_expect_eq(out[0], 'E');
    ask("M400020,2:aa");
    cr_expect_eq(out[0], 'E');
    ask("m400020");
    cr_expect_eq(out[0], 'E');
    ask("m40000000000,4");
    cr_expect_eq(out[0], 'E');
}

Test(gdbstub, breakpoints_and_watchpoints_name_themselves_in_stop_replies)
{
    ask("Z0,400200,4");
    cr_expect_str_eq(out, "OK");
    cr_expect_eq(f.nbp, 1);
    cr_assert_eq(ask("c"), GDB_RESUME);
    cr_expect_eq(s.step, 0);
    dbg_event ev;
    fake_resume(&f, 0, &ev);
    gdb_stop_reply(&s, &ev, out, sizeof out);
    cr_expect_str_eq(out, "T05swbreak:;1d:0000ff7f;25:00024000;thread:2a;");
    ask("z0,400200,4");
    cr_expect_eq(f.nbp, 0);
    ask("Z1,400300,4");
    fake_resume(&f, 0, &ev);
    gdb_stop_reply(&s, &ev, out, sizeof out);
    cr_expect(!strncmp(out, "T05hwbreak:;", 12), "%s", out);
    ask("z1,400300,4");
    ask("Z3,400400,4");
    ev = (dbg_event){.why = DBG_STOP_WATCH, .addr = 0x400402, .pid = 42};
    gdb_stop_reply(&s, &ev, out, sizeof out);
    cr_expect(!strncmp(out, "T05rwatch:400402;", 17), "%s", out);
    ask("Z9,400400,4");
    cr_expect_eq(out[0], 'E');
    ask("Z2,400400,0");
    cr_expect_eq(out[0], 'E');
}

Test(gdbstub, step_interrupt_and_the_process_end)
{
    cr_assert_eq(ask("vCont;s:2a"), GDB_RESUME);
    cr_expect_eq(s.step, 1);
    cr_assert_eq(ask("s400500"), GDB_RESUME);
    cr_expect_eq(f.regs[DBG_R_PC], 0x400500u);
    dbg_event ev = {.why = DBG_STOP_INTERRUPT, .pid = 42};
    gdb_stop_reply(&s, &ev, out, sizeof out);
    cr_expect(!strncmp(out, "T02", 3), "%s", out);
    ev = (dbg_event){.why = DBG_STOP_EXCEPTION, .code = 10, .pid = 42};
    gdb_stop_reply(&s, &ev, out, sizeof out);
    cr_expect(!strncmp(out, "T04", 3), "%s", out);                     /* RI: SIGILL */
    ev = (dbg_event){.why = DBG_STOP_PROCESS, .code = -17, .pid = 42}; /* MIPS SIGUSR2 */
    gdb_stop_reply(&s, &ev, out, sizeof out);
    cr_expect_str_eq(out, "X1f"); /* gdb's SIGUSR2 is 31 */
    ev = (dbg_event){.why = DBG_STOP_PROCESS, .code = 3, .pid = 42};
    gdb_stop_reply(&s, &ev, out, sizeof out);
    cr_expect_str_eq(out, "W03");
    /* gone: a resume answers the end again, memory is not there */
    cr_expect_eq(ask("c"), GDB_REPLY);
    cr_expect_str_eq(out, "W03");
    ask("m400000,4");
    cr_expect_eq(out[0], 'E');
    cr_expect_eq(ask("k"), GDB_KILL);
    cr_expect_eq(ask("D"), GDB_DETACH);
}

Test(gdbstub, caught_system_calls)
{
    ask("qSupported");
    cr_expect(strstr(out, "QCatchSyscalls+"), "%s", out);
    ask("QCatchSyscalls:1;fa4;fa5");
    cr_expect_str_eq(out, "OK");
    cr_expect_eq(f.catch_all, 0);
    cr_assert_eq(f.ncaught, 2);
    cr_expect_eq(f.caught[1], 4005);
    ask("QCatchSyscalls:1");
    cr_expect_eq(f.catch_all, 1);
    cr_expect_eq(f.ncaught, 0);
    ask("QCatchSyscalls:0");
    cr_expect_eq(f.catch_all, 0);
    ask("QCatchSyscalls:1;fa4;zz");
    cr_expect_eq(out[0], 'E');
    cr_expect_eq(f.ncaught, 0); /* a bad packet changes nothing */
    ask("QCatchSyscalls:0;fa4");
    cr_expect_eq(out[0], 'E');
    dbg_event ev = {.why = DBG_STOP_SYSCALL, .code = 4004, .pid = 42, .text = "entry"};
    gdb_stop_reply(&s, &ev, out, sizeof out);
    cr_expect(!strncmp(out, "T05syscall_entry:fa4;", 21), "%s", out);
    strcpy(ev.text, "return");
    gdb_stop_reply(&s, &ev, out, sizeof out);
    cr_expect(!strncmp(out, "T05syscall_return:fa4;", 22), "%s", out);
}

Test(gdbstub, threads_and_the_rest)
{
    ask("qC");
    cr_expect_str_eq(out, "QC2a");
    ask("qfThreadInfo");
    cr_expect_str_eq(out, "m2a");
    ask("qsThreadInfo");
    cr_expect_str_eq(out, "l");
    ask("qAttached");
    cr_expect_str_eq(out, "0");
    ask("Hg0");
    cr_expect_str_eq(out, "OK");
    ask("?");
    cr_expect(!strncmp(out, "T05", 3), "%s", out);
    ask("vMustReplyEmpty");
    cr_expect_str_eq(out, "");
    ask("!");
    cr_expect_str_eq(out, "");
}

/* gdb's multiprocess+ and fork-events+: a fork stops with its child attached (the parent's
 * breakpoints in it), Hg picks the process, D;PID lets one go, the end of one is
 * W..;process:PID, and the session ends with the last. */
Test(gdbstub, a_fork_is_followed_with_multiprocess_thread_ids)
{
    static fake kid;
    memset(&kid, 0, sizeof kid);
    kid.regs[DBG_R_PC] = 0x400200;
    kid.mem[0x200] = 0xab;
    f.kid = &kid;
    ask("qSupported:multiprocess+;swbreak+");
    cr_expect(!strstr(out, "multiprocess+"), "not without fork-events+: %s", out);
    ask("qSupported:multiprocess+;vfork-events+");
    cr_expect(!strstr(out, "fork-events+"), "vfork-events+ is not fork-events+: %s", out);
    ask("qSupported:multiprocess+;fork-events+;vfork-events+");
    cr_expect(strstr(out, ";multiprocess+;fork-events+"), "%s", out);
    cr_expect(!strstr(out, "vfork-events+"), "%s", out);
    cr_expect_eq(f.hold_child, 1);
    ask("qC");
    cr_expect_str_eq(out, "QCp2a.2a");
    ask("Z0,400300,4");
    ask("Z2,400800,4"); /* a watchpoint: not the child's */
    dbg_event ev = {.why = DBG_STOP_FORK, .code = 43, .pid = 42};
    gdb_stop_reply(&s, &ev, out, sizeof out);
    cr_expect(!strncmp(out, "T05fork:p2b.2b;", 15), "%s", out);
    cr_expect(strstr(out, "thread:p2a.2a;"), "%s", out);
    cr_expect_eq(f.follows, 1);
    cr_expect(kid.nbp == 1 && kid.bp[0] == 0x400300, "the child has the breakpoint");
    cr_expect_eq(kid.hold_child, 1); /* its own forks followed too */
    ask("?");                        /* told again, the child is not attached twice */
    cr_expect(!strncmp(out, "T05fork:p2b.2b;", 15), "%s", out);
    cr_expect_eq(f.follows, 1);
    ask("qfThreadInfo");
    cr_expect_str_eq(out, "mp2a.2a,p2b.2b");
    ask("Tp2b.2b");
    cr_expect_str_eq(out, "OK");
    ask("Tp2c.2c");
    cr_expect_eq(out[0], 'E');
    ask("Hgp2c.0");
    cr_expect_eq(out[0], 'E');
    ask("Hgp2b.2b");
    ask("m400200,1");
    cr_expect_str_eq(out, "ab"); /* the child's memory */
    ask("z0,400300,4");
    cr_expect(kid.nbp == 0 && f.nbp == 2, "%d %d", kid.nbp, f.nbp);
    cr_expect_eq(ask("D;2b"), GDB_REPLY);
    cr_expect_str_eq(out, "OK");
    cr_expect_eq(kid.let_gos, 1);
    ask("qfThreadInfo");
    cr_expect_str_eq(out, "mp2a.2a");
    cr_expect_eq(ask("vCont;c:p2a.-1"), GDB_RESUME);
    cr_expect(s.t == &t);
    ev = (dbg_event){.why = DBG_STOP_PROCESS, .code = 13, .pid = 42};
    gdb_stop_reply(&s, &ev, out, sizeof out);
    cr_expect_str_eq(out, "W0d;process:2a");
    cr_expect(s.gone);
}

/* Following the child: the parent let go with D;PID, the child is what runs on. */
Test(gdbstub, the_child_followed_is_what_runs_once_the_parent_is_let_go)
{
    static fake kid;
    memset(&kid, 0, sizeof kid);
    f.kid = &kid;
    ask("qSupported:multiprocess+;fork-events+");
    dbg_event ev = {.why = DBG_STOP_FORK, .code = 43, .pid = 42};
    gdb_stop_reply(&s, &ev, out, sizeof out);
    ask("Z0,400300,4");
    cr_expect_eq(ask("D;2a"), GDB_REPLY);
    cr_expect_eq(f.let_gos, 1);
    cr_expect_eq(f.nbp, 0, "the parent's breakpoints are taken out");
    cr_expect_eq(ask("vCont;c"), GDB_RESUME);
    cr_expect(s.t == &f.kid_t);
    ev = (dbg_event){.why = DBG_STOP_PROCESS, .code = 3, .pid = 43};
    gdb_stop_reply(&s, &ev, out, sizeof out);
    cr_expect_str_eq(out, "W03;process:2b");
    cr_expect_eq(kid.let_gos, 1);
    cr_expect(s.gone);
    cr_expect_eq(ask("D;2b"), GDB_DETACH); /* the session's end */
    cr_expect_eq(kid.let_gos, 1);
}

/* The session over TCP: a client thread of this test plays gdb. */
struct served {
    int lfd, end;
};

static void *serve(void *a)
{
    struct served *sv = a;
    dbg_event first = {.why = DBG_STOP_STEP, .pid = 42};
    wa_err e;
    sv->end = gdb_serve(sv->lfd, &t, &first, 0, &e);
    return NULL;
}

static void expect_recv(int fd, const char *want)
{
    char buf[256];
    size_t n = strlen(want), got = 0;
    while (got < n) {
        ssize_t k = recv(fd, buf + got, n - got, 0);
        cr_assert_gt(k, 0, "connection closed after %zu bytes of %s", got, want);
        got += (size_t)k;
    }
    buf[got] = 0;
    cr_expect_str_eq(buf, want);
}

Test(gdbstub, a_session_over_tcp)
{
    int port;
    wa_err e;
    struct served sv = {gdb_listen("127.0.0.1:0", &port, &e), -1};
    cr_assert_geq(sv.lfd, 0, "%s", e.msg);
    cr_assert_gt(port, 0);
    pthread_t th;
    pthread_create(&th, NULL, serve, &sv);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(0x7f000001)};
    cr_assert_eq(connect(c, (struct sockaddr *)&a, sizeof a), 0);
    send(c, "$qC#b4", 6, 0);
    expect_recv(c, "+$QC2a#27");
    send(c, "-", 1, 0); /* again, please */
    expect_recv(c, "$QC2a#27");
    send(c, "+$qC#b5", 7, 0); /* a bad checksum: refused */
    expect_recv(c, "-");
    send(c, "$m400000,2#ef", 13, 0);
    expect_recv(c, "+$0000#c0");
    /* a continue that runs until gdb's ^C: the stub's watcher interrupts it */
    cr_assert_eq(pipe(f.until_interrupt), 0);
    send(c, "+$c#63", 6, 0);
    expect_recv(c, "+");
    send(c, "\x03", 1, 0);
    expect_recv(c, "$T021d:0000ff7f;25:00014000;thread:2a;#ca");
    cr_expect_eq(f.interrupts, 1);
    close(f.until_interrupt[0]);
    close(f.until_interrupt[1]);
    f.until_interrupt[0] = f.until_interrupt[1] = -1;
    f.exit_at = 1;
    send(c, "+$c#63", 6, 0);
    expect_recv(c, "+$W03#ba");
    send(c, "+$k#6b", 6, 0);
    expect_recv(c, "+");
    pthread_join(th, NULL);
    cr_expect_eq(sv.end, GDB_END_GONE);
    close(c);
    close(sv.lfd);
    cr_expect_lt(gdb_listen("127.0.0.1:99999", &port, &e), 0);
    cr_expect(strstr(e.msg, "HOST:PORT"), "%s", e.msg);
}
