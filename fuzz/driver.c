/* driver.c: a small replay-and-mutate runner for the fuzz targets when libFuzzer is not used.
 * Usage: target [-runs=N] [-max_len=N] PATH...  (files or directories of seed inputs)
 * Each seed is run as is, then N deterministic mutations spread over the seeds are run:
 * bit flips, byte stores of boundary values, truncation, extension and block copies.
 * Same seeds, same N: same inputs, so a failure reproduces. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seed {
    uint8_t *data;
    size_t len;
};

static int add_seed(struct seed **v, size_t *n, const char *path, size_t max_len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    uint8_t *buf = malloc(max_len ? max_len : 1);
    size_t len = buf ? fread(buf, 1, max_len, f) : 0;
    fclose(f);
    if (!buf) return -1;
    struct seed *nv = realloc(*v, (*n + 1) * sizeof **v);
    if (!nv) {
        free(buf);
        return -1;
    }
    *v = nv;
    (*v)[(*n)++] = (struct seed){buf, len};
    return 0;
}

static void collect(struct seed **v, size_t *n, const char *path, size_t max_len)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "fuzz driver: %s: cannot stat\n", path);
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        add_seed(v, n, path, max_len);
        return;
    }
    struct dirent **names;
    int k = scandir(path, &names, NULL, alphasort);
    for (int i = 0; i < k; i++) {
        if (names[i]->d_name[0] != '.') {
            char sub[4096];
            snprintf(sub, sizeof sub, "%s/%s", path, names[i]->d_name);
            collect(v, n, sub, max_len);
        }
        free(names[i]);
    }
    if (k >= 0) free(names);
}

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

int main(int argc, char **argv)
{
    long runs = 1000;
    size_t max_len = 16u << 20;
    struct seed *seeds = NULL;
    size_t nseeds = 0;
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "-runs=", 6) == 0)
            runs = atol(argv[i] + 6);
        else if (strncmp(argv[i], "-max_len=", 9) == 0)
            max_len = (size_t)atol(argv[i] + 9);
        else
            collect(&seeds, &nseeds, argv[i], max_len);
    }
    if (nseeds == 0) {
        fprintf(stderr, "fuzz driver: no seed inputs\n");
        return 1;
    }
    for (size_t i = 0; i < nseeds; i++)
        LLVMFuzzerTestOneInput(seeds[i].data, seeds[i].len);
    uint64_t rng = 0x9e3779b97f4a7c15ull;
    static const uint8_t magic[] = {0x00, 0x01, 0x7f, 0x80, 0xff};
    for (long r = 0; r < runs; r++) {
        struct seed *s = &seeds[r % nseeds];
        size_t len = s->len + 64;
        uint8_t *m = malloc(len ? len : 1);
        if (!m) return 1;
        memcpy(m, s->data, s->len);
        len = s->len;
        int edits = 1 + (int)(next(&rng) % 8);
        for (int e = 0; e < edits; e++) {
            uint64_t x = next(&rng);
            size_t at = len ? (size_t)(x >> 8) % len : 0;
            switch (x % 6) {
            case 0:
                if (len) m[at] ^= (uint8_t)(1u << ((x >> 40) % 8));
                break;
            case 1:
                if (len) m[at] = magic[(x >> 40) % sizeof magic];
                break;
            case 2:
                if (len) m[at] = (uint8_t)(x >> 48);
                break;
            case 3: len = at; break;
            case 4:
                if (len + 8 <= s->len + 64) {
                    memset(m + len, (int)(x >> 32) & 0xff, 8);
                    len += 8;
                }
                break;
            case 5: /* copy a 4-byte word elsewhere (lengths, offsets, magics) */
                if (len >= 8) {
                    size_t from = (size_t)(x >> 32) % (len - 4);
                    size_t to = at <= len - 4 ? at : len - 4;
                    memmove(m + to, m + from, 4);
                }
                break;
            }
        }
        LLVMFuzzerTestOneInput(m, len);
        free(m);
    }
    printf("fuzz driver: %zu seeds, %ld mutated runs, no crash\n", nseeds, runs);
    for (size_t i = 0; i < nseeds; i++)
        free(seeds[i].data);
    free(seeds);
    return 0;
}
