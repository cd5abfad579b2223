/* test_kconsole.c: kernel console lines that are findings. The console is what the AR7
 * fixture kernel printed in the AR7 machine before the CP0 timer answered a Count read in the
 * delay slot of a jr (random_get_entropy), cut to its WARNING; the example's boot now has
 * none (test_boot.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "kconsole.h"

static const char console[] =
    "random: crng init done\n"
    "WARNING: CPU: 0 PID: 0 at drivers/char/random.c:885 0x9467d18c\n"
    "Missing cycle counter and fallback timer; RNG entropy collection will consequently "
    "suffer.\n"
    "Modules linked in:\n"
    "CPU: 0 PID: 0 Comm: swapper Not tainted 6.1.192 #2 \n"
    "Call Trace:\n"
    "[<94593044>] 0x94593044\n";

Test(kconsole, a_warning_is_degraded_with_its_message)
{
    wa_report r;
    wa_report_init(&r, "x", "b");
    cr_expect_eq(wa_kconsole_findings(console, &r), 1);
    cr_assert_eq(r.n, 1u);
    cr_expect_eq(r.f[0].severity, WA_DEGRADED);
    cr_expect_str_eq(r.f[0].code, "kernel-warning");
    cr_expect_str_eq(r.f[0].stage, "boot");
    cr_expect(strstr(r.f[0].message, "drivers/char/random.c:885"), "%s", r.f[0].message);
    cr_expect(strstr(r.f[0].evidence, "Missing cycle counter"), "%s", r.f[0].evidence);
    cr_expect_eq(wa_verdict_of(&r), WA_DEGRADED);
    wa_report_free(&r);
}

Test(kconsole, bug_and_oops_lines_and_nothing_else)
{
    wa_report r;
    wa_report_init(&r, "x", "b");
    const char *c = "Linux version 6.1\nno WARNING: here\nBUG: scheduling while atomic\n"
                    "Oops[#1]:\nCPU 0 Unable to handle kernel paging request\n";
    cr_expect_eq(wa_kconsole_findings(c, &r), 2);
    cr_assert_eq(r.n, 2u);
    cr_expect_str_eq(r.f[0].code, "kernel-bug");
    cr_expect_str_eq(r.f[1].code, "kernel-oops");
    cr_expect_eq(wa_kconsole_findings("", &r), 0);
    cr_expect_eq(wa_kconsole_findings(NULL, &r), 0);
    wa_report_free(&r);
}
