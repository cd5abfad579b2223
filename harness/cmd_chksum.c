/* cmd_chksum.c: `wa-emu chksum fw.bin [--fix | --strip] [-o OUT]`: check, (re)write or remove
 * the TI checksum trailer. Writes go to OUT, or atomically over fw.bin. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fileio.h"
#include "finding.h"
#include "tichksum.h"

static void help(FILE *to)
{
    fprintf(to, "usage: wa-emu chksum [--fix | --strip] [-o OUT] fw.bin\n\n"
                "Checks the TI checksum trailer (le32 0xC453DE23 + POSIX cksum of the data).\n"
                "  --fix        write the image with a correct trailer (replacing any old one)\n"
                "  --strip      write the image without its trailer\n"
                "  -o, --output OUT   write to OUT instead of replacing fw.bin atomically\n"
                "  -h, --help   this text\n\n"
                "Exit: 0 trailer present and correct (or written), 1 missing or wrong,\n"
                "64 usage, 66 unreadable input, 73 cannot write.\n");
}

int cmd_chksum(int argc, char **argv)
{
    static const struct option opts[] = {
        {"fix", no_argument, 0, 'f'},
        {"strip", no_argument, 0, 's'},
        {"output", required_argument, 0, 'o'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    int fix = 0, strip = 0, c;
    const char *outp = NULL;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f': fix = 1; break;
        case 's': strip = 1; break;
        case 'o': outp = optarg; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return WA_EXIT_USAGE;
        }
    }
    if (optind != argc - 1 || (fix && strip) || (outp && !fix && !strip)) {
        fprintf(stderr, "wa-emu chksum: expected one image, and at most one of --fix/--strip "
                        "(-o goes with them)\n");
        return WA_EXIT_USAGE;
    }
    const char *path = argv[optind];
    uint8_t *img;
    size_t len;
    wa_err e = {0};
    if (wa_read_file(path, 256u << 20, &img, &len, &e)) {
        fprintf(stderr, "wa-emu chksum: %s: %s\n", path, e.msg);
        return WA_EXIT_NOINPUT;
    }
    ti_trailer t;
    ti_trailer_read(img, len, &t, NULL);
    int rc = 0;
    if (!fix && !strip) {
        if (!t.present) {
            printf("%s: no TI checksum trailer (last 8 bytes at 0x%zx are not 23 de 53 c4 ...); "
                   "data checksum 0x%08x\n",
                   path, len >= 8 ? len - 8 : 0, t.computed);
            rc = 1;
        } else if (t.stored != t.computed) {
            printf("%s: checksum WRONG: trailer at 0x%zx says 0x%08x, data 0x0-0x%zx gives "
                   "0x%08x\n",
                   path, t.data_len, t.stored, t.data_len, t.computed);
            rc = 1;
        } else {
            printf("%s: checksum ok: 0x%08x over 0x%zx bytes\n", path, t.stored, t.data_len);
        }
    } else {
        size_t n = t.data_len;
        uint8_t *out = malloc(n + TI_TRAILER_LEN);
        if (!out) {
            free(img);
            fprintf(stderr, "wa-emu chksum: out of memory\n");
            return WA_EXIT_SOFTWARE;
        }
        memcpy(out, img, n);
        if (fix) {
            ti_trailer_make(img, n, out + n);
            n += TI_TRAILER_LEN;
        }
        const char *dst = outp ? outp : path;
        if (wa_write_file_atomic(dst, out, n, &e)) {
            fprintf(stderr, "wa-emu chksum: %s: %s\n", dst, e.msg);
            rc = WA_EXIT_CANTCREAT;
        } else if (fix) {
            printf("%s: trailer written: 0x%08x over 0x%zx bytes\n", dst, t.computed, t.data_len);
        } else {
            printf("%s: %s\n", dst, t.present ? "trailer removed" : "had no trailer; copied");
        }
        free(out);
    }
    free(img);
    return rc;
}
