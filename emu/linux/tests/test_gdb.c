/* test_gdb.c: Debian's gdb-multiarch in batch mode against `wa-emu run --gdb`: a program
 * with symbols (cases/progs/gdbprog.c) stopped before its first instruction, a breakpoint on
 * main, steps (into a call, one instruction), a global read from guest memory, registers,
 * and a continue to its exit with the status the program computes. The port is the one the
 * stub prints (port 0: the kernel picks), read before gdb connects: a handshake. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define IMAGE GDBPROG "/gdbprog.sqfs"
#define ELF GDBPROG "/root/gdbprog"

/* wa-emu run --gdb 127.0.0.1:0 on the program; its pid, the port, its stderr's read end */
static pid_t start(const char *prog, int *port, FILE **err)
{
    int e[2];
    cr_assert_eq(pipe(e), 0);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* a test its timeout ends leaves no stub waiting */
        dup2(e[1], 2);
        close(e[0]);
        close(e[1]);
        execl(WA_BIN, WA_BIN, "run", "--gdb", "127.0.0.1:0", IMAGE, "--", prog, NULL);
        _exit(127);
    }
    close(e[1]);
    *err = fdopen(e[0], "r");
    char line[256];
    *port = 0;
    while (!*port && fgets(line, sizeof line, *err)) {
        const char *at = strstr(line, "gdb: listening on port ");
        if (at) *port = atoi(at + strlen("gdb: listening on port "));
    }
    cr_assert_gt(*port, 0, "no port from wa-emu run --gdb");
    return pid;
}

/* gdb-multiarch -batch with these commands after connecting: everything it printed */
static char *gdb(const char *elf, int port, const char *const *cmds)
{
    char cmd[4096];
    int k = snprintf(cmd, sizeof cmd,
                     "gdb-multiarch -batch -nx -ex 'set pagination off' -ex 'file %s' "
                     "-ex 'target remote 127.0.0.1:%d'",
                     elf, port);
    for (; *cmds; cmds++)
        k += snprintf(cmd + k, sizeof cmd - (size_t)k, " -ex '%s'", *cmds);
    snprintf(cmd + k, sizeof cmd - (size_t)k, " 2>&1");
    FILE *f = popen(cmd, "r");
    cr_assert(f);
    size_t cap = 1 << 16, n = 0;
    char *out = malloc(cap);
    size_t got;
    while ((got = fread(out + n, 1, cap - 1 - n, f)) > 0)
        n += got;
    out[n] = 0;
    pclose(f);
    return out;
}

static int finish(pid_t pid, FILE *err, int kill_it)
{
    if (kill_it) kill(pid, SIGTERM);
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    fclose(err);
    return st;
}

Test(gdb, break_on_main_step_read_memory_continue_to_exit)
{
    int port;
    FILE *err;
    pid_t pid = start("/gdbprog", &port, &err);
    const char *cmds[] = {"info registers pc",
                          "break main",
                          "continue",
                          "print/x counter",
                          "x/4xb &counter",
                          "next", /* over the spin loop, then over nap's test */
                          "next",
                          "step",
                          "bt",
                          "stepi",
                          "info registers",
                          "watch counter",
                          "continue",
                          "delete",
                          "catch syscall write",
                          "continue",
                          "print $a2",
                          "continue",
                          "delete",
                          "continue",
                          NULL};
    char *out = gdb(ELF, port, cmds);
    int done = strstr(out, "exited with code 07") != NULL;
    int st = finish(pid, err, !done);
    /* stopped before the first instruction: at the ELF's entry, __start */
    FILE *elf = fopen(ELF, "rb");
    uint8_t h[28] = {0};
    cr_assert(elf && fread(h, 1, sizeof h, elf) == sizeof h);
    fclose(elf);
    char entry[64];
    snprintf(entry, sizeof entry, "pc: 0x%x",
             h[24] | h[25] << 8 | h[26] << 16 | (unsigned)h[27] << 24);
    cr_expect(strstr(out, entry), "%s not in:\n%s", entry, out);
    cr_expect(strstr(out, "__start () at"), "%s", out);
    cr_expect(strstr(out, "Breakpoint 1, main ()"), "%s", out);
    cr_expect(strstr(out, "$1 = 0x1234abcd"), "%s", out);
    cr_expect(strstr(out, "0xcd\t0xab\t0x34\t0x12"), "%s", out);
    /* step goes into the call, with its arguments read from the registers and stack */
    cr_expect(strstr(out, "add (a=305441741, b=1)"), "%s", out);
    cr_expect(strstr(out, "#1  0x") && strstr(out, " in main ()"), "%s", out);
    cr_expect(strstr(out, "status"), "%s", out); /* info registers: CP0 status */
    /* the store to the global, caught by the watchpoint with both values */
    cr_expect(strstr(out, "Old value = 305441741\nNew value = 305441742"), "%s", out);
    /* the write system call caught at its entry (8 bytes asked for) and its return */
    cr_expect(strstr(out, "(call to syscall write)"), "%s", out);
    cr_expect(strstr(out, "$2 = 8"), "%s", out);
    cr_expect(strstr(out, "(returned from syscall write)"), "%s", out);
    cr_expect(done, "%s", out);
    cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 7, "wa-emu: status %#x", st);
    free(out);
}

Test(gdb, a_fault_is_a_signal_where_it_happened_then_the_end)
{
    int port;
    FILE *err;
    pid_t pid = start("/fault", &port, &err);
    const char *cmds[] = {"continue", "x/i $pc", "bt", "continue", NULL};
    char *out = gdb(GDBPROG "/root/fault", port, cmds);
    int done = strstr(out, "terminated with signal SIGSEGV") != NULL;
    int st = finish(pid, err, !done);
    cr_expect(strstr(out, "received signal SIGSEGV"), "%s", out);
    /* at the store itself, not at the system call where the emulator acts on its fault */
    cr_expect(strstr(out, ":\tsw\t"), "%s", out);
    cr_expect(strstr(out, "#0  ") && strstr(out, "__start"), "%s", out);
    cr_expect(done, "%s", out);
    /* the finding, as without gdb: 70 */
    cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 70, "wa-emu: status %#x", st);
    free(out);
}

/* A raw remote-protocol client (no gdb: its batch mode cannot interrupt): spin turned on in
 * guest memory, a continue, 0x03, and the stop where the loop is. */
static void put_packet(int fd, const char *d)
{
    unsigned sum = 0;
    for (const char *p = d; *p; p++)
        sum += (uint8_t)*p;
    char buf[256];
    int n = snprintf(buf, sizeof buf, "$%s#%02x", d, sum & 255);
    cr_assert_eq(send(fd, buf, (size_t)n, 0), n);
}

/* the next packet's data (acks skipped) */
static void get_packet(int fd, char *out, size_t cap)
{
    size_t n = 0;
    char c;
    int in = 0;
    while (recv(fd, &c, 1, 0) == 1) {
        if (!in) {
            in = c == '$';
            continue;
        }
        if (c == '#') {
            char cs[2];
            cr_assert_eq(recv(fd, cs, 2, MSG_WAITALL), 2);
            out[n] = 0;
            send(fd, "+", 1, 0);
            return;
        }
        if (n + 1 < cap) out[n++] = c;
    }
    cr_assert_fail("connection closed");
}

Test(gdb, an_interrupt_stops_a_loop_where_it_is)
{
    int port;
    FILE *err;
    pid_t pid = start("/gdbprog", &port, &err);
    char cmd[256], line[256];
    snprintf(cmd, sizeof cmd, "mipsel-linux-gnu-nm %s", ELF);
    FILE *nm = popen(cmd, "r");
    unsigned spin = 0, mainp = 0, at;
    char kind, name[128];
    while (fgets(line, sizeof line, nm))
        if (sscanf(line, "%x %c %127s", &at, &kind, name) == 3) {
            if (!strcmp(name, "spin")) spin = at;
            if (!strcmp(name, "main")) mainp = at;
        }
    pclose(nm);
    cr_assert(spin && mainp, "no symbol spin or main in %s", ELF);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(0x7f000001)};
    cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    char r[1024];
    snprintf(cmd, sizeof cmd, "M%x,4:01000000", spin);
    put_packet(fd, cmd);
    get_packet(fd, r, sizeof r);
    cr_expect_str_eq(r, "OK");
    /* the handshake: to main by a breakpoint, so the interrupt cannot come before the loop */
    snprintf(cmd, sizeof cmd, "Z0,%x,4", mainp);
    put_packet(fd, cmd);
    get_packet(fd, r, sizeof r);
    cr_expect_str_eq(r, "OK");
    put_packet(fd, "c");
    get_packet(fd, r, sizeof r);
    cr_expect(!strncmp(r, "T05", 3), "%s", r);
    snprintf(cmd, sizeof cmd, "z0,%x,4", mainp);
    put_packet(fd, cmd);
    get_packet(fd, r, sizeof r);
    cr_expect_str_eq(r, "OK");
    put_packet(fd, "c");
    /* the continue's + comes first; then the interrupt (the loop never stops by itself) */
    char c;
    cr_assert_eq(recv(fd, &c, 1, 0), 1);
    cr_expect_eq(c, '+');
    send(fd, "\x03", 1, 0);
    get_packet(fd, r, sizeof r);
    cr_expect(!strncmp(r, "T02", 3), "%s", r);
    /* where it stopped: main's loop (the PC is in the reply, register 0x25) */
    const char *pc = strstr(r, "25:");
    cr_assert(pc, "%s", r);
    uint8_t b[4];
    for (int i = 0; i < 4; i++)
        sscanf(pc + 3 + 2 * i, "%2hhx", &b[i]);
    uint32_t v = b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
    snprintf(cmd, sizeof cmd, "mipsel-linux-gnu-addr2line -f -e %s 0x%x | head -1", ELF, v);
    FILE *a2l = popen(cmd, "r");
    cr_assert(fgets(line, sizeof line, a2l));
    pclose(a2l);
    cr_expect_str_eq(line, "main\n", "pc 0x%x", v);
    put_packet(fd, "k");
    close(fd);
    int st = finish(pid, err, 0);
    cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 70, "wa-emu: status %#x", st);
}

/* The guest's host process (the run's child with the stub's thread: two tasks or more, the
 * stub's socket watcher too while the guest runs) is asleep in the host's rt_sigsuspend
 * (x86-64 call 130), pause()'s wait: read from /proc, a handshake. */
static int guest_in_pause(pid_t wa)
{
    DIR *proc = opendir("/proc");
    int found = 0;
    for (struct dirent *de; proc && !found && (de = readdir(proc));) {
        char path[300], buf[512];
        if (de->d_name[0] < '1' || de->d_name[0] > '9') continue;
        snprintf(path, sizeof path, "/proc/%s/stat", de->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        size_t k = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[k] = 0;
        const char *c = strrchr(buf, ')');
        int ppid = 0;
        char st;
        if (!c || sscanf(c + 1, " %c %d", &st, &ppid) != 2 || ppid != (int)wa) continue;
        snprintf(path, sizeof path, "/proc/%s/task", de->d_name);
        int tasks = 0;
        DIR *d = opendir(path);
        for (struct dirent *e; d && (e = readdir(d));)
            tasks += e->d_name[0] != '.';
        if (d) closedir(d);
        snprintf(path, sizeof path, "/proc/%s/syscall", de->d_name);
        FILE *s = fopen(path, "r");
        if (!s) continue;
        k = fread(buf, 1, sizeof buf - 1, s);
        fclose(s);
        buf[k] = 0;
        found = tasks >= 2 && !strncmp(buf, "130 ", 4);
    }
    if (proc) closedir(proc);
    return found;
}

/* Little-endian register or memory hex ("bd0f0000") as a word. */
static uint32_t le_word(const char *hex)
{
    uint8_t b[4] = {0};
    for (int i = 0; i < 4; i++)
        sscanf(hex + 2 * i, "%2hhx", &b[i]);
    return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Continue, wait (a handshake) until the guest sleeps in pause() again, Ctrl-C: the stop
 * reply in r. */
static void sleep_then_interrupt(int fd, pid_t wa, char *r, size_t cap)
{
    put_packet(fd, "c");
    char c;
    cr_assert_eq(recv(fd, &c, 1, 0), 1);
    cr_expect_eq(c, '+');
    int asleep = 0;
    for (int i = 0; i < 20000 && !asleep; i++)
        asleep = guest_in_pause(wa);
    cr_assert(asleep, "the program never slept in pause()");
    send(fd, "\x03", 1, 0);
    get_packet(fd, r, cap);
}

/* Ctrl-C while the program is asleep in pause(): it stops at the syscall instruction with v0
 * the call's number (the call is rewound, to run again when gdb lets it go). Let go, it sleeps
 * in the same call again, unseen (an EINTR would have ended pause() and the program), and a
 * second Ctrl-C stops it at the same instruction. */
Test(gdb, an_interrupt_stops_a_process_asleep_in_a_call_at_its_syscall, .timeout = 120)
{
    int port;
    FILE *err;
    pid_t pid = start("/gdbprog", &port, &err);
    char cmd[256], line[256];
    snprintf(cmd, sizeof cmd, "mipsel-linux-gnu-nm %s", ELF);
    FILE *nm = popen(cmd, "r");
    unsigned nap = 0, at;
    char kind, name[128];
    while (fgets(line, sizeof line, nm))
        if (sscanf(line, "%x %c %127s", &at, &kind, name) == 3 && !strcmp(name, "nap")) nap = at;
    pclose(nm);
    cr_assert(nap, "no symbol nap in %s", ELF);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(0x7f000001)};
    cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    char r[1024];
    snprintf(cmd, sizeof cmd, "M%x,4:01000000", nap);
    put_packet(fd, cmd);
    get_packet(fd, r, sizeof r);
    cr_expect_str_eq(r, "OK");
    uint32_t first = 0;
    for (int round = 0; round < 2; round++) {
        sleep_then_interrupt(fd, pid, r, sizeof r);
        cr_expect(!strncmp(r, "T02", 3), "%s", r);
        const char *pc = strstr(r, "25:");
        cr_assert(pc, "%s", r);
        uint32_t v = le_word(pc + 3);
        snprintf(cmd, sizeof cmd, "m%x,4", v);
        put_packet(fd, cmd);
        get_packet(fd, r, sizeof r);
        cr_expect_eq(le_word(r), 0x0000000cu, "0x%x: %s is not a syscall", v, r);
        /* objdump agrees it is a syscall instruction of the program */
        snprintf(cmd, sizeof cmd,
                 "mipsel-linux-gnu-objdump -d --start-address=0x%x --stop-address=0x%x %s | "
                 "grep -c 'syscall'",
                 v, v + 4, ELF);
        FILE *od = popen(cmd, "r");
        cr_assert(fgets(line, sizeof line, od));
        pclose(od);
        cr_expect_str_eq(line, "1\n", "objdump at 0x%x", v);
        put_packet(fd, "p2");
        get_packet(fd, r, sizeof r);
        cr_expect_eq(le_word(r), 4029u, "v0 %s", r);
        if (round == 0)
            first = v;
        else
            cr_expect_eq(v, first, "the second stop at 0x%x, the first at 0x%x", v, first);
    }
    put_packet(fd, "k");
    close(fd);
    int st = finish(pid, err, 0);
    cr_expect(WIFEXITED(st), "wa-emu: status %#x", st);
}

/* Following a fork as gdbserver lets gdb (cases/progs/gdbfork.c): the stub offers
 * fork-events+ and multiprocess+, the fork stops as T05fork:pCHILD.CHILD; with the child held
 * where its fork returned 0, and gdb's follow-fork-mode and detach-on-fork decide which
 * process it keeps. The run's status is the parent's: 10 + the child's 3. */
static char *gdb_fork(int *st, const char *last, const char *const *cmds)
{
    int port;
    FILE *err;
    pid_t pid = start("/gdbfork", &port, &err);
    char *out = gdb(GDBPROG "/root/gdbfork", port, cmds);
    int done = strstr(out, last) != NULL; /* what gdb saw last: the run ends on its own */
    *st = finish(pid, err, !done);
    return out;
}

Test(gdb, a_fork_followed_to_the_child_breaks_there_reads_its_memory_to_its_end, .timeout = 120)
{
    const char *cmds[] = {"set follow-fork-mode child",
                          "break child_done",
                          "continue",
                          "print/x made",
                          "info inferiors",
                          "continue",
                          NULL};
    int st;
    char *out = gdb_fork(&st, "exited with code 03", cmds);
    cr_expect(strstr(out, "[Attaching after") && strstr(out, "fork to child Thread"), "%s", out);
    cr_expect(strstr(out, "[Detaching after fork from parent process"), "%s", out);
    cr_expect(strstr(out, "Breakpoint 1, child_done ()"), "%s", out);
    cr_expect(strstr(out, "$1 = 0xc41d"), "%s", out); /* the child's store, in its memory */
    cr_expect(strstr(out, "exited with code 03"), "%s", out);
    /* the parent ran on without gdb, waited for the child, and ended as it computes */
    cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 13, "wa-emu: status %#x\n%s", st, out);
    free(out);
}

Test(gdb, a_fork_followed_in_the_parent_lets_the_child_run_to_its_end, .timeout = 120)
{
    const char *cmds[] = {"break parent_done", "break child_done", "continue", "print st",
                          "print/x made",      "continue",         NULL};
    int st;
    char *out = gdb_fork(&st, "exited with code 015", cmds);
    cr_expect(strstr(out, "[Detaching after fork from child process"), "%s", out);
    /* the child ran through child_done (its breakpoint taken out of it) to its exit 3 */
    cr_expect(!strstr(out, "child_done () at"), "%s", out);
    cr_expect(strstr(out, "Breakpoint 1, parent_done (st=768)"), "%s", out);
    cr_expect(strstr(out, "$1 = 768"), "%s", out);
    cr_expect(strstr(out, "$2 = 0x11"), "%s", out); /* the parent's copy, untouched */
    cr_expect(strstr(out, "exited with code 015"), "%s", out);
    cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 13, "wa-emu: status %#x\n%s", st, out);
    free(out);
}

/* detach-on-fork off: both stay attached; the parent held at its fork while gdb runs the
 * child to its end, then let go to its own breakpoint. */
Test(gdb, with_detach_on_fork_off_the_parent_is_held_until_gdb_runs_it, .timeout = 120)
{
    const char *cmds[] = {"set follow-fork-mode child",
                          "set detach-on-fork off",
                          "break child_done",
                          "break parent_done",
                          "continue",
                          "info inferiors",
                          "continue",
                          "inferior 1",
                          "continue",
                          "continue",
                          NULL};
    int st;
    char *out = gdb_fork(&st, "exited with code 015", cmds);
    /* the breakpoint is one location in each process: 1.2 is the child's */
    cr_expect(strstr(out, "hit Breakpoint 1.2, child_done () at"), "%s", out);
    /* qfThreadInfo lists both: info inferiors shows each with its process */
    cr_expect(strstr(out, "  1    process ") && strstr(out, "* 2    process "), "%s", out);
    cr_expect(strstr(out, "exited with code 03"), "%s", out);
    /* let go from where it was held, at its fork: its wait, and the child's status */
    cr_expect(strstr(out, "#0  sys4 (n=4002,"), "%s", out);
    cr_expect(strstr(out, "hit Breakpoint 2.1, parent_done (st=768) at"), "%s", out);
    cr_expect(strstr(out, "exited with code 015"), "%s", out);
    cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 13, "wa-emu: status %#x\n%s", st, out);
    free(out);
}
