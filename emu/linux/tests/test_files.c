/* test_files.c: what a run leaves on the RAM file systems comes back in lx_result.files, by
 * path, with each file's size: busybox's shell writes, removes, links and mounts on the ramfs
 * /tmp of the user test root, and the list must show exactly what is left there (nothing of
 * /dev, where its device nodes are, a FIFO, a removed file, or a file a later mount hid). */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unicorn/unicorn.h>
#include <unistd.h>

#include "lx.h"
#include "testutil.h"

#define ROOTFS WA_FIXTURES "/images/rootfs-user.sqfs"

static const lx_file *find(const lx_result *r, const char *path)
{
    for (size_t i = 0; i < r->nfiles; i++)
        if (!strcmp(r->files[i].path, path)) return &r->files[i];
    return NULL;
}

Test(files, the_run_leaves_its_ram_files_in_the_result, .timeout = 60)
{
    size_t len;
    uint8_t *img = slurp(ROOTFS, &len);
    sqfs *fs;
    wa_err e = {0};
    cr_assert_eq(sqfs_open(&fs, img, len, NULL, &e), 0, "%s", e.msg);
    int null = open("/dev/null", O_RDWR);
    cr_assert_geq(null, 0);
    const int console[2] = {null, null};
    lx_opts o = {.cpu_model = UC_CPU_MIPS32_24KF, /* Debian's busybox is release 2 */
                 .cpu_name = "24Kf",
                 .ram = 16u << 20,
                 .wall_ms = 30000,
                 .premount = 1,
                 .console = console};
    char *argv[] = {"/bin/busybox", "sh", "-c",
                    "printf 0123456789 > /tmp/ten && echo hello > /var/hi && "
                    "mkdir -p /tmp/d/e && ln -s /tmp/ten /tmp/d/link && "
                    "echo gone > /tmp/gone && rm /tmp/gone && mkfifo /tmp/fifo && "
                    "mkdir /tmp/m && echo under > /tmp/m/under && "
                    "mount -t ramfs ramfs /tmp/m && echo in > /tmp/m/in && "
                    "mkdir /dev/pts && ln -s /proc/self/fd /dev/fd",
                    NULL};
    lx_result r;
    cr_assert_eq(lx_run(fs, 4, argv, &o, &r, &e), 0, "%s", e.msg);
    close(null);
    cr_expect_eq(r.status, 0, "the script failed (%s)", r.stop);
    const struct {
        const char *path;
        uint64_t size;
        uint32_t type;
    } want[] = {
        {"/tmp/d", 0, S_IFDIR},  {"/tmp/d/e", 0, S_IFDIR},  {"/tmp/d/link", 8, S_IFLNK},
        {"/tmp/m", 0, S_IFDIR},  {"/tmp/m/in", 3, S_IFREG}, {"/tmp/ten", 10, S_IFREG},
        {"/var/hi", 6, S_IFREG},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const lx_file *f = find(&r, want[i].path);
        cr_expect(f, "%s is not in the list", want[i].path);
        if (!f) continue;
        cr_expect_eq(f->size, want[i].size, "%s: %llu bytes", f->path, (unsigned long long)f->size);
        cr_expect_eq(f->mode & S_IFMT, want[i].type, "%s: mode %o", f->path, f->mode);
    }
    const lx_file *ten = find(&r, "/tmp/ten");
    cr_expect(ten && (ten->mode & 07777) == 0644, "the permission bits (umask 022)");
    cr_expect_null(find(&r, "/tmp/gone"), "a removed file");
    cr_expect_null(find(&r, "/tmp/fifo"), "a FIFO");
    cr_expect_null(find(&r, "/tmp/m/under"), "a file under a later mount");
    cr_expect_null(find(&r, "/tmp"), "a mount point (the RAM disk's root)");
    for (size_t i = 0; i < r.nfiles; i++) {
        cr_expect(strncmp(r.files[i].path, "/dev/", 5), "in /dev: %s", r.files[i].path);
        if (i) cr_expect_lt(strcmp(r.files[i - 1].path, r.files[i].path), 0, "not by path");
    }
    cr_expect_eq(r.nfiles, sizeof want / sizeof want[0], "only what the script left");
    lx_result_free(&r);
    cr_expect_null(r.files);
    sqfs_close(fs);
    free(img);
}

/* df on the RAM disks: what is available is there (statfs64's f_bavail at its MIPS offset),
 * and `df /tmp` names /tmp, not the first RAM mount (/dev): each mount its own device. */
Test(files, df_shows_each_ram_disk_with_its_space, .timeout = 60)
{
    char cmd[512], *out;
    snprintf(cmd, sizeof cmd,
             "'%s' run --cpu 24Kf '%s' -- /bin/busybox sh -c 'df -k /tmp; stat -c %%d /tmp /dev'",
             WA_BIN, ROOTFS);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    char fs[32], mnt[64];
    unsigned long blocks, used, avail, tmpdev, devdev;
    const char *line = strchr(out, '\n');
    cr_assert(line, "%s", out);
    cr_assert_eq(sscanf(line + 1, "%31s %lu %lu %lu %*s %63s %lu %lu", fs, &blocks, &used, &avail,
                        mnt, &tmpdev, &devdev),
                 7, "%s", out);
    cr_expect_str_eq(mnt, "/tmp", "%s", out);
    cr_expect_gt(avail, 0, "nothing available on an empty RAM disk:\n%s", out);
    cr_expect_eq(used + avail, blocks, "%s", out);
    cr_expect_neq(tmpdev, devdev, "/tmp and /dev on one device:\n%s", out);
    free(out);
}
