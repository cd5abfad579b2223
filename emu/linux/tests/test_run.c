/* test_run.c: `wa-emu run` against qemu-mipsel, the reference for what a user-mode program
 * prints and returns. Debian's busybox (static, and dynamic with glibc) runs from the user
 * test root under wa-emu and from its extracted tree under qemu-mipsel; stdout, stderr and
 * the exit status must be the same. qemu-mipsel cannot start a MIPS program that its guest
 * execs (no binfmt_misc here), so the reference gets a PATH of one-line scripts that run each
 * applet of the same busybox under qemu-mipsel. Then what must stop or refuse a program, with
 * its finding: wrong architecture or byte order, R2 code on the R1 board, truncated files, a
 * missing interpreter, the budget, the clock and the RAM. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#define ROOTFS WA_FIXTURES "/images/rootfs-user.sqfs"
#define TREE WA_FIXTURES "/images/user"
#define STATIC TREE "/bin/busybox"
#define DYNAMIC TREE "/bin/busybox.dyn"

static char dir[64];
static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd)) return;
}

/* The reference's PATH: one script per applet of the static busybox, under qemu-mipsel. */
static const char *ref_path(void)
{
    if (dir[0]) return dir;
    atexit(remove_dir);
    snprintf(dir, sizeof dir, "/tmp/wa-ref-%d", (int)getpid());
    mkdir(dir, 0755);
    char cmd[512], *list, *qemu;
    cr_assert_eq(run("command -v qemu-mipsel", &qemu), 0, "qemu-mipsel is not installed");
    qemu[strcspn(qemu, "\n")] = 0;
    snprintf(cmd, sizeof cmd, "qemu-mipsel '%s' --list", STATIC);
    cr_assert_eq(run(cmd, &list), 0, "busybox --list under qemu-mipsel");
    for (char *name = strtok(list, "\n"); name; name = strtok(NULL, "\n")) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        FILE *f = fopen(path, "w");
        cr_assert(f);
        fprintf(f, "#!/bin/sh\nexec %s '%s' %s \"$@\"\n", qemu, STATIC, name);
        fclose(f);
        chmod(path, 0755);
    }
    free(list);
    free(qemu);
    return dir;
}

/* Run busybox (or the dynamic one) with args under both; compare. Paths are relative to the
 * root of the tree; /tmp is the RAM disk under wa-emu and the host's /tmp under qemu. */
static void same(const char *args, int dynamic)
{
    char cmd[4096], *ours, *ref;
    snprintf(cmd, sizeof cmd, "'%s' run --cpu 24Kf '%s' -- /bin/%s %s 2>&1", WA_BIN, ROOTFS,
             dynamic ? "busybox.dyn" : "busybox", args);
    int a = run(cmd, &ours);
    snprintf(cmd, sizeof cmd, "cd '%s' && PATH='%s' $(command -v qemu-mipsel) %s%s%s '%s' %s 2>&1",
             TREE, ref_path(), dynamic ? "-L '" : "", dynamic ? TREE : "", dynamic ? "'" : "",
             dynamic ? DYNAMIC : STATIC, args);
    int b = run(cmd, &ref);
    cr_expect_eq(a, b, "busybox%s %s: exit %d under wa-emu, %d under qemu-mipsel\n%s",
                 dynamic ? ".dyn" : "", args, a, b, ours);
    cr_expect_str_eq(ours, ref, "busybox%s %s: output differs", dynamic ? ".dyn" : "", args);
    free(ours);
    free(ref);
}

/* More than 40 applets with real arguments, and the shell's own features (and FIFOs and file
 * times on the RAM disk). */
static const char *const cases[] = {
    "echo hello world",
    "expr 6 '*' 7",
    "seq 1 3 10",
    "true",
    "false",
    "basename /a/b/c.txt .txt",
    "uname -s",
    "test 3 -gt 2",
    "nosuchapplet",
    "cat etc/passwd etc/hostname",
    "ls etc",
    "ls -R etc",
    "wc -c bin/busybox etc/inittab",
    "md5sum etc/inittab etc/var.tar",
    "sha256sum etc/passwd",
    "head -n 2 etc/inittab",
    "tail -c 20 etc/init.d/rcS",
    "cat etc/nothere",
    "readlink bin/sh",
    "tar -tvf etc/var.tar",
    "sort -r etc/passwd etc/group",
    "grep -c mount etc/init.d/rcS",
    "od -An -tx1 -N 16 bin/busybox",
    "date -u -d @1000000000 +%Y-%m-%dT%H:%M:%S",
    "sleep 0.1",
    "printf '%s=%d\\n' x 5",
    "dirname /a/b/c",
    /* the shell: pipes, redirections, functions, loops, traps, subshells */
    "sh -c 'echo a; exit 3'",
    "sh -c 'i=0; while [ $i -lt 300 ]; do i=$((i+1)); done; echo $i'",
    "sh -c 'f() { echo \"in f: $1\"; return 4; }; f x; echo rc=$?'",
    "sh -c 'case abc in a*) echo yes;; *) echo no;; esac'",
    "sh -c 'for w in a \"b c\" d; do echo \"<$w>\"; done'",
    "sh -c 'cat etc/passwd | wc -c'",
    "sh -c 'dd if=/dev/zero bs=1M count=4 2>/dev/null | wc -c'", /* 4 MiB, not 256 KiB */
    "sh -c 'ls etc | sort -r | head -n 2'",
    "sh -c '(echo sub; exit 5); echo $?'",
    "sh -c 'x=$(cat etc/hostname); echo \"[$x]\"'",
    "sh -c 'echo out; echo err >&2; ls etc/nothere'",
    "sh -c 'false || echo fallback && echo and'",
    "sh -c 'md5sum etc/passwd | cut -c1-8'",
    "sh -c 'cd etc && cat hostname && ls init.d'",
    "sh -c 'trap \"echo trapped\" EXIT; echo body'",
    "sh -c 'trap \"echo got USR1\" USR1; kill -USR1 $$; echo after'",
    "sh -c 'trap \"echo usr2\" USR2; (sleep 0.2; kill -USR2 $$) & wait; echo after wait'",
    "sh -c 'kill -0 $$ && echo alive'",
    "sh -c 'tar -tf etc/var.tar | grep noip | sort'",
    "sh -c 'find etc -name \"*.d\" -o -name passwd | sort'",
    "sh -c 'awk -F: \"{print \\$1, NF}\" etc/passwd'",
    "sh -c 'sed -n 2p etc/inittab | tr : _'",
    "sh -c 'seq 1 5 | xargs echo; echo abc | rev; printf \"1\\n2\\n2\\n\" | uniq -c'",
    "sh -c 'seq 3 | nl; echo hello | fold -w 2 | head -2'",
    "sh -c 'd=/tmp/wa$$; mkdir -p $d/e && echo a > $d/e/f && cp $d/e/f $d/g && "
    "ln -s g $d/l && chmod 600 $d/g && ls -l $d | cut -c1-10 | tail -n 3 && readlink $d/l && "
    "mv $d/g $d/h && cat $d/h && rm -r $d && echo removed'",
    "sh -c 'f=/tmp/wb$$; { echo a; echo b; } > $f; (echo c) >> $f; wc -l < $f; cat $f; rm $f'",
    "sh -c 'f=/tmp/wc$$; echo a > $f.1; echo b > $f.2; cmp -s $f.1 $f.2; echo $?; cmp -s $f.1 "
    "$f.1; echo $?; rm $f.1 $f.2'",
    "sh -c 'dd if=/dev/zero bs=1024 count=5 2>/dev/null | wc -c; head -c 4 /dev/zero | od -An'",
    "sh -c 'echo gone > /dev/null; ifconfig nosuch0; echo $?'",
    "sh -c 'ps -o pid,comm | head -1'",
    "sh -c 'mount -t proc proc etc/nothere; echo $?'",
    "sh -c 'd=/tmp/wm$$; mkdir $d; mkdir $d/a/b 2>/dev/null; echo rc=$?; (echo x > $d/a/b) "
    "2>/dev/null; echo rc=$?; touch $d/f; mv $d/f $d/no/g 2>/dev/null; echo rc=$?; ls $d; rm -r "
    "$d'",
    "sh -c 'renice 5 $$ >/dev/null; echo $?; renice 0 999999 2>/dev/null; echo $?; "
    "grep -c Pid /proc/self/status'",
    "sh -c 'sh -c \"ulimit -t 1; while :; do :; done\"; echo rc=$?; ulimit -t; ulimit -t 100; "
    "ulimit -t'",
    "sh -c 'read -t 1 x < etc/hostname; echo rc=$? x=$x; read -t 1 y < /dev/zero; echo rc=$?; "
    "echo a | (read -t 1 v; echo $v); f=/tmp/wr$$; mkfifo $f; { read g < $f; echo late; } | "
    "{ read -t 0.05 w; echo rc=$? w=$w; echo go > $f; read -t 60 v; echo v=$v; }; rm $f'",
    "sh -c 'f=/tmp/wf$$; mkfifo $f; (sleep 0.1; echo via fifo > $f) & read x < $f; echo \"$x\"; "
    "ls -l $f | cut -c1-10; rm $f'",
    "sh -c 'f=/tmp/wt$$; export TZ=UTC0; touch -d \"2001-02-03 04:05:06\" $f; stat -c %Y $f; "
    "touch -m -d @1234567890 $f; ls -l --full-time $f | cut -c30-48; rm $f'",
};

Test(run, static_busybox_matches_qemu_mipsel, .timeout = 600)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        same(cases[i], 0);
}

/* The dynamic busybox: its ld.so.1 and libc.so.6 loaded from the image. */
Test(run, dynamic_busybox_matches_qemu_mipsel, .timeout = 600)
{
    static const char *const dyn[] = {
        "echo dynamic",
        "cat etc/passwd",
        "ls -a etc",
        "md5sum bin/busybox",
        "sh -c 'x=1; while [ $x -lt 50 ]; do x=$((x*2)); done; echo $x | tr 0-9 a-j'",
        "sh -c 'cat etc/group | sort | head -n 1; echo $?'",
        "sh -c 'trap \"echo t\" USR1; kill -USR1 $$; ls etc/nothere'",
    };
    for (size_t i = 0; i < sizeof dyn / sizeof dyn[0]; i++)
        same(dyn[i], 1);
}

/* Programs that cannot run: the exit status and the finding. */
static void refused(const char *opts, const char *prog, int status, const char *finding)
{
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd, "'%s' run %s '%s' -- %s 2>&1", WA_BIN, opts, ROOTFS, prog);
    int rc = run(cmd, &out);
    cr_expect_eq(rc, status, "%s: exit %d, want %d\n%s", prog, rc, status, out);
    cr_expect(strstr(out, finding), "%s: no \"%s\" in:\n%s", prog, finding, out);
    free(out);
}

Test(run, programs_that_cannot_run_get_their_finding_and_errno)
{
    refused("", "/t/r1.elf", 7, "isa ok");
    refused("", "/t/r2.elf", 70,
            "/t/r2.elf: instruction seb (0x7c021420) at 0x00400134 is MIPS32 release 2; the "
            "board's 4KEc is release 1");
    refused("", "/bin/busybox true", 70, "is MIPS32 release 2");
    refused("", "/t/be.elf", 64, "big-endian: not a MIPS little-endian program (ENOEXEC)");
    refused("", "/t/x86.elf", 64, "machine 62, x86-64), not an o32 MIPS program (ENOEXEC)");
    refused("", "/t/trunc-head.elf", 64, "not an ELF program (ENOEXEC)");
    refused("", "/t/trunc-phdr.elf", 64, "program headers end past the file's 100 bytes (EIO)");
    refused("", "/t/trunc-seg.elf", 64, "kill the program with SIGBUS");
    refused("--cpu 24Kf", "/t/nointerp.elf", 64,
            "/t/nointerp.elf: interpreter /lib/ld.so.9: no such file in the image (ENOENT)");
    refused("", "/bin/nothere", 64, "no such file in the image (ENOENT)");
    refused("", "/etc/inittab", 64, "not executable (EACCES)");
    refused("--cpu 24Kf", "/t/script.sh a b", 5, "script: /t/script.sh a b");
    /* inside the guest, execve fails with the errno the shell reports */
    refused("--cpu 24Kf", "/bin/busybox sh -c '/t/nointerp.elf; echo rc=$?'", 0, "rc=127");
}

/* A read interrupted by a signal: run again after a handler with SA_RESTART (exit 0), EINTR
 * without (exit 4); the same exit status as under qemu-mipsel. */
Test(run, sa_restart_as_qemu_mipsel)
{
    const char *const progs[] = {"restart", "norestart"};
    for (int i = 0; i < 2; i++) {
        char cmd[1024];
        snprintf(cmd, sizeof cmd, "'%s' run '%s' -- /t/%s.elf 2>&1", WA_BIN, ROOTFS, progs[i]);
        int a = run(cmd, NULL);
        snprintf(cmd, sizeof cmd, "qemu-mipsel '%s/t/%s.elf' 2>&1", TREE, progs[i]);
        int b = run(cmd, NULL);
        cr_expect_eq(a, i ? 4 : 0, "%s: exit %d under wa-emu", progs[i], a);
        cr_expect_eq(a, b, "%s: exit %d under wa-emu, %d under qemu-mipsel", progs[i], a, b);
    }
}

/* CPU exceptions end the program with the signal the kernel sends (the one qemu-mipsel
 * reports), which a guest shell sees in $?; the run itself stops with a finding naming the
 * exception (and its block when one is tracked). */
Test(run, faults_end_the_program_as_under_qemu_mipsel)
{
    const char *const what[] = {
        "address error on load (exception 12)", "write of unmapped address 0x00000010",
        "break instruction (exception 18)",     "write of protected address 0x00400",
        "write of protected address 0x0041",    "write of protected address 0x00400"};
    for (int k = 1; k <= 6; k++) {
        char cmd[1024], prog[64], *out, want[32];
        snprintf(prog, sizeof prog, "/t/fault-%d.elf", k);
        snprintf(cmd, sizeof cmd, "qemu-mipsel '%s%s' 2>&1", TREE, prog);
        run(cmd, &out);
        int sig = 0;
        char *s = strstr(out, "uncaught target signal ");
        cr_assert(s && sscanf(s, "uncaught target signal %d", &sig) == 1, "%s", out);
        free(out);
        snprintf(want, sizeof want, "rc=%d", 128 + sig);
        snprintf(cmd, sizeof cmd, "/bin/busybox sh -c '%s; echo rc=$?'", prog);
        refused("--cpu 24Kf", cmd, 0, want);
        refused("", prog, 70, what[k - 1]);
        if (k == 1) /* unlike qemu-mipsel, the box would go on: the finding says so */
            refused("", prog, 70, "the box's kernel would emulate an unaligned access");
        if (k != 6) /* swl/swr: the block hook is on for its ISA check */
            refused("", prog, 70, "in a block not tracked");
        refused("--budget 1000000", prog, 70, "in the block 0x0040");
    }
}

/* Programs built with glibc for what busybox does not reach: SysV message queues, shared
 * memory and semaphores (ipc(2) and the direct calls), futexes and MAP_SHARED memory (each
 * with a child on the other side), interval timers, sendmsg/recvmsg. What they print is what
 * they print under qemu-mipsel, where the host kernel does the work. */
Test(run, glibc_programs_as_qemu_mipsel)
{
    static const struct {
        const char *prog, *must[3];
    } progs[] = {
        {"sysvipc",
         {"msgrcv 9: type 9, 4 bytes \"late\"", "shm: \"from the child\"",
          "shm: 2 attached in the child"}},
        {"futex",
         {"wait 50 ms: -1 Connection timed out", "wait for the child's write: woken", "word 1"}},
        {"itimer", {"alarms 3, old interval 30000 us", "SIGVTALRM after CPU time", "stopped 1"}},
        {"sockmsg",
         {"unix: sent 13, got 13: \"hel\" + \"lo sendmsg\"", "from 127.0.0.1", "udp: sent 13"}},
    };
    for (size_t i = 0; i < sizeof progs / sizeof progs[0]; i++) {
        char cmd[1024], *ours, *ref;
        snprintf(cmd, sizeof cmd, "'%s' run --cpu 24Kf '%s' -- /t/%s.elf", WA_BIN, ROOTFS,
                 progs[i].prog);
        int a = run(cmd, &ours);
        snprintf(cmd, sizeof cmd, "qemu-mipsel '%s/t/%s.elf'", TREE, progs[i].prog);
        int b = run(cmd, &ref);
        cr_expect_eq(a, 0, "%s: exit %d under wa-emu", progs[i].prog, a);
        cr_expect_eq(a, b, "%s: exit %d under wa-emu, %d under qemu-mipsel", progs[i].prog, a, b);
        cr_expect_str_eq(ours, ref, "%s under wa-emu:\n%s\nqemu-mipsel:\n%s", progs[i].prog, ours,
                         ref);
        for (int k = 0; k < 3; k++)
            cr_expect(strstr(ours, progs[i].must[k]), "%s: no \"%s\" in\n%s", progs[i].prog,
                      progs[i].must[k], ours);
        cr_expect(!strstr(ours, "past the struct"), "%s", ours);
        free(ours);
        free(ref);
    }
}

/* An execve of the program that runs (which may keep its engine and what it translated,
 * proc.c's keep_engine) starts it as a fresh process starts: its FPU's rounding mode changed
 * before the exec is the default again, its data and bss are the file's, and code it rewrote
 * before the exec is the file's (execstate.c's modes); with the block hook on and off. The
 * reference is the program started once in its `check` mode under qemu-mipsel, which cannot
 * exec a MIPS program itself here (no binfmt_misc). */
Test(run, exec_of_the_same_program_starts_afresh)
{
    char cmd[1024], *ref;
    snprintf(cmd, sizeof cmd, "qemu-mipsel '%s/t/execstate.elf' check", TREE);
    cr_assert_eq(run(cmd, &ref), 0, "%s", ref);
    cr_assert_str_eq(ref, "fcsr 0 answer 1 data 5 bss 0\n");
    static const char *const modes[] = {"fpu", "patch", "restore"};
    static const char *const opts[] = {"--cpu 24Kf", "--cpu 24Kf --budget 100000000"};
    for (size_t o = 0; o < 2; o++)
        for (size_t m = 0; m < 3; m++) {
            char *ours;
            snprintf(cmd, sizeof cmd, "'%s' run %s '%s' -- /t/execstate.elf %s 2>&1", WA_BIN,
                     opts[o], ROOTFS, modes[m]);
            int a = run(cmd, &ours);
            cr_expect_eq(a, 0, "%s: exit %d: %s", cmd, a, ours);
            cr_expect_str_eq(ours, ref, "%s:\n%s", cmd, ours);
            free(ours);
        }
    free(ref);
}

/* Every guest instruction runs exactly once while signals arrive: sigcount keeps two
 * counters in lockstep in a tight loop (a load and a store each) under SIGUSR1 from a child
 * as fast as it can send them, and under SIGALRM from ITIMER_REAL at 1 and 10 kHz; a stop in
 * the middle of the loop's block that resumes at its start leaves them apart. Each mode runs
 * WA_STRESS_RUNS times (default 2; the ctest `stress` label runs 200) under both. */
Test(run, signals_leave_every_instruction_run_once, .timeout = 7200)
{
    static const char *const modes[] = {"usr1 1", "alrm 1000 1", "alrm 10000 1"};
    const char *env = getenv("WA_STRESS_RUNS");
    int runs = env ? atoi(env) : 2;
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++)
        for (int i = 0; i < runs; i++) {
            char cmd[1024], *ours, *ref;
            snprintf(cmd, sizeof cmd, "'%s' run --cpu 24Kf '%s' -- /t/sigcount.elf %s 2>&1", WA_BIN,
                     ROOTFS, modes[m]);
            int a = run(cmd, &ours);
            snprintf(cmd, sizeof cmd, "qemu-mipsel '%s/t/sigcount.elf' %s 2>&1", TREE, modes[m]);
            int b = run(cmd, &ref);
            cr_assert(a == 0 && strstr(ours, ", equal, "),
                      "sigcount %s, run %d: exit %d under wa-emu: %s", modes[m], i + 1, a, ours);
            cr_assert(b == 0 && strstr(ref, ", equal, "),
                      "sigcount %s, run %d: exit %d under qemu-mipsel: %s", modes[m], i + 1, b,
                      ref);
            free(ours);
            free(ref);
        }
}

Test(run, limits_stop_a_guest_with_a_finding)
{
    refused("--cpu 24Kf --budget 20000000", "/bin/busybox sh -c 'while :; do :; done'", 70,
            "instruction budget of 20000000 spent");
    refused("--cpu 24Kf --timeout 700", "/bin/busybox sh -c 'sleep 30 & while :; do :; done'", 70,
            "wall-clock limit of 700 ms reached");
    /* the board's 16 MiB: the heap runs out (malloc fails or the OOM killer ends it) */
    refused("--cpu 24Kf", "/bin/busybox sh -c 'x=aaaaaaaaaaaaaaaa; while :; do x=$x$x; done'", 70,
            "exceed the board's 16777216 bytes of RAM");
    /* and the RAM disk fills up */
    refused("--cpu 24Kf",
            "/bin/busybox sh -c 'dd if=/dev/zero of=/tmp/big bs=65536 count=512; echo rc=$?'", 0,
            "No space left on device");
}

Test(run, timeline_has_every_process_and_the_unknown_calls)
{
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd,
             "'%s' run --cpu 24Kf --timeline '%s' -- /bin/busybox sh -c "
             "'cat /etc/passwd | wc -l; sh -c \"kill -TERM \\$\\$\"; exit 2' 2>&1",
             WA_BIN, ROOTFS);
    cr_expect_eq(run(cmd, &out), 2, "%s", out);
    cr_expect(strstr(out, "exec        /bin/busybox sh -c"), "%s", out);
    cr_expect(strstr(out, "killed      15"), "%s", out);
    cr_expect(strstr(out, "exit        0"), "%s", out);
    cr_expect(strstr(out, "exit        2"), "%s", out);
    int starts = 0;
    for (char *s = out; (s = strstr(s, " start ")); s++)
        starts++;
    cr_expect_geq(starts, 4, "the shell, cat, wc and the inner shell: %d starts\n%s", starts, out);
    free(out);
}

/* ps, /proc and the process table: what the guest sees of itself. */
Test(run, ps_sees_the_guest_processes)
{
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd,
             "'%s' run --cpu 24Kf '%s' -- /bin/busybox sh -c "
             "'/bin/busybox sleep 3 & ps; kill $!; cat /proc/$$/comm; readlink /proc/self/exe' "
             "2>&1",
             WA_BIN, ROOTFS);
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, "/bin/busybox sleep 3"), "%s", out);
    cr_expect(strstr(out, "busybox\n/bin/busybox"), "%s", out);
    free(out);
}

/* The network is deny-all with lo alone: what Linux says with no other interface up. */
Test(run, network_has_lo_alone)
{
    refused("--cpu 24Kf",
            "/bin/busybox sh -c 'ifconfig lo | head -2; route -n; "
            "route add default gw 192.168.1.1; route del default; ifconfig eth0 10.0.0.2; "
            "wget -q -O - http://10.1.2.3/'",
            1,
            "inet addr:127.0.0.1  Mask:255.0.0.0\n"
            "Kernel IP routing table\n"
            "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n"
            "route: SIOCADDRT: Network is unreachable\n"
            "route: SIOCDELRT: No such process\n"
            "ifconfig: SIOCSIFADDR: No such device\n"
            "wget: can't connect to remote host (10.1.2.3): Network is unreachable");
}

/* poll and select on the console device wait for its input, as on a console nobody types
 * into: a read with a timeout times out before input that comes later (the input is sent
 * only once the guest has said so, through a host FIFO), a read after it gets that input,
 * and a read gets input that is already there. */
Test(run, console_poll_waits_for_input)
{
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd,
             "d=$(mktemp -d) && mkfifo $d/ack && { read a < $d/ack; echo late; } | "
             "'%s' run --cpu 24Kf '%s' -- /bin/busybox sh -c 'read -t 0.3 x < /dev/console; "
             "echo rc=$? x=$x; read -t 60 y < /dev/console; echo y=$y' 2>&1 | "
             "{ read l; echo \"$l\"; echo > $d/ack; cat; }; rm -r $d",
             WA_BIN, ROOTFS);
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    cr_expect_str_eq(out, "rc=1 x=\ny=late\n", "a timed read, then input: %s", out);
    free(out);
    snprintf(cmd, sizeof cmd,
             "echo now | '%s' run --cpu 24Kf '%s' -- /bin/busybox sh -c 'read -t 60 x < "
             "/dev/console; echo rc=$? x=$x' 2>&1",
             WA_BIN, ROOTFS);
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    cr_expect_str_eq(out, "rc=0 x=now\n", "input already there: %s", out);
    free(out);
}

/* kill 0 reaches the caller's group, the caller included: the reference runs in a session of
 * its own (setsid), so that its kill 0 stays in it. kill -1 reaches every guest but the
 * caller, and never the host (it is not run under qemu-mipsel: there it would reach every
 * process of the host). */
Test(run, kill_0_as_qemu_mipsel_and_kill_minus_1_in_the_guest)
{
    static const char *const scripts[] = {
        "sleep 1 & sleep 1 & kill 0; echo never",
        "trap \"echo got TERM\" TERM; sleep 5 & kill 0; wait; echo after",
    };
    for (size_t i = 0; i < sizeof scripts / sizeof scripts[0]; i++) {
        char cmd[1024], *ours, *ref;
        /* stdout and the status (qemu-mipsel dies of the signal, wa-emu exits 128 + it) */
        snprintf(cmd, sizeof cmd, "'%s' run --cpu 24Kf '%s' -- /bin/busybox sh -c '%s' 2>/dev/null",
                 WA_BIN, ROOTFS, scripts[i]);
        int a = run(cmd, &ours);
        snprintf(cmd, sizeof cmd, "setsid -w qemu-mipsel '%s' sh -c '%s' 2>/dev/null", STATIC,
                 scripts[i]);
        int b = run(cmd, &ref);
        cr_expect_eq(a, b, "%s: exit %d under wa-emu, %d under qemu-mipsel", scripts[i], a, b);
        cr_expect_str_eq(ours, ref, "%s", scripts[i]);
        free(ours);
        free(ref);
    }
    /* the children are in the process table as soon as fork returns: kill right after it
     * finds them */
    refused("--cpu 24Kf", "/bin/busybox sh -c 'sleep 5 & p=$!; kill -9 -1; wait $p; echo after $?'",
            0, "after 137");
    refused("--cpu 24Kf", "/bin/busybox sh -c 'sleep 3 & kill $!; wait $!; echo k=$?'", 0, "k=143");
}
