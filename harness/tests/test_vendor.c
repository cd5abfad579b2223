/* test_vendor.c: the real vendor userlands settle (issues 16, 17). The Speedport W501V's
 * (BusyBox 1.1.2, uClibc 0.9.28, AVM's rc.S) and the Linksys WAG200G's (BusyBox 1.00, uClibc
 * 0.9.19, TI's rcS) from ../shared's third-party fixture run under verify's default limits,
 * the 30 s wall clock among them, and must come to a verdict, not INCONCLUSIVE, with what
 * their boots did checked (cases/vendor/: the programs running at the end, the named
 * findings, the console's last words). Not run without the fixture, and not under the
 * sanitizers: a wall-clock limit is the release build's (ASan's unwinding at every malloc of
 * Unicorn makes each exec several times slower), and the code these runs go through is run
 * under ASan by test_run, test_sockets and test_oldcalls. These cases live apart from cases/
 * so that test_cases (which the ASan build runs too) does not run them. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#define TP WA_SRC "/../shared/fixtures/third-party/"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#else
#define SANITIZED 0
#endif

/* One case's run; 0 when it is not there. */
static int run_case(const char *name, const char *fixture)
{
    if (access(fixture, R_OK)) return 0;
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd, "'%s' verify --no-color --case '%s/cases/vendor/%s.case' 2>&1",
             WA_BIN, WA_SRC, name);
    int rc = run(cmd, &out);
    cr_expect_eq(rc, 0, "%s", out);
    char want[128];
    snprintf(want, sizeof want, "case %s: passed", name);
    cr_expect(strstr(out, want), "%s", out);
    cr_expect(!strstr(out, "INCONCLUSIVE"), "%s", out);
    free(out);
    return 1;
}

/* One after the other, not as two tests in parallel: each has the wall-clock limit to itself */
Test(vendor, the_real_userlands_settle_under_the_default_limits, .timeout = 150)
{
    if (SANITIZED) cr_skip_test("not run: a wall-clock acceptance, for the release build");
    int n = run_case("w501v-userland", TP "speedport-w501v/kernel.image");
    n += run_case("wag200g-userland", TP "linksys-wag200g/rootfs-original.img");
    if (!n) cr_skip_test("not run: " TP " is not there");
}
