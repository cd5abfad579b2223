/* suite.c: a case suite's JUnit and JSON documents (suite.h). In JUnit a case is a testcase:
 * a failure when an expectation was not met (the message says which, the text lists the
 * run's findings), an error when the case could not be judged (its image could not be read,
 * or the run met an emulator limit). */
#include "suite.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "sbuf.h"

char *wa_suite_junit(const wa_case_result *r, size_t n, double seconds)
{
    struct sbuf b = {0};
    size_t failures = 0, errors = 0, skipped = 0;
    for (size_t i = 0; i < n; i++) {
        failures += r[i].status == WA_CASE_FAILED;
        errors += r[i].status == WA_CASE_ERROR;
        skipped += r[i].status == WA_CASE_SKIPPED;
    }
    sb_str(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    sb_fmt(&b,
           "  <testsuite name=\"wa-emu cases\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
           "skipped=\"%zu\" time=\"%.3f\">\n",
           n, failures, errors, skipped, seconds);
    for (size_t i = 0; i < n; i++) {
        const wa_case_result *c = &r[i];
        sb_str(&b, "    <testcase classname=\"wa-emu.cases\" name=\"");
        sb_xml(&b, c->name);
        sb_str(&b, "\" file=\"");
        sb_xml(&b, c->file);
        sb_fmt(&b, "\" time=\"%.3f\">", c->seconds);
        if (c->status == WA_CASE_SKIPPED) {
            sb_str(&b, "<skipped message=\"");
            sb_xml(&b, c->why);
            sb_str(&b, "\"/>");
        } else if (c->status != WA_CASE_PASSED) {
            const char *el = c->status == WA_CASE_FAILED ? "failure" : "error";
            sb_fmt(&b, "\n      <%s type=\"", el);
            sb_xml(&b, c->verdict[0] ? c->verdict : "not-run");
            sb_str(&b, "\" message=\"");
            sb_xml(&b, c->why);
            sb_str(&b, "\">");
            sb_xml(&b, c->why);
            sb_str(&b, "\n");
            if (c->findings[0]) {
                sb_str(&b, "findings:\n");
                sb_xml(&b, c->findings);
            }
            sb_fmt(&b, "</%s>\n    ", el);
        }
        if (c->about[0] || c->image[0]) {
            sb_str(&b, "<system-out>");
            sb_xml(&b, c->about);
            sb_str(&b, "\nimage: ");
            sb_xml(&b, c->image);
            sb_str(&b, "</system-out>");
        }
        sb_str(&b, "</testcase>\n");
    }
    sb_str(&b, "  </testsuite>\n</testsuites>\n");
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

char *wa_suite_json(const wa_case_result *r, size_t n, double seconds)
{
    static const char *const status[] = {"passed", "failed", "error", "skipped"};
    json_object *root = json_object_new_object(), *cs = json_object_new_array();
    size_t count[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        const wa_case_result *c = &r[i];
        json_object *o = json_object_new_object();
        count[c->status]++;
        json_object_object_add(o, "name", json_object_new_string(c->name));
        json_object_object_add(o, "file", json_object_new_string(c->file));
        json_object_object_add(o, "about", json_object_new_string(c->about));
        json_object_object_add(o, "image", json_object_new_string(c->image));
        json_object_object_add(o, "status", json_object_new_string(status[c->status]));
        if (c->status != WA_CASE_PASSED)
            json_object_object_add(o, "why", json_object_new_string(c->why));
        json_object_object_add(o, "exit_code", json_object_new_int(c->exit_code));
        if (c->verdict[0]) json_object_object_add(o, "verdict", json_object_new_string(c->verdict));
        json_object_object_add(o, "seconds", json_object_new_double(c->seconds));
        json_object *rep = c->report ? json_tokener_parse(c->report) : NULL;
        if (rep) json_object_object_add(o, "report", rep);
        json_object_array_add(cs, o);
    }
    json_object_object_add(root, "cases", cs);
    for (int s = 0; s < 4; s++)
        json_object_object_add(root, status[s], json_object_new_int64((int64_t)count[s]));
    json_object_object_add(root, "seconds", json_object_new_double(seconds));
    const char *txt = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
                                                               JSON_C_TO_STRING_NOSLASHESCAPE);
    char *copy = txt ? strdup(txt) : NULL;
    json_object_put(root);
    return copy;
}

char *wa_suite_html(const wa_case_result *r, size_t n, double seconds)
{
    static const char *const status[] = {"passed", "FAILED", "not judged", "not run"};
    struct sbuf b = {0};
    size_t count[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < n; i++)
        count[r[i].status]++;
    sb_fmt(&b,
           "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<title>wa-emu cases: %zu passed, %zu failed</title>\n<style>body{font:14px/1.4 "
           "sans-serif;margin:1.5em auto;max-width:62em}table{border-collapse:collapse;"
           "width:100%%}td,th{border:1px solid #bbb;padding:.2em .4em;text-align:left;"
           "vertical-align:top}.s1,.s2{color:#b00;font-weight:bold}</style>\n</head>\n<body>\n"
           "<h1>wa-emu cases: %zu passed, %zu failed</h1>\n<p>%zu cases in %.1f s",
           count[0], count[1], count[0], count[1], n, seconds);
    if (count[2]) sb_fmt(&b, ", %zu not judged", count[2]);
    if (count[3]) sb_fmt(&b, ", %zu not run", count[3]);
    sb_str(&b, ".</p>\n<table>\n<tr><th>case</th><th>result</th><th>verdict</th><th>about"
               "</th></tr>\n");
    for (size_t i = 0; i < n; i++) {
        const wa_case_result *c = &r[i];
        sb_str(&b, "<tr><td>");
        if (c->verdict[0]) { /* it ran: its page is there */
            sb_str(&b, "<a href=\"");
            sb_xml(&b, c->name);
            sb_str(&b, ".html\">");
        }
        sb_xml(&b, c->name);
        sb_fmt(&b, "%s</td><td class=\"s%d\">%s", c->verdict[0] ? "</a>" : "", c->status,
               status[c->status]);
        if (c->status != WA_CASE_PASSED) {
            sb_str(&b, "<br><small>");
            sb_xml(&b, c->why);
            sb_str(&b, "</small>");
        }
        sb_str(&b, "</td><td>");
        sb_xml(&b, c->verdict[0] ? c->verdict : "-");
        sb_str(&b, "</td><td>");
        sb_xml(&b, c->about);
        sb_str(&b, "</td></tr>\n");
    }
    sb_str(&b, "</table>\n</body>\n</html>\n");
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}
