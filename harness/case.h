/* case.h: case files, what an image must do written down (the format: cases/README.md).
 * A case says which image (a file, or a kernel and a root to pack), the board, the world, and
 * the expectations (verdict, findings, services running, requests the world received, syslog
 * and console lines, files on the RAM disks), each kept with its line so that an unmet one
 * is reported as `file:line: expected ..., saw ...`. */
#ifndef WA_CASE_H
#define WA_CASE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "finding.h"

enum wa_expect_kind {
    WA_X_VERDICT,    /* expect.verdict = PASS */
    WA_X_FINDING,    /* expect.finding = CODE [WORDS] */
    WA_X_NO_FINDING, /* expect.no-finding = CODE */
    WA_X_RUNNING,    /* expect.running = PROGRAM [after TIME] */
    WA_X_REQUEST,    /* expect.request = HOST/PATH [FIELD=VALUE ...] */
    WA_X_SYSLOG,     /* expect.syslog = WORDS */
    WA_X_CONSOLE,    /* expect.console = WORDS */
    WA_X_FILE,       /* expect.file = PATH */
};

typedef struct wa_expect {
    int kind;       /* enum wa_expect_kind */
    unsigned line;  /* in the case file */
    int verdict;    /* WA_X_VERDICT */
    char arg[128];  /* the code, the program, HOST/PATH or the file's path */
    char text[256]; /* the words to find (finding, syslog, console) or FIELD=VALUE pairs */
    uint64_t at_ms; /* WA_X_RUNNING: the virtual time; UINT64_MAX: when the run ended */
} wa_expect;

typedef struct wa_case {
    char path[512]; /* the case file as given */
    char name[128]; /* its name without the directory and .case */
    char about[256];
    /* the image: a file, or parts wa-emu packs (kernel + rootfs, and var's contents as
     * /etc/var.tar); paths are resolved against the case file's directory */
    char image[512], kernel[512], rootfs[512], var[512];
    char needs[512]; /* a file the case needs (a fixture): without it the case is not run */
    char board[512]; /* a built-in name or a profile's path; default wa1003a */
    char world[512]; /* "default" or a world file's path */
    char flash[512]; /* the owner's backup the flash starts as (verify --flash), or "" */
    int write_mode;  /* verify --write: enum wa_write_mode; -1: verify's default */
    int deep, static_only, uclibc_shmctl;
    uint32_t timeout_ms; /* 0: verify's default */
    wa_expect *x;
    size_t nx;
} wa_case;

/* Read a case file's text. path names it in errors and is where relative paths start from.
 * Errors (e->msg) start with "line N: " and e->offset is the line's byte offset. */
int wa_case_parse(wa_case *c, const char *path, const char *text, size_t len, wa_err *e);
void wa_case_free(wa_case *c);

/* Check a run's report against the case: 0 when every expectation holds; otherwise 1, and
 * why holds "FILE:LINE: expected ..., saw ..." for the first that does not. */
int wa_case_check(const wa_case *c, const wa_report *r, char *why, size_t cap);

/* "PASS" ... "INCONCLUSIVE" -> enum wa_verdict; -1 for anything else. */
int wa_verdict_parse(const char *s);

#endif
