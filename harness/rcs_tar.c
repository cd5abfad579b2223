/* rcs_tar.c: the archive a boot script's tar command unpacks. */
#include "rcs_tar.h"

#include <stdio.h>
#include <string.h>

enum { MAXTOK = 32, TOKLEN = 128 };

/* Split one line into words at blanks and the shell's ; ( ) & | (a # starts a comment). */
static int words(const char *l, size_t n, char w[MAXTOK][TOKLEN])
{
    int k = 0;
    size_t i = 0;
    while (i < n && k < MAXTOK) {
        while (i < n && strchr(" \t\r;()&|", l[i]))
            i++;
        if (i >= n || l[i] == '#') break;
        size_t j = 0;
        while (i < n && !strchr(" \t\r;()&|", l[i])) {
            if (j + 1 < TOKLEN && l[i] != '"' && l[i] != '\'') w[k][j++] = l[i];
            i++;
        }
        w[k++][j] = 0;
    }
    return k;
}

/* tar, or a path to it (/bin/tar) */
static int is_tar(const char *w)
{
    const char *b = strrchr(w, '/');
    return !strcmp(b ? b + 1 : w, "tar");
}

/* dir joined with file, or file when it is absolute. */
static void join(const char *dir, const char *file, char *out, size_t cap)
{
    if (file[0] == '/' || !dir[0]) {
        snprintf(out, cap, "%s", file);
        return;
    }
    while (!strncmp(file, "./", 2))
        file += 2;
    size_t d = strlen(dir);
    snprintf(out, cap, "%s%s%s", dir, d && dir[d - 1] == '/' ? "" : "/", file);
}

/* The archive of the tar command at w[t], or 0. */
static int tar_file(char w[MAXTOK][TOKLEN], int n, int t, const char *cwd, char *path, size_t cap)
{
    int extract = 0;
    const char *file = NULL;
    char dir[TOKLEN];
    snprintf(dir, sizeof dir, "%s", cwd);
    for (int i = t + 1; i < n; i++) {
        const char *o = w[i];
        if (!strcmp(o, "-C") && i + 1 < n) {
            join(cwd, w[++i], dir, sizeof dir);
            continue;
        }
        int bundle = o[0] == '-' ? o[1] != '-' : i == t + 1; /* tar xf ... or tar -xf ... */
        if (!bundle) {
            if (!strcmp(o, "--extract")) extract = 1;
            continue;
        }
        int wants_file = 0;
        for (const char *c = o + (o[0] == '-'); *c; c++) {
            if (*c == 'x') extract = 1;
            if (*c == 'f') wants_file = 1;
        }
        if (wants_file && i + 1 < n) file = w[++i];
    }
    if (!extract || !file || !strcmp(file, "-")) return 0;
    join(dir, file, path, cap);
    return 1;
}

int wa_rcs_tar(const char *script, size_t len, char *path, size_t cap, int *line)
{
    char w[MAXTOK][TOKLEN];
    int no = 0;
    for (size_t at = 0; at < len;) {
        const char *l = script + at, *nl = memchr(l, '\n', len - at);
        size_t n = nl ? (size_t)(nl - l) : len - at;
        at += n + 1;
        no++;
        char cwd[TOKLEN] = "/";
        int k = words(l, n, w);
        for (int i = 0; i < k; i++) {
            if (!strcmp(w[i], "cd") && i + 1 < k) {
                char tmp[TOKLEN];
                join(cwd, w[i + 1], tmp, sizeof tmp);
                snprintf(cwd, sizeof cwd, "%s", tmp);
            } else if (is_tar(w[i]) && tar_file(w, k, i, cwd, path, cap)) {
                if (line) *line = no;
                return 1;
            }
        }
    }
    return 0;
}
