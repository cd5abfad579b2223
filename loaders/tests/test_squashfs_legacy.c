/* test_squashfs_legacy.c: SquashFS 1.0, 2.0, 2.1, 3.0 and 3.1 images in both byte orders, with
 * zlib and with sqlzma's LZMA (LZMA-alone blocks), written by the small test-only writer of
 * sqfs_writer.h (from the field layouts of the format notes),
 * then read back by the reader: the exact tree that went in must come out. The zlib images
 * of the versions Debian's unsquashfs reads are read by it too (an independent reader): its
 * listing and the bytes of every file must be the tree's.
 * The writer keeps the inode table in stored (uncompressed) metadata blocks so that inode
 * references are known before the directory table, which is compressed, is laid out. */
#include <criterion/criterion.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "elf.h"
#include "squashfs.h"

#include "sqfs_writer.h"
#include "testutil.h"

/* ---- the tests ---- */

static int count(void *ctx, const char *name, sqfs_ref ref, uint32_t mode)
{
    (*(int *)ctx)++;
    return 0;
}

/* Every node, found by path, with its type, mode, owner, size, bytes, target, device. */
static void check_tree(sqfs *fs, const struct node *t, int n, const char *what)
{
    for (int i = 1; i < n; i++) {
        char path[256] = "";
        for (int j = i; j > 0; j = t[j].parent) {
            char tmp[600];
            snprintf(tmp, sizeof tmp, "/%s%s", t[j].name, path);
            cr_assert_lt(strlen(tmp), sizeof path);
            memcpy(path, tmp, strlen(tmp) + 1);
        }
        sqfs_ref r;
        wa_err e = {0};
        cr_assert_eq(sqfs_lookup(fs, path, 0, &r, &e), WA_OK, "%s: %s: %s", what, path, e.msg);
        sqfs_attr a;
        cr_assert_eq(sqfs_stat(fs, r, &a, &e), WA_OK, "%s: %s: %s", what, path, e.msg);
        cr_expect_eq(a.mode, t[i].mode, "%s: %s: mode 0%o, want 0%o", what, path, a.mode,
                     t[i].mode);
        cr_expect_eq(a.uid, 1000 + t[i].uid, "%s: %s: uid %u", what, path, a.uid);
        if (S_ISREG(a.mode)) {
            cr_expect_eq(a.size, t[i].size, "%s: %s: size", what, path);
            char *buf = malloc(t[i].size + 1);
            size_t got = 0;
            cr_assert_eq(sqfs_read(fs, r, 0, buf, t[i].size + 1, &got, &e), WA_OK, "%s: %s: %s",
                         what, path, e.msg);
            cr_expect_eq(got, t[i].size, "%s: %s", what, path);
            cr_expect(!memcmp(buf, t[i].data, t[i].size), "%s: %s: contents differ", what, path);
            free(buf);
        } else if (S_ISLNK(a.mode)) {
            char target[64];
            cr_assert_eq(sqfs_readlink(fs, r, target, sizeof target, NULL), WA_OK);
            cr_expect_str_eq(target, t[i].data, "%s: %s", what, path);
        } else if (S_ISCHR(a.mode) || S_ISBLK(a.mode)) {
            cr_expect_eq(a.rdev_major, t[i].rdev_major, "%s: %s", what, path);
            cr_expect_eq(a.rdev_minor, t[i].rdev_minor, "%s: %s", what, path);
        }
    }
    /* the root lists exactly its children */
    int c = 0;
    sqfs_readdir(fs, sqfs_root(fs), count, &c, NULL);
    cr_expect_eq(c, 5, "%s: root entries", what);
}

Test(squashfs_legacy, every_version_byte_order_and_compression_reads_back)
{
    static const int versions[][2] = {{1, 0}, {2, 0}, {2, 76}, {3, 0}, {3, 1}};
    int images = 0;
    for (size_t v = 0; v < 5; v++)
        for (int be = 0; be < 2; be++)
            for (int lz = 0; lz < 6; lz++)
                for (int check = 0; check < 2; check++)
                    for (int frag = 0; frag < 2; frag++) {
                        if (frag && versions[v][0] == 1) continue; /* 1.x has no fragments */
                        struct node t[32];
                        int n = tree(t);
                        struct img m =
                            write_image(versions[v][0], versions[v][1], be, lz, check, frag, t, n);
                        char what[64];
                        static const char *const comp[] = {"zlib",     "sqlzma",     "lzma-alt",
                                                           "lzma-raw", "lzma-ddwrt", "lzma-alt4"};
                        snprintf(what, sizeof what, "%d.%d %s %s%s%s", versions[v][0],
                                 versions[v][1], be ? "BE" : "LE", comp[lz], check ? " check" : "",
                                 frag ? " fragments" : "");
                        sqfs *fs;
                        wa_err e = {0};
                        cr_assert_eq(sqfs_open(&fs, m.b, m.len, NULL, &e), WA_OK, "%s: %s", what,
                                     e.msg);
                        cr_expect_eq(sqfs_get_info(fs)->major, (unsigned)versions[v][0]);
                        cr_expect_eq(sqfs_get_info(fs)->big_endian, be);
                        check_tree(fs, t, n, what);
                        sqfs_close(fs);
                        /* and cut short, it is refused with an offset inside the image */
                        cr_expect_neq(sqfs_open(&fs, m.b, m.len - 20, NULL, &e), WA_OK, "%s", what);
                        cr_expect(e.offset == WA_NO_OFFSET || e.offset <= m.len, "%s", what);
                        free(m.b);
                        images++;
                    }
    cr_expect_eq(images, 216);
}

/* The node's path from the root, "/bin/sh". */
static void node_path(const struct node *t, int i, char *path, size_t cap)
{
    path[0] = 0;
    for (int j = i; j > 0; j = t[j].parent) {
        char tmp[512];
        snprintf(tmp, sizeof tmp, "/%s%s", t[j].name, path);
        snprintf(path, cap, "%s", tmp);
    }
}

/* ls -l's ten characters for mode. */
static void perm_str(uint32_t mode, char *out)
{
    out[0] = S_ISDIR(mode)    ? 'd'
             : S_ISLNK(mode)  ? 'l'
             : S_ISCHR(mode)  ? 'c'
             : S_ISBLK(mode)  ? 'b'
             : S_ISFIFO(mode) ? 'p'
             : S_ISSOCK(mode) ? 's'
                              : '-';
    for (int k = 0; k < 9; k++)
        out[1 + k] = mode >> (8 - k) & 1 ? "rwxrwxrwx"[k] : '-';
    if (mode & 04000) out[3] = out[3] == 'x' ? 's' : 'S';
    if (mode & 02000) out[6] = out[6] == 'x' ? 's' : 'S';
    if (mode & 01000) out[9] = out[9] == 'x' ? 't' : 'T';
    out[10] = 0;
}

/* unsquashfs -lln's line for path ("... squashfs-root/bin/sh -> busybox"), or NULL. */
static const char *listed(char *const *lines, int nl, const char *path)
{
    for (int k = 0; k < nl; k++) {
        const char *p = strstr(lines[k], " squashfs-root");
        if (!p) continue;
        p += 14;
        size_t n = strlen(path);
        if (!strncmp(p, path, n) && (!p[n] || !strncmp(p + n, " -> ", 4))) return lines[k];
    }
    return NULL;
}

Test(squashfs_legacy, unsquashfs_reads_the_writers_images)
{
    static const int versions[][2] = {{1, 0}, {2, 0}, {2, 1}, {3, 0}, {3, 1}};
    char dir[] = "/tmp/wa-legacy-XXXXXX";
    cr_assert(mkdtemp(dir));
    int images = 0;
    for (size_t v = 0; v < 5; v++)
        for (int be = 0; be < 2; be++)
            for (int frag = 0; frag < 2; frag++) {
                if (frag && versions[v][0] == 1) continue; /* 1.x has no fragments */
                struct node t[32];
                int n = tree(t);
                struct img m = write_image(versions[v][0], versions[v][1], be, 0, 0, frag, t, n);
                char img[64], cmd[1024], what[64], *list, *lines[64];
                snprintf(what, sizeof what, "%d.%d %s%s", versions[v][0], versions[v][1],
                         be ? "BE" : "LE", frag ? " fragments" : "");
                snprintf(img, sizeof img, "%s/img", dir);
                FILE *f = fopen(img, "wb");
                cr_assert(f && fwrite(m.b, 1, m.len, f) == m.len && !fclose(f));
                free(m.b);
                snprintf(cmd, sizeof cmd, "unsquashfs -lln '%s' 2>/dev/null", img);
                cr_assert_eq(run(cmd, &list), 0, "%s: unsquashfs refuses it:\n%s", what, list);
                int nl = 0;
                for (char *l = strtok(list, "\n"); l && nl < 64; l = strtok(NULL, "\n"))
                    lines[nl++] = l;
                cr_expect_eq(nl, n, "%s: %d lines for %d entries", what, nl, n);
                for (int i = 1; i < n; i++) {
                    char path[512], perm[11], want[32];
                    node_path(t, i, path, sizeof path);
                    const char *line = listed(lines, nl, path);
                    if (!line) {
                        cr_expect(0, "%s: %s is not in unsquashfs's listing", what, path);
                        continue;
                    }
                    perm_str(t[i].mode, perm);
                    snprintf(want, sizeof want, "%s %u/", perm, 1000 + t[i].uid);
                    cr_expect(!strncmp(line, want, strlen(want)), "%s: \"%s\", want \"%s...\"",
                              what, line, want);
                    unsigned long long size = 0;
                    unsigned ma = 0, mi = 0;
                    const char *rest = strchr(strchr(line, '/'), ' ');
                    if (S_ISCHR(t[i].mode) || S_ISBLK(t[i].mode)) {
                        cr_expect(sscanf(rest, " %u, %u", &ma, &mi) == 2 && ma == t[i].rdev_major &&
                                      mi == t[i].rdev_minor,
                                  "%s: %s", what, line);
                    } else if (S_ISREG(t[i].mode)) {
                        cr_expect(sscanf(rest, " %llu", &size) == 1 && size == t[i].size, "%s: %s",
                                  what, line);
                        char want_file[80];
                        snprintf(want_file, sizeof want_file, "%s/want", dir);
                        FILE *w = fopen(want_file, "wb");
                        cr_assert(w && fwrite(t[i].data, 1, t[i].size, w) == t[i].size &&
                                  !fclose(w));
                        snprintf(cmd, sizeof cmd,
                                 "unsquashfs -cat '%s' '%s' 2>/dev/null | cmp -s - '%s'", img, path,
                                 want_file);
                        cr_expect_eq(run(cmd, NULL), 0, "%s: %s: unsquashfs reads other bytes",
                                     what, path);
                    } else if (S_ISLNK(t[i].mode)) {
                        const char *arrow = strstr(line, " -> ");
                        cr_expect(arrow && !strcmp(arrow + 4, t[i].data), "%s: %s", what, line);
                    }
                }
                free(list);
                images++;
            }
    cr_expect_eq(images, 18);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    run(cmd, NULL);
}

/* A real third-party image: binwalk's big-endian 2.0 with "lzma-alt" data blocks. Every file
 * must read whole, every ELF in it must be a big-endian MIPS program, every HTML page text. */
struct real {
    sqfs *fs;
    char path[512];
    int files, elfs, html, symlinks;
};

static int real_fn(void *ctx, const char *name, sqfs_ref ref, uint32_t mode)
{
    struct real *r = ctx;
    size_t n = strlen(r->path);
    snprintf(r->path + n, sizeof r->path - n, "/%s", name);
    sqfs_attr a;
    wa_err e = {0};
    cr_assert_eq(sqfs_stat(r->fs, ref, &a, &e), WA_OK, "%s: %s", r->path, e.msg);
    if (S_ISDIR(a.mode)) {
        cr_assert_eq(sqfs_readdir(r->fs, ref, real_fn, r, &e), WA_OK, "%s: %s", r->path, e.msg);
    } else if (S_ISREG(a.mode)) {
        uint8_t *buf = malloc(a.size + 1);
        size_t got;
        cr_assert_eq(sqfs_read(r->fs, ref, 0, buf, a.size, &got, &e), WA_OK, "%s: %s", r->path,
                     e.msg);
        cr_assert_eq(got, a.size, "%s", r->path);
        elf_info elf;
        if (a.size > 4 && !memcmp(buf, "\177ELF", 4)) {
            cr_expect_eq(elf_read(buf, got, &elf, &e), WA_OK, "%s: %s", r->path, e.msg);
            cr_expect(elf.machine == ELF_EM_MIPS && elf.big_endian, "%s", r->path);
            r->elfs++;
        }
        if (strstr(r->path, ".htm") && a.size > 6) {
            cr_expect(buf[0] == '<', "%s starts with %02x", r->path, buf[0]);
            r->html++;
        }
        free(buf);
        r->files++;
    } else if (S_ISLNK(a.mode)) {
        r->symlinks++;
    }
    r->path[n] = 0;
    return 0;
}

Test(squashfs_legacy, binwalk_v2_big_endian_lzma_image)
{
    FILE *f = fopen(WA_SRC "/loaders/tests/data/binwalk-squashfs_v2.bin", "rb");
    cr_assert(f);
    static uint8_t img[3 << 20];
    size_t n = fread(img, 1, sizeof img, f);
    fclose(f);
    sqfs *fs;
    wa_err e = {0};
    cr_assert_eq(sqfs_open(&fs, img, n, NULL, &e), WA_OK, "%s", e.msg);
    cr_expect_eq(sqfs_get_info(fs)->major, 2);
    cr_expect(sqfs_get_info(fs)->big_endian);
    cr_expect_eq(sqfs_get_info(fs)->inodes, 431u, "the format notes count 431 inodes");
    struct real r = {fs, "", 0, 0, 0, 0};
    cr_assert_eq(sqfs_readdir(fs, sqfs_root(fs), real_fn, &r, &e), WA_OK, "%s", e.msg);
    cr_expect_eq(r.files, 263);
    cr_expect_geq(r.elfs, 10);
    cr_expect_geq(r.html, 100);
    sqfs_ref bb;
    cr_assert_eq(sqfs_lookup(fs, "/linuxrc", 1, &bb, &e), WA_OK, "%s", e.msg);
    sqfs_attr a;
    sqfs_stat(fs, bb, &a, NULL);
    cr_expect(S_ISREG(a.mode));
    sqfs_close(fs);
}
