/* cmd_inspect.c: `wa-emu inspect fw.bin`: where the loader records, the kernel, the rootfs and
 * the trailer lie, against the board's partition map; --json for scripts. */
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board_arg.h"
#include "cli.h"
#include "fileio.h"
#include "finding.h"
#include "kprobe.h"
#include "kernel_root.h"
#include "mtd4.h"

static void help(FILE *to)
{
    fprintf(
        to,
        "usage: wa-emu inspect [--board B] [--json] fw.bin\n\n"
        "Shows the layout of an mtd4 image: TI trailer, ADAM2 loader records with their\n"
        "checksums, the kernel (an AVM EVA record unpacked) with its banner and SquashFS\n"
        "support, rootfs superblock, each against the partition map.\n"
        "  -b, --board B   board profile (wa1003a, ar7-8m, speedport-w501v, wag200g, or a file;\n"
        "                  default wa1003a)\n"
        "      --json      print the layout as JSON\n"
        "  -h, --help      this text\n");
}

static json_object *jnum(uint64_t v)
{
    return json_object_new_int64((int64_t)v);
}

static json_object *layout_json(const wa_board *b, const mtd4_layout *l, const kprobe_info *k,
                                const wa_kroot *kr, const wa_err *probe)
{
    json_object *root = json_object_new_object(), *o;
    json_object_object_add(root, "board", json_object_new_string(b->name));
    json_object_object_add(root, "image_size", jnum(l->len));
    json_object *parts = json_object_new_object();
    for (int i = 0; i < 5; i++) {
        char name[8];
        snprintf(name, sizeof name, "mtd%d", i);
        o = json_object_new_object();
        json_object_object_add(o, "start", jnum(b->mtd[i].start));
        json_object_object_add(o, "end", jnum(b->mtd[i].end));
        json_object_object_add(o, "size", jnum(board_part_len(b, i)));
        json_object_object_add(o, "image_offset",
                               json_object_new_int64((int64_t)b->mtd[i].start - b->mtd[4].start));
        json_object_object_add(o, "writable", json_object_new_boolean(board_part_aligned(b, i)));
        json_object_object_add(parts, name, o);
    }
    json_object_object_add(root, "partitions", parts);
    o = json_object_new_object();
    json_object_object_add(o, "present", json_object_new_boolean(l->trailer.present));
    json_object_object_add(o, "offset", jnum(l->trailer.data_len));
    json_object_object_add(o, "stored", jnum(l->trailer.stored));
    json_object_object_add(o, "computed", jnum(l->trailer.computed));
    json_object_object_add(o, "lookup", json_object_new_string(board_trailer_name(b->trailer_at)));
    json_object_object_add(root, "trailer", o);
    o = json_object_new_object();
    json_object_object_add(o, "found", json_object_new_boolean(l->has_chain));
    if (l->has_chain) {
        json_object_object_add(o, "offset", jnum(l->chain.start));
        json_object_object_add(o, "error", json_object_new_string(l->chain_err.msg));
        if (!l->chain_err.code) {
            const adam2_chain *c = &l->chain;
            json_object_object_add(o, "tag", jnum(c->tag));
            json_object_object_add(o, "end", jnum(c->end));
            json_object_object_add(o, "entry", jnum(c->entry));
            json_object *recs = json_object_new_array();
            for (size_t i = 0; i < c->n; i++) {
                json_object *r = json_object_new_object();
                json_object_object_add(r, "offset", jnum(c->rec[i].offset));
                json_object_object_add(r, "length", jnum(c->rec[i].length));
                json_object_object_add(r, "address", jnum(c->rec[i].addr));
                json_object_object_add(r, "stored", jnum(c->rec[i].stored));
                json_object_object_add(r, "computed", jnum(c->rec[i].computed));
                json_object_object_add(
                    r, "checksum_ok",
                    json_object_new_boolean(c->rec[i].stored == c->rec[i].computed));
                json_object_array_add(recs, r);
            }
            json_object_object_add(o, "records", recs);
            /* "avm": the end record has no checksum (adam2rec.h); "stored" is then the word
             * after it, when there is one */
            json_object *end = json_object_new_object();
            json_object_object_add(end, "offset", jnum(c->end_offset));
            json_object_object_add(end, "entry", jnum(c->entry));
            json_object_object_add(
                end, "kind", json_object_new_string(c->end_kind == ADAM2_END_AVM ? "avm" : "ti"));
            if (c->end_word) json_object_object_add(end, "stored", jnum(c->end_stored));
            json_object_object_add(end, "computed", jnum(c->end_computed));
            json_object_object_add(end, "checksum_ok",
                                   json_object_new_boolean(c->end_kind == ADAM2_END_AVM ||
                                                           c->end_stored == c->end_computed));
            json_object_object_add(o, "end_record", end);
            /* the index of the record whose checksum is wrong (records: the end record), or -1 */
            json_object_object_add(o, "bad_record", json_object_new_int(c->first_bad));
            if (!strcmp(k->payload, "eva")) {
                json_object *v = json_object_new_object();
                json_object_object_add(v, "record", jnum(k->payload_seg));
                if (probe->code) {
                    uint64_t at = k->payload_seg < c->n ? c->rec[k->payload_seg].offset + 8 : 0;
                    json_object_object_add(v, "error", json_object_new_string(probe->msg));
                    json_object_object_add(v, "error_offset", jnum(at + probe->offset));
                } else {
                    json_object_object_add(v, "packed", jnum(k->eva.packed));
                    json_object_object_add(v, "unpacked", jnum(k->eva.unpacked));
                    json_object_object_add(v, "crc", jnum(k->eva.crc));
                    json_object_object_add(v, "lc", jnum(k->eva.lc));
                    json_object_object_add(v, "lp", jnum(k->eva.lp));
                    json_object_object_add(v, "pb", jnum(k->eva.pb));
                    json_object_object_add(v, "dictionary", jnum(k->eva.dict));
                }
                json_object_object_add(o, "eva", v);
            } else if (probe->code) {
                json_object_object_add(o, "probe_error", json_object_new_string(probe->msg));
            }
        }
        json_object_object_add(o, "banner", json_object_new_string(k->banner));
        json_object_object_add(o, "squashfs_version", json_object_new_int((int)k->sq_major));
        char comps[64];
        kprobe_comp_list(k->sq_comp_mask, comps, sizeof comps);
        json_object_object_add(o, "squashfs_compressions", json_object_new_string(comps));
        json_object_object_add(o, "cmdline", json_object_new_string(k->cmdline));
    }
    json_object_object_add(root, "kernel", o);
    o = json_object_new_object();
    json_object_object_add(o, "found", json_object_new_boolean(l->has_rootfs));
    if (l->has_rootfs) {
        json_object_object_add(o, "offset", jnum(l->rootfs.offset));
        json_object_object_add(o, "magic", json_object_new_string(l->rootfs.magic));
        json_object_object_add(o, "version",
                               json_object_new_string(l->rootfs.major == 4 ? "4.0" : "legacy"));
        json_object_object_add(o, "major", json_object_new_int((int)l->rootfs.major));
        json_object_object_add(o, "minor", json_object_new_int((int)l->rootfs.minor));
        json_object_object_add(o, "size", jnum(l->rootfs.bytes_used));
        json_object_object_add(o, "compression",
                               json_object_new_string(mtd4_comp_name(l->rootfs.compression)));
    }
    json_object_object_add(o, "ar7part_offset", jnum(kr->ar7_offset));
    json_object_object_add(o, "kernel_offset", jnum(kr->offset));
    json_object_object_add(o, "kernel_finds",
                           json_object_new_string(kr->by == WA_ROOT_AR7PART ? "ar7part"
                                                  : kr->by == WA_ROOT_ENV   ? "environment"
                                                                            : "unknown"));
    json_object_object_add(root, "rootfs", o);
    return root;
}

static void layout_text(const char *path, const wa_board *b, const mtd4_layout *l,
                        const wa_kroot *kr, const kprobe_info *k, const wa_err *probe)
{
    uint32_t base = b->mtd[4].start;
    printf("%s: 0x%zx bytes, board %s\n\npartitions (image offset = flash address - 0x%08x):\n",
           path, l->len, b->name, base);
    static const char *const what[] = {"rootfs", "kernel", "bootloader", "config", "kernel+rootfs"};
    for (int i = 0; i < 5; i++)
        printf("  mtd%d %-13s 0x%08x-0x%08x  %8u bytes  %s\n", i, what[i], b->mtd[i].start,
               b->mtd[i].end, board_part_len(b, i),
               board_part_aligned(b, i) ? "writable" : "read-only (not erase-aligned)");
    printf("\nkernel:\n");
    if (!l->has_chain)
        printf("  no ADAM2 loader tag\n");
    else if (l->chain_err.code)
        printf("  loader tag at 0x%zx, chain broken: %s\n", l->chain.start, l->chain_err.msg);
    else {
        const adam2_chain *c = &l->chain;
        char bad[96] = "";
        if (c->first_bad >= 0 && (size_t)c->first_bad < c->n)
            snprintf(bad, sizeof bad, "  BAD RECORD CHECKSUM: record %d (at 0x%zx)", c->first_bad,
                     c->rec[c->first_bad].offset);
        else if (c->first_bad >= 0)
            snprintf(bad, sizeof bad, "  BAD RECORD CHECKSUM: the end record (at 0x%zx)",
                     c->end_offset);
        printf("  loader tag 0x%08x (%s) at 0x%zx, records to 0x%zx (%zu records, entry "
               "0x%08x)%s\n",
               c->tag, c->end_kind == ADAM2_END_AVM ? "AVM" : "TI", c->start, c->end, c->n,
               c->entry, bad);
        for (size_t i = 0; i < c->n; i++)
            printf("    record %zu at 0x%zx: %u bytes -> 0x%08x, checksum stored 0x%08x, "
                   "computed 0x%08x: %s\n",
                   i, c->rec[i].offset, c->rec[i].length, c->rec[i].addr, c->rec[i].stored,
                   c->rec[i].computed, c->rec[i].stored == c->rec[i].computed ? "ok" : "WRONG");
        if (c->end_kind == ADAM2_END_TI)
            printf("    end record at 0x%zx: entry 0x%08x, checksum stored 0x%08x, computed "
                   "0x%08x: %s\n",
                   c->end_offset, c->entry, c->end_stored, c->end_computed,
                   c->end_stored == c->end_computed ? "ok" : "WRONG");
        else if (!c->end_word)
            printf("    end record at 0x%zx: entry 0x%08x, no checksum: AVM's normal end "
                   "(length 0 and the entry only)\n",
                   c->end_offset, c->entry);
        else
            printf("    end record at 0x%zx: entry 0x%08x, no checksum: AVM's normal end "
                   "(length 0 and the entry only; the word after it, 0x%08x, is %s)\n",
                   c->end_offset, c->entry, c->end_stored,
                   c->end_stored == 0                 ? "padding"
                   : c->end_stored == c->end_computed ? "TI's end checksum, not needed here"
                                                      : "not part of the chain");
        if (!strcmp(k->payload, "eva") && k->payload_seg < c->n) {
            const adam2_rec *r = &c->rec[k->payload_seg];
            if (probe->code)
                printf("  record %zu is an AVM EVA kernel that cannot be unpacked: %s (image "
                       "offset 0x%llx)\n",
                       k->payload_seg, probe->msg,
                       (unsigned long long)(r->offset + 8 + probe->offset));
            else
                printf("  record %zu is an AVM EVA kernel: %u bytes of LZMA (lc=%u lp=%u pb=%u, "
                       "dictionary %u, CRC-32 0x%08x ok) unpack to %u bytes at 0x%08x\n",
                       k->payload_seg, k->eva.packed, k->eva.lc, k->eva.lp, k->eva.pb, k->eva.dict,
                       k->eva.crc, k->eva.unpacked, r->addr);
        } else if (probe->code) {
            printf("  kernel probe: %s\n", probe->msg);
        }
        char comps[64];
        kprobe_comp_list(k->sq_comp_mask, comps, sizeof comps);
        printf("  %s\n  payload %s; SquashFS %u.%u (%s); built-in cmdline \"%s\"\n",
               k->banner[0] ? k->banner : "no \"Linux version\" banner found", k->payload,
               k->sq_major, k->sq_minor, k->sq_comp_known ? comps : "compressions unknown",
               k->cmdline);
    }
    printf("\nrootfs:\n");
    if (!l->has_rootfs)
        printf("  no SquashFS superblock found\n");
    else
        printf("  SquashFS '%s' %u.%u %s at 0x%zx, 0x%llx bytes, block %u (mtd0 is at 0x%x)\n",
               l->rootfs.magic, l->rootfs.major, l->rootfs.minor,
               l->rootfs.major == 4 ? mtd4_comp_name(l->rootfs.compression) : "", l->rootfs.offset,
               (unsigned long long)l->rootfs.bytes_used, l->rootfs.block_size,
               b->mtd[0].start - base);
    printf("  the kernel mounts 0x%zx: %s; %s\n", kr->offset,
           l->has_rootfs && l->rootfs.offset == kr->offset ? "ok" : "MISPLACED", kr->how);
    if (kr->by == WA_ROOT_GUESS && kr->ar7_offset && kr->ar7_offset != kr->offset)
        printf("  ar7part would look for it at 0x%zx\n", kr->ar7_offset);
    printf("\ntrailer:\n");
    if (!l->trailer.present)
        printf("  none (data checksum would be 0x%08x)\n", l->trailer.computed);
    else
        printf("  at 0x%zx: stored 0x%08x, computed 0x%08x: %s\n", l->trailer.data_len,
               l->trailer.stored, l->trailer.computed,
               l->trailer.stored == l->trailer.computed ? "ok" : "WRONG");
    uint32_t part = board_part_len(b, 4);
    if (b->trailer_at == WA_TRAILER_PARTITION_END)
        printf("  this board's ADAM2 reads it from mtd4's last 8 bytes, at 0x%x: %s\n", part - 8,
               l->trailer.present && l->trailer.data_len + 8 == part
                   ? "there"
                   : "NOT THERE (pad the image: wa-emu chksum --fix --pad-to)");
    else if (b->trailer_at == WA_TRAILER_NONE)
        printf("  this board's ADAM2 does not check it\n");
}

int cmd_inspect(int argc, char **argv)
{
    static const struct option opts[] = {
        {"board", required_argument, 0, 'b'},
        {"json", no_argument, 0, 'j'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    const char *bname = "wa1003a";
    int json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "b:h", opts, NULL)) != -1) {
        switch (c) {
        case 'b': bname = optarg; break;
        case 'j': json = 1; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return WA_EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "wa-emu inspect: expected one image file\n");
        return WA_EXIT_USAGE;
    }
    wa_board b;
    int rc = wa_board_arg(bname, &b, "inspect");
    if (rc) return rc;
    const char *path = argv[optind];
    uint8_t *img;
    size_t len;
    wa_err e = {0};
    if (wa_read_file(path, 256u << 20, &img, &len, &e)) {
        fprintf(stderr, "wa-emu inspect: %s: %s\n", path, e.msg);
        return WA_EXIT_NOINPUT;
    }
    mtd4_layout *l = calloc(1, sizeof *l);
    kprobe_info *k = calloc(1, sizeof *k);
    if (!l || !k) {
        free(l);
        free(k);
        free(img);
        return WA_EXIT_SOFTWARE;
    }
    wa_err probe = {0};
    uint32_t m4 = board_part_off(&b, 4);
    mtd4_split(img, len, board_part_off(&b, 1) - m4, board_part_off(&b, 0) - m4, b.erase_size, l,
               NULL);
    if (l->has_chain && !l->chain_err.code) {
        adam2_seg segs[ADAM2_MAX_RECORDS];
        for (size_t i = 0; i < l->chain.n; i++)
            segs[i] = (adam2_seg){l->chain.rec[i].addr, img + l->chain.rec[i].offset + 8,
                                  l->chain.rec[i].length};
        kprobe_run(segs, l->chain.n, k, &probe);
    }
    wa_kroot kr;
    wa_kernel_root(&b, img, len, m4, img, l, k->banner[0] ? k : NULL, &kr);
    if (json) {
        json_object *o = layout_json(&b, l, k, &kr, &probe);
        puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY));
        json_object_put(o);
    } else {
        layout_text(path, &b, l, &kr, k, &probe);
    }
    free(l);
    free(k);
    free(img);
    return 0;
}
