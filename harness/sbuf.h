/* sbuf.h: a growing string for the XML writers (report.c): appends that cannot fail one by
 * one (an allocation failure sets oom, and the writer returns NULL at the end), and XML
 * escaping. */
#ifndef WA_SBUF_H
#define WA_SBUF_H

#include <stddef.h>

struct sbuf {
    char *p;
    size_t n, cap;
    int oom;
};

void sb_put(struct sbuf *b, const char *s, size_t n);
void sb_str(struct sbuf *b, const char *s);
/* XML text or attribute value: escape markup, drop bytes XML 1.0 forbids. */
void sb_xml(struct sbuf *b, const char *s);
void sb_fmt(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
