/* test_quirks.c: the board's kernel where it differs from today's Linux. The WA1003A's
 * MontaVista 2.4.17 answers shmctl(IPC_STAT) without IPC_64 with the old 64-byte struct and
 * leaves its padding as its stack had it (../shared/research/shmctl-2.4.md, layout table A);
 * today's kernel zero-fills it. cases/progs/shmstat.c prints the bytes of both calls; the
 * owner's noip2 built the way uClibc 0.9.19 calls shmctl (on dietlibc, without TLS, in the
 * WAG200G's uClibc 0.9.19 userland) refuses to start on the old kernel without TLS, as the
 * owner saw, and so does the glibc fixture under --uclibc-shmctl. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#define USER WA_FIXTURES "/images/rootfs-user.sqfs"
#define OLD_BOARD WA_SRC "/cases/boards/ar7-8m-2.4.board"
#define BOX_BOARD WA_SRC "/cases/boards/ar7-8m-2.4-notls.board" /* the 2.4.17 without TLS */
#define IMG24 WA_FIXTURES "/images/noip2-2.4.bin"

/* Run shmstat on board with stale seed (-1: the world's default), into old[72] and new[72]. */
static void shmstat(const char *board, long seed, unsigned char *old, unsigned char *new_)
{
    char cmd[1024], world[64] = "", *out;
    if (seed >= 0) {
        snprintf(world, sizeof world, "/tmp/wa-stale-%d.world", (int)getpid());
        FILE *f = fopen(world, "w");
        cr_assert(f);
        fprintf(f, "kernel.stale = %ld\n", seed);
        fclose(f);
    }
    snprintf(cmd, sizeof cmd, "'%s' run --cpu 24Kf --board '%s' %s%s '%s' -- /t/shmstat.elf",
             WA_BIN, board, world[0] ? "--world " : "", world, USER);
    cr_assert_eq(run(cmd, &out), 0, "%s", out);
    if (world[0]) unlink(world);
    const char *o = strstr(out, "old 0:"), *n = strstr(out, "new 0:");
    cr_assert(o && n, "%s", out);
    for (int i = 0; i < 72; i++) {
        unsigned v;
        cr_assert_eq(sscanf(o + 6 + 3 * i, " %2x", &v), 1);
        old[i] = (unsigned char)v;
        cr_assert_eq(sscanf(n + 6 + 3 * i, " %2x", &v), 1);
        new_[i] = (unsigned char)v;
    }
    free(out);
}

static unsigned le16(const unsigned char *b)
{
    return b[0] | b[1] << 8;
}
static unsigned le32(const unsigned char *b)
{
    return b[0] | b[1] << 8 | b[2] << 16 | (unsigned)b[3] << 24;
}

/* The fields both kernels write in the old struct, and the whole new one. */
static void common(const unsigned char *old, const unsigned char *new_)
{
    cr_expect_eq(le32(old + 20), 0600, "old mode");
    cr_expect_eq(le32(old + 28), 4096, "old shm_segsz at 28");
    cr_expect_eq(le16(old + 52), 1, "old shm_nattch, a u16 at 52");
    for (int i = 64; i < 72; i++)
        cr_expect_eq(old[i], 0xee, "the old struct is 64 bytes: byte %d was written", i);
    cr_expect_eq(le32(new_ + 20), 0600, "new mode");
    cr_expect_eq(le32(new_ + 36), 4096, "new shm_segsz at 36");
    cr_expect_eq(le32(new_ + 60), 1, "new shm_nattch, a u32 at 60");
    for (int i = 64; i < 72; i++)
        cr_expect_eq(new_[i], 0, "the new struct is 72 bytes, its tail 0: byte %d", i);
}

Test(quirks, todays_kernel_zero_fills_the_old_struct)
{
    unsigned char old[72], new_[72];
    shmstat("ar7-8m", -1, old, new_);
    common(old, new_);
    cr_expect_eq(le16(old + 26), 0);
    for (int i = 54; i < 64; i++)
        cr_expect_eq(old[i], 0, "byte %d of the old struct", i);
}

Test(quirks, the_24_kernel_leaves_the_old_struct_stale)
{
    static const long seeds[] = {0, 2, 7};
    for (size_t k = 0; k < sizeof seeds / sizeof seeds[0]; k++) {
        unsigned char old[72], new_[72], again[72], new2[72];
        shmstat(OLD_BOARD, seeds[k], old, new_);
        common(old, new_);
        unsigned at60 = le32(old + 60);
        if (seeds[k] < 4)
            cr_expect_eq(at60, (unsigned)seeds[k], "seed %ld: the u32 at 60", seeds[k]);
        else
            cr_expect(at60 >> 24 == 0x94 && !(at60 & 3),
                      "seed %ld: a KSEG0 kernel pointer at 60, not 0x%08x", seeds[k], at60);
        int residue = 0;
        for (int i = 54; i < 60; i++)
            residue |= old[i];
        cr_expect(residue, "seed %ld: bytes 54-59 hold the stack's residue", seeds[k]);
        shmstat(OLD_BOARD, seeds[k], again, new2);
        cr_expect_eq(memcmp(old, again, 72), 0, "seed %ld: the same bytes twice", seeds[k]);
    }
}

static char *noip2_run(const char *board, long seed, const char *args)
{
    char cmd[2048], *out;
    FILE *f = fopen("/tmp/wa-q.world", "w");
    cr_assert(f);
    fprintf(f, "kernel.stale = %ld\n", seed);
    fclose(f);
    snprintf(cmd, sizeof cmd,
             "'%s' run --board '%s' --world /tmp/wa-q.world --timeline '%s' -- /bin/sh -c "
             "'tar -xf /etc/var.tar -C /; /usr/sbin/noip2 %s -c /var/noip/noip.conf; sleep 1' "
             "2>&1",
             WA_BIN, board, IMG24, args);
    run(cmd, &out);
    unlink("/tmp/wa-q.world");
    return out;
}

Test(quirks, noip2_calling_shmctl_as_uclibc_0919_refuses_on_the_24_kernel)
{
    if (access(IMG24, F_OK))
        cr_skip_test("not run: no 2.4 userland (../shared/fixtures/noip2 or the WAG200G's root "
                     "missing)");
    /* the box's kernel as it is: the WAG200G's uClibc 0.9.19 busybox and the dietlibc noip2
     * need no TLS. Stale 1-3: one instance seems to run: refused without -M */
    char *out = noip2_run(BOX_BOARD, 2, "");
    cr_expect(strstr(out, "One noip2 process is already active,"), "%s", out);
    cr_expect(strstr(out, "quirk") && strstr(out, "at 60 reads 2)"), "%s", out);
    cr_expect(!strstr(out, "TLS") && !strstr(out, "stopped"), "%s", out);
    free(out);
    out = noip2_run(BOX_BOARD, 1, "");
    cr_expect(strstr(out, "One noip2 process is already active,"), "%s", out);
    free(out);
    /* a kernel pointer: refused even with -M */
    out = noip2_run(BOX_BOARD, 7, "-M");
    cr_expect(strstr(out, "Too many noip2 processes active. Ending!"), "%s", out);
    cr_expect(!strstr(out, "daemon started"), "%s", out);
    free(out);
    /* stale 0: the lucky boot */
    out = noip2_run(BOX_BOARD, 0, "-M");
    cr_expect(strstr(out, "daemon started"), "%s", out);
    free(out);
    /* today's kernel: whatever its stack held */
    out = noip2_run("ar7-8m", 7, "-M");
    cr_expect(strstr(out, "daemon started") && !strstr(out, "quirk"), "%s", out);
    free(out);
}

/* The glibc 2.36 fixture asks with IPC_64 and runs on the 2.4 kernel as it is; --uclibc-shmctl
 * makes it call as the box's old C library does, and it refuses. */
Test(quirks, uclibc_shmctl_switch_gives_a_modern_noip2_the_symptom)
{
    char *out, cmd[2048];
    for (int sw = 0; sw < 2; sw++) {
        snprintf(cmd, sizeof cmd,
                 "'%s' run --cpu 24Kf %s --world default --board '%s' --timeline '%s' -- "
                 "/bin/busybox sh -c 'cp /etc/noip.conf /tmp/n.conf && /t/noip2-glibc -M -c "
                 "/tmp/n.conf; /bin/busybox sleep 1' 2>&1",
                 WA_BIN, sw ? "--uclibc-shmctl" : "", OLD_BOARD, USER);
        run(cmd, &out);
        if (strstr(out, "can't stat '/t/noip2-glibc'") || strstr(out, "/t/noip2-glibc: not found"))
            cr_skip_test("not run: no noip2 fixture in the user root");
        if (sw)
            cr_expect(strstr(out, "Too many noip2-glibc processes active. Ending!"), "%s", out);
        else
            cr_expect(strstr(out, "daemon started"), "%s", out);
        free(out);
    }
}
