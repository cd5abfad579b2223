/* cmd_run.c: `wa-emu run fw.bin -- /bin/busybox sh -c '...'`: one program of the image, run
 * by the user-mode personality with the terminal's standard streams. */
#include <getopt.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "argnum.h"
#include "board_arg.h"
#include "board_cpu.h"
#include "cli.h"
#include "finding.h"
#include "gdbstub.h"
#include "kernel_mtd.h"
#include "lx.h"
#include "rootfs_open.h"
#include "world_arg.h"

static void help(FILE *to)
{
    fprintf(to,
            "usage: wa-emu run [OPTIONS] IMAGE -- PROGRAM [ARGS...]\n\n"
            "Runs PROGRAM (a path inside the image's root filesystem; static or dynamic, or a\n"
            "#! script) on the board's CPU under the Linux o32 user-mode personality, with the\n"
            "terminal's standard streams. IMAGE is an mtd4 image or a bare SquashFS file. The\n"
            "image's SquashFS is the read-only root; ramfs is mounted on /tmp and /var, a /dev\n"
            "with console, null, zero, tty, urandom, and /proc, where the image has those\n"
            "directories (as a boot script would). The guest never reaches the host's files.\n"
            "  -b, --board B      board profile: CPU model, RAM and kernel (default: wa1003a's\n"
            "                     CPU and RAM, with TLS as 2.6 gives it, for today's programs;\n"
            "                     --board wa1003a is its 2.4 kernel, which gives no TLS)\n"
            "      --cpu NAME     run on this CPU instead of the board's (4KEc, 24Kf, 74Kf ...)\n"
            "      --strace       print each system call on standard error\n"
            "      --budget N     kill a process after N guest instructions\n"
            "      --timeout MS   kill the whole run after MS milliseconds of wall-clock time\n"
            "      --timeline     print every process start, exec, exit and signal at the end\n"
            "      --no-mounts    no ramfs, /dev or /proc: only the image\n"
            "      --world FILE   the network outside the box (a world file, or 'default': the\n"
            "                     public address, a DNS server, the no-ip servers); without it\n"
            "                     only the loopback answers\n"
            "      --uclibc-shmctl  every shmctl as the box's uClibc 0.9.19 makes it, without\n"
            "                     IPC_64 (models its old C library, not its kernel)\n"
            "      --gdb HOST:PORT  wait for gdb there (HOST: 127.0.0.1 when left out; PORT 0:\n"
            "                     any free one, printed) before the program's first\n"
            "                     instruction, and run it as gdb says (target remote)\n"
            "  -h, --help         this text\n\n"
            "Exit: the program's exit status; 128+N when a signal N killed it; 70 when the\n"
            "emulator stopped it (the finding is printed); 64 when it could not start.\n");
}

int cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"board", required_argument, 0, 'b'},   {"strace", no_argument, 0, 's'},
        {"budget", required_argument, 0, 'n'},  {"cpu", required_argument, 0, 'c'},
        {"timeout", required_argument, 0, 't'}, {"timeline", no_argument, 0, 'T'},
        {"no-mounts", no_argument, 0, 'M'},     {"world", required_argument, 0, 'w'},
        {"uclibc-shmctl", no_argument, 0, 'U'}, {"gdb", required_argument, 0, 'g'},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0},
    };
    const char *bname = NULL, *cpu = NULL, *gdb = NULL;
    int timeline = 0;
    lx_opts o = {.premount = 1};
    net_world world;
    uint64_t n;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+b:h", opts, NULL)) != -1) {
        switch (c) {
        case 'b': bname = optarg; break;
        case 's': o.strace = stderr; break;
        case 'n':
            if (wa_argnum("run", "budget", "a number of instructions", optarg, 1, UINT64_MAX / 2,
                          &n))
                return WA_EXIT_USAGE;
            o.insn_budget = n;
            break;
        case 'c': cpu = optarg; break;
        case 't':
            if (wa_argnum("run", "timeout", "milliseconds", optarg, 1, 86400000, &n))
                return WA_EXIT_USAGE;
            o.wall_ms = (uint32_t)n;
            break;
        case 'T': timeline = 1; break;
        case 'M': o.premount = 0; break;
        case 'U': o.uclibc_shmctl = 1; break;
        case 'g': gdb = optarg; break;
        case 'w': {
            int wrc = wa_world_arg(optarg, &world, "run");
            if (wrc) return wrc;
            o.net = &world;
            break;
        }
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
    int rc = wa_board_arg(bname ? bname : "wa1003a", &b, "run");
    if (rc) return rc;
    o.ram = b.ram_size; /* run probes no kernel: the board's RAM (verify's is ram.h's) */
    o.nproc = b.nproc;
    o.cpu_name = cpu ? cpu : b.cpu;
    const wa_cpu *core = wa_cpu_find(o.cpu_name);
    if (!core) {
        fprintf(stderr, "wa-emu run: board %s: CPU '%s' is not one wa-emu can emulate\n", b.name,
                o.cpu_name);
        return WA_EXIT_USAGE;
    }
    o.cpu_model = core->user_model;
    o.isa_r1 = core->isa_r1;
    o.linux24 = board_linux24(&b);
    o.tls_emulated = b.tls_emulated || !bname;        /* the default: today's programs run */
    o.kernel_release = b.kernel[0] ? b.kernel : NULL; /* run probes no kernel: the board's */
    wa_rootfs r;
    if ((rc = wa_rootfs_open(image, &b, &r, "run"))) return rc;
    /* the board's kernel's MTD devices and, for a TI one, its /proc/ticfg/env: a 2.4 board
     * runs TI's flash map driver, another Linux's ar7part on the file written at mtd4 */
    lx_mtd mtd[WA_KMTD_MAX];
    char ticfg[8192];
    ar7part_map ar7;
    int by = o.linux24 ? WA_ROOT_ENV : WA_ROOT_AR7PART;
    if (by == WA_ROOT_AR7PART &&
        ar7part_parse(r.file, r.len, board_part_off(&b, 4), b.flash_size, b.erase_size, &ar7, NULL))
        by = WA_ROOT_GUESS;
    o.mtd = mtd;
    o.nmtd = wa_kernel_mtd(&b, by, &ar7, mtd);
    if (o.linux24) {
        wa_ticfg_env(&b, ticfg, sizeof ticfg);
        o.ticfg_env = ticfg;
    }
    if (gdb) {
        wa_err ge = {0};
        int port;
        o.gdb_fd = gdb_listen(gdb, &port, &ge);
        if (o.gdb_fd < 0) {
            fprintf(stderr, "wa-emu run: %s\n", ge.msg);
            wa_rootfs_close(&r);
            return WA_EXIT_USAGE;
        }
        o.gdb = 1;
        /* the port on a line of its own: a script reads it and connects (handshake) */
        fprintf(stderr, "wa-emu run: gdb: listening on port %d\n", port);
        fflush(stderr);
    }
    lx_result res;
    wa_err e = {0};
    fflush(stdout);
    if (lx_run(r.fs, argc - optind, argv + optind, &o, &res, &e)) {
        fprintf(stderr, "wa-emu run: %s\n", e.msg);
        rc = WA_EXIT_USAGE;
    } else if (res.stop[0]) {
        fprintf(stderr, "wa-emu run: %s\n", res.stop);
        rc = WA_EXIT_SOFTWARE;
    } else if (res.signal) {
        rc = 128 + res.signal;
    } else {
        rc = res.status;
    }
    if (timeline) {
        fprintf(stderr, "timeline (ms, pid, parent, event):\n");
        for (size_t i = 0; i < res.nevents; i++) {
            const lx_event *ev = &res.events[i];
            fprintf(stderr, "%6llu %6d %6d %-11s", (unsigned long long)ev->ms, ev->pid, ev->ppid,
                    lx_event_name(ev->kind));
            if (ev->kind == LX_EV_EXIT || ev->kind == LX_EV_KILLED || ev->kind == LX_EV_SIGNAL ||
                ev->kind == LX_EV_NOEXEC)
                fprintf(stderr, " %d", ev->value);
            fprintf(stderr, "%s%s\n", ev->text[0] ? " " : "", ev->text);
        }
    }
    lx_result_free(&res);
    wa_rootfs_close(&r);
    if (o.gdb) close(o.gdb_fd);
    return rc;
}
