/* lthreads.c: threads as uClibc 0.9's LinuxThreads makes them on a 2.4 kernel, with no C
 * library (nolibc.h): clone(CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND | exit signal 33) on
 * a stack of their own, woken with signal 32 (LinuxThreads' restart signal) while the waiter
 * sits in sigsuspend, joined with waitpid(__WCLONE). Two threads count to 2 x N in shared
 * memory under an LL/SC lock; one maps a page, the other grows the heap, and the main thread
 * sees both; the main thread unmaps the page and the thread that mapped it then finds it gone
 * (EFAULT); each thread has its own pid; the handlers are shared (CLONE_SIGHAND): one a thread
 * sets runs in the main thread, one the main thread sets after the clones runs in a thread;
 * a fork of the process gets a copy of the memory, not a share. The descriptors and the
 * directory are shared too (CLONE_FILES, CLONE_FS): a pipe a thread makes is the main
 * thread's, and so are its chdir and umask; a fork's child closing its end closes nothing of
 * the parent's. A clone with CLONE_THREAD joins the main thread's thread group (2.4's tgid):
 * its getpid is the main thread's, its gettid its own. Prints one `name value` line per
 * check. */
#include "nolibc.h"

#define N 20000
#define CLONE_THREAD_FLAGS 0xf00 /* CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND */
#define SIG_RESTART 32
#define SIG_EXIT 33
#define WCLONE 0x80000000

static volatile int lk, count, done, go, exits;
static volatile long main_pid, page, heap, fault, usr1_in, usr2_in, tg_pid, tg_tid;
static int pfd[2], tpfd[2];
static char stack1[16384] __attribute__((aligned(16))), stack2[16384] __attribute__((aligned(16)));

/* clone(flags, stack): the child calls fn(arg) on stack and exits with what it returns. */
long tclone(long flags, void *stack, int (*fn)(long), long arg);
__asm__(".text\n"
        ".globl tclone\n"
        ".ent tclone\n"
        "tclone:\n"
        ".set noreorder\n"
        "addiu $a1, $a1, -32\n"
        "sw $a2, 0($a1)\n"
        "sw $a3, 4($a1)\n"
        "li $v0, 4120\n"
        "syscall\n"
        "bnez $a3, 1f\n"
        "nop\n"
        "beqz $v0, 2f\n"
        "nop\n"
        "jr $ra\n"
        "nop\n"
        "1: jr $ra\n"
        "subu $v0, $zero, $v0\n"
        "2: lw $t9, 0($sp)\n"
        "lw $a0, 4($sp)\n"
        "jalr $t9\n"
        "nop\n"
        "move $a0, $v0\n"
        "li $v0, 4001\n"
        "syscall\n"
        ".set reorder\n"
        ".end tclone\n");

/* pipe: its fds in v0 and v1 */
static void mkpipe(int fd[2])
{
    register long v1 __asm__("v1");
    register long v0 __asm__("v0") = 4042;
    register long a3 __asm__("a3");
    __asm__ volatile("syscall" : "+r"(v0), "=r"(v1), "=r"(a3) : : "memory");
    fd[0] = (int)v0;
    fd[1] = (int)v1;
}

static int tas(volatile int *l)
{
    int old, t;
    __asm__ volatile(".set push\n.set noreorder\n.set mips2\n"
                     "1: ll %0, %2\n"
                     "li %1, 1\n"
                     "sc %1, %2\n"
                     "beqz %1, 1b\n"
                     "nop\n"
                     "sync\n"
                     ".set pop"
                     : "=&r"(old), "=&r"(t), "+m"(*l)
                     :
                     : "memory");
    return old;
}
static void lock(void)
{
    while (tas(&lk))
        sys(4162, 0, 0, 0); /* sched_yield */
}
static void unlock(void)
{
    __asm__ volatile(".set push\n.set mips2\nsync\n.set pop" ::: "memory");
    lk = 0;
}

/* MIPS's struct sigaction: flags, handler, a 128-bit mask. */
struct ksigaction {
    unsigned long flags, handler, mask[4];
};
static void on_restart(int s)
{
    (void)s;
}
static void on_exit_signal(int s)
{
    (void)s;
    exits = 1;
}
static long getpid(void);
static void on_usr1(int s)
{
    (void)s;
    usr1_in = getpid();
    sys(4037, main_pid, SIG_RESTART, 0);
}
static void on_usr2(int s)
{
    (void)s;
    usr2_in = getpid();
}
static unsigned long waitmask[4] = {0, 0, 0, 0}; /* sigsuspend: 32 and 33 let through */

static long getpid(void)
{
    return sys(4020, 0, 0, 0);
}

static int worker(long id)
{
    for (int i = 0; i < N; i++) {
        lock();
        count++;
        unlock();
    }
    if (id == 1) { /* a page of its own making: the others see it */
        long p = sys6(4210, 0, 4096, 3, 0x802, -1, 0); /* mmap2 RW, MAP_PRIVATE|ANONYMOUS */
        if (p > 0) *(volatile int *)p = 0x1234;
        page = p;
    } else { /* the heap grown: the others' brk sees it; a handler for all */
        long b = sys(4045, 0, 0, 0);
        if (sys(4045, b + 8192, 0, 0) == b + 8192) *(volatile int *)(b + 4096) = 0x5678;
        heap = b + 4096;
        struct ksigaction u = {0, (unsigned long)on_usr2, {0, 0, 0, 0}};
        sys4(4194, 17, (long)&u, 0, 16); /* SIGUSR2 */
        mkpipe(tpfd);                    /* the main thread's too (CLONE_FILES) */
        sys(4012, (long)"/t", 0, 0);     /* chdir, and umask: the main thread's (CLONE_FS) */
        sys(4060, 027, 0, 0);
    }
    lock();
    done++;
    unlock();
    sys(4037, main_pid, SIG_RESTART, 0); /* pthread_cond_signal's restart */
    if (id == 1) {
        while (!go)
            sys(4199, (long)waitmask, 16, 0); /* rt_sigsuspend until restarted */
        fault = sys(4004, pfd[1], page, 4);   /* the page the main thread unmapped */
    }
    return (int)(id * 10 + (getpid() != main_pid));
}

static int tg_worker(long arg)
{
    (void)arg;
    tg_pid = getpid();
    tg_tid = sys(4222, 0, 0, 0); /* gettid */
    return 0;
}

static void join(const char *name, long pid)
{
    int st = 0;
    nl_num(name, sys(4007, pid, (long)&st, 0) == -10); /* not without __WCLONE: ECHILD */
    long r;
    do /* the other thread's exit signal may interrupt it (EINTR), as on Linux */
        r = sys(4007, pid, (long)&st, WCLONE);
    while (r == -4);
    nl_num("", r == pid);
    nl_num("status=", (st >> 8) & 0xff);
    nl_say("\n");
}

void __start(void)
{
    unsigned long block[4] = {1ul << (SIG_RESTART - 1), 0, 0, 0};
    sys4(4195, 1, (long)block, 0, 16); /* rt_sigprocmask(SIG_BLOCK, {32}) */
    struct ksigaction r = {0, (unsigned long)on_restart, {0, 0, 0, 0}};
    struct ksigaction x = {0, (unsigned long)on_exit_signal, {0, 0, 0, 0}};
    nl_num("sigaction ", sys4(4194, SIG_RESTART, (long)&r, 0, 16));
    nl_num("", sys4(4194, SIG_EXIT, (long)&x, 0, 16));
    nl_say("\n");
    main_pid = getpid();
    mkpipe(pfd);
    long t1 = tclone(CLONE_THREAD_FLAGS | SIG_EXIT, stack1 + sizeof stack1, worker, 1);
    long t2 = tclone(CLONE_THREAD_FLAGS | SIG_EXIT, stack2 + sizeof stack2, worker, 2);
    nl_num("clone ", t1 > 0);
    nl_num("", t2 > 0);
    nl_say("\n");
    if (t1 <= 0 || t2 <= 0) sys(4001, 1, 0, 0);
    while (done < 2) /* pthread_cond_wait: the check, then sleep until restarted */
        sys(4199, (long)waitmask, 16, 0);
    nl_num("count ", count);
    nl_say("\n");
    nl_num("page ", page > 0 && *(volatile int *)page == 0x1234);
    nl_say("\n");
    long b = sys(4045, 0, 0, 0);
    nl_num("heap ", b == heap + 4096 && *(volatile int *)heap == 0x5678);
    nl_say("\n");
    struct ksigaction u = {0, (unsigned long)on_usr1, {0, 0, 0, 0}};
    sys4(4194, 16, (long)&u, 0, 16); /* SIGUSR1, set after the clones */
    sys(4037, t1, 16, 0);
    while (!usr1_in)
        sys(4199, (long)waitmask, 16, 0);
    sys(4037, main_pid, 17, 0); /* the handler thread 2 set */
    nl_num("sighand ", usr1_in == t1);
    nl_num("", usr2_in == main_pid);
    nl_say("\n");
    nl_num("munmap ", sys(4091, page, 4096, 0));
    nl_say("\n");
    go = 1;
    sys(4037, t1, SIG_RESTART, 0);
    join("join1 ", t1);
    nl_num("fault ", fault);
    nl_say("\n");
    join("join2 ", t2);
    nl_num("exit_signal ", exits);
    nl_say("\n");
    char c = 'x', cwd[64];
    nl_num("files ", sys(4004, tpfd[1], (long)&c, 1));
    c = 0;
    nl_num("", sys(4003, tpfd[0], (long)&c, 1) == 1 && c == 'x');
    nl_say("\n");
    nl_say("cwd ");
    nl_say(sys(4203, (long)cwd, sizeof cwd, 0) > 0 ? cwd : "?");
    nl_say(" \n");
    nl_num("umask ", sys(4060, 022, 0, 0));
    nl_say("\n");
    long f = sys(4002, 0, 0, 0); /* fork: a copy of the memory */
    if (f == 0) {
        nl_num("child_sees ", count);
        nl_say("\n");
        count = -1;
        sys(4006, tpfd[0], 0, 0); /* its copy of the descriptor, not the parent's */
        sys(4001, 0, 0, 0);
    }
    int st = 0;
    while (sys(4007, f, (long)&st, 0) == -4)
        continue;
    nl_num("fork_copy ", count);
    nl_say("\n");
    c = 'y';
    sys(4004, tpfd[1], (long)&c, 1);
    nl_num("fork_files ", sys(4003, tpfd[0], (long)&c, 1) == 1 && c == 'y');
    nl_say("\n");
    long t3 = tclone(CLONE_THREAD_FLAGS | 0x10000 | SIG_EXIT, stack1 + sizeof stack1, tg_worker, 0);
    while (t3 > 0 && sys(4007, t3, (long)&st, WCLONE) == -4)
        continue;
    nl_num("thread_group ", t3 > 0);
    nl_num("", tg_pid == main_pid);
    nl_num("", tg_tid == t3);
    nl_say("\n");
    sys(4001, 0, 0, 0);
}
