/* test_world.c: the shared mapping's lock, across host processes as the guests use it. */
#include <criterion/criterion.h>
#include <sys/wait.h>
#include <unistd.h>

#include "world.h"

/* A guest that dies holding the lock (SIGKILL from another guest, the OOM killer) must not
 * leave the others waiting forever: the next lx_lock gets it. */
Test(world, lock_held_by_a_dead_process_is_taken_over, .timeout = 10)
{
    wa_err e = {0};
    lx_world *w = lx_world_new(1u << 20, &e);
    cr_assert(w, "%s", e.msg);
    pid_t c = fork();
    cr_assert_geq(c, 0);
    if (c == 0) {
        lx_lock(w);
        w->nev = 7;
        kill(getpid(), SIGKILL); /* dies holding it */
        _exit(1);
    }
    int st;
    cr_assert_eq(waitpid(c, &st, 0), c);
    cr_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    lx_lock(w); /* hangs (and the test times out) without the take-over */
    cr_expect_eq(w->nev, 7, "the dead holder's change is there");
    lx_unlock(w);
    lx_lock(w); /* and the lock works as before */
    lx_unlock(w);
    lx_world_free(w);
}
