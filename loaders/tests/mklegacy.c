/* mklegacy.c: `mklegacy OUT MAJOR.MINOR`: writes the legacy tests' example tree as a
 * little-endian zlib SquashFS of that version (1.0, 2.0, 2.1, 3.0, 3.1), for the example
 * images whose root file system the AR7 kernel cannot mount. */
#include "sqfs_writer.h"

int main(int argc, char **argv)
{
    unsigned major, minor;
    if (argc != 3 || sscanf(argv[2], "%u.%u", &major, &minor) != 2 || major < 1 || major > 3) {
        fprintf(stderr, "usage: mklegacy OUT MAJOR.MINOR (1.0 .. 3.1)\n");
        return 64;
    }
    struct node t[32];
    int n = tree(t);
    struct img m = write_image((int)major, (int)minor, 0, 0, 0, 1, t, n);
    FILE *f = fopen(argv[1], "wb");
    if (!f || fwrite(m.b, 1, m.len, f) != m.len || fclose(f)) {
        fprintf(stderr, "mklegacy: %s: cannot write\n", argv[1]);
        return 73;
    }
    free(m.b);
    return 0;
}
