/* cmd_verify.c: `wa-emu verify fw.bin`: runs the stages in boot order and prints the verdict. */
#include "argnum.h"
#include "backup.h"
#include "board_arg.h"
#include "case_run.h"
#include "cli.h"
#include "fileio.h"
#include "flash_write.h"
#include "report.h"
#include "verify.h"
#include "world_arg.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *to)
{
    fprintf(
        to,
        "usage: wa-emu verify [OPTIONS] fw.bin\n       wa-emu verify --case FILE [OPTIONS] "
        "[fw.bin]\n\n"
        "Loads an mtd4 image (kernel + rootfs + TI checksum) into the board's simulated\n"
        "flash, runs the simulated ADAM2, checks the kernel and the root filesystem, and\n"
        "prints a verdict with its reasons. Then the image's init runs as pid 1 in user\n"
        "mode, as the kernel would start it, until the boot settles, and the services it\n"
        "started (noip2) are judged by what they did in the world outside the box.\n\n"
        "  -b, --board NAME|FILE  board profile (wa1003a, ar7-8m, speedport-w501v, wag200g, or a\n"
        "                         profile file; default wa1003a)\n"
        "      --case FILE        check the run against a case file (cases/README.md): its\n"
        "                         image unless fw.bin is given, its board and world unless\n"
        "                         --board and --world are; the exit code is the case's\n"
        "      --json[=FILE]      write the JSON report (harness/report.schema.json) to FILE,\n"
        "                         or to standard output instead of the text report\n"
        "      --junit=FILE       also write a JUnit XML report to FILE\n"
        "      --html=FILE        also write an HTML page to FILE: the findings, the flash\n"
        "                         map and the boot timeline drawn (self-contained)\n"
        "      --flash BACKUP     start from the owner's flash, not a blank chip: a\n"
        "                         whole-flash dump, or a directory of mtd0 .. mtd4 dumps\n"
        "                         (cat /dev/mtdblock/N > mtdN); overlapping dumps are\n"
        "                         compared, a short one is used as far as it goes\n"
        "      --write HOW        how fw.bin is written into mtd4: mtdblock (cat fw.bin >\n"
        "                         /dev/mtdblock/4: read-modify-write of each erase block,\n"
        "                         the rest of mtd4 keeps its old bytes; the default with\n"
        "                         --flash) or erase (a bootloader upload: mtd4 erased\n"
        "                         first; the default without)\n"
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
        "75 INCONCLUSIVE (an emulator limit: the wall clock, or an internal failure).\n"
        "With --case: 0 the case passed, 1 it did not, 64 a bad case file.\n");
}

int cmd_verify(int argc, char **argv)
{
    static const struct option opts[] = {
        {"board", required_argument, 0, 'b'},   {"case", required_argument, 0, 'C'},
        {"json", optional_argument, 0, 'j'},    {"junit", required_argument, 0, 'u'},
        {"html", required_argument, 0, 'H'},    {"no-color", no_argument, 0, 'n'},
        {"deep", no_argument, 0, 'd'},          {"console", no_argument, 0, 'c'},
        {"timeout", required_argument, 0, 't'}, {"static", no_argument, 0, 's'},
        {"world", required_argument, 0, 'w'},   {"uclibc-shmctl", no_argument, 0, 'U'},
        {"flash", required_argument, 0, 'F'},   {"write", required_argument, 0, 'W'},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0},
    };
    const char *board_arg = NULL, *world_arg = NULL, *case_arg = NULL, *flash_arg = NULL;
    const char *doc[3] = {NULL, NULL, NULL}; /* where each document goes (report.h) */
    int colour = -1, c, deep = 0, console = 0, static_only = 0, uclibc_shmctl = 0, write = -1;
    uint64_t timeout = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "b:h", opts, NULL)) != -1) {
        switch (c) {
        case 'b': board_arg = optarg; break;
        case 'C': case_arg = optarg; break;
        case 'j': doc[WA_DOC_JSON] = optarg ? optarg : "-"; break;
        case 'u': doc[WA_DOC_JUNIT] = optarg; break;
        case 'H': doc[WA_DOC_HTML] = optarg; break;
        case 'n': colour = 0; break;
        case 'd': deep = 1; break;
        case 'c': console = 1; break;
        case 's': static_only = 1; break;
        case 'w': world_arg = optarg; break;
        case 'U': uclibc_shmctl = 1; break;
        case 'F': flash_arg = optarg; break;
        case 'W':
            if ((write = wa_write_mode_parse(optarg)) < 0) {
                fprintf(stderr, "wa-emu verify: --write is mtdblock or erase, not '%s'\n", optarg);
                return WA_EXIT_USAGE;
            }
            break;
        case 't':
            if (wa_argnum("verify", "timeout", "milliseconds", optarg, 1, 86400000, &timeout))
                return WA_EXIT_USAGE;
            break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return WA_EXIT_USAGE;
        }
    }
    if (optind < argc - 1 || (optind == argc && !case_arg)) {
        fprintf(stderr, "wa-emu verify: expected one image file\n");
        help(stderr);
        return WA_EXIT_USAGE;
    }
    if (deep && static_only) {
        fprintf(stderr, "wa-emu verify: --deep and --static exclude each other\n");
        return WA_EXIT_USAGE;
    }
    /* a case gives what the command line does not */
    wa_case kase = {0};
    int rc;
    if (case_arg) {
        if ((rc = wa_case_load(case_arg, &kase, "verify"))) return rc;
        board_arg = board_arg ? board_arg : kase.board;
        world_arg = world_arg ? world_arg : kase.world;
        deep |= kase.deep;
        static_only |= kase.static_only;
        uclibc_shmctl |= kase.uclibc_shmctl;
        timeout = timeout ? timeout : kase.timeout_ms;
        flash_arg = flash_arg ? flash_arg : kase.flash[0] ? kase.flash : NULL;
        write = write >= 0 ? write : kase.write_mode;
    }
    /* cat fw.bin > /dev/mtdblock/4 is what an owner with a shell on the box does; without a
     * backup the chip is blank and the upload path is the one that makes sense */
    if (write < 0) write = flash_arg ? WA_WRITE_MTDBLOCK : WA_WRITE_ERASE;
    const char *path = optind < argc ? argv[optind] : kase.image[0] ? kase.image : kase.rootfs;

    wa_board board;
    net_world world;
    uint8_t *img;
    size_t len;
    wa_err e = {0};
    if ((rc = wa_board_arg(board_arg ? board_arg : "wa1003a", &board, "verify")) ||
        (rc = wa_world_arg(world_arg ? world_arg : "default", &world, "verify"))) {
        wa_case_free(&kase);
        return rc;
    }
    if (optind == argc) {
        if ((rc = wa_case_image(&kase, &board, &img, &len, "verify"))) {
            wa_case_free(&kase);
            return rc;
        }
    } else if (wa_read_file(path, 256u << 20, &img, &len, &e)) {
        fprintf(stderr, "wa-emu verify: %s: %s\n", path, e.msg);
        wa_case_free(&kase);
        return WA_EXIT_NOINPUT;
    }

    wa_backup backup = {0};
    if (flash_arg && wa_backup_load(flash_arg, &board, &backup, &e)) {
        fprintf(stderr, "wa-emu verify: --flash %s\n", e.msg);
        free(img);
        wa_case_free(&kase);
        return e.code == WA_E_IO || e.code == WA_E_NOTFOUND ? WA_EXIT_NOINPUT : WA_EXIT_USAGE;
    }
    wa_verify_opts vo = {.deep = deep,
                         .static_only = static_only,
                         .uclibc_shmctl = uclibc_shmctl,
                         .timeout_ms = (uint32_t)timeout,
                         .console_echo = console ? stderr : NULL,
                         .flash = flash_arg ? &backup : NULL,
                         .write_mode = write};
    wa_report rep;
    wa_verify(path, img, len, &board, &world, &vo, &rep);
    /* what debug --replay needs to make this run again */
    snprintf(rep.run.board, sizeof rep.run.board, "%s", board_arg ? board_arg : "");
    snprintf(rep.run.world, sizeof rep.run.world, "%s", world_arg ? world_arg : "");
    snprintf(rep.run.flash, sizeof rep.run.flash, "%s", flash_arg ? flash_arg : "");
    free(img);
    wa_backup_free(&backup);

    int out = 0, to_stdout = 0;
    for (int d = 0; d < 3; d++)
        to_stdout |= doc[d] && !strcmp(doc[d], "-");
    if (!to_stdout) wa_report_text(&rep, stdout, colour == 0 ? 0 : wa_want_colour(stdout));
    for (int d = 0; d < 3 && !out; d++)
        if (doc[d])
            out =
                wa_emit("verify", doc[d], wa_report_writers[d].fn(&rep), wa_report_writers[d].name);
    int verdict = wa_verdict_of(&rep);
    if (kase.path[0] && !out) { /* the case's outcome, not the verdict, is the exit code */
        char why[2048];
        verdict = wa_case_check(&kase, &rep, why, sizeof why);
        if (verdict)
            printf("case %s: FAILED: %s\n", kase.name, why);
        else
            printf("case %s: passed (%zu expectations)\n", kase.name, kase.nx);
    }
    wa_case_free(&kase);
    wa_report_free(&rep);
    return out ? out : verdict;
}
