/* backup.h: the owner's flash backup, as the simulated chip starts before fw.bin is written.
 * A backup is one whole-flash dump (exactly the board's flash size) or a directory of
 * partition dumps named mtd0 .. mtd4, as `cat /dev/mtdblock/N > mtdN` makes them on the box.
 * The partitions overlap (mtd4 holds mtd1 and mtd0), so the same flash byte may be in two
 * dumps: they are compared and every disagreement is kept with its flash offsets. A dump
 * shorter than its partition (an I/O error cut it) is used as far as it goes; a byte no dump
 * holds reads as erased (0xFF). Nothing here is a verdict: what the backup says is kept as
 * notes the flash stage reports. */
#ifndef WA_BACKUP_H
#define WA_BACKUP_H

#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "error.h"

enum wa_backup_note_kind {
    WA_BK_SHORT,   /* a dump ends before its partition does */
    WA_BK_DIFFER,  /* two dumps hold different bytes for the same flash */
    WA_BK_MISSING, /* a partition no dump covers (mtd2: the stand-in bootloader is used) */
};

#define WA_BACKUP_NOTES 16

typedef struct wa_backup_note {
    int kind;          /* enum wa_backup_note_kind */
    int part, other;   /* the partition; for WA_BK_DIFFER the one it disagrees with */
    uint32_t off, end; /* flash offsets: where the dump stops and the partition's end, or
                          the first differing byte and one past the last */
    uint32_t count;    /* WA_BK_DIFFER: bytes that differ */
    char text[400];    /* the note in words, offsets included */
} wa_backup_note;

typedef struct wa_backup {
    char path[512];
    int whole;         /* one whole-flash dump */
    uint32_t size;     /* the board's flash size */
    uint8_t *mem;      /* the flash as the backup has it; 0xFF where no dump says */
    uint32_t got[5];   /* bytes of each partition its own dump held (whole: all of it) */
    uint32_t known[5]; /* bytes of each partition some dump held */
    wa_backup_note note[WA_BACKUP_NOTES];
    size_t nnote, nnote_lost; /* notes kept, and those that did not fit */
} wa_backup;

/* A whole-flash dump of len bytes: it must be the board's flash size. */
int wa_backup_whole(const wa_board *b, const uint8_t *data, size_t len, const char *path,
                    wa_backup *out, wa_err *e);

/* Partition dumps: part[i] of len[i] bytes, or NULL when there is no mtdI file. A dump longer
 * than its partition is refused (it is not this board's); mtd3 is needed (ADAM2 boots from
 * the environment in it, so a backup without it says nothing about the box). */
int wa_backup_parts(const wa_board *b, const uint8_t *const part[5], const size_t len[5],
                    const char *path, wa_backup *out, wa_err *e);

/* path: a whole-flash dump file, or a directory holding mtd0 .. mtd4. Errors name the file. */
int wa_backup_load(const char *path, const wa_board *b, wa_backup *out, wa_err *e);

void wa_backup_free(wa_backup *k);

#endif
