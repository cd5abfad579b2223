/* cmd_repack.c: `wa-emu repack fw.bin ROOTDIR [--var DIR] [--board B] -o new.bin`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "board_arg.h"
#include "cli.h"
#include "fileio.h"
#include "finding.h"
#include "repack.h"
#include "tichksum.h"

static void help(FILE *to)
{
    fprintf(to,
            "usage: wa-emu repack [--var DIR] [--board B] fw.bin ROOTDIR -o new.bin\n\n"
            "Rebuilds fw.bin (an mtd4 dump, or an image wa-emu made) around a new root: the\n"
            "kernel part (everything before the rootfs) byte for byte, the rootfs written from\n"
            "ROOTDIR in fw.bin's own SquashFS format (version, byte order, compression and LZMA\n"
            "variant, block size) where fw.bin's was, and the TI checksum after it. Device\n"
            "nodes and fifos of fw.bin's rootfs that ROOTDIR lacks are kept; not run as root,\n"
            "the owners of the paths fw.bin has are fw.bin's, new ones root's (an extraction\n"
            "without root cannot keep them).\n"
            "  -o, --output FILE  where to write the image (atomically: all of it or nothing)\n"
            "      --var DIR      DIR's contents as the archive the boot script unpacks into\n"
            "                     /var (the path its tar line names; /etc/var.tar without one)\n"
            "  -b, --board B      board profile (default wa1003a): where the parts are, and\n"
            "                     what mtd0 and mtd4 hold\n"
            "  -h, --help         this text\n\n"
            "Exit: 0 written, 64 usage or an image that would not fit, 66 fw.bin or ROOTDIR\n"
            "cannot be read or written in that format, 73 the output cannot be written.\n");
}

int cmd_repack(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'},
        {"var", required_argument, 0, 'v'},
        {"board", required_argument, 0, 'b'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    const char *opath = NULL, *var = NULL, *bname = "wa1003a";
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:b:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': opath = optarg; break;
        case 'v': var = optarg; break;
        case 'b': bname = optarg; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return WA_EXIT_USAGE;
        }
    }
    if (!opath || argc - optind != 2) {
        fprintf(stderr, "wa-emu repack: expected fw.bin, ROOTDIR and -o new.bin\n");
        return WA_EXIT_USAGE;
    }
    const char *fwpath = argv[optind], *root = argv[optind + 1];
    wa_board b;
    int rc = wa_board_arg(bname, &b, "repack");
    if (rc) return rc;
    uint8_t *fw = NULL, *img = NULL;
    size_t fl, il;
    wa_err e = {0};
    wa_repack_info in;
    if ((rc = wa_read_file(fwpath, 256u << 20, &fw, &fl, &e))) {
        fprintf(stderr, "wa-emu repack: %s: %s\n", fwpath, e.msg);
        return WA_EXIT_NOINPUT;
    }
    if ((rc = wa_repack(&b, fw, fl, fwpath, root, var, &img, &il, &in, &e))) {
        fprintf(stderr, "wa-emu repack: %s", e.msg);
        if (e.offset != WA_NO_OFFSET)
            fprintf(stderr, " (offset 0x%llx)", (unsigned long long)e.offset);
        fprintf(stderr, "\n");
        rc = rc == WA_E_RANGE || rc == WA_E_USAGE ? WA_EXIT_USAGE : WA_EXIT_NOINPUT;
    } else if (wa_write_file_atomic(opath, img, il, &e)) {
        fprintf(stderr, "wa-emu repack: %s: %s\n", opath, e.msg);
        rc = WA_EXIT_CANTCREAT;
    } else {
        printf("%s: 0x%zx bytes for board %s (mtd4 holds 0x%x)\n", opath, il, b.name,
               board_part_len(&b, 4));
        printf("  kernel part  0x0-0x%zx from %s, byte for byte\n", in.kernel_len, fwpath);
        printf("  rootfs       0x%zx-0x%zx: %s; %u names from %s (%s's was 0x%zx bytes)\n",
               in.kernel_len, in.kernel_len + in.new_rootfs, in.format, in.nodes, root, fwpath,
               in.old_rootfs);
        if (in.kept_devices)
            printf("  kept         %u device nodes and fifos of %s's rootfs that %s lacks\n",
                   in.kept_devices, fwpath, root);
        if (in.kept_modes)
            printf("  modes        of %u device nodes from %s's rootfs (extract makes them 0600)\n",
                   in.kept_modes, fwpath);
        if (in.kept_owners)
            printf("  owners       of %u paths from %s's rootfs (not run as root)\n",
                   in.kept_owners, fwpath);
        if (var) printf("  var          %s's contents as %s\n", var, in.var_path);
        printf("  trailer      0x%zx: TI checksum 0x%08x\n", il - TI_TRAILER_LEN,
               ti_cksum(img, il - TI_TRAILER_LEN));
    }
    free(fw);
    free(img);
    return rc;
}
