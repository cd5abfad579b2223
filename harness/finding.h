/* finding.h: what a stage found, and the verdict the worst finding gives.
 * A finding has a stage, a severity, a stable code, a message, evidence (offsets, expected vs
 * found values) and a hint how to fix it. The verdict of a run is its worst severity. */
#ifndef WA_FINDING_H
#define WA_FINDING_H

#include <stddef.h>
#include <stdint.h>

/* Severities double as verdicts; the numbers are the exit codes of DESIGN.md. INCONCLUSIVE is
 * an emulator limit (a wall clock reached, an internal failure), not a property of the image:
 * it outranks PASS and DEGRADED (what was not seen could be worse) but not NO-BOOT or BRICK,
 * which stand whatever the rest would have shown (EX_TEMPFAIL). */
enum wa_verdict { WA_PASS = 0, WA_DEGRADED = 1, WA_NOBOOT = 2, WA_BRICK = 3, WA_INCONCLUSIVE = 75 };
#define WA_INFO (-1)    /* a note that does not change the verdict */
#define WA_WARNING (-2) /* something wrong in the image that the boot does not use: no verdict */

/* Exit codes for what is not a verdict (sysexits). */
enum { WA_EXIT_USAGE = 64, WA_EXIT_NOINPUT = 66, WA_EXIT_SOFTWARE = 70, WA_EXIT_CANTCREAT = 73 };

typedef struct wa_finding {
    char stage[16];      /* flash, adam2, kernel, rootfs, userland, services */
    int severity;        /* WA_INFO or enum wa_verdict */
    char code[40];       /* stable id for scripts: "checksum-mismatch", "image-too-large" */
    char message[256];   /* one line: what is wrong */
    char evidence[2048]; /* offsets and values that show it */
    char hint[256];      /* how to fix it; may be empty */
} wa_finding;

/* What became of a stage: skipped because an earlier stage made it pointless, run, or run
 * with nothing to do. */
enum wa_stage_state { WA_SKIPPED = 0, WA_RAN = 1, WA_NA = 2 };

typedef struct wa_stage_time {
    char stage[16];
    double ms;
    int ran; /* enum wa_stage_state */
} wa_stage_time;

/* The boot's userland as data (stage userland fills it): each process, and what the world saw
 * it do. Times are the run's (virtual with a world) milliseconds. */
typedef struct wa_tl_proc {
    int32_t pid, ppid; /* as the guest saw them */
    char argv[200];    /* its last program's command line */
    uint64_t start_ms, end_ms;
    int end;    /* 0 still running when the run ended, 1 exited, 2 killed by a signal */
    int status; /* the exit status, or the signal */
} wa_tl_proc;
typedef struct wa_tl_event {
    uint64_t ms;
    int32_t pid;
    char kind[16]; /* net, syslog, stderr, quirk, write-failed, exec-failed, stopped, signal */
    int value;
    char text[200];
} wa_tl_event;
/* A file the boot left on the RAM disks (the ramfs on /var, /tmp ...; not /dev's nodes). */
typedef struct wa_tl_file {
    char path[256];
    uint64_t size;
    uint32_t mode; /* st_mode: S_IFREG, S_IFDIR or S_IFLNK and the permission bits */
} wa_tl_file;

/* The flash as the reports draw it (stage flash fills it): the board's partitions, then where
 * the image's parts lie, as offsets from the chip's start. */
typedef struct wa_map_region {
    char kind[12]; /* partition, records, padding, rootfs, trailer, ar7part, image */
    char name[40]; /* "mtd0 rootfs", "loader records", ... */
    uint32_t start, end;
    int bad; /* where the image goes wrong */
    char note[160];
} wa_map_region;
#define WA_MAP_MAX 16

/* A milestone of the kernel's boot (stage boot, --deep): its time since ADAM2's hand-off. */
typedef struct wa_tl_mark {
    char name[24]; /* entry, banner, ... as the AR7 machine names them */
    uint64_t ms;   /* instructions at the board's CPU clock */
    char line[200];
} wa_tl_mark;
#define WA_MARKS_MAX 12

/* How the run was made, for `wa-emu debug --replay` to make it again: the image's bytes (to
 * know it is the same image) and verify's options (wa_verify and cmd_verify fill it). */
typedef struct wa_run_info {
    int set;
    uint64_t image_size;
    uint32_t image_crc32; /* zlib's CRC-32 of the whole file */
    char board[512];      /* --board as given (a name or a profile file); "": the report's */
    char world[512];      /* --world as given; "": the default world */
    char flash[512];      /* --flash as given, or "" */
    int write_mode;       /* enum wa_write_mode */
    int deep, static_only, uclibc_shmctl;
    uint32_t timeout_ms; /* 0: the default */
} wa_run_info;

typedef struct wa_report {
    char image[512]; /* path as given */
    char board[32];
    wa_finding *f;
    size_t n, cap;
    wa_stage_time stages[8];
    size_t nstages;
    char *console;     /* captured console or program output worth showing, or NULL (owned) */
    wa_tl_proc *procs; /* the userland's timeline, or NULL (owned) */
    size_t nprocs;
    wa_tl_event *events;
    size_t nevents;
    uint32_t flash_size; /* the board's chip, for the map */
    wa_map_region map[WA_MAP_MAX];
    size_t nmap;
    wa_tl_mark marks[WA_MARKS_MAX]; /* the kernel's milestones, in order */
    size_t nmarks;
    uint64_t kernel_ms; /* with --deep: when the kernel exec'd init (the userland's clock starts
                           there) */
    wa_tl_mark *klines; /* with --deep: the kernel's console lines and their times (owned) */
    size_t nklines;
    wa_tl_file *files; /* by path, at most LX_NFILES (emu/linux/lx.h) */
    size_t nfiles;
    wa_run_info run;
} wa_report;

void wa_report_init(wa_report *r, const char *image, const char *board);
void wa_report_free(wa_report *r);

/* Add a finding. evidence and hint may be NULL. Returns the finding (NULL when out of memory:
 * the report then keeps a single "out of memory" finding at the worst severity seen). */
wa_finding *wa_add(wa_report *r, const char *stage, int severity, const char *code,
                   const char *evidence, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* The worse of two severities (INFO < PASS < DEGRADED < INCONCLUSIVE < NO-BOOT < BRICK). */
int wa_worse(int a, int b);
/* Worst severity among the findings: the verdict (WA_PASS when there are none). */
int wa_verdict_of(const wa_report *r);
/* "PASS", "DEGRADED", "NO-BOOT", "BRICK", "INCONCLUSIVE", "INFO" */
const char *wa_verdict_name(int v);

/* Record how long a stage took and what became of it (enum wa_stage_state). */
void wa_report_stage(wa_report *r, const char *stage, double ms, int ran);

/* Add a region to the report's flash map (dropped when the map is full or it is empty). */
void wa_map_add(wa_report *r, const char *kind, uint32_t start, uint32_t end, int bad,
                const char *name, const char *note);

#endif
