/* pack_parts.c: an image from files (pack.h): the kernel, and the rootfs as a SquashFS image or
 * as a directory that squashfs-tools' mksquashfs packs, with a var directory's contents as its
 * /etc/var.tar (GNU tar) and the device nodes the kernel opens before anything mounts /dev. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fileio.h"
#include "pack.h"

extern char **environ;

/* The nodes a root needs before /dev is mounted (the console init is started on) and that
 * the boot scripts of these boxes use; each is added unless the directory has it. */
static const char *const dev_nodes[] = {
    "console c 600 0 0 5 1", "null c 666 0 0 1 3",    "zero c 666 0 0 1 5",
    "tty c 666 0 0 5 0",     "urandom c 444 0 0 1 9",
};

/* Run argv; 0 when it exited 0, else an error naming it. */
static int spawn(char *const argv[], wa_err *e)
{
    pid_t pid;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    int err = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (err)
        return wa_fail(e, WA_E_IO, WA_NO_OFFSET, "cannot run %s: %s (squashfs-tools and tar)",
                       argv[0], strerror(err));
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return wa_fail(e, WA_E_IO, WA_NO_OFFSET, "waitpid: %s", strerror(errno));
    if (WIFEXITED(st) && !WEXITSTATUS(st)) return WA_OK;
    return wa_fail(e, WA_E_IO, WA_NO_OFFSET, "%s failed (%s %d)", argv[0],
                   WIFEXITED(st) ? "exit" : "signal",
                   WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
}

static int is_dir(const char *p)
{
    struct stat st;
    return !stat(p, &st) && S_ISDIR(st.st_mode);
}

int wa_pack_vartar(const char *var, const char *tar, wa_err *e)
{
    if (!is_dir(var)) return wa_fail(e, WA_E_IO, WA_NO_OFFSET, "%s: not a directory (var)", var);
    /* the box unpacks it with `tar -xf /etc/var.tar -C /`: its entries are var/... */
    char *targv[] = {"tar",         "--format=ustar",
                     "--sort=name", "--owner=0",
                     "--group=0",   "--numeric-owner",
                     "--mtime=@0",  "--transform=s,^\\.,var,",
                     "-C",          (char *)var,
                     "-cf",         (char *)tar,
                     ".",           NULL};
    return spawn(targv, e);
}

/* dir packed into tmp/rootfs.sqfs (var's contents as its /etc/var.tar). */
static int squash(const char *dir, const char *var, const char *tmp, wa_err *e)
{
    char pf[600], sq[600], tar[600], path[1200];
    snprintf(pf, sizeof pf, "%s/pseudo", tmp);
    snprintf(sq, sizeof sq, "%s/rootfs.sqfs", tmp);
    snprintf(tar, sizeof tar, "%s/var.tar", tmp);
    if (var) {
        snprintf(path, sizeof path, "%s/etc/var.tar", dir);
        if (!access(path, F_OK))
            return wa_fail(e, WA_E_USAGE, WA_NO_OFFSET,
                           "%s has its own /etc/var.tar: give var, or the file, not both", dir);
        int rc = wa_pack_vartar(var, tar, e);
        if (rc) return rc;
    }
    FILE *f = fopen(pf, "w");
    if (!f) return wa_fail(e, WA_E_IO, WA_NO_OFFSET, "%s: %s", pf, strerror(errno));
    snprintf(path, sizeof path, "%s/dev", dir);
    if (!is_dir(path)) fprintf(f, "dev d 755 0 0\n");
    for (size_t i = 0; i < sizeof dev_nodes / sizeof dev_nodes[0]; i++) {
        snprintf(path, sizeof path, "%s/dev/%.*s", dir, (int)strcspn(dev_nodes[i], " "),
                 dev_nodes[i]);
        if (access(path, F_OK)) fprintf(f, "dev/%s\n", dev_nodes[i]);
    }
    if (var) fprintf(f, "etc/var.tar f 644 0 0 cat '%s'\n", tar);
    if (fclose(f)) return wa_fail(e, WA_E_IO, WA_NO_OFFSET, "%s: %s", pf, strerror(errno));
    /* SquashFS 4.0 gzip, the kind the ar7 kernels of today mount; deterministic */
    char *margv[] = {
        "mksquashfs", (char *)dir, sq,           "-comp",        "gzip", "-b",        "65536",
        "-all-root",  "-noappend", "-no-xattrs", "-mkfs-time",   "0",    "-all-time", "0",
        "-pf",        pf,          "-quiet",     "-no-progress", NULL};
    return spawn(margv, e);
}

int wa_pack_parts(const wa_board *b, const char *kernel, const char *rootfs, const char *var,
                  uint8_t **out, size_t *outlen, wa_err *e)
{
    uint8_t *k = NULL, *r = NULL;
    size_t kl, rl;
    char tmp[256] = "", sq[300];
    int rc;
    if ((rc = wa_read_file(kernel, 64u << 20, &k, &kl, e))) {
        wa_err_prefix(e, "%s: ", kernel);
        return rc;
    }
    const char *rfile = rootfs;
    if (is_dir(rootfs)) {
        const char *t = getenv("TMPDIR");
        snprintf(tmp, sizeof tmp, "%s/wa-emu-pack-XXXXXX", t && *t && strlen(t) < 200 ? t : "/tmp");
        if (!mkdtemp(tmp)) {
            rc = wa_fail(e, WA_E_IO, WA_NO_OFFSET, "%s: %s", tmp, strerror(errno));
            tmp[0] = 0;
            goto out;
        }
        if ((rc = squash(rootfs, var, tmp, e))) {
            wa_err_prefix(e, "%s: ", rootfs);
            goto out;
        }
        snprintf(sq, sizeof sq, "%s/rootfs.sqfs", tmp);
        rfile = sq;
    } else if (var) {
        rc = wa_fail(e, WA_E_USAGE, WA_NO_OFFSET,
                     "%s: var needs the rootfs as a directory (a SquashFS image is as it is)",
                     rootfs);
        goto out;
    }
    if ((rc = wa_read_file(rfile, 256u << 20, &r, &rl, e))) {
        wa_err_prefix(e, "%s: ", rootfs);
        goto out;
    }
    rc = wa_pack(b, k, kl, r, rl, out, outlen, e);
out:
    if (tmp[0]) {
        char p[300];
        const char *names[] = {"rootfs.sqfs", "var.tar", "pseudo"};
        for (int i = 0; i < 3; i++) {
            snprintf(p, sizeof p, "%s/%s", tmp, names[i]);
            unlink(p);
        }
        rmdir(tmp);
    }
    free(k);
    free(r);
    return rc;
}
