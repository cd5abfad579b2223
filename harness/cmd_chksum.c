/* cmd_chksum.c: `wa-emu chksum fw.bin [--fix [--pad-to SIZE] | --strip] [-o OUT]`: check,
 * (re)write or remove the TI checksum trailer; --pad-to puts it at the end of a partition of
 * SIZE bytes, for a bootloader that looks there (board key trailer = partition-end). Writes go
 * to OUT, or atomically over fw.bin. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "cli.h"
#include "fileio.h"
#include "finding.h"
#include "tichksum.h"

static void help(FILE *to)
{
    fprintf(to, "usage: wa-emu chksum [--fix [--pad-to SIZE] | --strip] [-o OUT] fw.bin\n\n"
                "Checks the TI checksum trailer (le32 0xC453DE23 + POSIX cksum of the data).\n"
                "  --fix        write the image with a correct trailer (replacing any old one)\n"
                "  --pad-to SIZE  with --fix: pad the data with 0xFF so that the trailer ends\n"
                "               at SIZE bytes (mtd4's size: the trailer in its last 8 bytes)\n"
                "  --strip      write the image without its trailer\n"
                "  -o, --output OUT   write to OUT instead of replacing fw.bin atomically\n"
                "  -h, --help   this text\n\n"
                "Exit: 0 trailer present and correct (or written), 1 missing or wrong,\n"
                "64 usage, 66 unreadable input, 73 cannot write.\n");
}

int cmd_chksum(int argc, char **argv)
{
    static const struct option opts[] = {
        {"fix", no_argument, 0, 'f'},          {"strip", no_argument, 0, 's'},
        {"output", required_argument, 0, 'o'}, {"pad-to", required_argument, 0, 'p'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0},
    };
    int fix = 0, strip = 0, c;
    const char *outp = NULL;
    unsigned long long pad = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f': fix = 1; break;
        case 's': strip = 1; break;
        case 'o': outp = optarg; break;
        case 'p': {
            char *end;
            pad = strtoull(optarg, &end, 0);
            if (end == optarg || *end || optarg[0] == '-' || pad <= TI_TRAILER_LEN ||
                pad > 256u << 20) {
                fprintf(stderr,
                        "wa-emu chksum: --pad-to wants a size in bytes (9..268435456, decimal or "
                        "0x hex), not \"%s\"\n",
                        optarg);
                return WA_EXIT_USAGE;
            }
            break;
        }
        case 'h': help(stdout); return 0;
        default: help(stderr); return WA_EXIT_USAGE;
        }
    }
    if (optind != argc - 1 || (fix && strip) || (outp && !fix && !strip) || (pad && !fix)) {
        fprintf(stderr, "wa-emu chksum: expected one image, and at most one of --fix/--strip "
                        "(-o goes with them, --pad-to with --fix)\n");
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
        if (pad && n + TI_TRAILER_LEN > pad) {
            fprintf(stderr,
                    "wa-emu chksum: %s: its 0x%zx bytes of data and the 8-byte trailer do not "
                    "fit in --pad-to 0x%llx (0x%llx bytes too many)\n",
                    path, n, pad, (unsigned long long)(n + TI_TRAILER_LEN - pad));
            free(img);
            return WA_EXIT_USAGE;
        }
        size_t data = pad ? (size_t)pad - TI_TRAILER_LEN : n;
        uint8_t *out = malloc(data + TI_TRAILER_LEN);
        if (!out) {
            free(img);
            fprintf(stderr, "wa-emu chksum: out of memory\n");
            return WA_EXIT_SOFTWARE;
        }
        memcpy(out, img, n);
        memset(out + n, 0xff, data - n);
        if (fix) {
            ti_trailer_make(out, data, out + data);
            n = data + TI_TRAILER_LEN;
        }
        const char *dst = outp ? outp : path;
        if (wa_write_file_atomic(dst, out, n, &e)) {
            fprintf(stderr, "wa-emu chksum: %s: %s\n", dst, e.msg);
            rc = WA_EXIT_CANTCREAT;
        } else if (fix) {
            printf("%s: trailer written: 0x%08x over 0x%zx bytes%s\n", dst, rd_le32(out + n - 4),
                   n - TI_TRAILER_LEN, pad ? " (padded with 0xFF)" : "");
        } else {
            printf("%s: %s\n", dst, t.present ? "trailer removed" : "had no trailer; copied");
        }
        free(out);
    }
    free(img);
    return rc;
}
