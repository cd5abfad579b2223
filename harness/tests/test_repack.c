/* test_repack.c: `wa-emu repack` (issue 16). The owner's edit loop: extract, change, repack.
 * Unchanged, the tree comes back identical in every SquashFS version, byte order and
 * compression variant the reader knows (the listing of `wa-emu ls -R`, every file's bytes, the
 * hard link, the format read off the image), and unsquashfs reads the result where it reads
 * the format (4.0 and the zlib legacy versions). From a backup of the PASS example's flash,
 * one file added: PASS through --flash; the same image over a longer old one: through
 * mtdblock the stale trailer (NO-BOOT), erased first PASS. What does not fit is refused with
 * the numbers, and nothing is written. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BOXFLASH_TMP "/tmp/wa-repack-XXXXXX"
#include "boxflash.h"
#include "mtd4.h"
#include "sqfs_check.h"
#include "squashfs_write.h"
#include "testutil.h"

static uint8_t *pass_bin(size_t *len)
{
    uint8_t *d = slurp(WA_FIXTURES "/images/pass.bin", len);
    cr_assert(d);
    return d;
}

/* Where an image's rootfs starts on board ar7-8m. */
static size_t rootfs_at(const uint8_t *img, size_t len)
{
    wa_board b = ar7();
    mtd4_layout l;
    uint32_t m4 = board_part_off(&b, 4);
    cr_assert_eq(mtd4_split(img, len, board_part_off(&b, 1) - m4, board_part_off(&b, 0) - m4,
                            b.erase_size, &l, NULL),
                 0);
    cr_assert(l.has_rootfs);
    return l.rootfs.offset;
}

/* pass.bin's kernel part, then rootfs, then the trailer: an image as the box would hold it. */
static void write_fw(const char *path, const uint8_t *rootfs, size_t n)
{
    size_t len;
    uint8_t *p = pass_bin(&len);
    size_t k = rootfs_at(p, len);
    uint8_t *img = malloc(k + n + TI_TRAILER_LEN);
    cr_assert(img);
    memcpy(img, p, k);
    memcpy(img + k, rootfs, n);
    ti_trailer_make(img, k + n, img + k + n);
    spill(path, img, k + n + TI_TRAILER_LEN);
    free(img);
    free(p);
}

static int wa(const char *args, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s 2>&1", tmp, WA_BIN, args);
    return run(cmd, out);
}

/* A shell command in tmp. */
static int sh(const char *args, char **out)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "cd '%s' && %s 2>&1", tmp, args);
    return run(cmd, out);
}

/* The format of the rootfs of the image at path, described. */
static void format_of(const char *path, char *d, size_t cap)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", tmp, path);
    size_t len;
    uint8_t *img = slurp(p, &len);
    size_t at = rootfs_at(img, len);
    sqfs *fs;
    wa_err e = {0};
    cr_assert_eq(sqfs_open(&fs, img + at, len - at, NULL, &e), WA_OK, "%s: %s", path, e.msg);
    sqfs_wfmt f;
    cr_assert_eq(sqfs_wfmt_of(fs, &f, &e), WA_OK, "%s: %s", path, e.msg);
    sqfs_wfmt_describe(&f, d, cap);
    sqfs_close(fs);
    free(img);
}

static int line_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A listing of another writer's image, as it may differ and be the same tree: the lines
 * sorted (mksquashfs 2.0 and binwalk's test image list some directories unsorted; the writer
 * sorts, as the kernels' lookups of later versions need), and a directory's size (the bytes
 * of its listing, which depend on where its entries' inodes fall in the inode table's
 * blocks) left out. In place. */
static void tree_of(char *l)
{
    char *lines[4096];
    size_t n = 0;
    for (char *p = strtok(l, "\n"); p && n < 4096; p = strtok(NULL, "\n"))
        lines[n++] = strdup(p);
    qsort(lines, n, sizeof *lines, line_cmp);
    char *w = l;
    for (size_t i = 0; i < n; i++) {
        char *x = lines[i];
        if (x[0] == 'd') { /* mode, links, uid, gid, size: the fifth field out */
            char *f = x;
            for (int k = 0; k < 4; k++)
                f += strcspn(f, " "), f += strspn(f, " ");
            memset(f, '-', strcspn(f, " "));
        }
        w += sprintf(w, "%s\n", x);
        free(x);
    }
}

/* extract, repack unchanged, and compare: the listings, every file's bytes, the format; with
 * unsq, unsquashfs's listing of the new rootfs against the reader's. exact: another writer's
 * image (see tree_of) when 0. */
static void round_trip(const char *what, const uint8_t *rootfs, size_t n, int unsq, int exact)
{
    char *out = NULL, *a = NULL, *b = NULL;
    write_fw(strcat(strcpy((char[300]){0}, tmp), "/fw.bin"), rootfs, n);
    cr_assert_eq(wa("extract --board ar7-8m --devices fw.bin -o x", &out), 0, "%s: %s", what, out);
    free(out);
    cr_assert_eq(wa("repack --board ar7-8m fw.bin x -o new.bin", &out), 0, "%s: %s", what, out);
    free(out);
    cr_assert_eq(wa("ls -R --board ar7-8m fw.bin", &a), 0, "%s", what);
    cr_assert_eq(wa("ls -R --board ar7-8m new.bin", &b), 0, "%s: %s", what, b);
    if (!exact) tree_of(a), tree_of(b);
    expect_same_listing(b, a, what);
    free(a), free(b);
    cr_assert_eq(wa("extract --board ar7-8m --devices new.bin -o y", &out), 0, "%s: %s", what, out);
    free(out);
    cr_expect_eq(sh("cd x && find . -type f -exec sha256sum {} + | sort > ../x.sum && cd ../y && "
                    "find . -type f -exec sha256sum {} + | sort | cmp - ../x.sum",
                    &out),
                 0, "%s: the files' bytes differ: %s", what, out);
    free(out);
    char fa[256], fb[256];
    format_of("fw.bin", fa, sizeof fa);
    format_of("new.bin", fb, sizeof fb);
    cr_expect_str_eq(fb, fa, "%s: the format", what);
    if (unsq) {
        char p[256], sq[256];
        snprintf(p, sizeof p, "%s/new.bin", tmp);
        snprintf(sq, sizeof sq, "%s/new.sqfs", tmp);
        size_t len;
        uint8_t *img = slurp(p, &len);
        size_t at = rootfs_at(img, len);
        spill(sq, img + at, len - at - TI_TRAILER_LEN);
        int st;
        char *want = unsquashfs_listing(sq, &st);
        cr_expect(want, "%s: unsquashfs refuses the new rootfs (%d)", what, st);
        sqfs *fs;
        wa_err e = {0};
        cr_assert_eq(sqfs_open(&fs, img + at, len - at, NULL, &e), WA_OK, "%s", e.msg);
        int rc;
        char *got = sqfs_listing(fs, &rc, &e);
        if (want) expect_same_listing(got, want, what);
        sqfs_close(fs);
        free(got);
        free(want);
        free(img);
    }
    cr_expect_eq(sh("rm -rf x y x.sum fw.bin new.bin new.sqfs", NULL), 0);
}

/* The tests' tree, with a hard link: /bin/ash, a second name of /bin/busybox. */
static int tree_with_link(struct node *t)
{
    int n = tree(t);
    t[n++] = (struct node){.name = "ash", .mode = S_IFREG | 04755, .parent = 1, .alias = 3};
    return n;
}

Test(repack, every_format_the_reader_knows_round_trips)
{
    if (geteuid() != 0) cr_skip_test("not run: extracting device nodes needs root");
    mktmp();
    static const int versions[][2] = {{1, 0}, {2, 0}, {2, 1}, {3, 0}, {3, 1}, {4, 0}};
    static const char *const comp[] = {"zlib",       "sqlzma",    "lzma-alt",  "lzma-raw",
                                       "lzma-ddwrt", "lzma-alt4", "4.0 alone", "4.0 OpenWrt"};
    int trips = 0;
    for (size_t v = 0; v < 6; v++)
        for (int be = 0; be < 2; be++)
            for (int lz = 0; lz < 8; lz++) {
                int v4 = versions[v][0] == 4;
                if ((v4 && lz > 0 && lz < 6) || (!v4 && lz >= 6)) continue;
                char what[64];
                snprintf(what, sizeof what, "%d.%d %s %s", versions[v][0], versions[v][1],
                         be ? "BE" : "LE", comp[lz]);
                struct node t[32];
                int n = tree_with_link(t);
                struct img m = write_image(versions[v][0], versions[v][1], be, lz, be, 1, t, n);
                /* unsquashfs reads little-endian 4.0 (not OpenWrt's lzma) and zlib 1.x-3.x */
                round_trip(what, m.b, m.len, !be && (v4 ? lz != 7 : lz == 0), 1);
                free(m.b);
                trips++;
            }
    cr_expect_eq(trips, 2 * (5 * 6 + 3));
    rmtmp();
}

/* Images other tools made: pass.bin's own (mksquashfs 4.0 gzip), binwalk's big-endian 2.0
 * lzma-alt, and the WAG200G's vendor 2.0 LZMA root (TI's SDK), when ../shared is there. */
Test(repack, real_images_round_trip)
{
    if (geteuid() != 0) cr_skip_test("not run: extracting device nodes needs root");
    mktmp();
    size_t len;
    uint8_t *p = pass_bin(&len);
    size_t at = rootfs_at(p, len);
    round_trip("pass.bin's mksquashfs 4.0", p + at, len - at - TI_TRAILER_LEN, 1, 1);
    free(p);
    uint8_t *bw = slurp(WA_SRC "/loaders/tests/data/binwalk-squashfs_v2.bin", &len);
    round_trip("binwalk 2.0 BE lzma-alt", bw, len, 0, 0);
    free(bw);
    const char *env = getenv("WA_SHARED");
    char path[512];
    snprintf(path, sizeof path, "%s/fixtures/third-party/linksys-wag200g/rootfs-original.img",
             env && *env ? env : WA_SRC "/../shared");
    if (!access(path, R_OK)) {
        uint8_t *wag = slurp(path, &len);
        round_trip("WAG200G 2.0 LZMA (vendor)", wag, len, 0, 0);
        free(wag);
    }
    rmtmp();
}

/* Debian's mksquashfs's other 4.0 compressors (xz, lzo, lz4 with the options it always
 * writes, zstd): each image repacked in its own compressor, the same tree, and unsquashfs
 * reading the result. */
Test(repack, mksquashfs_xz_lzo_lz4_zstd_round_trip)
{
    if (geteuid() != 0) cr_skip_test("not run: extracting device nodes needs root");
    mktmp();
    static const char *const comp[] = {"xz", "lzo", "lz4", "zstd"};
    for (size_t i = 0; i < sizeof comp / sizeof comp[0]; i++) {
        char cmd[512], *out = NULL, what[64], p[256];
        snprintf(cmd, sizeof cmd,
                 "rm -rf t && mkdir -p t/bin t/etc t/empty && seq 1 40000 > t/bin/big && "
                 "echo hi > t/etc/a && ln -s a t/etc/l && chmod 4755 t/bin/big && "
                 "mksquashfs t c.sqfs -comp %s -noappend -quiet -all-root >/dev/null",
                 comp[i]);
        cr_assert_eq(sh(cmd, &out), 0, "%s: %s", comp[i], out);
        free(out);
        snprintf(p, sizeof p, "%s/c.sqfs", tmp);
        size_t len;
        uint8_t *m = slurp(p, &len);
        snprintf(what, sizeof what, "mksquashfs 4.0 %s", comp[i]);
        round_trip(what, m, len, 1, 0);
        free(m);
    }
    rmtmp();
}

/* The owner's flash: bootloader, environment, and old (uploaded through ADAM2), dumped. */
static void backup_of(const uint8_t *old, size_t olen, const char *name)
{
    wa_board b = ar7();
    nor_flash *f = box(&b, old, olen);
    char p[256];
    snprintf(p, sizeof p, "%s/%s", tmp, name);
    box_dump(f, &b, p, 0x8000); /* mtd1 cut short by an I/O error, as the owner's was */
    nor_free(f);
}

Test(repack, from_the_backup_one_file_added_verifies_through_the_flash)
{
    if (geteuid() != 0) cr_skip_test("not run: extracting device nodes needs root");
    mktmp();
    size_t len, olen;
    uint8_t *p = pass_bin(&len);
    backup_of(p, len, "backup");
    uint8_t *old = longer(p, len, 0x30000, &olen);
    backup_of(old, olen, "backup-longer");
    char *out;
    /* from the mtd4 dump: extract, add a file, repack */
    cr_assert_eq(wa("extract --board ar7-8m --devices backup/mtd4 -o root", &out), 0, "%s", out);
    free(out);
    FILE *f = fopen(strcat(strcpy((char[300]){0}, tmp), "/root/etc/added-by-the-owner"), "w");
    cr_assert(f);
    for (int i = 0; i < 3000; i++) /* not much smaller compressed: the image grows */
        fprintf(f, "%08x\n", (unsigned)(i * 2654435761u));
    fclose(f);
    cr_assert_eq(wa("repack --board ar7-8m backup/mtd4 root -o new.bin", &out), 0, "%s", out);
    cr_expect(strstr(out, "SquashFS 4.0 'hsqs' little-endian, gzip, 64 KiB blocks"), "%s", out);
    free(out);
    char np[300];
    size_t nlen;
    uint8_t *n = slurp(strcat(strcpy(np, tmp), "/new.bin"), &nlen);
    cr_expect(!memcmp(n, p, rootfs_at(p, len)), "the kernel part is pass.bin's, byte for byte");
    cr_assert_gt(nlen, len, "the new image is longer than pass.bin");
    cr_assert_lt(nlen, olen, "the new image is shorter than the longer old one");
    free(n);
    cr_expect_eq(wa("ls --board ar7-8m new.bin /etc/added-by-the-owner", &out), 0, "%s", out);
    free(out);
    /* over pass.bin through mtdblock: PASS */
    int rc = wa("verify --board ar7-8m --no-color --flash backup new.bin", &out);
    cr_expect_eq(rc, 0, "%s", out);
    cr_expect(strstr(out, "verdict: PASS"), "%s", out);
    free(out);
    /* over the longer old image: mtdblock leaves its trailer; erased first it passes */
    rc = wa("verify --board ar7-8m --no-color --flash backup-longer new.bin", &out);
    cr_expect_eq(rc, 2, "%s", out);
    cr_expect(strstr(out, "stale-trailer"), "%s", out);
    free(out);
    rc = wa("verify --board ar7-8m --no-color --flash backup-longer --write erase new.bin", &out);
    cr_expect_eq(rc, 0, "%s", out);
    cr_expect(strstr(out, "verdict: PASS"), "%s", out);
    free(out);
    free(old);
    free(p);
    rmtmp();
}

/* What does not fit mtd4 (and mtd0) is refused with the numbers, and no file appears; a file
 * without a rootfs, and a missing directory, are named. */
Test(repack, refusals_name_the_numbers_and_write_nothing)
{
    mktmp();
    size_t len;
    uint8_t *p = pass_bin(&len);
    write_fw(strcat(strcpy((char[300]){0}, tmp), "/fw.bin"), p + rootfs_at(p, len),
             len - rootfs_at(p, len) - TI_TRAILER_LEN);
    char *out;
    cr_assert_eq(sh("mkdir -p big/etc && head -c 7000000 /dev/urandom > big/etc/noise && "
                    "echo ok",
                    &out),
                 0, "%s", out);
    free(out);
    int rc = wa("repack --board ar7-8m fw.bin big -o new.bin", &out);
    cr_expect_eq(rc, 64, "%s", out);
    cr_expect(strstr(out, "mtd0") && strstr(out, "ar7-8m") && strstr(out, "bytes too many"), "%s",
              out);
    free(out);
    cr_expect_eq(sh("ls -A | grep -c new", &out), 1, "a file was left: %s", out);
    free(out);
    rc = sh("head -c 100000 /dev/zero > zero.bin && '" WA_BIN "' repack zero.bin big -o new.bin",
            &out);
    cr_expect_eq(rc, 66, "%s", out);
    cr_expect(strstr(out, "zero.bin: no SquashFS superblock"), "%s", out);
    free(out);
    rc = wa("repack --board ar7-8m fw.bin no-such-dir -o new.bin", &out);
    cr_expect_eq(rc, 66, "%s", out);
    cr_expect(strstr(out, "no-such-dir: No such file or directory"), "%s", out);
    free(out);
    free(p);
    rmtmp();
}

/* The README's walk-through, as the owner goes: his box runs an image without noip2 (the PASS
 * example without /usr/sbin/noip2 and its /var/noip); from its five dumps (mtd1 cut short) he
 * extracts mtd4, adds noip2 to the tree and its configuration to /var, repacks in the box's
 * own format, and verifies the result written over his flash: PASS, noip2 updating. With
 * WA_KEEP_TMP=1 the dumps stay (the README's commands ran on them). */
Test(repack, the_owners_walk_through)
{
    if (geteuid() != 0) cr_skip_test("not run: extracting device nodes needs root");
    mktmp();
    char *out;
    /* the box's image today */
    cr_assert_eq(
        sh("'" WA_BIN "' extract --board ar7-8m --devices '" WA_FIXTURES
           "/images/pass.bin' -o was && rm was/usr/sbin/noip2 && mkdir v && "
           "tar -xf was/etc/var.tar -C v && mv v/var/noip/noip.conf . && rm -r v/var/noip && "
           "rm was/etc/var.tar && "
           "'" WA_BIN "' repack --board ar7-8m --var v/var '" WA_FIXTURES
           "/images/pass.bin' was -o box.bin && rm -rf was v",
           &out),
        0, "%s", out);
    free(out);
    char p[300];
    size_t len;
    uint8_t *img = slurp(strcat(strcpy(p, tmp), "/box.bin"), &len);
    backup_of(img, len, "dumps");
    free(img);
    /* what the owner does */
    cr_assert_eq(wa("verify --board ar7-8m --no-color --flash dumps dumps/mtd4", &out), 0, "%s",
                 out);
    free(out);
    cr_assert_eq(wa("extract --board ar7-8m --devices dumps/mtd4 -o root", &out), 0, "%s", out);
    free(out);
    /* (noip.conf: noip2's own binary configuration, as `noip2 -C` makes it: the example's) */
    cr_assert_eq(sh("tar -xf root/etc/var.tar && rm root/etc/var.tar && mkdir var/noip && "
                    "cp noip.conf var/noip/ && cp '" WA_FIXTURES
                    "/r1/noip2' root/usr/sbin/noip2 && "
                    "chmod 755 root/usr/sbin/noip2",
                    &out),
                 0, "%s", out);
    free(out);
    cr_assert_eq(wa("repack --board ar7-8m --var var dumps/mtd4 root -o fw.bin", &out), 0, "%s",
                 out);
    cr_expect(strstr(out, "var's contents as /etc/var.tar"), "%s", out);
    free(out);
    int rc = wa("verify --board ar7-8m --no-color --world default --flash dumps fw.bin", &out);
    cr_expect_eq(rc, 0, "%s", out);
    cr_expect(strstr(out, "noip2-updated"), "%s", out);
    free(out);
    rmtmp();
}

/* The 2.4 family: the WAG200G's own image (TI's loader records, its vendor SquashFS 2.0 LZMA
 * root) with a file added stays a root that kernel mounts: 2.0, LZMA-alone blocks as the
 * vendor's, the kernel's rules met (no rootfs-unmountable), the kernel part byte for byte. */
Test(repack, the_wag200g_image_keeps_the_root_its_24_kernel_mounts)
{
    if (geteuid() != 0) cr_skip_test("not run: extracting device nodes needs root");
    const char *env = getenv("WA_SHARED");
    char wag[512];
    snprintf(wag, sizeof wag, "%s/fixtures/third-party/linksys-wag200g",
             env && *env ? env : WA_SRC "/../shared");
    char k[600], r[600];
    snprintf(k, sizeof k, "%s/ram_zimage_pad.bin", wag);
    snprintf(r, sizeof r, "%s/rootfs-original.img", wag);
    if (access(k, R_OK) || access(r, R_OK)) cr_skip_test("no %s", wag);
    mktmp();
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd,
             "'%s' pack -b wag200g -k '%s' -r '%s' -o wag.bin && '%s' extract -b wag200g "
             "--devices wag.bin -o root && echo 'added by the owner' > root/usr/added.txt && "
             "'%s' repack -b wag200g wag.bin root -o new.bin",
             WA_BIN, k, r, WA_BIN, WA_BIN);
    cr_assert_eq(sh(cmd, &out), 0, "%s", out);
    cr_expect(strstr(out, "SquashFS 2.0 'hsqs' little-endian, lzma (sqlzma): lc=3 lp=0 pb=2, "
                          "dictionary 8192 KiB, size in header, no end marker, 32 KiB blocks"),
              "%s", out);
    free(out);
    cr_expect_eq(wa("ls -b wag200g new.bin /usr/added.txt", &out), 0, "%s", out);
    free(out);
    int rc = wa("verify --static --no-color -b wag200g new.bin", &out);
    cr_expect(!strstr(out, "rootfs-unmountable") && strstr(out, "2.4.17_mvl21"), "%s", out);
    cr_expect_leq(rc, 1, "%s", out);
    free(out);
    char a[300], b[300];
    size_t al, bl;
    uint8_t *x = slurp(strcat(strcpy(a, tmp), "/wag.bin"), &al);
    uint8_t *y = slurp(strcat(strcpy(b, tmp), "/new.bin"), &bl);
    wa_board bd;
    cr_assert_eq(board_builtin("wag200g", &bd, NULL), 0);
    size_t at = board_part_off(&bd, 0) - board_part_off(&bd, 4);
    cr_expect(!memcmp(x, y, at), "the kernel part byte for byte");
    free(x);
    free(y);
    rmtmp();
}

/* Without root rights (as nobody): extract makes no device nodes and owns every file itself;
 * repack takes the device nodes, their modes and the owners back from fw.bin's rootfs, so the
 * unchanged tree still lists identically; a file added is root's. */
Test(repack, an_unprivileged_owner_repacks_identically)
{
    if (geteuid() != 0 || access("/usr/bin/setpriv", X_OK))
        cr_skip_test("not run: needs root to become nobody (setpriv)");
    mktmp();
    cr_assert_eq(chmod(tmp, 0777), 0);
    struct node t[32];
    int n = tree_with_link(t);
    struct img m = write_image(2, 0, 0, 1, 0, 1, t, n);
    char p[300];
    write_fw(strcat(strcpy(p, tmp), "/fw.bin"), m.b, m.len);
    free(m.b);
    char *out, *a, *b;
    cr_assert_eq(sh("chmod 644 fw.bin && setpriv --reuid=65534 --regid=65534 --clear-groups sh -c "
                    "\"'" WA_BIN
                    "' extract --board ar7-8m fw.bin -o x && t=\\$(stat -c %Y x/etc) && "
                    "echo new > x/etc/added && touch -d @\\$t x/etc && "
                    "'" WA_BIN "' repack --board ar7-8m fw.bin x -o new.bin\"",
                    &out),
                 0, "%s", out);
    cr_expect(strstr(out, "owners       of"), "%s", out);
    free(out);
    cr_assert_eq(wa("ls -R --board ar7-8m fw.bin", &a), 0);
    cr_assert_eq(wa("ls -R --board ar7-8m new.bin", &b), 0);
    /* the same lines, and the added file's own */
    char *added = strstr(b, "/etc/added\n");
    cr_assert(added, "%s", b);
    char *line = added;
    while (line > b && line[-1] != '\n')
        line--;
    char perm[16];
    unsigned links, uid, gid;
    cr_expect(sscanf(line, "%15s %u %u %u", perm, &links, &uid, &gid) == 4 && uid == 0 && gid == 0,
              "the added file is root's: %.*s", (int)(added - line + 10), line);
    memmove(line, added + strlen("/etc/added\n"), strlen(added + strlen("/etc/added\n")) + 1);
    tree_of(a), tree_of(b); /* /etc's listing size grew by the new name */
    expect_same_listing(b, a, "as nobody");
    free(a);
    free(b);
    rmtmp();
}

/* A tree read off an image into the writer's nodes (hard links as separate files). */
struct copy {
    sqfs *fs;
    sqfs_wnode t[2048];
    size_t n;
    int parent;
};

static int copy_each(void *ctx, const char *name, sqfs_ref ref, uint32_t mode)
{
    struct copy *c = ctx;
    (void)mode;
    cr_assert_lt(c->n, 2048);
    sqfs_attr a;
    cr_assert_eq(sqfs_stat(c->fs, ref, &a, NULL), WA_OK);
    sqfs_wnode *x = &c->t[c->n];
    *x = (sqfs_wnode){.name = strdup(name),
                      .mode = a.mode,
                      .uid = a.uid,
                      .gid = a.gid,
                      .mtime = a.mtime,
                      .rdev_major = a.rdev_major,
                      .rdev_minor = a.rdev_minor,
                      .parent = c->parent};
    size_t got;
    if (S_ISREG(a.mode)) {
        uint8_t *d = malloc(a.size + 1);
        cr_assert_eq(sqfs_read(c->fs, ref, 0, d, a.size, &got, NULL), WA_OK);
        x->data = d, x->size = got;
    } else if (S_ISLNK(a.mode)) {
        char *l = malloc(4097);
        cr_assert_eq(sqfs_readlink(c->fs, ref, l, 4097, NULL), WA_OK);
        x->data = (uint8_t *)l, x->size = strlen(l);
    }
    int me = (int)c->n++;
    if (S_ISDIR(a.mode)) {
        int up = c->parent;
        c->parent = me;
        cr_assert_eq(sqfs_readdir(c->fs, ref, copy_each, c, NULL), WA_OK);
        c->parent = up;
    }
    return 0;
}

/* The WA1003A's root format against the real kernel of its family: the WAG200G's tree written
 * by the writer as SquashFS 1.0 little-endian LZMA with 32 KiB blocks (what repack writes for
 * the WA1003A's root) in place of its vendor 2.0 root; TI's 2.4.17_mvl21 kernel, run with
 * --deep, mounts it and executes init from it. */
Test(repack, the_24_kernel_mounts_a_10_lzma_root_the_writer_wrote, .timeout = 600)
{
    const char *env = getenv("WA_SHARED");
    char wag[512], k[600], r[600];
    snprintf(wag, sizeof wag, "%s/fixtures/third-party/linksys-wag200g",
             env && *env ? env : WA_SRC "/../shared");
    snprintf(k, sizeof k, "%s/ram_zimage_pad.bin", wag);
    snprintf(r, sizeof r, "%s/rootfs-original.img", wag);
    if (access(k, R_OK) || access(r, R_OK)) cr_skip_test("no %s", wag);
    mktmp();
    size_t len;
    uint8_t *img = slurp(r, &len);
    struct copy *c = calloc(1, sizeof *c);
    cr_assert(c);
    cr_assert_eq(sqfs_open(&c->fs, img, len, NULL, NULL), WA_OK);
    sqfs_attr a;
    cr_assert_eq(sqfs_stat(c->fs, sqfs_root(c->fs), &a, NULL), WA_OK);
    c->t[0] = (sqfs_wnode){.name = strdup(""), .mode = a.mode, .mtime = a.mtime, .parent = -1};
    c->n = 1;
    cr_assert_eq(sqfs_readdir(c->fs, sqfs_root(c->fs), copy_each, c, NULL), WA_OK);
    sqfs_close(c->fs);
    sqfs_wfmt f;
    sqfs_wfmt_default(&f, 1, 0, 0);
    f.variant = DECOMP_V_SQLZMA;
    f.block_size = 32768;
    uint8_t *root10;
    size_t rl;
    wa_err e = {0};
    cr_assert_eq(sqfs_write(&f, c->t, c->n, &root10, &rl, &e), WA_OK, "%s", e.msg);
    for (size_t i = 0; i < c->n; i++)
        free((void *)c->t[i].name), free((void *)c->t[i].data);
    free(c);
    free(img);
    char p[300], *out;
    snprintf(p, sizeof p, "%s/root10.sqfs", tmp);
    spill(p, root10, rl);
    free(root10);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' pack -b wag200g -k '%s' -r root10.sqfs -o wag10.bin", WA_BIN,
             k);
    cr_assert_eq(sh(cmd, &out), 0, "%s", out);
    free(out);
    cr_expect_eq(wa("inspect -b wag200g wag10.bin", &out), 0, "%s", out);
    cr_expect(strstr(out, "SquashFS 'hsqs' 1.0"), "%s", out);
    free(out);
    /* (the box's own userland does not settle in the user-mode run yet: INCONCLUSIVE after) */
    wa("verify --deep --no-color --timeout 20000 -b wag200g wag10.bin", &out);
    cr_expect(strstr(out, "VFS: Mounted root (squashfs filesystem) readonly."), "%s", out);
    cr_expect(strstr(out, "boot-init: the kernel booted to init"), "%s", out);
    cr_expect(!strstr(out, "rootfs-unmountable"), "%s", out);
    free(out);
    rmtmp();
}
