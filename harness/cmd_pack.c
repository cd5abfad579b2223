/* cmd_pack.c: `wa-emu pack --kernel K --rootfs R [--var DIR] [--board B] -o fw.bin`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "board_arg.h"
#include "cli.h"
#include "fileio.h"
#include "finding.h"
#include "pack.h"

static void help(FILE *to)
{
    fprintf(
        to,
        "usage: wa-emu pack --kernel VMLINUZ --rootfs ROOT [--var DIR] [--board B] -o fw.bin\n\n"
        "Builds an mtd4 image: the kernel's PT_LOAD segments as ADAM2 loader records at\n"
        "the start of mtd1, padding to the start of mtd0, the SquashFS image, and the TI\n"
        "checksum over all of it. Refuses an image that would not fit mtd4.\n"
        "  -k, --kernel FILE   the kernel as an ELF (the self-extracting vmlinuz), or as\n"
        "                      ADAM2 loader records (TI's ram_zimage_pad.bin), kept as is\n"
        "  -r, --rootfs ROOT   the root filesystem: a SquashFS image, or a directory that\n"
        "                      mksquashfs packs (SquashFS 4.0 gzip, owned by root, with\n"
        "                      the device nodes init needs added where it has none)\n"
        "      --var DIR       with a directory ROOT: DIR's contents as its /etc/var.tar\n"
        "                      (entries var/..., what the box unpacks into its RAM /var)\n"
        "  -b, --board B       board profile (wa1003a, ar7-8m, speedport-w501v, wag200g, or a "
        "file;\n"
        "                      default wa1003a)\n"
        "  -o, --output FILE   where to write the image (atomically)\n"
        "  -h, --help          this text\n\n"
        "Exit: 0 written, 64 usage or an image that would not fit mtd4, 66 a part that cannot\n"
        "be read or packed, 73 the output cannot be written.\n");
}

int cmd_pack(int argc, char **argv)
{
    static const struct option opts[] = {
        {"kernel", required_argument, 0, 'k'},
        {"rootfs", required_argument, 0, 'r'},
        {"board", required_argument, 0, 'b'},
        {"output", required_argument, 0, 'o'},
        {"var", required_argument, 0, 'v'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    const char *kpath = NULL, *rpath = NULL, *bname = "wa1003a", *opath = NULL, *var = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "k:r:b:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'k': kpath = optarg; break;
        case 'r': rpath = optarg; break;
        case 'b': bname = optarg; break;
        case 'o': opath = optarg; break;
        case 'v': var = optarg; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return WA_EXIT_USAGE;
        }
    }
    if (!kpath || !rpath || !opath || optind != argc) {
        fprintf(stderr, "wa-emu pack: --kernel, --rootfs and -o are required\n");
        return WA_EXIT_USAGE;
    }
    wa_board b;
    int rc = wa_board_arg(bname, &b, "pack");
    if (rc) return rc;
    uint8_t *img = NULL;
    size_t il;
    wa_err e = {0};
    if ((rc = wa_pack_parts(&b, kpath, rpath, var, &img, &il, &e))) {
        fprintf(stderr, "wa-emu pack: %s", e.msg);
        if (e.offset != WA_NO_OFFSET)
            fprintf(stderr, " (offset 0x%llx)", (unsigned long long)e.offset);
        fprintf(stderr, "\n");
        rc = rc == WA_E_RANGE || rc == WA_E_USAGE ? WA_EXIT_USAGE : WA_EXIT_NOINPUT;
    } else if (wa_write_file_atomic(opath, img, il, &e)) {
        fprintf(stderr, "wa-emu pack: %s: %s\n", opath, e.msg);
        rc = WA_EXIT_CANTCREAT;
    } else {
        printf("%s: 0x%zx bytes for board %s (mtd4 holds 0x%x)\n", opath, il, b.name,
               board_part_len(&b, 4));
    }
    free(img);
    return rc;
}
