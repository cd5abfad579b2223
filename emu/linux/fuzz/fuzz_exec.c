/* fuzz_exec.c: the user-mode loader and a program's first system calls over any bytes. The
 * input is the program: it becomes /p of a small SquashFS root (made once with mksquashfs,
 * its file stored uncompressed so the input can be put in place of its bytes), and lx_run
 * runs it on the board's CPU with a world (the virtual clock, so sleeps end at once), a few
 * processes at most and an instruction budget. Mutations of the seed (exec_seed.c) change the
 * ELF headers the loader checks and the table of calls the program makes.
 *
 * A guest is a host process, so a sanitizer's report in one would only kill that process
 * (which looks like a guest killed by a signal): the reports go to files in a scratch
 * directory, and any report there fails the target. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicorn/unicorn.h>
#include <unistd.h>

#include "lx.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_UNDEFINED__)
#define WA_SANITIZERS 1
void __sanitizer_set_report_path(const char *path);
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define WA_SANITIZERS 1
void __sanitizer_set_report_path(const char *path);
#endif
#endif

#define PROG_SIZE 65536 /* /p's size: an input longer than this is cut, a shorter one padded */

struct root {
    uint8_t *img;
    size_t len, prog_at; /* the image, and where /p's bytes are in it */
    char dir[64];        /* scratch: the sanitizers' reports */
};

/* The one root of the whole fuzzing run (a fuzz target has no other place to keep it). */
static struct root root;

/* At exit: the scratch directory goes, and the sanitizers report to stderr again (the
 * leak check of this process runs after this). */
static void remove_scratch(void)
{
#ifdef WA_SANITIZERS
    __sanitizer_set_report_path("stderr");
#endif
    rmdir(root.dir);
}

/* The root image with /p full of a marker, so its bytes can be found in the image. */
static int make_root(struct root *r)
{
    snprintf(r->dir, sizeof r->dir, "/tmp/wa-fuzz-exec-XXXXXX");
    if (!mkdtemp(r->dir)) return -1;
    atexit(remove_scratch);
    char cmd[512], path[128];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && mkdir -p t/etc t/tmp t/var t/dev t/proc && "
             "head -c %d /dev/zero | tr '\\0' 'W' > t/p && chmod 755 t/p && "
             "mksquashfs t root.sqfs -quiet -noappend -all-root -noI -noD -noF -noX "
             "-no-fragments >/dev/null && rm -r t",
             r->dir, PROG_SIZE);
    if (system(cmd)) return -1;
    snprintf(path, sizeof path, "%s/root.sqfs", r->dir);
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    r->img = malloc(1 << 20);
    r->len = r->img ? fread(r->img, 1, 1 << 20, f) : 0;
    fclose(f);
    remove(path);
    static const char mark[] = "WWWWWWWWWWWWWWWW";
    uint8_t *at = r->len ? memmem(r->img, r->len, mark, sizeof mark - 1) : NULL;
    if (!at || (size_t)(at - r->img) + PROG_SIZE > r->len) return -1;
    r->prog_at = (size_t)(at - r->img);
#ifdef WA_SANITIZERS
    snprintf(path, sizeof path, "%s/report", r->dir);
    __sanitizer_set_report_path(path);
#endif
    return 0;
}

/* A sanitizer report left by a guest's host process: print it and fail. */
static void check_reports(const struct root *r)
{
    DIR *d = opendir(r->dir);
    struct dirent *de;
    while (d && (de = readdir(d))) {
        if (strncmp(de->d_name, "report", 6)) continue;
        char path[400], buf[4096];
        snprintf(path, sizeof path, "%s/%s", r->dir, de->d_name);
        FILE *f = fopen(path, "r");
        size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
        if (f) fclose(f);
        buf[n] = 0;
        fprintf(stderr, "fuzz_exec: a guest's host process reported:\n%s\n", buf);
        abort();
    }
    if (d) closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!root.img) {
        if (make_root(&root)) {
            fprintf(stderr, "fuzz_exec: cannot make the root image (mksquashfs)\n");
            abort();
        }
    }
    uint8_t *img = malloc(root.len);
    if (!img) return 0;
    memcpy(img, root.img, root.len);
    memset(img + root.prog_at, 0, PROG_SIZE);
    memcpy(img + root.prog_at, data, size < PROG_SIZE ? size : PROG_SIZE);
    sqfs *fs;
    wa_err e = {0};
    if (sqfs_open(&fs, img, root.len, NULL, &e)) {
        fprintf(stderr, "fuzz_exec: the root image does not open: %s\n", e.msg);
        abort();
    }
    int null = open("/dev/null", O_RDWR);
    const int console[2] = {null, null};
    net_world world;
    net_world_default(&world);
    lx_opts o = {.cpu_model =
                     UC_CPU_MIPS32_24KF, /* user programs: a core with an FPU (board_cpu.c) */
                 .isa_r1 = 1,
                 .cpu_name = "4KEc",
                 .ram = 16u << 20,
                 .nproc = 4,
                 .insn_budget = 2000000,
                 .wall_ms = 10000,
                 .premount = 1,
                 .console = console,
                 .settle_ms = 50,
                 .net = &world,
                 .horizon_ms = 60000};
    char *argv[] = {"/p", NULL};
    lx_result r;
    lx_run(fs, 1, argv, &o, &r, &e); /* a program that cannot run is an answer too */
    lx_result_free(&r);
    close(null);
    sqfs_close(fs);
    free(img);
    check_reports(&root);
    return 0;
}
