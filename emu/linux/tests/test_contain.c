/* test_contain.c: runaway guests stay inside their run (issue 18). Guest processes are host
 * processes, so each test counts them on the host: the test process is a subreaper, so every
 * process of the run stays its descendant even when its parents die (after a SIGKILL of
 * wa-emu too), and /proc tells how many there are while it runs and afterwards. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

#define IMAGE WA_FIXTURES "/images/pass.bin"
#define NPROC_16M 128 /* Linux's max_threads for 16 MB is 256, the table holds 128 */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Host processes whose parent chain leads to this one. */
static int descendants(void)
{
    enum { MAXP = 1 << 16 };
    static int32_t parent[MAXP];
    static int32_t pids[MAXP];
    int n = 0;
    DIR *d = opendir("/proc");
    cr_assert(d);
    struct dirent *de;
    while ((de = readdir(d)) && n < MAXP) {
        int pid = atoi(de->d_name);
        if (pid <= 0 || pid >= MAXP) continue;
        char path[64], buf[512];
        snprintf(path, sizeof path, "/proc/%d/stat", pid);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        size_t k = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[k] = 0;
        const char *s = strrchr(buf, ')');
        int ppid = 0;
        if (!s || sscanf(s + 2, "%*c %d", &ppid) != 1) continue;
        parent[pid] = ppid;
        pids[n++] = pid;
    }
    closedir(d);
    int me = getpid(), count = 0;
    for (int i = 0; i < n; i++) {
        int q = parent[pids[i]];
        for (int hops = 0; q > 0 && q != me && q < MAXP && hops < 1000; hops++)
            q = parent[q];
        count += q == me;
    }
    return count;
}

/* Reap whatever of the run came to us; then how many are left after up to ms. */
static int left_after(int ms)
{
    int n = 0;
    for (int i = 0; i <= ms / 20; i++) {
        while (waitpid(-1, NULL, WNOHANG) > 0)
            continue;
        if (!(n = descendants())) break;
        usleep(20000);
    }
    return n;
}

/* wa-emu with args, its stdout on *out (when out), its stderr to errpath, TMPDIR a private
 * directory (where its FIFO directory goes). */
static pid_t start(char *const *args, int *out, const char *tmpdir, const char *errpath)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        setenv("TMPDIR", tmpdir, 1);
        dup2(fds[1], 1);
        int e = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (e >= 0) dup2(e, 2);
        close(fds[0]);
        execv(WA_BIN, args);
        _exit(127);
    }
    close(fds[1]);
    if (out)
        *out = fds[0];
    else
        close(fds[0]);
    return pid;
}

static char tmp[64];
static void setup(void)
{
    cr_assert_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
    snprintf(tmp, sizeof tmp, "/tmp/wa-contain-XXXXXX");
    cr_assert(mkdtemp(tmp));
}
static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd)) return;
}

static char *slurp_text(const char *path)
{
    FILE *f = fopen(path, "r");
    char *b = calloc(1, 1 << 16);
    if (f) {
        size_t k = fread(b, 1, (1 << 16) - 1, f);
        b[k] = 0;
        fclose(f);
    }
    return b;
}

/* The contained fork bomb of issue 18: fork fails with EAGAIN at the board's process limit
 * (or its RAM), the run ends at its --timeout, and no process of it is left. */
Test(contain, fork_bomb_is_bounded_and_ends_with_the_run, .init = setup, .fini = teardown,
     .timeout = 60)
{
    char *args[] = {"wa-emu",  "run", "--timeout",
                    "5000",    IMAGE, "--",
                    "/bin/sh", "-c",  "bomb(){ bomb|bomb & };bomb; sleep 60",
                    NULL};
    char errpath[128];
    snprintf(errpath, sizeof errpath, "%s/stderr", tmp);
    double t0 = now_s();
    pid_t pid = start(args, NULL, tmp, errpath);
    int most = 0, st = 0;
    while (waitpid(pid, &st, WNOHANG) == 0) {
        int n = descendants();
        if (n > most) most = n;
        cr_assert(now_s() - t0 < 30, "the run did not end at its timeout (%d processes)", n);
        usleep(20000);
    }
    double took = now_s() - t0;
    int left = left_after(2000);
    char *err = slurp_text(errpath);
    cr_log_info("fork bomb: %.1f s, at most %d host processes, %d left", took, most, left);
    cr_expect(strstr(err, "can't fork"), "no fork failed in the guest:\n%.500s", err);
    cr_expect(strstr(err, "wall-clock limit of 5000 ms"), "%.500s", err);
    /* the guests, wa-emu and its keeper */
    cr_expect_leq(most, NPROC_16M + 2, "%d host processes at once", most);
    cr_expect_lt(took, 12, "the run took %.1f s", took);
    cr_expect_eq(left, 0, "%d processes of the run left after it ended", left);
    free(err);
}
