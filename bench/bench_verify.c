/* bench_verify.c: the time of verify's stages 1-2 (flash + ADAM2) on a 4 MB image, and the
 * TI checksum's throughput, each against a reference run in the same process: a plain
 * bytewise table CRC for the checksum, and one pass of that CRC over the image for verify
 * (the least any checksum-checking bootloader simulation must do).
 * Goals (issue 2): stages 1-2 under 50 ms, checksum at least 1 GB/s.
 * Usage: bench_verify [FIXTURES]   (default: the build's fixture directory) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fileio.h"
#include "pack.h"
#include "stage.h"
#include "tichksum_table.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint32_t bytewise_cksum(const uint8_t *p, size_t n)
{
    uint32_t crc = 0;
    for (size_t i = 0; i < n; i++)
        crc = crc << 8 ^ ti_crc_table[0][(crc >> 24) ^ p[i]];
    for (size_t l = n; l; l >>= 8)
        crc = crc << 8 ^ ti_crc_table[0][(crc >> 24) ^ (l & 0xff)];
    return ~crc;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    const char *fx = argc > 1 ? argv[1] : WA_FIXTURES;
    char kp[1024], rp[1024];
    snprintf(kp, sizeof kp, "%s/kernel/vmlinuz", fx);
    snprintf(rp, sizeof rp, "%s/images/rootfs-gzip.sqfs", fx);
    uint8_t *k, *r;
    size_t kl, rl;
    wa_err e = {0};
    if (wa_read_file(kp, 64 << 20, &k, &kl, &e) || wa_read_file(rp, 64 << 20, &r, &rl, &e)) {
        fprintf(stderr, "bench_verify: %s (run ci/setup.sh first)\n", e.msg);
        return 1;
    }
    wa_board b;
    board_builtin("ar7-8m", &b, NULL);
    /* a 4 MB image: the rootfs part padded so that kernel part + rootfs + trailer = 4 MiB */
    size_t want = (4u << 20) - 0x200000 - 8;
    uint8_t *root = malloc(want);
    memset(root, 0xff, want);
    memcpy(root, r, rl < want ? rl : want);
    uint8_t *img;
    size_t il;
    if (wa_pack(&b, k, kl, root, want, &img, &il, &e)) {
        fprintf(stderr, "bench_verify: pack: %s\n", e.msg);
        return 1;
    }

    enum { RUNS = 21 };
    double t[RUNS], ref[RUNS];
    for (int i = 0; i < RUNS; i++) {
        double t0 = now();
        volatile uint32_t c = bytewise_cksum(img, il - 8);
        (void)c;
        ref[i] = now() - t0;
        wa_run run = {.image_path = "bench", .image = img, .image_len = il, .board = &b};
        wa_report rep;
        wa_report_init(&rep, "bench", b.name);
        t0 = now();
        int go = stage_flash(&run, &rep);
        if (go == WA_STAGE_GO) stage_adam2(&run, &rep);
        t[i] = now() - t0;
        if (wa_verdict_of(&rep) != WA_PASS || !run.boot->boots) {
            fprintf(stderr, "bench_verify: the 4 MB image did not pass stages 1-2\n");
            return 1;
        }
        wa_run_release(&run);
        wa_report_free(&rep);
    }
    qsort(t, RUNS, sizeof t[0], cmp);
    qsort(ref, RUNS, sizeof ref[0], cmp);
    printf("verify stages 1-2 on a %zu-byte image: median %.2f ms (goal < 50 ms: %s); "
           "reference bytewise CRC pass %.2f ms; ratio %.2fx\n",
           il, t[RUNS / 2] * 1e3, t[RUNS / 2] < 0.050 ? "met" : "MISSED", ref[RUNS / 2] * 1e3,
           t[RUNS / 2] / ref[RUNS / 2]);

    size_t big = 64u << 20;
    uint8_t *buf = malloc(big);
    for (size_t i = 0; i < big; i++)
        buf[i] = (uint8_t)(i * 2654435761u >> 7);
    double best = 1e9, bestref = 1e9;
    uint32_t a = 0, c = 0;
    for (int i = 0; i < 5; i++) {
        double t0 = now();
        a = ti_cksum(buf, big);
        double t1 = now();
        c = bytewise_cksum(buf, big);
        double t2 = now();
        if (t1 - t0 < best) best = t1 - t0;
        if (t2 - t1 < bestref) bestref = t2 - t1;
    }
    if (a != c) {
        fprintf(stderr, "bench_verify: checksum disagrees with the reference\n");
        return 1;
    }
    printf("checksum: %.2f GB/s over 64 MiB (goal >= 1 GB/s: %s); bytewise reference %.2f GB/s; "
           "speedup %.2fx\n",
           big / best / 1e9, big / best / 1e9 >= 1.0 ? "met" : "MISSED", big / bestref / 1e9,
           bestref / best);
    free(buf);
    free(img);
    free(root);
    free(k);
    free(r);
    return 0;
}
