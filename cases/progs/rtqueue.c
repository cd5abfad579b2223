/* rtqueue.c: real-time signals queue, classic ones merge (Linux 2.4 and later). With
 * SIGUSR1 (16) and a real-time signal blocked, the program sends itself the real-time one 3
 * times (kill, then rt_sigqueueinfo with the values 7 and 8) and SIGUSR1 3 times, then
 * unblocks: the handler (SA_SIGINFO, every signal blocked while it runs) must run for SIGUSR1
 * once and for the real-time signal 3 times, in the order sent, each with its own code and
 * value. Then the same through rt_sigsuspend (one handler runs: the mask sigsuspend gives
 * back blocks the second, which stays pending) and rt_sigtimedwait (each queued one taken
 * alone). Done for 32 (LinuxThreads' restart signal) and 40. Each step prints a line, for
 * test_rtqueue to compare with qemu-mipsel's. No C library (nolibc.h). */
#include "nolibc.h"

#define USR1 16
#define SA_SIGINFO_ 8

/* what gcc calls to clear the siginfo buffers */
void *memset(void *d, int c, __SIZE_TYPE__ n);
void *memset(void *d, int c, __SIZE_TYPE__ n)
{
    for (volatile unsigned char *b = d; n--;)
        *b++ = (unsigned char)c;
    return d;
}

static volatile long calls[128], nlog;
static volatile long log_sig[32], log_code[32], log_value[32], log_pid[32];

/* siginfo of MIPS: signo, code, errno, then pid, uid and the value */
static void on_signal(int s, long *si, void *uc)
{
    (void)uc;
    calls[s]++;
    if (nlog < 32) {
        log_sig[nlog] = s;
        log_code[nlog] = si[1];
        log_pid[nlog] = si[3];
        log_value[nlog] = si[1] == -1 ? si[5] : 0; /* SI_USER has no value */
        nlog++;
    }
}

/* the handler's log since the last call: signal:code:value for each, and whether the
 * sender's pid was ours */
static void say_log(long pid)
{
    nl_say("log=");
    for (long i = 0; i < nlog; i++) {
        nl_num("", log_sig[i]);
        nl_num(":", log_code[i]);
        nl_num(":", log_value[i]);
        nl_num(":", log_pid[i] == pid);
    }
    nlog = 0;
}

static void mask(long how, unsigned long *set)
{
    sys4(4195, how, (long)set, 0, 16); /* rt_sigprocmask */
}

static long queue(long pid, long s, long value)
{
    long info[32] = {s, -1, 0, pid, 0, value}; /* SI_QUEUE, as glibc's sigqueue fills it */
    return sys(4198, pid, s, (long)info);      /* rt_sigqueueinfo */
}

static void pending(void)
{
    unsigned long set[4] = {0xaa, 0xaa, 0xaa, 0xaa}, old = 0xaa;
    nl_num("rt_sigpending=", sys(4196, (long)set, 16, 0));
    nl_hex("", set[0]);
    nl_hex("", set[1]);
    nl_num("sigpending=", sys(4073, (long)&old, 0, 0));
    nl_hex("", old);
}

static void one_signal(long pid, long rt)
{
    struct {
        unsigned long flags, handler, mask[4];
    } sa = {SA_SIGINFO_, (unsigned long)on_signal, {~0ul, ~0ul, ~0ul, ~0ul}};
    unsigned long both[4] = {1ul << (USR1 - 1), 0, 0, 0};
    both[(rt - 1) / 32] |= 1ul << ((rt - 1) % 32);
    nl_num("rt ", rt);
    nl_num("sigaction=", sys4(4194, rt, (long)&sa, 0, 16));
    nl_num("", sys4(4194, USR1, (long)&sa, 0, 16));
    nl_say("\n");

    /* 1: three of each sent while blocked, then unblocked */
    mask(1, both); /* SIG_BLOCK (MIPS numbers them from 1) */
    nl_num("sent: kill=", sys(4037, pid, rt, 0));
    nl_num("queue=", queue(pid, rt, 7));
    nl_num("", queue(pid, rt, 8));
    for (int i = 0; i < 3; i++)
        nl_num(i ? "" : "usr1=", sys(4037, pid, USR1, 0));
    nl_num("calls_while_blocked=", calls[rt] + calls[USR1]);
    pending();
    nl_say("\n");
    mask(2, both); /* SIG_UNBLOCK */
    nl_num("unblocked: usr1_calls=", calls[USR1]);
    nl_num("rt_calls=", calls[rt]);
    say_log(pid);
    pending();
    nl_say("\n");

    /* 2: two queued, then rt_sigsuspend with nothing blocked: one handler runs, and the mask
     * it gives back blocks the other */
    mask(1, both);
    queue(pid, rt, 21);
    queue(pid, rt, 22);
    unsigned long none[4] = {0, 0, 0, 0}, set[4] = {0, 0, 0, 0};
    sys4(4196, (long)set, 16, 0, 0);
    if (set[(rt - 1) / 32] >> ((rt - 1) % 32) & 1) /* else it would wait for ever */
        nl_num("sigsuspend=", sys4(4199, (long)none, 16, 0, 0));
    else
        nl_say("sigsuspend=skipped, nothing pending ");
    nl_num("rt_calls=", calls[rt]);
    say_log(pid);
    pending();
    mask(2, both);
    nl_num("after_unblock rt_calls=", calls[rt]);
    say_log(pid);
    nl_say("\n");

    /* 3: rt_sigtimedwait takes the queued ones one at a time, each with its own value; the
     * three SIGUSR1 merged into one */
    mask(1, both);
    queue(pid, rt, 31);
    sys(4037, pid, rt, 0);
    queue(pid, rt, 32);
    for (int i = 0; i < 3; i++)
        sys(4037, pid, USR1, 0);
    long zero[2] = {0, 0};
    nl_say("sigtimedwait=");
    for (int i = 0; i < 6; i++) {
        long info[32] = {0};
        long r = sys4(4197, (long)both, (long)info, (long)zero, 16);
        nl_num("", r);
        if (r > 0) {
            nl_num(":", info[1]);
            nl_num(":", info[1] == -1 ? info[5] : 0);
        }
    }
    mask(2, both);
    nl_num("handler_calls=", nlog);
    nl_say("\n");
    nlog = 0;
    calls[rt] = calls[USR1] = 0;
}

void __start(void)
{
    long pid = sys(4020, 0, 0, 0);
    one_signal(pid, 32);
    one_signal(pid, 40);
    sys(4001, 0, 0, 0);
    for (;;)
        ;
}
