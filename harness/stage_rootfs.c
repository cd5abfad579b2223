/* stage_rootfs.c: stage 4. The root filesystem against the kernel's rules (the SquashFS
 * version and compressions the kernel of stage 3 mounts), then read with wa-emu's own reader:
 * is there an init the kernel can run, an rcS that starts the services, and does /etc/var.tar
 * fit the RAM disk. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "elf.h"
#include "board_cpu.h"
#include "elfcheck.h"
#include "misplaced.h"
#include "inittab.h"
#include "rcs_cmds.h"
#include "shebang.h"
#include "ram.h"
#include "rcs_tar.h"
#include "squashfs.h"
#include "squashfs_rules.h"
#include "sqfs_hint.h"
#include "stage.h"
#include "vartar.h"

/* A whole file of the rootfs, malloc'd (at most max bytes); NULL when absent or unreadable. */
static uint8_t *read_all(sqfs *fs, const char *path, size_t max, size_t *len, sqfs_ref *ref)
{
    sqfs_attr a;
    if (sqfs_lookup(fs, path, 1, ref, NULL) || sqfs_stat(fs, *ref, &a, NULL) || !S_ISREG(a.mode) ||
        a.size > max)
        return NULL;
    uint8_t *buf = malloc(a.size ? a.size : 1);
    if (buf && sqfs_read(fs, *ref, 0, buf, a.size, len, NULL) == WA_OK && *len == a.size)
        return buf;
    free(buf);
    return NULL;
}

/* The boot script a BusyBox init built without inittab support runs: BusyBox's init.c has
 * INIT_SCRIPT "/etc/init.d/rcS", which vendors change (the Linksys WAG200G's BusyBox 1.00
 * runs /usr/etc/rcS, its /etc being a link into /tmp that the script makes). Such an init
 * has no "/etc/inittab" string; its script is the one absolute path in it that ends in
 * "/rcS". 1 when found (into path), 0 otherwise. */
static int busybox_script(sqfs *fs, char *path, size_t cap)
{
    size_t n;
    sqfs_ref ref;
    uint8_t *f = read_all(fs, "/sbin/init", 16u << 20, &n, &ref);
    if (!f || n < 4 ||
        memcmp(f,
               "\x7f"
               "ELF",
               4) ||
        !memmem(f, n, "BusyBox", 7) || memmem(f, n, "/etc/inittab", 12)) {
        free(f);
        return 0;
    }
    int found = 0;
    for (const uint8_t *p = f; (p = memmem(p, (size_t)(f + n - p), "/rcS", 5)) != NULL; p++) {
        const uint8_t *a = p; /* the string around it, NUL-delimited, printable */
        while (a > f && a[-1] >= 0x21 && a[-1] < 0x7f)
            a--;
        size_t len = (size_t)(p + 4 - a);
        if (*a != '/' || (a > f && a[-1]) || len >= cap) continue;
        if (found && (strlen(path) != len || memcmp(path, a, len))) {
            found = 0; /* two different ones: not known which */
            break;
        }
        memcpy(path, a, len);
        path[len] = 0;
        found = 1;
    }
    free(f);
    return found;
}

const char *const wa_init_list[4] = {"/sbin/init", "/etc/init", "/bin/init", "/bin/sh"};

static void check_init(sqfs *fs, wa_report *r)
{
    const char *const *inits = wa_init_list;
    for (size_t i = 0; i < sizeof wa_init_list / sizeof wa_init_list[0]; i++) {
        size_t n;
        sqfs_ref ref;
        uint8_t *f = read_all(fs, inits[i], 64u << 20, &n, &ref);
        if (!f) continue;
        elf_info elf;
        wa_err e = {0};
        char ev[512];
        if (n >= 2 && f[0] == '#' && f[1] == '!') {
            free(f);
            return;
        }
        if (elf_read(f, n, &elf, &e)) {
            snprintf(ev, sizeof ev, "%s: %s (file offset 0x%llx)", inits[i], e.msg,
                     (unsigned long long)e.offset);
            wa_add(r, "rootfs", WA_NOBOOT, "init-not-executable", ev,
                   "put a MIPS little-endian init (e.g. busybox) at /sbin/init",
                   "the kernel cannot run %s: the boot ends in a panic", inits[i]);
        } else if (elf.machine != ELF_EM_MIPS || elf.big_endian) {
            snprintf(ev, sizeof ev,
                     "%s: ELF machine %u, %s-endian; the board runs MIPS (8) "
                     "little-endian",
                     inits[i], elf.machine, elf.big_endian ? "big" : "little");
            wa_add(r, "rootfs", WA_NOBOOT, "init-wrong-arch", ev,
                   "build init for mipsel (little-endian MIPS32)",
                   "%s is built for another CPU: the kernel cannot exec it and panics", inits[i]);
        }
        free(f);
        return;
    }
    wa_add(r, "rootfs", WA_NOBOOT, "init-missing",
           "looked for /sbin/init, /etc/init, /bin/init, /bin/sh",
           "install busybox with its /sbin/init link",
           "no init in the rootfs: the kernel panics with \"No working init found\"");
}

/* What keeps the kernel's exec of rcS (init's sysinit) from running it at all: no exec bit,
 * a #! interpreter the image lacks, CR line ends (the interpreter becomes "/bin/sh\r"). The
 * box then comes up without /proc, /var or any service: NO-BOOT. */
static void check_rcs(sqfs *fs, const char *path, const uint8_t *s, size_t n, uint32_t mode,
                      wa_report *r)
{
    sqfs_ref ref;
    char interp[128], ev[300];
    wa_shebang(s, n, interp, sizeof interp);
    long cr = wa_crlf_at(s, n);
    if (cr >= 0) {
        snprintf(ev, sizeof ev, "first CR at byte %ld of %s", cr, path);
        wa_add(r, "rootfs", WA_NOBOOT, "rcs-crlf", ev,
               "convert it to Unix line ends (dos2unix, or sed -i 's/\\r$//')",
               "%s has CR LF line ends: %s, and nothing of the boot script runs", path,
               interp[0] ? "its interpreter becomes a name with a CR that does not exist"
                         : "every command gets a CR at its end");
    } else if (!(mode & 0111)) {
        char hint[160];
        snprintf(ev, sizeof ev, "mode 0%o", mode & 07777);
        snprintf(hint, sizeof hint, "chmod 755 %s in the root tree", path + (path[0] == '/'));
        wa_add(r, "rootfs", WA_NOBOOT, "rcs-not-executable", ev, hint,
               "%s is not executable: init cannot run it (EACCES), so nothing of the boot runs",
               path);
    } else if (interp[0] && (interp[0] != '/' || sqfs_lookup(fs, interp, 1, &ref, NULL))) {
        snprintf(ev, sizeof ev, "#!%s", interp);
        wa_add(r, "rootfs", WA_NOBOOT, "rcs-interpreter-missing", ev,
               "point its #! line at a shell the image has (#!/bin/sh)",
               "the interpreter of %s, %s, is not in the image: init cannot run it", path, interp);
    }
}

/* The archive rcS (rcs, sn bytes; NULL when there is none) unpacks into /var (its own tar
 * command; /etc/var.tar when it has none), measured against the RAM the kernel leaves. */
static void check_var(sqfs *fs, const char *path, const uint8_t *rcs, size_t sn, const wa_run *run,
                      wa_report *r)
{
    size_t n;
    sqfs_ref ref;
    char var[256] = "/etc/var.tar", from[300] = "";
    int line = 0;
    int named = rcs && wa_rcs_tar((const char *)rcs, sn, var, sizeof var, &line);
    if (named) snprintf(from, sizeof from, " (unpacked by %.200s line %d)", path, line);
    uint8_t *tar = read_all(fs, var, 64u << 20, &n, &ref);
    if (!tar) {
        if (named) {
            char ev[512];
            snprintf(ev, sizeof ev, "%.120s line %d unpacks %s; the image has no such file", path,
                     line, var);
            wa_add(r, "rootfs", WA_DEGRADED, "var-tar-missing", ev,
                   "put the archive where rcS unpacks it, or fix rcS's tar line",
                   "%s is missing: /var stays empty and the services that keep their state there "
                   "fail",
                   var);
        }
        return;
    }
    vartar_size vs;
    wa_err e = {0};
    char ev[1024];
    if (vartar_measure(tar, n, &vs, &e)) {
        snprintf(ev, sizeof ev, "%s%s (%zu bytes): %s (at byte 0x%llx of the tar)", var, from, n,
                 e.msg, (unsigned long long)e.offset);
        wa_add(r, "rootfs", WA_DEGRADED, "var-tar-corrupt", ev,
               "rebuild var.tar with tar -cf (ustar or GNU format)",
               "%s cannot be unpacked: /var stays empty and the services that keep "
               "their state there fail",
               var);
    } else {
        /* the RAM the kernel leaves (ram.h): the userland runs with the same limit, and what
         * the boot's own processes need of it is for that run to see (ENOSPC) */
        uint64_t ram = run->board->ram_size, room = run->ram_left;
        snprintf(ev, sizeof ev,
                 "%s%s: %llu entries, %llu bytes of files, %llu bytes of RAM disk; the kernel "
                 "leaves %llu bytes of the %llu MB (%s)",
                 var, from, (unsigned long long)vs.entries, (unsigned long long)vs.bytes,
                 (unsigned long long)vs.ram, (unsigned long long)room,
                 (unsigned long long)(ram >> 20), run->ram_how);
        if (vs.ram > room)
            wa_add(r, "rootfs", WA_NOBOOT, "var-too-large", ev, "make var.tar smaller",
                   "%s unpacked into RAM would not fit the %llu KiB the kernel leaves of the "
                   "board's %llu MB",
                   var, (unsigned long long)(room >> 10), (unsigned long long)(ram >> 20));
        else
            wa_add(r, "rootfs", WA_INFO, "var-tar", ev, NULL, "%s fits the RAM disk", var);
    }
    free(tar);
}

/* What the boot starts, for the checks of its programs (elfcheck.h). */
struct boot_list {
    sqfs *fs;
    const char *script;
    wa_boot_prog p[48];
    size_t n;
    const char *text; /* the boot script (len bytes), for the tests that guard a program */
    size_t len;
    struct {
        char path[128];
        int line;
    } missing[8]; /* programs it runs by path that the image lacks */
    size_t nmissing;
};

/* Whether the script tests that path exists before running it ([ -x PATH ], test -f PATH). */
static int guarded(const struct boot_list *b, const char *path)
{
    static const char *const ops[] = {"-x ", "-f ", "-e ", "-s "};
    size_t pl = strlen(path);
    for (const char *t = b->text; t && (t = memmem(t, (size_t)(b->text + b->len - t), path, pl));
         t++)
        for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
            if (t - b->text >= 3 && !memcmp(t - 3, ops[i], 3)) return 1;
    return 0;
}

/* A program run by its path that the image lacks, where the script does not test for it: the
 * shell's "not found" (exit 127). Not what the boot makes at run time: the RAM disks, /dev,
 * /proc, and a symlink of the image into them. */
static void note_missing(struct boot_list *b, const char *word, int line, int tested)
{
    static const char *const runtime[] = {"/var/", "/tmp/", "/dev/", "/proc/", "/sys/", "/mnt/"};
    sqfs_ref ref;
    if (tested || b->nmissing == sizeof b->missing / sizeof b->missing[0] ||
        !sqfs_lookup(b->fs, word, 0, &ref, NULL) || guarded(b, word))
        return;
    for (size_t i = 0; i < sizeof runtime / sizeof runtime[0]; i++)
        if (!strncmp(word, runtime[i], strlen(runtime[i]))) return;
    snprintf(b->missing[b->nmissing].path, sizeof b->missing[0].path, "%.127s", word);
    b->missing[b->nmissing++].line = line;
}

static void add_prog(struct boot_list *b, const char *path, int noboot, const char *fmt, int line)
{
    if (b->n == sizeof b->p / sizeof b->p[0]) return;
    wa_boot_prog *p = &b->p[b->n++];
    snprintf(p->path, sizeof p->path, "%.127s", path);
    snprintf(p->by, sizeof p->by, fmt, b->script, line);
    p->noboot = noboot;
}

/* A word of the boot script that names a program: a path, or a name along the PATH BusyBox's
 * init gives the script. */
static void script_prog(void *ctx, const char *word, int line, int tested)
{
    static const char *const path[] = {"/sbin/", "/usr/sbin/", "/bin/", "/usr/bin/"};
    struct boot_list *b = ctx;
    sqfs_ref ref;
    char p[160];
    if (word[0] == '/') {
        add_prog(b, word, 0, "%s line %d", line);
        note_missing(b, word, line, tested);
        return;
    }
    if (strchr(word, '/')) return;
    for (size_t i = 0; i < sizeof path / sizeof path[0]; i++) {
        snprintf(p, sizeof p, "%s%s", path[i], word);
        if (!sqfs_lookup(b->fs, p, 1, &ref, NULL)) {
            add_prog(b, p, 0, "%s line %d", line);
            return;
        }
    }
}

/* init, the boot script's interpreter (its #! line, or the /bin/sh init runs it with) and
 * what the script's lines run. */
static void boot_programs(struct boot_list *b, const char *script, const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < sizeof wa_init_list / sizeof wa_init_list[0]; i++) {
        sqfs_ref ref;
        if (!sqfs_lookup(b->fs, wa_init_list[i], 1, &ref, NULL)) {
            b->script = "";
            add_prog(b, wa_init_list[i], 1, "the kernel (as init)%s", 0);
            break;
        }
    }
    if (!s) return;
    b->script = script;
    char interp[128];
    if (!wa_shebang(s, n, interp, sizeof interp)) snprintf(interp, sizeof interp, "/bin/sh");
    interp[strcspn(interp, "\r")] = 0; /* a CR there is check_rcs's to report */
    add_prog(b, interp, 1, "init (as the shell of %s)", 0);
    b->text = (const char *)s;
    b->len = n;
    wa_rcs_cmds((const char *)s, n, script_prog, b);
}

/* An inittab entry other than the boot script (rcs-missing's) that names a program the image
 * lacks: init's "can't run" (and for respawn, again and again). What runs at boot is
 * DEGRADED; what runs only at ctrl-alt-del, shutdown or restart a WARNING. */
struct tab_check {
    sqfs *fs;
    wa_report *r;
};

static void tab_entry(void *ctx, const char *action, const char *program, int line)
{
    static const char *const at_boot[] = {"respawn", "askfirst", "wait", "once"};
    struct tab_check *t = ctx;
    wa_report *r = t->r;
    sqfs_ref ref;
    if (!strcmp(action, "sysinit") || program[0] != '/' ||
        !sqfs_lookup(t->fs, program, 1, &ref, NULL))
        return;
    int boot = 0;
    for (size_t i = 0; i < sizeof at_boot / sizeof at_boot[0]; i++)
        boot |= !strcmp(action, at_boot[i]);
    char ev[200];
    snprintf(ev, sizeof ev, "/etc/inittab line %d: %s:%s", line, action, program);
    wa_add(r, "rootfs", boot ? WA_DEGRADED : WA_WARNING, "inittab-program-missing", ev,
           "fix the path in /etc/inittab, or add the program to the image",
           "/etc/inittab line %d names %s (%s), which is not in the image: init cannot run it%s",
           line, program, action, !strcmp(action, "respawn") ? ", and tries again and again" : "");
}

/* The map's rootfs marked where the kernel does not mount it, and where it does marked. */
static void map_root(const wa_run *run, int bad, wa_report *r)
{
    const wa_kroot *k = &run->root;
    for (size_t i = 0; bad && i < r->nmap; i++)
        if (!strcmp(r->map[i].kind, "rootfs")) {
            r->map[i].bad = 1;
            size_t n = strlen(r->map[i].note);
            snprintf(r->map[i].note + n, sizeof r->map[i].note - n,
                     ", not where the kernel mounts its root");
        }
    if (k->by == WA_ROOT_AR7PART && k->found)
        wa_map_add(r, "ar7part", k->flash_off, k->flash_off + 1, bad, "ar7part's rootfs",
                   "where the kernel's ar7part parser puts the rootfs");
    else if (k->by == WA_ROOT_GUESS && run->root.ar7.walk != AR7PART_LOST &&
             run->root.ar7.rootfs_off != board_part_off(run->board, 0))
        wa_map_add(r, "ar7part", k->ar7.rootfs_off, k->ar7.rootfs_off + 1, 0, "ar7part's rootfs",
                   "where ar7part (2.6+) would look for it");
}

/* Is the rootfs where the kernel mounts it (kernel_root.h), whole, and does it fit its
 * partition? 1 when the kernel finds a SquashFS there. */
static int check_place(const wa_run *run, wa_report *r)
{
    const wa_board *b = run->board;
    const mtd4_layout *l = run->layout;
    const wa_kroot *k = &run->root;
    uint32_t mtd0 = board_part_off(b, 0) - board_part_off(b, 4);
    char ev[900];
    int at_mtd0 = k->offset == mtd0;
    char where[120];
    if (at_mtd0)
        snprintf(where, sizeof where, "mtd0%s",
                 k->by == WA_ROOT_AR7PART ? ", where the kernel's ar7part parser puts it" : "");
    else if (k->by == WA_ROOT_AR7PART)
        snprintf(where, sizeof where, "where the kernel's ar7part parser puts it (image 0x%zx)",
                 k->offset);
    else
        snprintf(where, sizeof where, "mtd0 (image 0x%zx)", k->offset);
    if (k->has_sqfs) {
        const mtd4_sqfs *s = &k->sq;
        if (s->bytes_used && s->bytes_used > k->part_len) {
            snprintf(ev, sizeof ev, "bytes_used 0x%llx, the partition holds 0x%x; %s",
                     (unsigned long long)s->bytes_used, k->part_len, k->how);
            wa_add(r, "rootfs", WA_NOBOOT, "rootfs-too-large", ev,
                   "make the root filesystem smaller",
                   "the SquashFS image is larger than the partition the kernel mounts it from");
        } else if (s->bytes_used && k->offset + s->bytes_used > l->trailer.data_len) {
            snprintf(ev, sizeof ev,
                     "superblock says 0x%llx bytes from 0x%zx; the image data ends at 0x%zx",
                     (unsigned long long)s->bytes_used, k->offset, l->trailer.data_len);
            wa_add(r, "rootfs", WA_NOBOOT, "rootfs-truncated", ev,
                   "rebuild the image from the full rootfs", "the SquashFS image is cut off");
        }
        if (k->by == WA_ROOT_GUESS && k->ar7.walk != AR7PART_LOST && k->ar7_offset != k->offset) {
            snprintf(ev, sizeof ev, "ar7part puts the rootfs at image 0x%zx, mtd0 is at 0x%x",
                     k->ar7_offset, mtd0);
            wa_add(r, "rootfs", WA_INFO, "ar7part-mismatch", ev,
                   "kernels that use the ar7part parser (2.6+) will not find this rootfs",
                   "the kernel's ar7part parser would look for the rootfs elsewhere than mtd0");
        }
        map_root(run, 0, r);
        return 1;
    }
    map_root(run, 1, r);
    if (!k->found) {
        wa_add(r, "rootfs", WA_NOBOOT, "rootfs-offset", k->how,
               k->ar7.walk == AR7PART_LOST
                   ? "end the loader chain with its final record (length 0, the entry): wa-emu "
                     "pack writes it"
                   : "start the loader chain at an erase block among the first 11 (mtd4's "
                     "start), as wa-emu pack does",
               "the kernel's ar7part parser makes no rootfs partition on this flash: the kernel "
               "has no root");
        return 0;
    }
    /* every 4-byte offset of the image, the split's candidates first */
    mtd4_sqfs hit;
    int found = l->has_rootfs ? (hit = l->rootfs, 1)
                              : wa_sqfs_search(run->image, l->trailer.data_len, 0, &hit);
    if (!found) {
        snprintf(ev, sizeof ev,
                 "searched every 4-byte offset of the image (0x0-0x%zx) for a SquashFS "
                 "superblock; the kernel mounts 0x%zx: %s",
                 l->trailer.data_len, k->offset, k->how);
        char hint[256];
        wa_add(r, "rootfs", WA_NOBOOT, "rootfs-missing", ev,
               wa_sqfs_hint(run->kernel && run->kernel->sq_major ? run->kernel : NULL,
                            "append a rootfs after the kernel", hint, sizeof hint),
               "no SquashFS superblock in the image: the kernel has no root filesystem");
        return 0;
    }
    char cause[200], fix[300];
    wa_shift_cause(hit.offset, k->offset, b->erase_size, cause, sizeof cause, fix, sizeof fix);
    snprintf(ev, sizeof ev,
             "SquashFS '%s' found at image offset 0x%zx; the kernel mounts 0x%zx: %s", hit.magic,
             hit.offset, k->offset, k->how);
    size_t d = hit.offset > k->offset ? hit.offset - k->offset : k->offset - hit.offset;
    wa_add(r, "rootfs", WA_NOBOOT, "rootfs-offset", ev, fix,
           "the rootfs starts 0x%zx bytes %s %s: %s, so the kernel would mount the wrong bytes", d,
           hit.offset > k->offset ? "after" : "before", where, cause);
    return 0;
}

int stage_rootfs(wa_run *run, wa_report *r)
{
    run->ram_left = wa_ram_left(run->board->ram_size, run->kernel ? run->kernel->image_len : 0,
                                r->console, run->ram_how, sizeof run->ram_how);
    const mtd4_layout *l = run->layout;
    const kprobe_info *k = run->kernel;
    /* what the kernel mounts; when that is not a SquashFS, the one found elsewhere is still
     * read, for what else is wrong with it */
    if (!check_place(run, r) && !l->has_rootfs) return WA_STAGE_GO;
    const mtd4_sqfs *s = run->root.has_sqfs ? &run->root.sq : &l->rootfs;
    char why[256], ev[512];
    if (k && k->sq_major && sqfs_rules_check(k, s, why, sizeof why)) {
        snprintf(ev, sizeof ev, "rootfs at image offset 0x%zx: '%s' %u.%u, block %u, %s-endian",
                 s->offset, s->magic, s->major, s->minor, s->block_size,
                 s->big_endian ? "big" : "little");
        /* a 2.4 kernel's SquashFS 1.x/2.0 is written by no current mksquashfs: repack writes
         * a root in the format of an image that has one (the box's own backup) */
        char hint[256];
        wa_sqfs_hint(k, "rebuild the rootfs", hint, sizeof hint);
        wa_add(r, "rootfs", WA_NOBOOT, "rootfs-unmountable", ev, hint,
               "%s: the kernel will panic at root mount", why);
    }
    sqfs *fs;
    wa_err e = {0};
    size_t end = l->trailer.data_len;
    if (sqfs_open(&fs, run->image + s->offset, end - s->offset, NULL, &e)) {
        snprintf(ev, sizeof ev, "image offset 0x%llx: %s",
                 (unsigned long long)(s->offset + (e.offset == WA_NO_OFFSET ? 0 : e.offset)),
                 e.msg);
        char hint[256];
        wa_add(r, "rootfs", WA_NOBOOT, "rootfs-corrupt", ev,
               wa_sqfs_hint(k && k->sq_major ? k : NULL, "rebuild the rootfs", hint, sizeof hint),
               "the root filesystem cannot be read: the kernel would fail at root mount");
        return WA_STAGE_GO;
    }
    check_init(fs, r);
    sqfs_ref ref;
    sqfs_attr a;
    size_t sn = 0;
    uint8_t *rcs = NULL; /* read once, for its own checks and for its tar command */
    /* the boot script: inittab's sysinit program, or without an inittab the one BusyBox's
     * init was built with (/etc/init.d/rcS unless a vendor changed it) */
    char path[128] = "/etc/init.d/rcS";
    why[0] = 0;
    size_t tn;
    int tline = 0;
    uint8_t *tab = read_all(fs, "/etc/inittab", 1u << 16, &tn, &ref);
    int builtin = !tab && busybox_script(fs, path, sizeof path);
    int tab_named = 0; /* init is known to run it: inittab names it, or its BusyBox has it */
    struct tab_check tc = {fs, r};
    if (tab) wa_inittab_each((const char *)tab, tn, tab_entry, &tc);
    if (tab && !wa_inittab_sysinit((const char *)tab, tn, path, sizeof path, &tline))
        snprintf(why, sizeof why, "/etc/inittab has no sysinit line");
    else if (sqfs_lookup(fs, path, 1, &ref, NULL)) {
        tab_named = tab != NULL || builtin;
        snprintf(why, sizeof why, "no %s%s", path,
                 tab       ? " (the sysinit program of /etc/inittab)"
                 : builtin ? " (the boot script its BusyBox init was built with)"
                           : "");
    }
    free(tab);
    snprintf(run->script, sizeof run->script, "%s", path);
    /* init is known to run it (inittab names it, or its BusyBox was built with it): init
     * tries it and fails, as for one it cannot run. Otherwise BusyBox's default is a guess
     * (an image's own init may not want one). */
    if (why[0])
        wa_add(r, "rootfs", tab_named ? WA_NOBOOT : WA_DEGRADED, "rcs-missing", NULL,
               "add a boot script (/etc/init.d/rcS, or what inittab's sysinit line names): it "
               "mounts /proc and /var and starts the services",
               "%s: %s", why,
               tab_named ? "init cannot run it, and nothing of the boot runs (no /proc, no /var, "
                           "no service)"
                         : "the box boots, but nothing starts the services");
    else if ((rcs = read_all(fs, path, 1u << 20, &sn, &ref)) && !sqfs_stat(fs, ref, &a, NULL))
        check_rcs(fs, path, rcs, sn, a.mode, r);
    struct boot_list *boot = calloc(1, sizeof *boot);
    if (boot) {
        boot->fs = fs;
        boot_programs(boot, path, rcs, rcs ? sn : 0);
        const wa_cpu *cpu = wa_cpu_find(run->board->cpu);
        wa_elfcheck_opts eo = {.kernel = k,
                               .cpu = run->board->cpu,
                               .isa_r1 = cpu && cpu->isa_r1,
                               .no_tls = board_linux24(run->board) && !run->board->tls_emulated,
                               .kernel_name = run->board->kernel,
                               .script = path,
                               .boot = boot->p,
                               .nboot = boot->n};
        wa_elfcheck(fs, &eo, r);
        for (size_t i = 0; i < boot->nmissing; i++)
            wa_add(r, "rootfs", WA_DEGRADED, "rcs-program-missing", NULL,
                   "add it to the image, or start it only where it is there ([ -x PATH ] && PATH)",
                   "%s line %d runs %s, which is not in the image: the shell says \"not found\" "
                   "and goes on without it",
                   path, boot->missing[i].line, boot->missing[i].path);
        free(boot);
    }
    check_var(fs, path, rcs, sn, run, r);
    free(rcs);
    sqfs_close(fs);
    return WA_STAGE_GO;
}
