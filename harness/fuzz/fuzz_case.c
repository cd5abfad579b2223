/* fuzz_case.c: a case file of any bytes (users write them; a pipeline may generate them): it
 * is read or refused with a line number, and a case read checks against a report without
 * reading past anything, its failure naming the file and a line of it. */
#include <stdlib.h>
#include <string.h>

#include "case.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wa_case c;
    wa_err e = {0};
    if (wa_case_parse(&c, "fuzz.case", (const char *)data, size, &e)) {
        if (strncmp(e.msg, "line ", 5) || !memchr(e.msg, 0, sizeof e.msg)) abort();
        return 0;
    }
    if (!c.nx) abort(); /* a case read has its verdict at least */
    wa_report r;
    wa_report_init(&r, "fuzz.bin", "fuzz");
    wa_add(&r, "services", WA_DEGRADED, "noip2-dns-failed", "udp 192.0.2.53:53", NULL,
           "noip2 failed %d times", 3);
    wa_tl_proc procs[2] = {{.pid = 1, .argv = "/sbin/init"},
                           {.pid = 7,
                            .ppid = 1,
                            .argv = "/usr/sbin/noip2 -M",
                            .start_ms = 5,
                            .end = 1,
                            .end_ms = 90000}};
    wa_tl_event evs[2] = {{.ms = 6,
                           .pid = 7,
                           .kind = "net",
                           .text = "http: GET dynupdate.no-ip.com/ducupdate.php ip=1.2.3.4 -> 1"},
                          {.ms = 7, .pid = 7, .kind = "syslog", .text = "box set to 1.2.3.4"}};
    wa_tl_file files[1] = {{.path = "/var/noip/noip.conf", .size = 128, .mode = 0100644}};
    r.procs = procs, r.nprocs = 2, r.events = evs, r.nevents = 2, r.files = files, r.nfiles = 1;
    char why[2048];
    if (wa_case_check(&c, &r, why, sizeof why) && strncmp(why, "fuzz.case:", 10)) abort();
    r.procs = NULL, r.events = NULL, r.files = NULL;
    wa_report_free(&r);
    wa_case_free(&c);
    return 0;
}
