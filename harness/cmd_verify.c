/* cmd_verify.c: `wa-emu verify fw.bin`: runs the stages in boot order and prints the verdict. */
#include "argnum.h"
#include "board_arg.h"
#include "cli.h"
#include "fileio.h"
#include "report.h"
#include "stage.h"
#include "world_arg.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

static void help(FILE *to)
{
    fprintf(to,
            "usage: wa-emu verify [OPTIONS] fw.bin\n\n"
            "Loads an mtd4 image (kernel + rootfs + TI checksum) into the board's simulated\n"
            "flash, runs the simulated ADAM2, checks the kernel and the root filesystem, and\n"
            "prints a verdict with its reasons. Then the image's init runs as pid 1 in user\n"
            "mode, as the kernel would start it, until the boot settles, and the services it\n"
            "started (noip2) are judged by what they did in the world outside the box.\n\n"
            "  -b, --board NAME|FILE  board profile (wa1003a, ar7-8m, or a profile file;\n"
            "                         default wa1003a)\n"
            "      --json[=FILE]      write the JSON report (harness/report.schema.json) to FILE,\n"
            "                         or to standard output instead of the text report\n"
            "      --junit=FILE       also write a JUnit XML report to FILE\n"
            "      --no-color         no colour in the text report (also: NO_COLOR=1)\n"
            "      --deep             first run the image's own kernel in the AR7 machine, from\n"
            "                         ADAM2's hand-off to the exec of init\n"
            "      --static           no emulation: flash, ADAM2, kernel probe, rootfs only\n"
            "      --console          with --deep: show the kernel console on stderr as it runs\n"
            "      --timeout MS       wall-clock limit of the kernel run (--deep) and of the\n"
            "                         userland run (default 30000)\n"
            "      --world FILE       the network outside the box the services meet (a world\n"
            "                         file; default: the public address 203.0.113.7, a DNS\n"
            "                         server, the no-ip servers answering every update with 1)\n"
            "      --uclibc-shmctl    run every shmctl as the box's uClibc 0.9.19 makes it,\n"
            "                         without IPC_64 (models its old C library, not its kernel;\n"
            "                         for programs built with a modern one)\n"
            "  -h, --help             this text\n\n"
            "Exit: 0 PASS, 1 DEGRADED, 2 NO-BOOT, 3 BRICK, 64 usage, 66 unreadable input,\n"
            "75 INCONCLUSIVE (an emulator limit: the wall clock, or an internal failure).\n");
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Write doc to path atomically, or to stdout for "-". */
static int emit(const char *path, const char *doc, const char *what)
{
    if (!doc) {
        fprintf(stderr, "wa-emu verify: out of memory writing the %s report\n", what);
        return WA_EXIT_SOFTWARE;
    }
    if (!strcmp(path, "-")) {
        fputs(doc, stdout);
        return 0;
    }
    wa_err e = {0};
    if (wa_write_file_atomic(path, doc, strlen(doc), &e)) {
        fprintf(stderr, "wa-emu verify: %s: %s\n", path, e.msg);
        return WA_EXIT_CANTCREAT;
    }
    return 0;
}

int cmd_verify(int argc, char **argv)
{
    static const struct option opts[] = {
        {"board", required_argument, 0, 'b'},

        {"json", optional_argument, 0, 'j'},
        {"junit", required_argument, 0, 'u'},
        {"no-color", no_argument, 0, 'n'},
        {"deep", no_argument, 0, 'd'},
        {"console", no_argument, 0, 'c'},
        {"timeout", required_argument, 0, 't'},
        {"static", no_argument, 0, 's'},
        {"world", required_argument, 0, 'w'},
        {"uclibc-shmctl", no_argument, 0, 'U'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    const char *board_arg = "wa1003a", *json = NULL, *junit = NULL, *world_arg = "default";
    int colour = -1, c, deep = 0, console = 0, static_only = 0, uclibc_shmctl = 0;
    uint64_t timeout = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "b:h", opts, NULL)) != -1) {
        switch (c) {
        case 'b': board_arg = optarg; break;
        case 'j': json = optarg ? optarg : "-"; break;
        case 'u': junit = optarg; break;
        case 'n': colour = 0; break;
        case 'd': deep = 1; break;
        case 'c': console = 1; break;
        case 's': static_only = 1; break;
        case 'w': world_arg = optarg; break;
        case 'U': uclibc_shmctl = 1; break;
        case 't':
            if (wa_argnum("verify", "timeout", "milliseconds", optarg, 1, 86400000, &timeout))
                return WA_EXIT_USAGE;
            break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return WA_EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "wa-emu verify: expected one image file\n");
        help(stderr);
        return WA_EXIT_USAGE;
    }
    const char *path = argv[optind];
    if (deep && static_only) {
        fprintf(stderr, "wa-emu verify: --deep and --static exclude each other\n");
        return WA_EXIT_USAGE;
    }

    wa_board board;
    int rc = wa_board_arg(board_arg, &board, "verify");
    if (rc) return rc;
    net_world world;
    if ((rc = wa_world_arg(world_arg, &world, "verify"))) return rc;
    wa_err e = {0};
    uint8_t *img;
    size_t len;
    if (wa_read_file(path, 256u << 20, &img, &len, &e)) {
        fprintf(stderr, "wa-emu verify: %s: %s\n", path, e.msg);
        return WA_EXIT_NOINPUT;
    }

    wa_run run = {.image_path = path,
                  .image = img,
                  .image_len = len,
                  .board = &board,
                  .deep = deep,
                  .deep_wall_ms = (uint32_t)timeout,
                  .console_echo = console ? stderr : NULL,
                  .world = &world,
                  .uclibc_shmctl = uclibc_shmctl};
    wa_report rep;
    wa_report_init(&rep, path, board.name);
    int go = WA_STAGE_GO;
    for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++) {
        if ((stages[i].deep && !deep) || (stages[i].emulates && static_only)) continue;
        if (go != WA_STAGE_GO) {
            wa_report_stage(&rep, stages[i].name, 0, WA_SKIPPED);
            continue;
        }
        double t0 = now_ms();
        go = stages[i].fn(&run, &rep);
        wa_report_stage(&rep, stages[i].name, now_ms() - t0, go == WA_STAGE_NA ? WA_NA : WA_RAN);
        if (go == WA_STAGE_NA) go = WA_STAGE_GO;
    }

    int out = 0;
    if (json && strcmp(json, "-") == 0) {
        char *doc = wa_report_json(&rep);
        out = emit("-", doc, "JSON");
        free(doc);
    } else {
        wa_report_text(&rep, stdout, colour == 0 ? 0 : wa_want_colour(stdout));
        if (json) {
            char *doc = wa_report_json(&rep);
            out = emit(json, doc, "JSON");
            free(doc);
        }
    }
    if (junit && !out) {
        char *doc = wa_report_junit(&rep);
        out = emit(junit, doc, "JUnit");
        free(doc);
    }
    int verdict = wa_verdict_of(&rep);
    wa_run_release(&run);
    wa_report_free(&rep);
    free(img);
    return out ? out : verdict;
}
