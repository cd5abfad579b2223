/* main.c: the wa-emu command line: dispatches to the subcommand named by argv[1]. */
#include "cli.h"
#include "finding.h"

#include <stdio.h>
#include <string.h>

static const struct wa_cmd cmds[] = {
    {"verify", cmd_verify, "verify an mtd4 image: flash, ADAM2, kernel, rootfs; print a verdict"},
    {"inspect", cmd_inspect, "show the layout of an image against the board's partition map"},
    {"chksum", cmd_chksum, "check, fix or strip the TI checksum trailer"},
    {"pack", cmd_pack, "build an mtd4 image from a kernel and a root filesystem"},
    {"repack", cmd_repack, "rebuild an image's rootfs from a directory, in the image's own format"},
    {"ls", cmd_ls, "list a directory of the image's root filesystem"},
    {"extract", cmd_extract, "write the image's root filesystem to a directory"},
    {"run", cmd_run, "run one of the image's programs under the Linux user-mode personality"},
    {"debug", cmd_debug, "run the image's kernel under a debugger: break, step, regs, bt ..."},
    {"cases", cmd_cases, "run case files (what each image must do) as a suite; write new ones"},
};

static void usage(FILE *to)
{
    fprintf(to, "usage: wa-emu COMMAND [OPTIONS] ...\n\ncommands:\n");
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        fprintf(to, "  %-9s %s\n", cmds[i].name, cmds[i].summary);
    fprintf(to, "\n'wa-emu COMMAND --help' describes one command. 'wa-emu --version' prints the "
                "version.\nExit codes: 0 PASS, 1 DEGRADED, 2 NO-BOOT, 3 BRICK, 64 usage error, "
                "66 unreadable input.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return WA_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        printf("wa-emu %s\n", WA_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (!strcmp(argv[1], cmds[i].name)) return cmds[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "wa-emu: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return WA_EXIT_USAGE;
}
