/* fuzz_extract.c: `ls -R` and `extract` over a whole image of any bytes (the image is what
 * the user was given): both end, and extract writes nothing outside the directory it was
 * given (the scratch directory around it holds it and nothing else afterwards). */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "extract.h"
#include "squashfs.h"

static int gone(const char *p, const struct stat *st, int flag, struct FTW *f)
{
    (void)st, (void)flag, (void)f;
    return remove(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char scratch[] = "/tmp/wa-fuzz-extract-XXXXXX", img[64], out[64];
    if (!mkdtemp(scratch)) return 0;
    snprintf(img, sizeof img, "%s/i", scratch);
    snprintf(out, sizeof out, "%s/x", scratch);
    FILE *f = fopen(img, "wb");
    if (f) {
        fwrite(data, 1, size, f);
        fclose(f);
    }
    /* ls -R through the command itself, its listing and its errors thrown away */
    fflush(stdout);
    fflush(stderr);
    int out1 = dup(1), out2 = dup(2), null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    char *argv[] = {"ls", "-R", img, NULL};
    cmd_ls(3, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(out1, 1);
    dup2(out2, 2);
    close(out1);
    close(out2);
    close(null);
    unlink(img);
    sqfs *fs;
    sqfs_limits lim = {4u << 20};
    if (!sqfs_open(&fs, data, size, &lim, NULL)) {
        wa_extract_opts o = {.max_size = 16u << 20};
        wa_extract_stats st;
        wa_err e = {0};
        wa_extract(fs, sqfs_root(fs), out, &o, &st, &e);
        sqfs_close(fs);
    }
    DIR *d = opendir(scratch); /* only x in the scratch directory */
    struct dirent *de;
    while (d && (de = readdir(d)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && strcmp(de->d_name, "x")) abort();
    if (d) closedir(d);
    nftw(scratch, gone, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}
