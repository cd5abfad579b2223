/* cmd_run.c: `wa-emu run fw.bin -- /bin/busybox sh -c '...'`: one program of the image, run
 * by the user-mode personality with the terminal's standard streams. */
#include <getopt.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unicorn/unicorn.h>

#include "board_arg.h"
#include "cli.h"
#include "finding.h"
#include "lx.h"
#include "rootfs_open.h"

/* Board CPU names to the Unicorn CPU model that runs user code as that board does. The 4KEc
 * has no FPU; its Linux kernel emulates floating-point instructions, so user code sees one:
 * the model is a MIPS32R2 core with an FPU (24Kf). */
static const struct {
    const char *name;
    int model;
} cpus[] = {
    {"4KEc", UC_CPU_MIPS32_24KF},
    {"24Kc", UC_CPU_MIPS32_24KF},
    {"24Kf", UC_CPU_MIPS32_24KF},
    {"74Kf", UC_CPU_MIPS32_74KF},
};

static void help(FILE *to)
{
    fprintf(to,
            "usage: wa-emu run [--board B] [--strace] [--budget N] IMAGE -- PROGRAM [ARGS...]\n\n"
            "Runs PROGRAM (an absolute path inside the image's root filesystem) on the board's\n"
            "CPU under the Linux o32 user-mode personality. IMAGE is an mtd4 image or a bare\n"
            "SquashFS file. Static programs only, for now.\n"
            "  -b, --board B   board profile: CPU model and RAM (default wa1003a)\n"
            "      --strace    print each system call on standard error\n"
            "      --budget N  stop after N guest instructions\n"
            "  -h, --help      this text\n\n"
            "Exit: the program's own exit status; 70 when the emulator stopped it.\n");
}

int cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"board", required_argument, 0, 'b'},
        {"strace", no_argument, 0, 's'},
        {"budget", required_argument, 0, 'n'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    const char *bname = "wa1003a";
    lx_opts o = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+b:h", opts, NULL)) != -1) {
        switch (c) {
        case 'b': bname = optarg; break;
        case 's': o.strace = stderr; break;
        case 'n': o.insn_budget = strtoull(optarg, NULL, 0); break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return WA_EXIT_USAGE;
        }
    }
    if (optind < argc && !strcmp(argv[optind], "--")) optind++;
    if (argc - optind < 2) {
        fprintf(stderr, "wa-emu run: expected an image and a program\n");
        return WA_EXIT_USAGE;
    }
    const char *image = argv[optind++];
    if (optind < argc && !strcmp(argv[optind], "--")) optind++;
    if (optind >= argc) {
        fprintf(stderr, "wa-emu run: expected a program after the image\n");
        return WA_EXIT_USAGE;
    }
    wa_board b;
    int rc = wa_board_arg(bname, &b, "run");
    if (rc) return rc;
    o.ram = b.ram_size;
    o.cpu_model = -1;
    for (size_t i = 0; i < sizeof cpus / sizeof cpus[0]; i++)
        if (!strcmp(cpus[i].name, b.cpu)) o.cpu_model = cpus[i].model;
    if (o.cpu_model < 0) {
        fprintf(stderr, "wa-emu run: board %s: CPU '%s' is not one wa-emu can emulate\n", b.name,
                b.cpu);
        return WA_EXIT_USAGE;
    }
    wa_rootfs r;
    if ((rc = wa_rootfs_open(image, &b, &r, "run"))) return rc;
    lx_result res;
    wa_err e = {0};
    fflush(stdout);
    if (lx_run(r.fs, argc - optind, argv + optind, &o, &res, &e)) {
        fprintf(stderr, "wa-emu run: %s\n", e.msg);
        rc = WA_EXIT_USAGE;
    } else if (!res.exited) {
        fprintf(stderr, "wa-emu run: %s: %s\n", argv[optind], res.stop);
        rc = WA_EXIT_SOFTWARE;
    } else {
        rc = res.status;
    }
    wa_rootfs_close(&r);
    return rc;
}
