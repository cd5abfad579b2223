/* test_backup.c: verify --flash BACKUP and --write (issue 16). The backup is made as the owner
 * made his: a box (board ar7-8m) whose flash got an image through the bootloader, dumped per
 * partition as `cat /dev/mtdblock/N > mtdN` dumps it, mtd1 cut short by an I/O error; then a
 * new image is verified from it. The write model is checked on the chip itself too. */
#include <criterion/criterion.h>
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backup.h"
#include "board.h"
#include "env.h"
#include "flash_write.h"
#include "nor.h"
#include "tichksum.h"

#define BOXFLASH_TMP "/tmp/wa-backup-XXXXXX"
#include "boxflash.h"

static uint8_t *image(const char *name, size_t *len)
{
    char p[512];
    snprintf(p, sizeof p, "%s/images/%s", WA_FIXTURES, name);
    uint8_t *d = slurp(p, len);
    cr_assert(d, "%s", p);
    return d;
}

/* mtd0 .. mtd4 of f into tmp/name/, mtd1 cut to cut1 bytes (0: whole). */
static void dump(const nor_flash *f, const wa_board *b, const char *name, uint32_t cut1)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", tmp, name);
    box_dump(f, b, p, cut1);
}

static int verify(const char *args, char **out)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' verify --board ar7-8m --no-color %s 2>&1", tmp,
             WA_BIN, args);
    return run(cmd, out);
}

static void setup_pass_backup(const char *name, uint32_t cut1)
{
    wa_board b = ar7();
    size_t len;
    uint8_t *img = image("pass.bin", &len);
    nor_flash *f = box(&b, img, len);
    dump(f, &b, name, cut1);
    nor_free(f);
    free(img);
}

/* mtdblock: the blocks the write covers are read, changed and written back; the rest of the
 * last one and the blocks after it keep their bytes. erase: all of mtd4 is erased first. */
Test(backup, write_model_on_the_chip)
{
    wa_board b = ar7();
    uint32_t at = board_part_off(&b, 4), end = at + board_part_len(&b, 4);
    uint8_t data[100];
    memset(data, 0x00, sizeof data);
    for (int mode = 0; mode < 2; mode++) {
        nor_flash *f = nor_new(b.flash_size, b.erase_size);
        memset(f->mem, 0x11, f->size);
        wa_write_result w;
        cr_assert_eq(wa_write_image(f, &b, mode, data, sizeof data, &w, NULL), 0);
        cr_expect_eq(w.to, at + sizeof data);
        cr_expect_eq(f->mem[at + 99], 0x00);
        uint8_t rest = mode == WA_WRITE_MTDBLOCK ? 0x11 : 0xff;
        cr_expect_eq(f->mem[at + 100], rest, "mode %d: the rest of the block", mode);
        cr_expect_eq(f->mem[at + b.erase_size], rest, "mode %d: the next block", mode);
        cr_expect_eq(f->mem[end - 1], rest, "mode %d: mtd4's last byte", mode);
        cr_expect_eq(f->mem[end], 0x11, "mode %d: mtd3 untouched", mode);
        cr_expect_eq(f->erase_count[at / b.erase_size], 1);
        cr_expect_eq(f->erase_count[at / b.erase_size + 1], mode == WA_WRITE_MTDBLOCK ? 0 : 1);
        nor_free(f);
    }
    /* past mtd4's end: mtdblock stops there, a raw write goes on into mtd3 */
    size_t big = board_part_len(&b, 4) + 0x100;
    uint8_t *d = calloc(1, big);
    for (int mode = 0; mode < 2; mode++) {
        nor_flash *f = nor_new(b.flash_size, b.erase_size);
        memset(f->mem, 0x11, f->size);
        wa_write_result w;
        cr_assert_eq(wa_write_image(f, &b, mode, d, big, &w, NULL), 0);
        cr_expect_eq(w.clipped, mode == WA_WRITE_MTDBLOCK ? 0x100u : 0u);
        cr_expect_eq(f->mem[end], mode == WA_WRITE_MTDBLOCK ? 0x11 : 0x00);
        cr_expect_eq(f->mem[end + 0x100], mode == WA_WRITE_MTDBLOCK ? 0x11 : 0xff);
        nor_free(f);
    }
    free(d);
}

/* The owner's backup of a box that has pass.bin, mtd1 cut: the same image passes through it,
 * the cut dump named with its offsets and made up from mtd4. */
Test(backup, pass_from_the_dumps, .init = mktmp, .fini = rmtmp)
{
    setup_pass_backup("dumps", 0x8000);
    char a[1024], *out;
    snprintf(a, sizeof a, "--flash dumps '%s/images/pass.bin'", WA_FIXTURES);
    int rc = verify(a, &out);
    cr_expect_eq(rc, 0, "%s", out);
    cr_expect(strstr(out, "backup-short: dumps/mtd1 is 0x8000 bytes of the partition's 0x1fff70: "
                          "used as far as it goes; flash 0x18090-0x210000"),
              "%s", out);
    cr_expect(strstr(out, "the rest is in the other dumps"), "%s", out);
    cr_expect(!strstr(out, "stale"), "%s", out);
    cr_expect(!strstr(out, "backup-differ"), "%s", out);
    free(out);
}

/* A whole-flash dump works the same; one of another size is refused with both sizes. */
Test(backup, whole_dump, .init = mktmp, .fini = rmtmp)
{
    wa_board b = ar7();
    size_t len;
    uint8_t *img = image("pass.bin", &len);
    nor_flash *f = box(&b, img, len);
    char p[256];
    snprintf(p, sizeof p, "%s/flash.bin", tmp);
    put(p, f->mem, f->size);
    snprintf(p, sizeof p, "%s/half.bin", tmp);
    put(p, f->mem, f->size / 2);
    nor_free(f);
    free(img);
    char a[1024], *out;
    snprintf(a, sizeof a, "--static --flash flash.bin '%s/images/pass.bin'", WA_FIXTURES);
    cr_expect_eq(verify(a, &out), 0, "%s", out);
    free(out);
    snprintf(a, sizeof a, "--static --flash half.bin '%s/images/pass.bin'", WA_FIXTURES);
    cr_expect_eq(verify(a, &out), 64, "%s", out);
    cr_expect(strstr(out, "half.bin: 0x400000 bytes, but board ar7-8m's flash is 0x800000"), "%s",
              out);
    free(out);
}

/* The box had a longer image; the new one, shorter, written through mtdblock leaves the old
 * one's tail and trailer, which ADAM2 then checks: NO-BOOT naming it with the offsets; the
 * same file written after an erase passes. */
Test(backup, shorter_image_leaves_the_old_trailer, .init = mktmp, .fini = rmtmp)
{
    wa_board b = ar7();
    size_t len, olen;
    uint8_t *img = image("pass.bin", &len);
    uint8_t *old = longer(img, len, 0x23456, &olen);
    nor_flash *f = box(&b, old, olen);
    dump(f, &b, "dumps", 0x8000);
    nor_free(f);
    free(old);
    free(img);

    char a[1024], *out, want[256];
    snprintf(a, sizeof a, "--static --flash dumps '%s/images/pass.bin'", WA_FIXTURES);
    cr_expect_eq(verify(a, &out), 2, "%s", out);
    uint32_t at = board_part_off(&b, 4), nend = at + (uint32_t)len, oend = at + (uint32_t)olen;
    snprintf(want, sizeof want, "stale-trailer: ADAM2 stays in its prompt: the old image's TI");
    cr_expect(strstr(out, want), "%s", out);
    snprintf(want, sizeof want,
             "the new image ends at flash 0x%08x; old bytes 0x%08x-0x%08x; ADAM2 takes the old "
             "trailer at flash 0x%08x",
             nend, nend, oend, oend - 8);
    cr_expect(strstr(out, want), "want %s in:\n%s", want, out);
    snprintf(want, sizeof want, "stale-bytes: 0x%x bytes of the old flash stay after the image",
             oend - nend);
    cr_expect(strstr(out, want), "want %s in:\n%s", want, out);
    cr_expect(strstr(out, "erase mtd4 before writing"), "%s", out);
    cr_expect(!strstr(out, "recompute the TI checksum"), "the file is fine:\n%s", out);
    free(out);

    snprintf(a, sizeof a, "--static --write erase --flash dumps '%s/images/pass.bin'", WA_FIXTURES);
    cr_expect_eq(verify(a, &out), 0, "%s", out);
    cr_expect(!strstr(out, "stale"), "%s", out);
    free(out);

    /* the JSON map draws the old bytes, red */
    snprintf(a, sizeof a,
             "--static --json --flash dumps '%s/images/pass.bin' | /usr/bin/python3 -c 'import "
             "json,sys\nfor m in json.load(sys.stdin)[\"flash\"][\"regions\"]:\n"
             " if m[\"kind\"] == \"stale\": print(\"S\", hex(m[\"start\"]), hex(m[\"end\"]), "
             "m[\"bad\"])'",
             WA_FIXTURES);
    verify(a, &out);
    snprintf(want, sizeof want, "S 0x%x 0x%x True\n", nend, oend);
    cr_expect(strstr(out, want), "want %s in:\n%s", want, out);
    free(out);

    /* and the HTML page draws them in red (the class of a bad region), named in words */
    snprintf(a, sizeof a, "--static --html=r.html --flash dumps '%s/images/pass.bin' >/dev/null",
             WA_FIXTURES);
    verify(a, &out);
    free(out);
    char p[256];
    snprintf(p, sizeof p, "%s/r.html", tmp);
    size_t hl;
    char *html = (char *)slurp(p, &hl);
    cr_assert(html, "%s", p);
    char *mark = strstr(html, "><title>stale bytes: ");
    cr_assert(mark, "no stale region in the page");
    char *rect = mark;
    while (rect > html && strncmp(rect, "<rect ", 6))
        rect--;
    cr_expect(!strncmp(rect, "<rect class=\"bad\" ", 18), "not drawn red: %.120s", rect);
    snprintf(want, sizeof want, "><title>stale bytes: 0x%x-0x%x", nend, oend);
    cr_expect(strstr(html, want), "want %s in the page", want);
    cr_expect(strstr(html, "! stale bytes"), "the label says it in words");
    free(html);
}

/* The dumps disagree where mtd1 and mtd4 overlap: named with flash and dump offsets, mtd4's
 * bytes used. The environment is the dumped mtd3's: an erased one stops ADAM2. */
Test(backup, disagreeing_dumps_and_the_dumped_environment, .init = mktmp, .fini = rmtmp)
{
    setup_pass_backup("dumps", 0);
    char p[256];
    snprintf(p, sizeof p, "%s/dumps/mtd1", tmp);
    size_t n;
    uint8_t *m1 = slurp(p, &n);
    m1[0x100] ^= 1, m1[0x101] ^= 1, m1[0x4000] ^= 0x80;
    put(p, m1, n);
    free(m1);
    char a[1024], *out;
    snprintf(a, sizeof a, "--static --flash dumps '%s/images/pass.bin'", WA_FIXTURES);
    cr_expect_eq(verify(a, &out), 0, "%s", out);
    cr_expect(strstr(out, "backup-differ: mtd1 and mtd4 disagree on 3 bytes of flash "
                          "0x10190-0x14091 (mtd1 offset 0x100, mtd4 offset 0x190): "
                          "0x10190-0x10192, 0x14090-0x14091; mtd4's bytes are used"),
              "%s", out);
    free(out);

    snprintf(p, sizeof p, "%s/dumps/mtd3", tmp);
    uint8_t ff[0x10000];
    memset(ff, 0xff, sizeof ff);
    put(p, ff, sizeof ff);
    cr_expect_eq(verify(a, &out), 3, "%s", out);
    cr_expect(strstr(out, "env-damaged"), "%s", out);
    free(out);
    snprintf(p, sizeof p, "%s/dumps/mtd3", tmp);
    unlink(p);
    cr_expect_eq(verify(a, &out), 66, "%s", out);
    cr_expect(strstr(out, "dumps/mtd3: no such dump"), "%s", out);
    free(out);
}

/* Too large for mtd4: through mtdblock the write stops at its end (NO-BOOT, ADAM2 intact);
 * after an erase a raw write goes on into the environment (BRICK). */
Test(backup, too_large_clipped_or_brick, .init = mktmp, .fini = rmtmp)
{
    setup_pass_backup("dumps", 0);
    char a[1024], *out;
    snprintf(a, sizeof a, "--static --flash dumps '%s/images/brick-too-large.bin'", WA_FIXTURES);
    cr_expect_eq(verify(a, &out), 2, "%s", out);
    cr_expect(strstr(out, "image-clipped"), "%s", out);
    cr_expect(strstr(out, "not written, mtd2 and mtd3 unchanged"), "%s", out);
    free(out);
    snprintf(a, sizeof a, "--static --write erase --flash dumps '%s/images/brick-too-large.bin'",
             WA_FIXTURES);
    cr_expect_eq(verify(a, &out), 3, "%s", out);
    cr_expect(strstr(out, "image-too-large"), "%s", out);
    free(out);
    snprintf(a, sizeof a, "--write copy '%s/images/pass.bin'", WA_FIXTURES);
    cr_expect_eq(verify(a, &out), 64, "%s", out);
    cr_expect(strstr(out, "--write is mtdblock or erase, not 'copy'"), "%s", out);
    free(out);
}

/* Case files say flash = and write = ; verify --case honours them. */
Test(backup, case_keys, .init = mktmp, .fini = rmtmp)
{
    wa_board b = ar7();
    size_t len, olen;
    uint8_t *img = image("pass.bin", &len);
    uint8_t *old = longer(img, len, 0x10000, &olen);
    nor_flash *f = box(&b, old, olen);
    dump(f, &b, "dumps", 0x8000);
    nor_free(f);
    free(old);
    free(img);
    char p[256], text[1024];
    const char *modes[2][3] = {{"mtdblock", "NO-BOOT", "expect.finding = stale-trailer"},
                               {"erase", "PASS", "expect.no-finding = stale-bytes"}};
    for (int i = 0; i < 2; i++) {
        snprintf(p, sizeof p, "%s/%s.case", tmp, modes[i][0]);
        snprintf(text, sizeof text,
                 "image = %s/images/pass.bin\nboard = ar7-8m\nflash = dumps\nwrite = %s\n"
                 "static = yes\nexpect.verdict = %s\nexpect.finding = backup-short mtd1\n%s\n",
                 WA_FIXTURES, modes[i][0], modes[i][1], modes[i][2]);
        put(p, (const uint8_t *)text, strlen(text));
        char a[512], *out;
        snprintf(a, sizeof a, "--case %s.case", modes[i][0]);
        cr_expect_eq(verify(a, &out), 0, "%s", out);
        cr_expect(strstr(out, "passed"), "%s", out);
        free(out);
    }
    /* cases run reads them the same way */
    char cmd[1024], *res;
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' cases run -j 1 mtdblock.case erase.case 2>&1", tmp,
             WA_BIN);
    cr_expect_eq(run(cmd, &res), 0, "%s", res);
    cr_expect(strstr(res, "2 passed, 0 failed"), "%s", res);
    free(res);
    snprintf(p, sizeof p, "%s/bad.case", tmp);
    snprintf(text, sizeof text, "image = x.bin\nwrite = dd\nexpect.verdict = PASS\n");
    put(p, (const uint8_t *)text, strlen(text));
    char *out;
    cr_expect_eq(verify("--case bad.case", &out), 64, "%s", out);
    cr_expect(strstr(out, "bad.case:2: write is mtdblock or erase, not 'dd'"), "%s", out);
    free(out);
}

/* Board key trailer = partition-end: ADAM2 looks for the trailer in mtd4's last 8 bytes. The
 * box had an image padded to the partition's size (chksum --fix --pad-to); pass.bin, not
 * padded, written through mtdblock leaves the old trailer at the end, which ADAM2 checks (the
 * hint pads, since erasing first would not help: after an erase the end is blank); written
 * after an erase it has no trailer where ADAM2 looks; padded, it passes both ways. The same
 * padded file passes on the default board too. */
Test(backup, trailer_at_the_partition_end, .init = mktmp, .fini = rmtmp)
{
    wa_board b = ar7();
    uint32_t part = board_part_len(&b, 4), end = board_part_off(&b, 4) + part;
    size_t len, olen;
    uint8_t *img = image("pass.bin", &len);
    uint8_t *old = longer(img, len, part - len, &olen);
    cr_assert_eq(olen, part);
    nor_flash *f = box(&b, old, olen);
    dump(f, &b, "dumps", 0);
    nor_free(f);
    free(old);
    free(img);

    char a[1024], *out, want[256];
    const char *board = WA_SRC "/cases/boards/ar7-8m-trailer-end.board";
    snprintf(a, sizeof a, "--static --board '%s' --flash dumps '%s/images/pass.bin'", board,
             WA_FIXTURES);
    cr_expect_eq(verify(a, &out), 2, "%s", out);
    cr_expect(strstr(out, "stale-trailer: ADAM2 stays in its prompt: the old image's TI"), "%s",
              out);
    snprintf(want, sizeof want, "ADAM2 takes the old trailer at flash 0x%08x", end - 8);
    cr_expect(strstr(out, want), "want %s in:\n%s", want, out);
    snprintf(want, sizeof want,
             "reads the trailer from mtd4's last 8 bytes: pad the image to "
             "mtd4's size so the write covers the old bytes (wa-emu chksum "
             "--fix --pad-to 0x%x fw.bin)",
             part);
    cr_expect(strstr(out, want), "want %s in:\n%s", want, out);
    cr_expect(!strstr(out, "erase mtd4 before writing"), "%s", out);
    free(out);

    snprintf(a, sizeof a, "--static --board '%s' --write erase --flash dumps '%s/images/pass.bin'",
             board, WA_FIXTURES);
    cr_expect_eq(verify(a, &out), 2, "%s", out);
    snprintf(want, sizeof want,
             "checksum-missing: ADAM2 stays in its prompt: this board's ADAM2 "
             "(board key trailer = partition-end) finds no TI trailer at "
             "mtd4's end");
    cr_expect(strstr(out, want), "want %s in:\n%s", want, out);
    snprintf(want, sizeof want, "mtd4's last 8 bytes, flash 0x%08x-0x%08x", end - 8, end);
    cr_expect(strstr(out, want), "want %s in:\n%s", want, out);
    free(out);

    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && '%s' chksum --fix --pad-to 0x%x '%s/images/pass.bin' -o padded.bin 2>&1",
             tmp, WA_BIN, part, WA_FIXTURES);
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    free(out);
    char p[256];
    snprintf(p, sizeof p, "%s/padded.bin", tmp);
    uint8_t *pad = slurp(p, &len);
    cr_assert(pad);
    cr_expect_eq(len, part);
    ti_trailer t;
    ti_trailer_read(pad, len, &t, NULL);
    cr_expect(t.present && t.stored == t.computed && t.data_len == part - 8);
    free(pad);
    for (int erase = 0; erase < 2; erase++) {
        snprintf(a, sizeof a, "--static --board '%s' %s --flash dumps padded.bin", board,
                 erase ? "--write erase" : "");
        cr_expect_eq(verify(a, &out), 0, "%s", out);
        cr_expect(!strstr(out, "stale"), "%s", out);
        free(out);
    }
    cr_expect_eq(verify("--static --flash dumps padded.bin", &out), 0, "%s", out);
    free(out);
    /* inspect says where this board's ADAM2 looks, and whether the trailer is there */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && '%s' inspect --board '%s' '%s/images/pass.bin' && '%s' inspect --board "
             "'%s' padded.bin && '%s' inspect --json --board '%s' padded.bin",
             tmp, WA_BIN, board, WA_FIXTURES, WA_BIN, board, WA_BIN, board);
    cr_expect_eq(run(cmd, &out), 0, "%s", out);
    snprintf(want, sizeof want,
             "this board's ADAM2 reads it from mtd4's last 8 bytes, at 0x%x: NOT THERE", part - 8);
    cr_expect(strstr(out, want), "want %s in:\n%s", want, out);
    snprintf(want, sizeof want,
             "this board's ADAM2 reads it from mtd4's last 8 bytes, at 0x%x: there", part - 8);
    cr_expect(strstr(out, want), "want %s in:\n%s", want, out);
    cr_expect(strstr(out, "\"lookup\":\"partition-end\""), "%s", out);
    free(out);
    /* a size the image does not fit in: refused with the numbers, nothing written */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && '%s' chksum --fix --pad-to 0x1000 padded.bin -o small.bin 2>&1; "
             "echo rc=$?; test -e small.bin || echo nothing written",
             tmp, WA_BIN);
    cr_expect_eq(run(cmd, &out), 0);
    snprintf(want, sizeof want,
             "padded.bin: its 0x%x bytes of data and the 8-byte trailer do not fit in --pad-to "
             "0x1000 (0x%x bytes too many)\nrc=64\n",
             part - 8, part - 0x1000);
    cr_expect(strstr(out, want), "want %s in:\n%s", want, out);
    cr_expect(strstr(out, "rc=64\nnothing written\n"), "%s", out);
    free(out);
}
