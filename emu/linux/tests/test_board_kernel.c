/* test_board_kernel.c: what the guest sees of the board's kernel (issue 17). Its release and
 * version from the banner the image's kernel holds (the W501V's 2.6.13.1 banner, the WA1003A's
 * 2.4.17 one) or the board's kernel key: uname and /proc/version; /proc/cpuinfo's cpu model
 * for the 4KEc; /proc/sys written and read back as TI's rcS does, an entry a module would make
 * included; insmod's module calls refused with a finding that names the module; and TLS on
 * the 2.4 kernel: set_thread_area ENOSYS and rdhwr SIGILL, as 2.4.17 had neither (a board
 * with `tls = emulated` and `run` without --board give TLS as 2.6 does). */
#include <criterion/criterion.h>
#include <string.h>

#include "guestprog.h"
#include "lx.h"
#include "lx_int.h"

#define BUSYBOX WA_FIXTURES "/r1/busybox"

Test(kernel, release_and_version_from_the_banner)
{
    char rel[65], ver[65], text[256];
    lx_opts o = {.kernel_banner = "Linux version 2.6.13.1-ohio (686) (gcc version 3.4.6) #19 Mon "
                                  "Feb 5 10:17:17 CET 2007",
                 .kernel_release = "2.6.13.1"};
    lx_kernel_names(&o, rel, sizeof rel, ver, sizeof ver);
    cr_expect_str_eq(rel, "2.6.13.1-ohio");
    cr_expect_str_eq(ver, "#19 Mon Feb 5 10:17:17 CET 2007");
    lx_proc_version_text(&o, text, sizeof text);
    cr_expect_str_eq(text, "Linux version 2.6.13.1-ohio (686) (gcc version 3.4.6) #19 Mon Feb 5 "
                           "10:17:17 CET 2007\n");
    /* a compiler string with parentheses of its own */
    o.kernel_banner = "Linux version 2.4.17_mvl21-malta-mips_fp_le (root@x) (gcc version 2.95.3 "
                      "20010315 (release/MontaVista)) #1 Wed Jun 2 10:00:00 CST 2004";
    lx_kernel_names(&o, rel, sizeof rel, ver, sizeof ver);
    cr_expect_str_eq(rel, "2.4.17_mvl21-malta-mips_fp_le");
    cr_expect_str_eq(ver, "#1 Wed Jun 2 10:00:00 CST 2004");
    /* not probed: the board's key */
    o = (lx_opts){.kernel_release = "2.4.17_mvl21"};
    lx_kernel_names(&o, rel, sizeof rel, ver, sizeof ver);
    cr_expect_str_eq(rel, "2.4.17_mvl21");
    lx_proc_version_text(&o, text, sizeof text);
    cr_expect(!strncmp(text, "Linux version 2.4.17_mvl21 ", 27), "%s", text);
}

static char dir[64];
static void cleanup(void)
{
    guestprog_clean(dir);
}

#define SCRIPT                                                                                     \
    "cat /proc/sys/net/ipv4/ip_forward; echo 1 > /proc/sys/net/ipv4/ip_forward && "                \
    "cat /proc/sys/net/ipv4/ip_forward; echo env > /proc/sys/urlader/environment && "              \
    "cat /proc/sys/urlader/environment; cat /proc/sys/kernel/osrelease; uname -r; "                \
    "cut -c1-27 /proc/version; grep 'cpu model' /proc/cpuinfo; ls -d /proc/sys/kernel"

static void build_sh(void)
{
    char setup[512];
    snprintf(setup, sizeof setup,
             "mkdir -p bin proc sys tmp var && cp '%s' bin/busybox && for a in sh cat uname cut "
             "grep ls; do ln -s busybox bin/$a; done && "
             "printf '%%s\\n' \"" SCRIPT "\" > t/script",
             BUSYBOX);
    guestprog_build(dir, sizeof dir, "insmod", setup);
}

Test(kernel, uname_proc_and_sysctl_as_the_board_kernel, .init = build_sh, .fini = cleanup)
{
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd, "'%s' run '%s/root.sqfs' -- /bin/sh /t/script 2>&1", WA_BIN, dir);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    cr_expect_str_eq(out, "0\n1\nenv\n2.4.17_mvl21\n2.4.17_mvl21\nLinux version 2.4.17_mvl21 \n"
                          "cpu model\t\t: MIPS 4KEc V4.8\n/proc/sys/kernel\n");
    free(out);
}

Test(kernel, insmod_is_refused_with_a_finding_naming_the_module, .init = build_sh, .fini = cleanup)
{
    static const struct {
        const char *board, *line, *event;
    } runs[] = {
        /* today's kernel: no 2.4 module calls; init_module refused */
        {"ar7-8m", "query_module=-89 create_module=-89 init_module=-89 delete_module=-2 ",
         "t/insmod -f wlan.o: kernel module wlan.o not loaded (init_module): wa-emu does not "
         "load kernel modules"},
        /* 2.4: insmod asks query_module first */
        {"wa1003a", "query_module=-89 create_module=-89 init_module=-89 delete_module=-2 ",
         "t/insmod -f wlan.o: kernel module wlan.o not loaded (query_module): wa-emu does not "
         "load kernel modules"},
    };
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        char cmd[1024], *out;
        snprintf(cmd, sizeof cmd,
                 "cd '%s' && '%s' run --timeline --board %s root.sqfs -- t/insmod -f wlan.o 2>&1",
                 dir, WA_BIN, runs[i].board);
        cr_assert_eq(run(cmd, &out), 0, "%s", out);
        cr_expect(strstr(out, runs[i].line), "%s: %s", runs[i].board, out);
        const char *m = strstr(out, " module      "); /* the timeline's event column */
        cr_expect(m && strstr(m, runs[i].event), "%s: %s", runs[i].board, out);
        cr_expect(!m || !strstr(m + 1, " module      "), "one finding a program: %s", out);
        free(out);
    }
}

static void build_tls(void)
{
    guestprog_build(dir, sizeof dir, "tls", "true");
}

Test(kernel, no_tls_on_the_24_kernel, .init = build_tls, .fini = cleanup)
{
    char cmd[1024], *out;
    /* today's kernel, and the default of `run`: TLS as 2.6 gives it */
    static const char *const with[] = {"--board ar7-8m", "", "--board ar7-8m-2.4"};
    for (size_t i = 0; i < sizeof with / sizeof with[0]; i++) {
        snprintf(cmd, sizeof cmd, "cd '%s' && '%s' run %s%s root.sqfs -- t/tls 2>&1", dir, WA_BIN,
                 i == 2 ? "--board " WA_SRC "/cases/boards/" : with[i],
                 i == 2 ? "ar7-8m-2.4.board" : "");
        cr_assert_eq(run(cmd, &out), 0, "%s: %s", with[i], out);
        cr_expect_str_eq(out, "set_thread_area=0x0 tp=0x12345670 \n", "%s", with[i]);
        free(out);
    }
    /* the WA1003A's 2.4.17: no set_thread_area, and rdhwr kills it */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && '%s' run --timeline --board wa1003a root.sqfs -- t/tls 2>&1", dir, WA_BIN);
    cr_expect_eq(run(cmd, &out), 70, "%s", out);
    cr_expect(strstr(out, "set_thread_area=0xffffffa7 "), "ENOSYS: %s", out);
    cr_expect(strstr(out, "set_thread_area: the board's 2.4.17_mvl21 kernel has no TLS (ENOSYS)"),
              "%s", out);
    cr_expect(
        strstr(out, "instruction rdhwr (0x7c0") &&
            strstr(out, "kernel does not emulate rdhwr and would kill the program with SIGILL"),
        "%s", out);
    cr_expect(!strstr(out, "tp="), "%s", out);
    free(out);
}

/* A musl program on the 2.4 kernel: musl crashes on purpose (a store to address 0) when
 * set_thread_area fails, as it would on the box; the stop says first that the program needs
 * TLS, and the timeline has the refused call. */
Test(kernel, a_musl_program_on_the_24_kernel_is_stopped_as_needing_tls)
{
    const char *img = WA_FIXTURES "/images/pass.bin";
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd,
             "'%s' run --timeline --board '%s/cases/boards/ar7-8m-2.4-notls.board' '%s' -- "
             "/bin/busybox echo hi 2>&1",
             WA_BIN, WA_SRC, img);
    cr_expect_eq(run(cmd, &out), 70, "%s", out);
    cr_expect(strstr(out, "/bin/busybox: needs TLS (set_thread_area refused by the board's "
                          "2.4.17_mvl21 kernel), then write of unmapped address 0x00000000"),
              "%s", out);
    cr_expect(strstr(out, "set_thread_area: the board's 2.4.17_mvl21 kernel has no TLS (ENOSYS)"),
              "%s", out);
    cr_expect(strncmp(out, "hi\n", 3) && !strstr(out, "\nhi\n"), "%s", out);
    free(out);
    /* the same image on the test board that gives TLS as 2.6 does */
    snprintf(cmd, sizeof cmd,
             "'%s' run --board '%s/cases/boards/ar7-8m-2.4.board' '%s' -- /bin/busybox echo hi "
             "2>&1",
             WA_BIN, WA_SRC, img);
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    cr_expect_str_eq(out, "hi\n");
    free(out);
}
