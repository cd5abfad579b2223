/* test_lthreads.c: LinuxThreads under the 2.4 personality (issue 17): clone(CLONE_VM) children
 * that share the parent's memory, start on the stack they were given, each with its own pid,
 * woken with real-time signals 32 and 33, and joined with waitpid(__WCLONE).
 *
 * The references. qemu-mipsel cannot run 2.4-era threads at all: it refuses clone(CLONE_VM)
 * without CLONE_THREAD with EINVAL (LinuxThreads' pthread_create then fails with EAGAIN, or a
 * program retries for ever), so
 * - cases/progs/lthreads.c (no C library, LinuxThreads' mechanism by hand) is judged against
 *   what a 2.4 kernel answers, line by line, and qemu-mipsel's refusal is checked, so that a
 *   qemu that learns these threads shows up here as a reference to compare with;
 * - cases/progs/pthreads.c is built against the real libpthread-0.9.19.so of the Linksys
 *   WAG200G root and the real libpthread-0.9.28.so of the Speedport W501V root
 *   (../shared/fixtures/third-party) and run under wa-emu, and the same source built against
 *   Debian's glibc (NPTL) runs under qemu-mipsel: the outputs must be equal;
 * - the WAG200G root's own nbtscan (uClibc 0.9.19, 5 scanning threads) runs to its end: a
 *   manager and 5 threads start and exit 0, and the program exits 0.
 * Without a fixture its tests say so and pass. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guestprog.h"

#define FIX WA_SRC "/../shared/fixtures/third-party"
#define WAG FIX "/linksys-wag200g/rootfs-original.img"
#define W501 FIX "/speedport-w501v/kernel.image"
#define W501_ROOT_AT 0x9bd00

static char dir[64];
static void cleanup(void)
{
    guestprog_clean(dir);
}
static void build(void)
{
    guestprog_build(dir, sizeof dir, "lthreads", "true");
}

static const char lthreads_24[] = "sigaction 0 0 \n"
                                  "clone 1 1 \n"
                                  "count 40000 \n"
                                  "page 1 \n"
                                  "heap 1 \n"
                                  "sighand 1 1 \n"
                                  "munmap 0 \n"
                                  "join1 1 1 status=11 \n"
                                  "fault -14 \n"
                                  "join2 1 1 status=21 \n"
                                  "exit_signal 1 \n"
                                  "files 1 1 \n"
                                  "cwd /t \n"
                                  "umask 23 \n"
                                  "child_sees 40000 \n"
                                  "fork_copy 40000 \n"
                                  "fork_files 1 \n"
                                  "thread_group 1 1 1 \n";

Test(lthreads, clone_vm_threads_as_on_24, .init = build, .fini = cleanup)
{
    char cmd[1024], *out;
    /* the board's 2.4 kernel, and a 6.1 board: the same threads, but for CLONE_THREAD, whose
     * thread groups of 2.6 and later (NPTL's) are not emulated: its line is not compared there */
    static const char *const boards[] = {"--board wa1003a", "--board ar7-8m"};
    for (size_t i = 0; i < sizeof boards / sizeof boards[0]; i++) {
        snprintf(cmd, sizeof cmd, "'%s' run %s --timeout 60000 '%s/root.sqfs' -- /t/lthreads%s",
                 WA_BIN, boards[i], dir, i ? " | grep -v '^thread_group '" : "");
        cr_assert_eq(run(cmd, &out), 0, "%s: %s", boards[i], out);
        char want[sizeof lthreads_24];
        snprintf(want, sizeof want, "%.*s",
                 (int)(strstr(lthreads_24, "thread_group") - lthreads_24), lthreads_24);
        cr_expect_str_eq(out, i ? want : lthreads_24, "board '%s'", boards[i]);
        free(out);
    }
    snprintf(cmd, sizeof cmd,
             "cd '%s/root' && \"$(command -v qemu-mipsel)\" -cpu 4KEcR1 t/lthreads", dir);
    cr_assert_eq(run(cmd, &out), 1, "qemu-mipsel: %s", out);
    cr_expect_str_eq(out, "sigaction 0 0 \nclone 0 0 \n", "qemu-mipsel refuses the clone");
    free(out);
}

/* Build cases/progs/pthreads.c against the libraries of the extracted root tree (-D start),
 * put it with them into DIR/root.sqfs, and compare its run with the glibc build's under
 * qemu-mipsel. */
static void pthreads_against(const char *carve, const char *start)
{
    snprintf(dir, sizeof dir, "/tmp/wa-pthreads-XXXXXX");
    cr_assert(mkdtemp(dir), "mkdtemp");
    char cmd[4096], *out, *ref;
    snprintf(cmd, sizeof cmd,
             "cd '%s' && %s && '%s' extract rootfs.sqfs -o tree >/dev/null && mkdir -p root/lib "
             "root/t root/tmp && cp -a tree/lib/ld-uClibc* tree/lib/libc.so.0 tree/lib/libuClibc* "
             "tree/lib/libpthread* root/lib/ && mipsel-linux-gnu-gcc -O1 -fPIC -no-pie "
             "-mabicalls -march=mips32 -nostdlib -D%s -Wall -Wextra -Werror -o root/t/pthreads "
             "'%s/cases/progs/pthreads.c' tree/lib/libpthread.so.0 tree/lib/libc.so.0 "
             "tree/lib/ld-uClibc.so.0 -Wl,--dynamic-linker=/lib/ld-uClibc.so.0 -Wl,-E "
             "-Wl,--hash-style=sysv -Wl,-z,norelro -Wl,--build-id=none && "
             "mipsel-linux-gnu-gcc -O1 -Wall -Wextra -Werror -pthread -o glibc "
             "'%s/cases/progs/pthreads.c' && mksquashfs root root.sqfs -quiet -noappend "
             "-all-root >/dev/null 2>&1 && echo ok",
             dir, carve, WA_BIN, start, WA_SRC, WA_SRC);
    cr_assert_eq(run(cmd, &out), 0, "building: %s", out);
    free(out);
    snprintf(cmd, sizeof cmd,
             "'%s' run --board wa1003a --timeout 60000 '%s/root.sqfs' -- /t/pthreads", WA_BIN, dir);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    snprintf(cmd, sizeof cmd, "\"$(command -v qemu-mipsel)\" -L /usr/mipsel-linux-gnu '%s/glibc'",
             dir);
    cr_assert_eq(run(cmd, &ref), 0, "%s", ref);
    cr_expect_str_eq(out, ref, "wa-emu on uClibc's LinuxThreads, then qemu-mipsel on glibc");
    cr_expect(strstr(out, "count 100000\n"), "%s", out);
    cr_expect(strstr(out, "pipe 1 1 x\ncwd /tmp umask 27\n"), "%s", out);
    free(out);
    free(ref);
}

Test(lthreads, real_libpthread_0919_as_nptl, .fini = cleanup)
{
    if (access(WAG, R_OK)) {
        cr_log_warn("no %s: not run", WAG);
        return;
    }
    pthreads_against("cp '" WAG "' rootfs.sqfs", "WA_UCLIBC019");
}

Test(lthreads, real_libpthread_0928_as_nptl, .fini = cleanup)
{
    if (access(W501, R_OK)) {
        cr_log_warn("no %s: not run", W501);
        return;
    }
    char carve[512];
    snprintf(carve, sizeof carve, "dd if='%s' of=rootfs.sqfs bs=256 skip=%d 2>/dev/null", W501,
             W501_ROOT_AT / 256);
    pthreads_against(carve, "WA_UCLIBC028");
}

/* The timeline's lines of one kind ("start", "exit 0" as "exit" then a value). */
static int count_events(const char *out, const char *kind, const char *value)
{
    int n = 0;
    for (const char *l = out; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
        char k[32], v[64];
        unsigned long ms;
        long pid, ppid;
        if (sscanf(l, "%lu %ld %ld %31s %63s", &ms, &pid, &ppid, k, v) == 5 && !strcmp(k, kind) &&
            (!value || !strcmp(v, value)))
            n++;
    }
    return n;
}

Test(lthreads, real_nbtscan_runs_its_threads)
{
    if (access(WAG, R_OK)) {
        cr_log_warn("no %s: not run", WAG);
        return;
    }
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd,
             "'%s' run --board wa1003a --timeout 60000 --timeline '%s' -- /usr/sbin/nbtscan "
             "127.0.0.1 2>&1",
             WA_BIN, WAG);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    /* the program, its manager and its 5 scanning threads (1-50, 51-100, ... 201-254) */
    cr_expect_eq(count_events(out, "start", NULL), 7, "%s", out);
    cr_expect_eq(count_events(out, "exit", "0"), 7, "%s", out);
    cr_expect_eq(count_events(out, "killed", NULL), 0, "%s", out);
    cr_expect(!strstr(out, " stop "), "%s", out);
    free(out);
}
