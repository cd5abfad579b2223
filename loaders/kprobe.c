/* kprobe.c: kernel banner, SquashFS support and command line, found statically. */
#include "kprobe.h"

#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "bytes.h"

/* The names in the kernel's SquashFS decompressor table (fs/squashfs/decompressor.c), by id. */
static const char *const comp_names[] = {NULL, "zlib", "lzma", "lzo", "xz", "lz4", "zstd"};
#define NCOMP (sizeof comp_names / sizeof comp_names[0])

void kprobe_comp_list(uint32_t mask, char *buf, size_t cap)
{
    static const char *const shown[NCOMP] = {NULL, "gzip", "lzma", "lzo", "xz", "lz4", "zstd"};
    size_t n = 0;
    buf[0] = 0;
    for (unsigned i = 1; i < NCOMP; i++)
        if (mask & (1u << i) && n < cap)
            n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? " " : "", shown[i]);
}

static const uint8_t *find(const uint8_t *h, size_t hn, const char *needle, size_t from)
{
    size_t nn = strlen(needle);
    if (from >= hn) return NULL;
    return memmem(h + from, hn - from, needle, nn);
}

/* Copy the printable text at p (up to a newline or NUL) into dst. */
static void copy_line(char *dst, size_t cap, const uint8_t *p, const uint8_t *end)
{
    size_t n = 0;
    while (p + n < end && n + 1 < cap && p[n] >= 0x20 && p[n] < 0x7f)
        n++;
    memcpy(dst, p, n);
    dst[n] = 0;
}

/* LZMA-alone stream at p: decode into a buffer of at most KPROBE_MAX_OUT bytes. */
static uint8_t *unlzma(const uint8_t *p, size_t n, size_t *outlen)
{
    lzma_stream s = LZMA_STREAM_INIT;
    if (lzma_alone_decoder(&s, 256u << 20) != LZMA_OK) return NULL;
    /* the header's size, when it gives one, saves the copies of growing the buffer (a tenth
     * of verify --static's time) */
    uint64_t said = n >= 13 ? rd_le32(p + 5) | (uint64_t)rd_le32(p + 9) << 32 : UINT64_MAX;
    size_t cap = said >= 64 * 1024 && said <= KPROBE_MAX_OUT ? (size_t)said : 1u << 20;
    uint8_t *out = malloc(cap);
    s.next_in = p;
    s.avail_in = n;
    lzma_ret r = LZMA_OK;
    while (out && r == LZMA_OK) {
        if (s.total_out == cap) {
            if (cap >= KPROBE_MAX_OUT) break;
            uint8_t *no = realloc(out, cap * 2);
            if (!no) break;
            out = no;
            cap *= 2;
        }
        s.next_out = out + s.total_out;
        s.avail_out = cap - s.total_out;
        r = lzma_code(&s, LZMA_FINISH);
    }
    *outlen = s.total_out;
    lzma_end(&s);
    /* A self-extractor's stream often has no end marker and is followed by other data: keep
     * what decoded when it is large enough to be a kernel. */
    if (out && *outlen < 64 * 1024) {
        free(out);
        return NULL;
    }
    return out;
}

static uint8_t *gunzip(const uint8_t *p, size_t n, size_t *outlen)
{
    z_stream z = {0};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return NULL;
    size_t cap = 1u << 20;
    uint8_t *out = malloc(cap);
    z.next_in = (uint8_t *)p;
    z.avail_in = n > UINT32_MAX ? UINT32_MAX : (uInt)n;
    int r = Z_OK;
    while (out && r == Z_OK) {
        if (z.total_out == cap) {
            if (cap >= KPROBE_MAX_OUT) break;
            uint8_t *no = realloc(out, cap * 2);
            if (!no) break;
            out = no;
            cap *= 2;
        }
        z.next_out = out + z.total_out;
        z.avail_out = (uInt)(cap - z.total_out);
        r = inflate(&z, Z_NO_FLUSH);
    }
    *outlen = z.total_out;
    inflateEnd(&z);
    if (out && *outlen < 64 * 1024) {
        free(out);
        return NULL;
    }
    return out;
}

/* Look for an LZMA-alone header (props 0x5d, a power-of-two dictionary) or a gzip header,
 * and decode the first that yields a kernel-sized output containing "Linux version". */
static uint8_t *find_payload(const uint8_t *d, size_t n, kprobe_info *out, size_t *outlen)
{
    for (size_t o = 0; o + 13 <= n; o++) {
        uint8_t *img = NULL;
        const char *kind = NULL;
        if (d[o] == 0x5d && d[o + 1] == 0 && d[o + 2] == 0) {
            uint32_t dict = rd_le32(d + o + 1);
            if (dict >= 4096 && !(dict & (dict - 1))) {
                img = unlzma(d + o, n - o, outlen);
                kind = "lzma";
            }
        } else if (d[o] == 0x1f && d[o + 1] == 0x8b && d[o + 2] == 8) {
            img = gunzip(d + o, n - o, outlen);
            kind = "gzip";
        }
        if (img && memmem(img, *outlen, "Linux version ", 14)) {
            snprintf(out->payload, sizeof out->payload, "%s", kind);
            out->payload_offset = o;
            return img;
        }
        free(img);
    }
    return NULL;
}

/* A NUL-delimited string s in img: its offset, or -1. Searched with its NULs around it: a
 * short name ("lzma") is in many longer strings, and a search from each of those was a tenth
 * of the probe. */
static long whole_string(const uint8_t *img, size_t n, const char *s)
{
    char w[64];
    size_t sn = strlen(s);
    if (sn + 2 > sizeof w) return -1;
    w[0] = 0;
    memcpy(w + 1, s, sn + 1);
    if (n > sn && !memcmp(img, s, sn + 1)) return 0;
    const uint8_t *p = memmem(img, n, w, sn + 2);
    return p ? (long)(p + 1 - img) : -1;
}

/* The decompressor table: for each name string, an aligned word holding its address, with
 * the compression id in the word before it; the function pointers before the id are all
 * zero for a compressor the kernel was built without. When the load address is unknown it
 * is found from the "zlib" entry, whose id is 1. */
static void comp_table(const uint8_t *img, size_t n, kprobe_info *out)
{
    size_t name_off[NCOMP] = {0};
    for (unsigned i = 1; i < NCOMP; i++) {
        long at = whole_string(img, n, comp_names[i]);
        if (at > 0) name_off[i] = (size_t)at;
    }
    if (!name_off[1]) return;
    uint32_t base = out->image_base;
    if (!base) {
        for (size_t o = 16; o + 4 <= n && !base; o += 4) {
            uint32_t w = rd_le32(img + o);
            uint32_t b = w - (uint32_t)name_off[1];
            if (w >= 0x80000000u && !(b & 0xfff) && rd_le32(img + o - 4) == 1) base = b;
        }
        if (!base) return;
        out->image_base = base;
    }
    /* one pass over the words for all the names (a pass each was a tenth of the probe) */
    unsigned todo = 0;
    for (unsigned i = 1; i < NCOMP; i++)
        if (name_off[i]) todo |= 1u << i;
    for (size_t o = 16; o + 4 <= n && todo; o += 4) {
        uint32_t id = rd_le32(img + o - 4);
        if (id == 0 || id >= NCOMP || !(todo & 1u << id) ||
            rd_le32(img + o) != base + (uint32_t)name_off[id])
            continue;
        todo &= ~(1u << id);
        out->sq_comp_known = 1;
        if (rd_le32(img + o - 8) | rd_le32(img + o - 12) | rd_le32(img + o - 16))
            out->sq_comp_mask |= 1u << id;
    }
}

/* The constant a3 gets next to the code that loads the address va into a0 (lui a0 + addiu
 * a0,a0): `move a3,zero`, `addiu a3,zero,N` or `ori a3,zero,N` in the 8 instructions after. */
static int a3_beside(const uint8_t *img, size_t n, uint32_t va, unsigned *val)
{
    uint32_t lui = 0x3c040000u | ((va + 0x8000u) >> 16), addiu = 0x24840000u | (va & 0xffff);
    for (size_t o = 4; o + 4 <= n; o += 4) {
        if (rd_le32(img + o) != addiu || rd_le32(img + o - 4) != lui) continue;
        for (size_t k = 1; k <= 8 && o + 4 * k + 4 <= n; k++) {
            uint32_t w = rd_le32(img + o + 4 * k);
            if (w == 0x00003821u) return *val = 0, 1;
            if ((w >> 16) == 0x2407u || (w >> 16) == 0x3407u) return *val = w & 0xffff, 1;
        }
    }
    return 0;
}

/* Linux 2.4's SquashFS 1.x/2.x driver and TI's flash map driver, from their own messages:
 *  - "Major/Minor mismatch, filesystem is (%d:%d), I support (1 : x) or (2 : <= %d)"
 *    (fs/squashfs/inode.c with SQUASHFS_1_0_COMPATIBILITY): major 1, or major 2 up to the
 *    minor printed, the printk's fourth argument;
 *  - "lzma returned unexpected result" / "zlib returned unexpected result": the block
 *    decompressor it was built with (the TI SDK's is LZMA only, fs/squashfs/uncompress.c);
 *  - "mtd%1u" with no "ar7part": partitions from the ADAM2 environment's mtd0..mtd5
 *    (drivers/mtd/maps/avalanche-flash.c), not Linux's AR7 parser;
 *  - "/dev/mtdblock/0" as a string of its own: init/main.c's forced root on the TI SDK. */
static void legacy_rules(const uint8_t *img, size_t n, kprobe_info *out)
{
    static const char cmp[] = "I support (1 : x) or (2 : <= %d)";
    const uint8_t *p = find(img, n, cmp, 0);
    if (p && !out->sq_major) {
        const uint8_t *s = p;
        while (s > img && s[-1] >= 0x20 && s[-1] < 0x7f)
            s--;
        const char *fmt = (const char *)s;
        if (!strncmp(fmt, "<3>", 3)) fmt += 3;
        if (!strncmp(fmt, "SQUASHFS error: ", 16)) fmt += 16;
        char line[sizeof out->sq_refusal];
        copy_line(line, sizeof line, (const uint8_t *)fmt, img + n);
        /* the format's own %d (SQUASHFS_MINOR) becomes the number the code passes */
        unsigned minor = 0;
        uint32_t va = out->image_base + (uint32_t)(s - img);
        int known = out->image_base && a3_beside(img, n, va, &minor);
        char *d = strstr(line, "<= %d)");
        if (d) snprintf(d, sizeof line - (size_t)(d - line), "<= %u)", minor);
        snprintf(out->sq_refusal, sizeof out->sq_refusal, "%s", line);
        out->sq_major = 2;
        out->sq_minor = known ? minor : 0;
        out->sq_minor_le = 1;
        out->sq_any_1x = 1;
    }
    if (out->sq_major && out->sq_major < 4) {
        if (find(img, n, "SQUASHFS error: lzma returned unexpected result", 0))
            out->sq_comp_mask |= 1u << 2;
        if (find(img, n, "SQUASHFS error: zlib returned unexpected result", 0))
            out->sq_comp_mask |= 1u << 1;
        if (out->sq_comp_mask) out->sq_comp_known = 1;
    }
    /* ar7part: the parser's name (its mtd_part_parser's) and the config block it looks
     * for, both strings of drivers/mtd/parsers/ar7part.c, so a kernel that only mentions
     * the name is not taken for one that parses */
    if (whole_string(img, n, "ar7part") >= 0 && find(img, n, "TIENV0.8", 0)) {
        snprintf(out->parts, sizeof out->parts, "ar7part");
        out->parser = KPROBE_PARTS_AR7PART;
    } else if (whole_string(img, n, "mtd%1u") >= 0 && !find(img, n, "ar7part", 0)) {
        snprintf(out->parts, sizeof out->parts, "ADAM2 environment mtd0..mtd5");
        out->parser = KPROBE_PARTS_ENV;
    }
    if (whole_string(img, n, "/dev/mtdblock/0") >= 0)
        snprintf(out->root_dev, sizeof out->root_dev, "/dev/mtdblock/0");
    /* the message is compiled in with devfs; the mount itself is a build option (the
     * default of devfs's boot_options) that the bytes do not show plainly: the 2.4 kernels
     * of these boxes (TI's SDK) mount it, and their images' /dev is empty */
    out->devfs = find(img, n, "Mounted devfs on /dev", 0) != NULL;
}

static void probe_image(const uint8_t *img, size_t n, kprobe_info *out)
{
    const uint8_t *end = img + n;
    /* The banner proper has the build number ("#1 ..."); other copies may not. */
    const uint8_t *p;
    for (p = find(img, n, "Linux version ", 0); p;
         p = find(img, n, "Linux version ", (size_t)(p - img) + 1)) {
        char line[sizeof out->banner];
        copy_line(line, sizeof line, p, end);
        const char *hash = strchr(line, '#');
        if (!out->banner[0] || (hash && hash[1] >= '0' && hash[1] <= '9'))
            memcpy(out->banner, line, sizeof line);
        if (hash && hash[1] >= '0' && hash[1] <= '9') break;
    }
    /* "squashfs: version 4.0 (2009/01/31) ..." (2.6+), "SquashFS 2.1-r2 (...)" (2.4) */
    for (p = find(img, n, "quashfs", 0); p; p = find(img, n, "quashfs", (size_t)(p - img) + 1)) {
        const uint8_t *q = p + 7;
        while (q < end && (*q == ':' || *q == ' '))
            q++;
        if (end - q > 8 && !memcmp(q, "version ", 8)) q += 8;
        if (end - q >= 3 && q[0] >= '1' && q[0] <= '4' && q[1] == '.' && q[2] >= '0' &&
            q[2] <= '9') {
            out->sq_major = (unsigned)(q[0] - '0');
            out->sq_minor = (unsigned)(q[2] - '0');
            break;
        }
    }
    legacy_rules(img, n, out);
    /* The built-in command line: a NUL-delimited string that sets root= or rootfstype=. */
    for (p = find(img, n, "root", 0); p && !out->cmdline[0];
         p = find(img, n, "root", (size_t)(p - img) + 1)) {
        const uint8_t *s = p;
        while (s > img && s[-1] >= 0x20 && s[-1] < 0x7f)
            s--;
        if (s == img || s[-1] != 0) continue;
        char line[512];
        copy_line(line, sizeof line, s, end);
        size_t ln = strlen(line);
        if (s + ln >= end || s[ln] != 0 || strchr(line, '%') || strchr(line, '"')) continue;
        /* a piece the kernel appends to (2.4 TI: "root=/dev/nfs " + nfsroot) ends in a blank */
        if ((strstr(line, "root=") || strstr(line, "rootfstype=")) && line[ln - 1] != '=' &&
            line[ln - 1] != ' ')
            memcpy(out->cmdline, line, ln + 1);
    }
    if (out->sq_major) comp_table(img, n, out);
    if (out->sq_major == 4 && !out->sq_comp_known) {
        /* 4.0 before the decompressor table (2.6.29-2.6.33) read zlib only. */
        out->sq_comp_known = 1;
        out->sq_comp_mask = 1u << 1;
    }
}

int kprobe_run(const adam2_seg *segs, size_t n, kprobe_info *out, wa_err *e)
{
    memset(out, 0, sizeof *out);
    snprintf(out->payload, sizeof out->payload, "none");
    if (n == 0) return wa_fail(e, WA_E_USAGE, WA_NO_OFFSET, "no kernel segments to probe");
    /* A kernel proper in the clear has its banner in a segment: probe that one. */
    for (size_t i = 0; i < n; i++) {
        if (!memmem(segs[i].data, segs[i].size, "Linux version ", 14)) continue;
        out->payload_seg = i;
        out->image_base = segs[i].addr;
        out->image_len = segs[i].size;
        probe_image(segs[i].data, segs[i].size, out);
        return WA_OK;
    }
    /* AVM's EVA record: its header says what it holds, so it is unpacked, not searched; and
     * EVA puts the kernel at the record's load address. */
    for (size_t i = 0; i < n; i++) {
        if (!eva_is_kernel(segs[i].data, segs[i].size)) continue;
        uint8_t *img;
        snprintf(out->payload, sizeof out->payload, "eva");
        out->payload_seg = i;
        out->payload_offset = EVA_HEADER;
        int rc = eva_unpack(segs[i].data, segs[i].size, KPROBE_MAX_OUT, &out->eva, &img, e);
        if (rc) return rc;
        out->image_base = segs[i].addr;
        out->image_len = out->eva.unpacked;
        probe_image(img, out->image_len, out);
        free(img);
        return WA_OK;
    }
    /* TI's LZMA loader: its blob unpacks to the kernel that ends where the loader begins */
    for (size_t i = 0; i < n; i++) {
        long at = ti7z_find(segs[i].data, segs[i].size);
        if (at < 0) continue;
        uint8_t *img;
        snprintf(out->payload, sizeof out->payload, "ti7z");
        out->payload_seg = i;
        out->payload_offset = (size_t)at;
        int rc = ti7z_unpack(segs[i].data, segs[i].size, (size_t)at, KPROBE_MAX_OUT, &out->ti7z,
                             &img, e);
        if (rc) return rc;
        out->image_len = out->ti7z.unpacked;
        if (segs[i].addr >= out->ti7z.unpacked) out->image_base = segs[i].addr - out->ti7z.unpacked;
        probe_image(img, out->image_len, out);
        free(img);
        return WA_OK;
    }
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        uint8_t *img = find_payload(segs[i].data, segs[i].size, out, &len);
        if (!img) continue;
        out->payload_seg = i;
        out->image_len = len;
        probe_image(img, len, out);
        free(img);
        return WA_OK;
    }
    return WA_OK;
}
