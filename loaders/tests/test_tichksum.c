/* test_tichksum.c: the TI checksum against coreutils cksum, and the trailer. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytes.h"
#include "tichksum.h"

/* cksum's CRC of buf, by running coreutils cksum on a temporary file. */
static uint32_t ref_cksum(const uint8_t *buf, size_t n)
{
    char path[] = "/tmp/wa-cksum-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, buf, n), (ssize_t)n);
    close(fd);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "cksum < %s", path);
    FILE *p = popen(cmd, "r");
    unsigned long v = 0;
    cr_assert_eq(fscanf(p, "%lu", &v), 1);
    pclose(p);
    unlink(path);
    return (uint32_t)v;
}

Test(tichksum, equals_coreutils_cksum_for_many_sizes)
{
    static const size_t sizes[] = {0, 1, 7, 8, 9, 255, 256, 4095, 65536, 65537, 1000003};
    uint64_t x = 88172645463325252ull;
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        uint8_t *buf = malloc(sizes[k] + 1);
        for (size_t i = 0; i < sizes[k]; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            buf[i] = (uint8_t)x;
        }
        cr_expect_eq(ti_cksum(buf, sizes[k]), ref_cksum(buf, sizes[k]), "size %zu", sizes[k]);
        free(buf);
    }
}

Test(tichksum, streaming_equals_one_shot)
{
    uint8_t buf[10007];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)(i * 31 + 7);
    ti_cksum_ctx c;
    ti_cksum_init(&c);
    for (size_t i = 0; i < sizeof buf; i += 333)
        ti_cksum_update(&c, buf + i, sizeof buf - i < 333 ? sizeof buf - i : 333);
    cr_expect_eq(ti_cksum_final(&c), ti_cksum(buf, sizeof buf));
}

Test(tichksum, trailer_make_read_and_detect_damage)
{
    uint8_t img[4096 + 8];
    for (size_t i = 0; i < 4096; i++)
        img[i] = (uint8_t)(i ^ 0x5a);
    ti_trailer t;
    ti_trailer_read(img, 4096, &t, NULL);
    cr_expect_eq(t.data_len, 4096);
    ti_trailer_make(img, 4096, img + 4096);
    cr_expect_eq(img[4096], 0x23);
    cr_expect_eq(img[4099], 0xc4);
    cr_expect_eq(rd_le32(img + 4100), ref_cksum(img, 4096));
    ti_trailer_read(img, sizeof img, &t, NULL);
    cr_expect(t.present);
    cr_expect_eq(t.data_len, 4096);
    cr_expect_eq(t.stored, t.computed);
    img[100] ^= 1;
    ti_trailer_read(img, sizeof img, &t, NULL);
    cr_expect(t.present);
    cr_expect_neq(t.stored, t.computed);
    ti_trailer_read(img, 3, &t, NULL); /* too short to hold a trailer */
    cr_expect(!t.present);
    cr_expect_eq(t.data_len, 3);
}
