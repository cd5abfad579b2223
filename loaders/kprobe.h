/* kprobe.h: static probes of a kernel image, without running it: the "Linux version" banner,
 * the SquashFS version and compressions it can mount, and its built-in command line. A
 * compressed kernel (the kernel's own LZMA or gzip self-extractor, or AVM's EVA record that
 * its bootloader unpacks: eva.h) is decompressed natively first, with an output limit. The
 * input is the kernel as pieces at load addresses: the PT_LOAD segments of an ELF, or the
 * records of an ADAM2 chain. */
#ifndef WA_KPROBE_H
#define WA_KPROBE_H

#include <stddef.h>
#include <stdint.h>

#include "adam2rec.h"
#include "error.h"
#include "eva.h"
#include "ti7z.h"

#define KPROBE_MAX_OUT (64u << 20) /* decompressed kernel size limit */

/* How the kernel finds its partitions, so where it mounts its root (harness/kernel_root.h). */
enum kprobe_parser {
    KPROBE_PARTS_UNKNOWN = 0,
    KPROBE_PARTS_ENV,     /* TI's flash map driver: mtd0..mtd5 from the ADAM2 environment */
    KPROBE_PARTS_AR7PART, /* Linux's ar7part parser (loaders/ar7part.h) */
};

typedef struct kprobe_info {
    char banner[256];  /* "Linux version ..." up to the newline; "" when absent */
    unsigned sq_major; /* SquashFS version the kernel announces; 0 = no SquashFS */
    unsigned sq_minor;
    int sq_comp_known;     /* 1 when the compressor table was found */
    uint32_t sq_comp_mask; /* bit (1 << id) per 4.0 compression id it decompresses */
    /* SquashFS 1.x/2.x drivers (Linux 2.4): "Major/Minor mismatch, ... I support (1 : x) or
     * (2 : <= %d)" says which versions mount; its %d is read from the printk's argument */
    int sq_any_1x;         /* also mounts major 1, any minor */
    int sq_minor_le;       /* sq_minor is the highest minor of sq_major it mounts */
    char sq_refusal[160];  /* the driver's words for a version it refuses (a printf format
                              with the filesystem's major and minor), "" when unknown */
    char parts[64];        /* how it finds its partitions: "ADAM2 environment mtd0..mtd5"
                              (TI's flash map driver), "ar7part" (Linux's parser), "" */
    int parser;            /* the same as a value: enum kprobe_parser */
    char root_dev[32];     /* a root device it names as a string of its own ("/dev/mtdblock/0",
                              the TI SDK's forced root), "" when none */
    char cmdline[512];     /* built-in command line (CONFIG_CMDLINE), "" when not found */
    int devfs;             /* mounts devfs on /dev before init: "Mounted devfs on /dev"
                              (init/do_mounts.c, Linux 2.4 with CONFIG_DEVFS_MOUNT) */
    char payload[8];       /* "lzma", "gzip", "eva" (AVM's record), "ti7z" (TI's loader's
                              blob) or "none": how the kernel proper was stored */
    size_t payload_seg;    /* the segment that held it */
    size_t payload_offset; /* in that segment */
    eva_kernel eva;        /* payload "eva": its header */
    ti7z_blob ti7z;        /* payload "ti7z": its header */
    size_t image_len;      /* bytes of the kernel proper that were searched */
    uint32_t image_base;   /* its load address, when known (0 = unknown) */
} kprobe_info;

/* Probe the kernel made of these segments. Fails when there is nothing to probe, when memory
 * runs out, or when a segment is an EVA record (it starts with EVA's type word) that cannot be
 * unpacked, or a TI 7z blob that cannot: then payload is "eva" or "ti7z", payload_seg names
 * the segment and e->offset is in it.
 * What is not found is left empty in *out. */
int kprobe_run(const adam2_seg *segs, size_t n, kprobe_info *out, wa_err *e);

/* "gzip lzo xz" for a mask, into buf. */
void kprobe_comp_list(uint32_t mask, char *buf, size_t cap);

#endif
