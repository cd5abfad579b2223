/* report.h: a verify run's findings as text for people (colour on a terminal unless NO_COLOR
 * is set), as JSON for scripts (schema: harness/report.schema.json), as JUnit XML for CI
 * systems (one testcase per stage) and as one HTML page with the flash map and the boot
 * timeline drawn (report_html.c). */
#ifndef WA_REPORT_H
#define WA_REPORT_H

#include <stdio.h>

#include "finding.h"

void wa_report_text(const wa_report *r, FILE *out, int colour);

/* The JSON and JUnit documents as malloc'd strings (NULL when out of memory). */
char *wa_report_json(const wa_report *r);
char *wa_report_junit(const wa_report *r);
char *wa_report_html(const wa_report *r);

/* The document writers, for the commands' --json/--junit/--html options. */
typedef struct wa_report_writer {
    const char *name; /* "JSON", "JUnit", "HTML" */
    char *(*fn)(const wa_report *r);
} wa_report_writer;
extern const wa_report_writer wa_report_writers[3];
enum { WA_DOC_JSON, WA_DOC_JUNIT, WA_DOC_HTML };

/* True when colour should be used on this stream: a terminal, and NO_COLOR unset. */
int wa_want_colour(FILE *out);

#endif
