/* test_contain.c: runaway guests stay inside their run (issue 18). Guest processes are host
 * processes, so each test counts them on the host: the test process is a subreaper, so every
 * process of the run stays its descendant even when its parents die (after a SIGKILL of
 * wa-emu too), and /proc tells how many there are while it runs and afterwards. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
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

/* The entries of dir whose names start with prefix. */
static int entries(const char *dir, const char *prefix)
{
    char pat[160];
    snprintf(pat, sizeof pat, "%s/%s*", dir, prefix);
    glob_t g;
    int n = glob(pat, 0, NULL, &g) ? 0 : (int)g.gl_pathc;
    if (n) globfree(&g);
    return n;
}

/* A run with guests sleeping in the background (one an orphan), one blocked on a FIFO: once
 * the guest says it is ready, wa-emu gets sig; then no process of the run may be left, nor
 * its FIFO directory. */
static void ends_with(int sig)
{
    char *args[] = {"wa-emu",
                    "run",
                    IMAGE,
                    "--",
                    "/bin/sh",
                    "-c",
                    "busybox mkfifo /tmp/f; sleep 1000 & (sleep 1000 &); sleep 1000 | cat & "
                    "echo ready; until read x < /tmp/f; do :; done 2>/dev/null",
                    NULL};
    char errpath[128];
    snprintf(errpath, sizeof errpath, "%s/stderr", tmp);
    int out;
    pid_t pid = start(args, &out, tmp, errpath);
    FILE *f = fdopen(out, "r");
    char line[64] = "";
    cr_assert(fgets(line, sizeof line, f), "the guest never said it was ready");
    cr_assert_str_eq(line, "ready\n");
    /* ready: the FIFO is made and every background guest forked (sh, the orphan's subshell
     * may still be on its way to exec sleep) */
    usleep(100000);
    int before = descendants(), fifos = entries(tmp, "wa-emu-fifo-");
    cr_expect_geq(before, 6, "only %d processes of the run before the signal", before);
    cr_expect_eq(fifos, 1, "no FIFO directory in %s before the signal", tmp);
    kill(pid, sig);
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    fclose(f);
    int left = left_after(3000), dirs = entries(tmp, "wa-emu-fifo-");
    cr_log_info("%s: %d processes before, %d left; %d FIFO directories left", strsignal(sig),
                before, left, dirs);
    cr_expect(WIFSIGNALED(st) && WTERMSIG(st) == sig, "wa-emu did not end by %s (status 0x%x)",
              strsignal(sig), st);
    cr_expect_eq(left, 0, "%s: %d processes of the run left", strsignal(sig), left);
    cr_expect_eq(dirs, 0, "%s: the FIFO directory was left in %s", strsignal(sig), tmp);
}

Test(contain, sigint_ends_every_guest, .init = setup, .fini = teardown, .timeout = 60)
{
    ends_with(SIGINT);
}
Test(contain, sigterm_ends_every_guest, .init = setup, .fini = teardown, .timeout = 60)
{
    ends_with(SIGTERM);
}
Test(contain, sighup_ends_every_guest, .init = setup, .fini = teardown, .timeout = 60)
{
    ends_with(SIGHUP);
}
Test(contain, sigquit_ends_every_guest, .init = setup, .fini = teardown, .timeout = 60)
{
    ends_with(SIGQUIT);
}
Test(contain, sigkill_of_wa_emu_ends_every_guest, .init = setup, .fini = teardown, .timeout = 60)
{
    ends_with(SIGKILL);
}

/* --timeout: the same, and the run says why it ended. */
Test(contain, timeout_ends_every_guest, .init = setup, .fini = teardown, .timeout = 60)
{
    char *args[] = {"wa-emu",
                    "run",
                    "--timeout",
                    "1500",
                    IMAGE,
                    "--",
                    "/bin/sh",
                    "-c", /* ash's SIGCHLD handler has no SA_RESTART: the orphan's subshell may
                           * interrupt the open */
                    "busybox mkfifo /tmp/f; sleep 1000 & (sleep 1000 &); "
                    "until read x < /tmp/f; do :; done 2>/dev/null",
                    NULL};
    char errpath[128];
    snprintf(errpath, sizeof errpath, "%s/stderr", tmp);
    pid_t pid = start(args, NULL, tmp, errpath);
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    char *err = slurp_text(errpath);
    cr_expect(strstr(err, "wall-clock limit of 1500 ms"), "%.500s", err);
    int left = left_after(3000), dirs = entries(tmp, "wa-emu-fifo-");
    cr_expect_eq(left, 0, "%d processes of the run left", left);
    cr_expect_eq(dirs, 0, "the FIFO directory was left in %s", tmp);
    free(err);
}

/* The path of a listening host socket whose name contains part (from /proc/net/unix), or "". */
static void listening(const char *part, char *out, size_t cap)
{
    out[0] = 0;
    FILE *f = fopen("/proc/net/unix", "r");
    cr_assert(f);
    char line[512];
    while (fgets(line, sizeof line, f)) {
        unsigned flags;
        char path[300] = "";
        if (sscanf(line, "%*s %*s %*s %x %*s %*s %*s %299s", &flags, path) == 2 &&
            (flags & 0x10000) && strstr(path, part)) {
            snprintf(out, cap, "%s", path);
            break;
        }
    }
    fclose(f);
}

/* connect() to a host AF_UNIX name (a leading @: abstract), as uid when uid >= 0: 0 or errno. */
static int try_connect(const char *name, int uid)
{
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        if (uid >= 0 && (setgid((gid_t)uid) || setuid((uid_t)uid))) _exit(100);
        struct sockaddr_un u = {.sun_family = AF_UNIX};
        size_t n = strlen(name);
        memcpy(u.sun_path, name, n < sizeof u.sun_path ? n : sizeof u.sun_path - 1);
        if (name[0] == '@') u.sun_path[0] = 0;
        int s = socket(AF_UNIX, SOCK_STREAM, 0);
        int rc = connect(s, (struct sockaddr *)&u,
                         (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n));
        _exit(rc ? errno : 0);
    }
    int st;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 255;
}

/* A guest's listening socket on 127.0.0.1 is the run's alone: not under the abstract name the
 * old scheme gave it (which any local user could connect to), no abstract name of the run at
 * all, and its socket file is in a directory another user cannot enter. */
Test(contain, loopback_is_private_to_the_run, .init = setup, .fini = teardown, .timeout = 60)
{
    char *args[] = {"wa-emu",  "run", "--timeout",
                    "20000",   IMAGE, "--",
                    "/bin/sh", "-c",  "busybox nc -l -p 9999 </dev/null >/dev/null; echo done",
                    NULL};
    char errpath[128], path[300] = "", abstract[300] = "";
    snprintf(errpath, sizeof errpath, "%s/stderr", tmp);
    int out;
    pid_t pid = start(args, &out, tmp, errpath);
    /* the handshake: the guest's listening socket appears, under one scheme or the other */
    for (int i = 0; i < 1000 && !path[0] && !abstract[0]; i++) {
        listening(tmp, path, sizeof path);
        listening("@wa-emu/", abstract, sizeof abstract);
        usleep(10000);
    }
    cr_assert(path[0] || abstract[0], "the guest's nc never listened");
    cr_log_info("the guest listens at %s%s", path, abstract);
    cr_expect_str_empty(abstract, "an abstract name any local user can reach: %s", abstract);
    /* the old scheme's name for each process of the run */
    DIR *d = opendir("/proc");
    for (struct dirent *de; (de = readdir(d));) {
        int q = atoi(de->d_name);
        if (q <= 0) continue;
        char old[80];
        snprintf(old, sizeof old, "@wa-emu/%d/inet/2/9999", q);
        cr_expect_neq(try_connect(old, -1), 0, "%s reaches the guest", old);
    }
    closedir(d);
    if (path[0] && !getuid()) {
        int e = try_connect(path, 65534);
        cr_expect_eq(e, EACCES, "another user's connect to %s: %s", path, strerror(e));
    }
    /* and it is the guest's socket: the run's own user reaches it, and nc ends */
    if (path[0]) cr_expect_eq(try_connect(path, -1), 0, "%s is not the guest's socket", path);
    FILE *f = fdopen(out, "r");
    char line[64] = "";
    cr_expect(fgets(line, sizeof line, f) && !strcmp(line, "done\n"), "nc did not end: %s", line);
    fclose(f);
    int st;
    waitpid(pid, &st, 0);
    cr_expect_eq(left_after(3000), 0);
    cr_expect_eq(entries(tmp, "wa-emu-net-"), 0, "the socket directory was left in %s", tmp);
}

/* A RAM disk filled to the last block: /proc still opens (its text is the kernel's memory, not
 * the RAM's), and no account of the RAM ever says more is in use than the board has. */
Test(contain, proc_opens_when_the_ram_is_full, .init = setup, .fini = teardown, .timeout = 150)
{
    char *args[] = {"wa-emu", "run", "--timeline", IMAGE, "--", "/bin/sh", "-c",
                    /* a 4000-byte line, and heap for the shell to go on with once the RAM is
                     * full; echo is the shell's own, so nothing forks */
                    "s=x; while [ ${#s} -lt 4096 ]; do s=$s$s; done; s=${s:0:4000}; "
                    "pad=$s$s$s$s$s$s$s$s$s$s$s$s$s$s$s$s; pad=; "
                    "while echo \"$s\" >> /tmp/fill 2>/dev/null; do :; done; echo full; "
                    "exec 3< /proc/meminfo && echo opened",
                    NULL};
    char errpath[128];
    snprintf(errpath, sizeof errpath, "%s/stderr", tmp);
    int out;
    pid_t pid = start(args, &out, tmp, errpath);
    FILE *f = fdopen(out, "r");
    char text[256] = "";
    size_t k = fread(text, 1, sizeof text - 1, f);
    text[k] = 0;
    fclose(f);
    waitpid(pid, NULL, 0);
    char *err = slurp_text(errpath);
    cr_expect_str_eq(text, "full\nopened\n", "%s", err);
    cr_expect_null(strstr(err, "can't open /proc"), "%.500s", err);
    for (const char *s = err; (s = strstr(s, "out of memory: ")); s++) {
        unsigned long long used = strtoull(s + 15, NULL, 10);
        cr_expect_leq(used, 16u << 20, "%llu bytes in use on a 16 MB board", used);
    }
    free(err);
}
