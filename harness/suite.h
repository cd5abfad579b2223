/* suite.h: the results of a case suite (`wa-emu cases run`), one per case, and the suite's
 * JUnit document (one testcase per case) and JSON document (report.c writes both). */
#ifndef WA_SUITE_H
#define WA_SUITE_H

#include <stddef.h>

/* SKIPPED: the file the case needs (its `needs`) is not there; the reason says which */
enum { WA_CASE_PASSED, WA_CASE_FAILED, WA_CASE_ERROR, WA_CASE_SKIPPED };

typedef struct wa_case_result {
    char name[128], file[512], about[256], image[512];
    int status;          /* WA_CASE_*: ERROR when the case could not be run, or inconclusive */
    int exit_code;       /* what verify exits with for this image, or the error's exit code */
    char verdict[16];    /* "PASS" ..., or "" when it did not run */
    char why[2048];      /* the first unmet expectation, or the error */
    char findings[4096]; /* the run's findings, one a line: "SEVERITY code: message" */
    double seconds;
    char *report; /* the run's JSON report (owned), or NULL */
} wa_case_result;

/* Malloc'd documents, NULL when out of memory. seconds: the suite's wall time. */
char *wa_suite_junit(const wa_case_result *r, size_t n, double seconds);
char *wa_suite_json(const wa_case_result *r, size_t n, double seconds);
/* The index of the cases' HTML pages (NAME.html beside it). */
char *wa_suite_html(const wa_case_result *r, size_t n, double seconds);

#endif
