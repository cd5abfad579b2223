/* cmd_extract.c: `wa-emu extract fw.bin -o DIR`: the root filesystem to a host directory. */
#include <getopt.h>
#include <stdio.h>
#include <sys/stat.h>

#include "board_arg.h"
#include "cli.h"
#include "argnum.h"
#include "extract.h"
#include "finding.h"
#include "rootfs_open.h"

static void help(FILE *to)
{
    fprintf(to, "usage: wa-emu extract [--board B] [--force] [--devices] [--max-size N] fw.bin\n"
                "                      -o DIR [PATH]\n\n"
                "Writes the root filesystem of an mtd4 image (or of a bare SquashFS file), or the\n"
                "subtree at PATH, into DIR. Nothing is written outside DIR; each file appears\n"
                "whole or not at all; existing files are kept unless --force.\n"
                "  -o, --output DIR  where to extract (made if missing)\n"
                "  -f, --force       replace existing files\n"
                "      --devices     create device nodes (only as root)\n"
                "      --max-size N  refuse a tree whose files come to more than N bytes\n"
                "                    (default: 64 times the image's size, at least 256 MiB)\n"
                "  -b, --board B     board profile for finding the rootfs (default wa1003a)\n"
                "  -h, --help        this text\n\n"
                "Exit: 0 done, 64 usage, 66 an unreadable or corrupt image, 73 a host file that\n"
                "cannot be written.\n");
}

int cmd_extract(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'},
        {"force", no_argument, 0, 'f'},
        {"devices", no_argument, 0, 'd'},
        {"board", required_argument, 0, 'b'},
        {"max-size", required_argument, 0, 'm'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    const char *out = NULL, *bname = "wa1003a";
    wa_extract_opts o = {0};
    uint64_t max = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:fb:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'f': o.overwrite = 1; break;
        case 'd': o.devices = 1; break;
        case 'b': bname = optarg; break;
        case 'm':
            if (wa_argnum("extract", "max-size", "bytes", optarg, 1, UINT64_MAX / 2, &max))
                return WA_EXIT_USAGE;
            break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return WA_EXIT_USAGE;
        }
    }
    if (!out || optind >= argc || argc - optind > 2) {
        fprintf(stderr, "wa-emu extract: expected an image, -o DIR and at most one PATH\n");
        return WA_EXIT_USAGE;
    }
    wa_board b;
    int rc = wa_board_arg(bname, &b, "extract");
    if (rc) return rc;
    wa_rootfs r;
    if ((rc = wa_rootfs_open(argv[optind], &b, &r, "extract"))) return rc;
    o.max_size = max ? max : r.len * 64 > (256ull << 20) ? r.len * 64 : 256ull << 20;
    wa_err e = {0};
    sqfs_ref from;
    wa_extract_stats st;
    const char *sub = optind + 1 < argc ? argv[optind + 1] : "/";
    sqfs_attr a;
    if (sqfs_lookup(r.fs, sub, 1, &from, &e)) {
        fprintf(stderr, "wa-emu extract: %s: %s\n", argv[optind], e.msg);
        rc = WA_EXIT_USAGE;
    } else if (!sqfs_stat(r.fs, from, &a, NULL) && !S_ISDIR(a.mode)) {
        /* a usage error, not a fault of the image */
        fprintf(stderr, "wa-emu extract: %s is not a directory in %s: extract takes a directory\n",
                sub, argv[optind]);
        rc = WA_EXIT_USAGE;
    } else if (wa_extract(r.fs, from, out, &o, &st, &e)) {
        fprintf(stderr, "wa-emu extract: %s", e.msg);
        if (e.offset != WA_NO_OFFSET)
            fprintf(stderr, " (image offset 0x%llx)", (unsigned long long)(r.offset + e.offset));
        fprintf(stderr, "\n");
        rc = e.code == WA_E_IO ? WA_EXIT_CANTCREAT : WA_EXIT_NOINPUT;
    } else {
        printf("%s: %lu files (%llu bytes), %lu directories, %lu symlinks, %lu hard links, "
               "%lu fifos, %lu devices; %lu skipped\n",
               out, st.files, st.bytes, st.dirs, st.symlinks, st.hardlinks, st.fifos, st.devices,
               st.skipped);
    }
    wa_rootfs_close(&r);
    return rc;
}
