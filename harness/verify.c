/* verify.c: the stages over one image (verify.h). */
#include "verify.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fileio.h"
#include "replay.h"
#include "stage.h"

static const struct {
    const char *name;
    wa_stage_fn fn;
    int deep;     /* runs only with --deep */
    int emulates; /* not with --static */
} stages[] = {
    {"flash", stage_flash, 0, 0},       {"adam2", stage_adam2, 0, 0},
    {"kernel", stage_kernel, 0, 0},     {"boot", stage_boot, 1, 1},
    {"rootfs", stage_rootfs, 0, 0},     {"userland", stage_userland, 0, 1},
    {"services", stage_services, 0, 1},
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

void wa_verify(const char *path, const uint8_t *img, size_t len, const wa_board *b,
               const net_world *w, const wa_verify_opts *o, wa_report *rep)
{
    wa_run run = {.image_path = path,
                  .image = img,
                  .image_len = len,
                  .board = b,
                  .deep = o->deep,
                  .deep_wall_ms = o->timeout_ms,
                  .console_echo = o->console_echo,
                  .world = w,
                  .uclibc_shmctl = o->uclibc_shmctl,
                  .backup = o->flash,
                  .write_mode = o->write_mode,
                  .dbg_fn = o->dbg_fn,
                  .dbg_user = o->dbg_user,
                  .dbg_end_fn = o->dbg_end_fn};
    wa_report_init(rep, path, b->name);
    rep->run = (wa_run_info){.set = 1,
                             .image_size = len,
                             .write_mode = o->write_mode,
                             .deep = o->deep,
                             .static_only = o->static_only,
                             .uclibc_shmctl = o->uclibc_shmctl,
                             .timeout_ms = o->timeout_ms};
    rep->run.image_crc32 = wa_crc32(img, len);
    int go = WA_STAGE_GO;
    for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++) {
        if ((stages[i].deep && !o->deep) || (stages[i].emulates && o->static_only)) continue;
        if (go != WA_STAGE_GO) {
            wa_report_stage(rep, stages[i].name, 0, WA_SKIPPED);
            continue;
        }
        double t0 = now_ms();
        go = stages[i].fn(&run, rep);
        wa_report_stage(rep, stages[i].name, now_ms() - t0, go == WA_STAGE_NA ? WA_NA : WA_RAN);
        if (go == WA_STAGE_NA) go = WA_STAGE_GO;
    }
    wa_run_release(&run);
}

int wa_emit(const char *cmd, const char *path, char *doc, const char *what)
{
    int rc = 0;
    wa_err e = {0};
    if (!doc) {
        fprintf(stderr, "wa-emu %s: out of memory writing the %s report\n", cmd, what);
        rc = WA_EXIT_SOFTWARE;
    } else if (!strcmp(path, "-")) {
        fputs(doc, stdout);
    } else if (wa_write_file_atomic(path, doc, strlen(doc), &e)) {
        fprintf(stderr, "wa-emu %s: %s: %s\n", cmd, path, e.msg);
        rc = WA_EXIT_CANTCREAT;
    }
    free(doc);
    return rc;
}
