/* report.h: a verify run's findings as text for people (colour on a terminal unless NO_COLOR
 * is set), as JSON for scripts (schema: harness/report.schema.json) and as JUnit XML for CI
 * systems (one testcase per stage). */
#ifndef WA_REPORT_H
#define WA_REPORT_H

#include <stdio.h>

#include "finding.h"

void wa_report_text(const wa_report *r, FILE *out, int colour);

/* The JSON and JUnit documents as malloc'd strings (NULL when out of memory). */
char *wa_report_json(const wa_report *r);
char *wa_report_junit(const wa_report *r);

/* True when colour should be used on this stream: a terminal, and NO_COLOR unset. */
int wa_want_colour(FILE *out);

#endif
